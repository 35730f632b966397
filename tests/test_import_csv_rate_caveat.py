"""A layout's ``rate_hz`` off the rate its rows step at by more than RATE_NOTED (1 %) but within
RATE_TOLERANCE (5 %) is kept, and a caveat says the rate the rows step at: 62 Hz given for rows at 60 Hz,
3 % off, was stored as if true, without a word. The rate is measured from the rows' span, time jumps left
out, so times written to the millisecond (1/60 s as 0.017 and 0.016) read as their rate, in the caveat as
in the check against RATE_TOLERANCE."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from monitor.cli.main import main
from monitor.session.directory import load_session


def _import(tmp_path: Path, rows_hz: float, rate_hz: int, decimals: int = 3, span_s: float = 20.0,
            jump_s: float = 2.0) -> tuple[int, Path]:
    """Import ``span_s`` of one left sensor whose rows step at ``rows_hz``, times to ``decimals`` (3: the
    millisecond), with a ``jump_s`` jump at 10 s, under a layout of ``rate_hz``; (exit code, output
    directory)."""
    k = np.arange(round(span_s * rows_hz))
    t_s = k / rows_hz
    t_s = np.round(np.where(t_s >= 10.0, t_s + jump_s, t_s), decimals)
    rows = "".join(f"{t:.{decimals}f},left,{100 + 50 * np.sin(t):.1f}\n" for t in t_s)
    (tmp_path / "f.csv").write_text("t_s,foot,p00_kpa\n" + rows, encoding="utf-8")
    layout = {"feet": {"left": {"rate_hz": rate_hz, "x": [0.0], "y": [0.7], "area_mm2": [100],
                                "regions": ["mth2_3"]}}}
    (tmp_path / "l.json").write_text(json.dumps(layout), encoding="utf-8")
    out = tmp_path / "s"
    return main(["import", "csv", str(tmp_path / "f.csv"), "--layout", str(tmp_path / "l.json"), "-o", str(out)]), out


def _caveats(out: Path) -> list[str]:
    return json.loads((out / "session.json").read_text(encoding="utf-8"))["imported_from"]["caveats"]


@pytest.mark.parametrize(("rate_hz", "said"), [
    (62, "left: the file's left rows step at 60 Hz, 3.2% below the layout's rate_hz of 62 Hz; the session "
         "keeps 62 Hz"),
    (59, "left: the file's left rows step at 60 Hz, 1.7% above the layout's rate_hz of 59 Hz; the session "
         "keeps 59 Hz"),
])
def test_a_rate_off_within_the_tolerance_is_kept_and_said(tmp_path, capsys, rate_hz, said):
    code, out = _import(tmp_path, 60.0, rate_hz, decimals=6)  # exact times; to the ms: below
    assert code == 0, capsys.readouterr().err
    assert said in _caveats(out)
    assert load_session(out).info.layouts["left"].current_rate_hz == rate_hz


@pytest.mark.parametrize("rows_hz", [60.0, 60.3], ids=["exact", "clock-0.5%-fast"])
def test_a_rate_within_a_percent_says_nothing(tmp_path, capsys, rows_hz):
    code, out = _import(tmp_path, rows_hz, 60)
    assert code == 0, capsys.readouterr().err
    assert not [c for c in _caveats(out) if "rows step at" in c]


def test_the_rate_is_the_mean_step_without_jumps():
    from monitor.importers.generic_csv_checks import RATE_NOTED, RATE_TOLERANCE, measured_rate_hz

    t_s = np.round(np.concatenate([np.arange(600) / 60, 12 + np.arange(600) / 60]), 3)
    assert measured_rate_hz(t_s) == pytest.approx(60.0, rel=1e-3)  # the median step, 0.017 s, is 58.8 Hz
    assert measured_rate_hz(t_s[:2]) is None
    assert RATE_NOTED < RATE_TOLERANCE


def test_an_export_leaves_the_caveat_to_the_file(tmp_path, capsys):
    """The caveat is found again from an export's rows (found_caveats.FOUND_AGAIN): the export's layout
    JSON does not carry it, and the session imported back says it once."""
    code, out = _import(tmp_path, 60.0, 62, decimals=6)
    assert code == 0, capsys.readouterr().err
    csv = tmp_path / "e.csv"
    assert main(["export", str(out), "-o", str(csv)]) == 0
    layout = json.loads(csv.with_name("e.layout.json").read_text(encoding="utf-8"))
    assert not [c for c in layout.get("caveats", []) if "rows step at" in c]
    back = tmp_path / "back"
    assert main(["import", "csv", str(csv), "--layout", str(csv.with_name("e.layout.json")), "-o", str(back)]) == 0
    assert [c for c in _caveats(back) if "rows step at" in c] == [c for c in _caveats(out) if "rows step at" in c]
    assert len([c for c in _caveats(back) if "rows step at" in c]) == 1


def _said_rate_hz(out: Path) -> float:
    """The rate (Hz) the one rate caveat of the session at ``out`` says the rows step at."""
    [caveat] = [c for c in _caveats(out) if "rows step at" in c]
    return float(re.search(r"rows step at ([0-9.]+) Hz", caveat).group(1))


def test_times_to_the_millisecond_of_a_rate_declared_right_say_nothing(tmp_path, capsys):
    """60-Hz rows written to the ms step by 0.017, 0.016, 0.017 s: their median step reads 58.82 Hz, their
    span 60 Hz; a layout's right 60 Hz is no rate to question."""
    code, out = _import(tmp_path, 60.0, 60, span_s=60.0, jump_s=0.0)
    assert code == 0, capsys.readouterr().err
    assert not [c for c in _caveats(out) if "rows step at" in c]


