"""Two Moticon OpenGo exports of one insole model and size compare as the same insoles: each file's sensor
areas are fitted from its own total force (monitor.importers.moticon.areas_mm2), so their layouts differ in
the areas alone, which says nothing of the insoles; their peaks and PTI are judged, not merely reported
(monitor.analysis.compare_facts.same_insole, docs/compare.md). They used to be "different insoles". Insoles
that truly differ still are: another size, or another kind (a Solewatch and an ORPHE ride). The data:
../shared/data/moticon_opengo (Apache-2.0, moticon-rego/moticon-opengo tests/testdata)."""

from __future__ import annotations

import pytest
from vendor_rides import record_ride

import monitor
from monitor.analysis.batch import analyze
from monitor.analysis.compare import compare
from monitor.session.offline import offline_session
from monitor.util.shared_data import shared_data_dir

MOTICON = shared_data_dir() / "moticon_opengo"
DIFFERENT = "different insoles"


def _compared(before, after):
    """(the caveats naming different insoles, the changes left unjudged for different insoles)."""
    cmp = compare(analyze(before), analyze(after), before, after)
    return ([c for c in cmp.caveats if DIFFERENT in c],
            [(c.foot, c.metric, c.region) for c in cmp.changes if DIFFERENT in (c.note or "")])


@pytest.fixture(scope="module")
def opengo(tmp_path_factory):
    """Imports of the size-7 export, of the size-3 one, and of the size-3 one said to be size 7 (its header's
    ``Size``), whose areas, fitted from its own force, are not the first's."""
    if not MOTICON.is_dir():
        pytest.skip(f"{MOTICON} is not here")
    tmp = tmp_path_factory.mktemp("opengo")
    text = (MOTICON / "walk_data_with_events.txt").read_text(encoding="utf-8")
    assert "# Size: 3\n" in text
    (tmp / "walk7.txt").write_text(text.replace("# Size: 3\n", "# Size: 7\n"), encoding="utf-8")
    size7 = monitor.import_session("moticon", MOTICON / "230927_102114.txt", tmp / "size7")
    also7 = monitor.import_session("moticon", tmp / "walk7.txt", tmp / "also7")
    size3 = monitor.import_session("moticon", MOTICON / "walk_data_with_events.txt", tmp / "size3")
    return size7, also7, size3


def test_two_exports_of_one_insole_model_compare_as_the_same_insoles(opengo):
    size7, also7, _ = opengo
    assert list(size7.info.layouts["left"].area_mm2) != list(also7.info.layouts["left"].area_mm2)  # fitted apart
    # had: "Caveat: different insoles on both feet (the sensor layouts differ)", peaks and PTI not judged
    assert _compared(size7, also7) == ([], [])


def test_exports_of_two_sizes_still_compare_as_different_insoles(opengo):
    size7, _, size3 = opengo
    caveats, unjudged = _compared(size7, size3)
    assert caveats == ["Caveat: different insoles on both feet (the sensor layouts differ): their peak pressures "
                       "and pressure-time integrals are reported, not judged."]
    assert ("left", "peak_kpa", "mth1") in unjudged


def test_two_sizes_whose_areas_were_not_fitted_still_compare_as_different_insoles(opengo):
    """The size-3 export's areas cannot be fitted: it gets the size-7 table's, as any other such export would."""
    _, also7, size3 = opengo
    assert list(also7.info.layouts["left"].area_mm2) == list(size3.info.layouts["left"].area_mm2)
    # had: no caveat, the layouts being alike, though the header says two sizes
    assert _compared(also7, size3)[0] == ["Caveat: different insoles on both feet (the insole models differ): "
                                          "their peak pressures and pressure-time integrals are reported, not "
                                          "judged."]


def test_a_solewatch_and_an_orphe_ride_still_compare_as_different_insoles(tmp_path):
    solewatch = offline_session("healthy-ride", duration_s=20.0, seed=4)
    orphe = monitor.load_session(record_ride("orphe", "healthy-ride", tmp_path, seed=4, duration_s=20.0))
    caveats, _ = _compared(solewatch, orphe)  # (their peaks here differ too little for a verdict to withhold)
    assert caveats == ["Caveat: different insoles on both feet (the sensor layouts differ): their peak pressures "
                       "and pressure-time integrals are reported, not judged."]


def test_two_exports_that_say_no_size_compare_as_different_insoles(tmp_path):
    """An export without a ``# Size`` line names no one insole model ("OpenGo insole", every size's): two such
    of different sizes are not known to be the same insoles (docs/compare.md)."""
    if not MOTICON.is_dir():
        pytest.skip(f"{MOTICON} is not here")
    sessions = []
    for name in ("230927_102114.txt", "walk_data_with_events.txt"):
        lines = (MOTICON / name).read_text(encoding="utf-8").splitlines(keepends=True)
        assert any(line.startswith("# Size: ") for line in lines)
        (tmp_path / name).write_text("".join(x for x in lines if not x.startswith("# Size: ")), encoding="utf-8")
        sessions.append(monitor.import_session("moticon", tmp_path / name, tmp_path / name.split(".")[0]))
    assert sessions[0].info.devices["left"].model == sessions[1].info.devices["left"].model == "OpenGo insole"
    # had: no caveat, "right peak pressure MTH1 rose ... : worse", the two taken for one model
    assert _compared(*sessions)[0] == ["Caveat: different insoles on both feet (the sensor layouts differ): their "
                                       "peak pressures and pressure-time integrals are reported, not judged."]


def test_an_export_through_csv_still_compares_as_the_same_insoles(opengo, tmp_path):
    """The CSV export's layout JSON carries each foot's device (its maker and model, the size in it), and the
    session imported back keeps it: its areas, fitted from the first file's force, are still all that differs."""
    size7, also7, _ = opengo
    csv = monitor.export_frames(size7, tmp_path / "ex" / "frames.csv")
    again = monitor.import_session("csv", csv, tmp_path / "again", layout=tmp_path / "ex" / "frames.layout.json")
    assert again.info.devices == size7.info.devices
    # had: "Caveat: different insoles on both feet (the sensor layouts differ)": the devices were not exported
    assert _compared(again, also7) == ([], [])
