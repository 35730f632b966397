"""`solewatch import` says the file's own caveats, one a line, as session.json keeps them: a Moticon
export's (sensor positions inferred, effective areas, its event groups) are not a PhysioNet file's
(an assumed sensor area, no start time). It used to print the same example kinds ("sensor positions
inferred, a start time without a zone, rows missing...") after every import whatever the file had.
Each caveat is a bullet wrapped to the terminal's width, its continuation lines indented under it; it used
to be one line of up to 234 characters. session.json keeps each caveat whole."""

from __future__ import annotations

import json

import pytest

from monitor.cli.main import main
from monitor.util.shared_data import shared_data_dir

DATA = shared_data_dir()
FILES = {"moticon": DATA / "moticon_opengo" / "walk_data_with_events.txt",  # streamed (a clean export)
         "physionet": DATA / "physionet_gaitpdb" / "GaCo01_01.txt"}


def _import(fmt, tmp_path, capsys, file=None):
    out = tmp_path / fmt
    assert main(["import", fmt, str(file or FILES[fmt]), "-o", str(out)]) == 0
    said = capsys.readouterr().out.splitlines()
    kept = json.loads((out / "session.json").read_text())["imported_from"]["caveats"]
    return said, kept


def _bullets(lines: list[str]) -> list[str]:
    """The caveats said in ``lines`` (those after the header), each bullet's lines joined back."""
    out: list[str] = []
    for line in lines:
        if line.startswith("  - "):
            out.append("  - " + line[4:])
        else:
            assert line.startswith("    ") and out, line
            out[-1] += " " + line[4:]
    return out


def _header_end(said: list[str]) -> int:
    """The index of the first bullet (the header before it may take more than one line)."""
    return next(i for i, line in enumerate(said) if line.startswith("  - "))


def _count_line(said: list[str]) -> tuple[str, int]:
    """The count line (after the "imported ... into" line, before the caveats' header), its wrapped lines
    joined back, and the index of the line after it."""
    end = next(i for i, line in enumerate(said) if line.startswith("caveats: "))
    assert all(line.startswith("  ") for line in said[2:end]), said[1:end]  # continuation lines indented
    return " ".join([said[1], *(line[2:] for line in said[2:end])]), end


def test_each_import_says_its_own_caveats(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    listed = {}
    for fmt in FILES:
        said, kept = _import(fmt, tmp_path, capsys)
        count, header = _count_line(said)
        assert len(kept) >= 2 and count.endswith(f"; {len(kept)} caveats in session.json"), said
        assert said[header].startswith("caveats: what to know about the data")
        assert "imported_from.caveats" in " ".join(said[header:_header_end(said)])
        assert _bullets(said[_header_end(said):]) == [f"  - {c}" for c in kept], (fmt, said)
        assert "a start time without a zone" not in "\n".join(said)  # neither file has one
        listed[fmt] = _bullets(said[_header_end(said):])
    assert not set(listed["moticon"]) & set(listed["physionet"])
    assert any("Moticon publishes no sensor map" in line for line in listed["moticon"])
    assert any("no start time" in line for line in listed["physionet"])


@pytest.mark.parametrize("columns", [60, 100])
@pytest.mark.parametrize("fmt, file", [("moticon", DATA / "moticon_opengo" / "230927_102114.txt"),
                                       ("physionet", FILES["physionet"])])
def test_long_caveats_wrap_to_the_terminal_and_session_json_keeps_them_whole(tmp_path, capsys, monkeypatch, fmt,
                                                                             file, columns):
    """had: `import moticon .../230927_102114.txt` printed its sensor-map caveat as one 234-character line,
    and the PhysioNet file's sensor-position one at 226."""
    monkeypatch.setenv("COLUMNS", str(columns))
    said, kept = _import(fmt, tmp_path, capsys, file)
    first = _header_end(said)
    assert max(len(c) for c in kept) > 200  # a caveat longer than two lines of any width here
    assert all(len(line) <= columns for line in said[first:]), [line for line in said if len(line) > columns]
    assert all(len(line) <= columns for line in said[1:first]), said[1:first]  # the count line, the header too
    assert _bullets(said[first:]) == [f"  - {c}" for c in kept]
    assert len(said) - first > len(kept)  # some caveats took more than one line


@pytest.mark.parametrize("columns", [40, 60, 100])
def test_the_count_line_wraps_to_the_terminal_as_the_caveats_do(tmp_path, capsys, monkeypatch, columns):
    """had: the line of the session's length, rate, frames and missing rows per foot and the caveats'
    count was one line of 122 characters for GaCo01_01.txt (167 for a file whose time axis skips), at
    any terminal width. It now wraps as the caveats do, its words unchanged; the first line, naming the
    session written, stays whole."""
    monkeypatch.setenv("COLUMNS", str(columns))
    said, kept = _import("physionet", tmp_path, capsys)
    assert said[0] == f"imported GaCo01_01.txt (physionet) into {tmp_path / 'physionet'}"
    count, header = _count_line(said)
    assert count == ("121.18 s at 100 Hz: left 12,119 frames, 0 missing (0.0%); right 12,119 frames, 0 missing "
                     f"(0.0%); {len(kept)} caveats in session.json")
    assert header > 2  # wrapped: 122 characters
    assert all(len(line) <= columns for line in said[1:]), [line for line in said if len(line) > columns]


def test_an_uncalibrated_layouts_caveats_are_counted_and_said(tmp_path, capsys, monkeypatch):
    """had: an ORPHE ride exported as CSV and imported back with its layout JSON (``calibrated`` false) said
    "0 caveats in session.json", while its layouts' ``calibrated`` false makes the report say each foot's
    pressures are counts, not kPa. The import counts and says them, in the report's words."""
    from vendor_rides import record_ride

    import monitor

    monkeypatch.setenv("COLUMNS", "100")
    ride = record_ride("orphe", "healthy-ride", tmp_path, seed=7, duration_s=5.0)
    csv = monitor.export_frames(ride, tmp_path / "ex" / "orphe.csv")
    capsys.readouterr()
    out = tmp_path / "again"
    assert main(["import", "csv", str(csv), "--layout", str(tmp_path / "ex" / "orphe.layout.json"),
                 "-o", str(out)]) == 0
    said = capsys.readouterr().out.splitlines()
    uncalibrated = [c for c in monitor.figure_data(out).quality.caveats if "not kPa" in c]
    assert len(uncalibrated) == 2, uncalibrated
    count, _ = _count_line(said)
    assert count.endswith("; 2 caveats in session.json"), said
    assert _bullets(said[_header_end(said):]) == [f"  - {c}" for c in uncalibrated], said
