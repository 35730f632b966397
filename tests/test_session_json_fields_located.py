"""A session.json field that is wrong is one line naming the file and the field's line, whatever the check that
finds it: ``duration_s: -90`` was said without a line (a NaN in the same file had one), as were a start_utc
that is no time, a speed that is no number, an empty ``layouts``. A key a layout does not have is refused as
a top-level one is (``layouts.left.rate_hz`` was read without a word, as if absent), and a ``kpa_per_count``
far above any insole's (25 where 0.25 is shipped) is refused, not left for replay to scale the raw log's counts
a hundred times above the frames table's kPa."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_malformed_files import SAMPLES, edit_json, fails_untouched, session_copy

from monitor.cli.main import main
from monitor.codebook import LayoutError, SensorLayout
from monitor.session.directory import read_info


def _line_of(text: str, key: str, indent: int) -> int:
    """The line (1 = the first) where ``"key":`` is written at ``indent`` spaces (json.dumps, indent=2)."""
    (line,) = [n for n, t in enumerate(text.splitlines(), 1) if t.startswith(" " * indent + f'"{key}":')][:1]
    return line


@pytest.mark.parametrize("edit, key, indent, said", [
    (lambda d: d.update(duration_s=-90), "duration_s", 2, "field duration_s -90 is not a finite number of seconds"),
    (lambda d: d.update(speed=-3), "speed", 2, "field speed -3 is not a factor above 0 and up to 1000"),
    (lambda d: d.update(start_utc="yesterday"), "start_utc", 2, "field start_utc 'yesterday' is not an ISO 8601"),
    (lambda d: d.update(speed="fast"), "speed", 2, "field speed is a string, expected a number"),
    (lambda d: d.update(layouts={}), "layouts", 2, "field layouts: a session needs the layout of at least one foot"),
    (lambda d: d.update(bogus=1), "bogus", 2, "unknown field(s) bogus"),
    (lambda d: d["layouts"]["left"].update(rate_hz=-100), "rate_hz", 6,
     "field layouts.left.rate_hz: unknown field (did you mean rates_hz or current_rate_hz?)"),
    (lambda d: d["layouts"]["right"].update(kpa_per_count=25), "kpa_per_count", 6,
     "field layouts.right: kpa_per_count 25 must be at most 10"),
    (lambda d: d["stats"]["counters"]["left"].update(packets_lost=-1), "packets_lost", 8,
     "field stats.counters.left.packets_lost is -1"),
], ids=["duration", "speed-range", "start", "speed-type", "no-layouts", "unknown", "layout-unknown",
        "kpa-per-count", "counter"])
def test_a_wrong_field_is_said_with_its_line(tmp_path, capsys, edit, key, indent, said):
    s = session_copy(tmp_path)
    edit_json(s / "session.json", edit)
    text = (s / "session.json").read_text()
    if key == "kpa_per_count":  # the right foot's, after the left foot's
        line = [n for n, t in enumerate(text.splitlines(), 1) if t.startswith(' ' * indent + f'"{key}":')][1]
    elif key == "packets_lost":
        line = [n for n, t in enumerate(text.splitlines(), 1) if t.startswith(' ' * indent + f'"{key}":')][0]
    else:
        line = _line_of(text, key, indent)
    for command in ("analyze", "replay", "report"):  # every command reads it the same way
        out = fails_untouched(capsys, s, command, s)
        assert f"{s / 'session.json'}: line {line}: {said}" in out, out


def test_a_duration_inside_the_ground_truth_is_not_the_line_named(tmp_path, capsys):
    s = session_copy(tmp_path)
    edit_json(s / "session.json", lambda d: d.update(duration_s=-90))
    text = (s / "session.json").read_text()
    assert '"duration_s"' in json.dumps(json.loads(text)["ground_truth"])  # a key of the same name, earlier
    out = fails_untouched(capsys, s, "analyze", s)
    assert f"line {_line_of(text, 'duration_s', 2)}: " in out, out


def test_every_sample_and_every_layout_key_written_still_loads():
    """The keys a layout may hold are the ones SensorLayout.to_dict has written (the set has only grown):
    a vendor insole's and an uncalibrated import's load, and so does every committed sample."""
    from monitor.codebook import MOST_KPA_PER_COUNT
    for sample in sorted(SAMPLES.iterdir()):
        if (sample / "session.json").exists():
            read_info(sample)
    layout = SensorLayout("left", x=[0.0], y=[0.5], area_mm2=[100.0], regions=["hallux"], insole="orphe",
                          calibrated=False, kpa_per_count=MOST_KPA_PER_COUNT)
    from monitor.session.info_fields import Located, _layout

    assert _layout(Located("session.json", None), "left", layout.to_dict()) == layout


def test_a_layout_step_that_is_no_number_above_0_is_refused_where_layouts_are_made():
    kw = {"side": "left", "x": [0.0], "y": [0.5], "area_mm2": [100.0], "regions": ["hallux"]}
    assert SensorLayout(**kw, kpa_per_count=2.5).kpa_per_count == 2.5  # the Moticon exports' step
    assert SensorLayout(**kw, kpa_per_count=20.0).kpa_per_count == 20.0  # an import's coarse step: its frames
    for bad in (0.0, -0.25, float("nan"), np.inf):
        with pytest.raises(LayoutError, match="kpa_per_count"):
            SensorLayout(**kw, kpa_per_count=bad)


def test_an_imported_session_with_a_coarse_step_stays_readable(tmp_path):
    """An import's kpa_per_count is its file's resolution, its frames already kPa and no raw log to rescale:
    an import of a 20-kPa-step file, which earlier versions took, still opens; a recording's is refused."""
    import shutil

    from monitor.errors import SessionFormatError

    session = tmp_path / "imp"
    shutil.copytree(SAMPLES / "moticon-walk", session)
    d = json.loads((session / "session.json").read_text())
    assert d.get("imported_from")
    d["layouts"]["left"]["kpa_per_count"] = 20.0
    (session / "session.json").write_text(json.dumps(d, indent=2))
    assert read_info(session).layouts["left"].kpa_per_count == 20.0
    recorded = tmp_path / "rec"
    shutil.copytree(SAMPLES / "sim-healthy-ride", recorded)
    d = json.loads((recorded / "session.json").read_text())
    d["layouts"]["left"]["kpa_per_count"] = 20.0
    (recorded / "session.json").write_text(json.dumps(d, indent=2))
    with pytest.raises(SessionFormatError, match="kpa_per_count 20 must be at most 10"):
        read_info(recorded)


def test_a_session_read_in_python_without_its_text_names_the_field():
    from monitor.errors import SessionFormatError
    from monitor.session.info import SessionInfo

    d = json.loads((SAMPLES / "sim-healthy-ride" / "session.json").read_text())
    d["duration_s"] = -90
    with pytest.raises(SessionFormatError, match=r"^where\.json: field duration_s -90 is not a finite"):
        SessionInfo.from_dict(d, where="where.json")
    assert main(["analyze", str(SAMPLES / "sim-healthy-ride")]) == 0


def test_an_insole_whose_layout_says_a_step_above_any_insole_is_refused_on_connecting():
    from dataclasses import replace

    from firmware_sim.firmware import encode_layout
    from firmware_sim.layout import InsoleSpec
    from monitor.errors import ProtocolError
    from monitor.link.protocol import decode_layout

    spec = InsoleSpec("left")
    assert decode_layout(encode_layout(replace(spec, kpa_per_count_milli=10_000))).kpa_per_count == 10.0
    with pytest.raises(ProtocolError, match="layout scale 25 kPa per count above 10"):
        decode_layout(encode_layout(replace(spec, kpa_per_count_milli=25_000)))