def test_times_to_the_millisecond_of_a_rate_declared_wrong_are_kept_naming_their_rate(tmp_path, capsys):
    """The same rows under a layout of 62 Hz, 3.3 % off their 60 Hz: kept at 62 Hz with the caveat
    naming 60 Hz (was: refused, their median step 0.017 s read as 58.82 Hz, 5.4 % off 62)."""
    code, out = _import(tmp_path, 60.0, 62, span_s=60.0, jump_s=0.0)
    assert code == 0, capsys.readouterr().err
    assert _said_rate_hz(out) == pytest.approx(60.0, abs=0.1)
    assert load_session(out).info.layouts["left"].current_rate_hz == 62


def test_rows_truly_off_the_rate_declared_are_still_said(tmp_path, capsys):
    """58-Hz rows to the ms (steps of 0.017 and 0.018 s) under a layout of 60 Hz, 3.4 % off: said at 58 Hz."""
    code, out = _import(tmp_path, 58.0, 60)
    assert code == 0, capsys.readouterr().err
    assert _said_rate_hz(out) == pytest.approx(58.0, abs=0.1)


@pytest.mark.parametrize(("rate_hz", "said"), [
    (64, "64 Hz, but the left rows of the CSV step by 0.01667 s (60 Hz) over their span, time jumps left out"),
    (56, "56 Hz, but the left rows of the CSV step by 0.01667 s (60 Hz) over their span, time jumps left out"),
])
def test_a_rate_off_by_more_than_the_tolerance_is_refused_naming_the_rows_rate(tmp_path, capsys, rate_hz, said):
    """A rate_hz more than RATE_TOLERANCE off the rows' is refused, the rate named the rows' span's: 60 Hz,
    not the 58.82 Hz of their median step (56 Hz, 4.8 % off that, was taken with a caveat)."""
    code, out = _import(tmp_path, 60.0, rate_hz, span_s=60.0)
    assert code == 2
    assert f"field feet.left.rate_hz: {said}" in capsys.readouterr().err
    assert not out.exists()


def test_the_rate_of_millisecond_times_is_their_span():
    from monitor.importers.generic_csv_checks import measured_rate_hz

    t_s = np.round(np.arange(3600) / 60, 3)  # steps of 0.017, 0.016, 0.017 s
    assert float(np.median(np.diff(t_s))) == pytest.approx(0.017)  # 58.82 Hz
    assert measured_rate_hz(t_s) == pytest.approx(3599 / (t_s[-1] - t_s[0]), rel=1e-12)
    assert measured_rate_hz(t_s) == pytest.approx(60.0, abs=0.01)


@pytest.mark.parametrize("rate_hz", [61, 62])
def test_the_count_line_of_a_rate_kept_wrong_says_the_rows_rate(tmp_path, capsys, rate_hz):
    """60 s of 60-Hz rows, 3,600 frames, kept at the layout's 62 Hz were said "60.00 s at 62 Hz: left
    3,600 frames", 60 s at 62 Hz being 3,720 frames: the line says the rate the rows step at too."""
    code, _ = _import(tmp_path, 60.0, rate_hz, span_s=60.0, jump_s=0.0)
    said = capsys.readouterr().out
    assert code == 0
    assert (f"60.00 s at {rate_hz} Hz (the layout's rate_hz; the left rows step at 60 Hz): left 3,600 frames, "
            "0 missing (0.0%)") in " ".join(said.split())


def test_the_count_line_names_each_foot_whose_rows_step_off():
    from monitor.cli.importing import rows_rate_words

    assert rows_rate_words({}) == ""
    assert rows_rate_words({"left": 60.0004, "right": 58.0}) == (
        " (the layout's rate_hz; the left rows step at 60 Hz, the right rows at 58 Hz)")
