"""An export of a session in which an insole sent no pressure sample comes back by `import csv` as it was: the
foot whose rows hold no sample is a foot that sent no data, not a foot not recorded, and a session where
neither foot sent any is taken too (docs/import-csv.md). Had, for a short while: the silent foot left out ("the
right foot was not recorded", its NO DATA alert gone), and the export's own `import csv` command refused
("no insole has any pressure sample") although the export said it brings the session back. And for an insole
that linked and never sent a frame (no row of its foot in frames.parquet): the export's own import refused ("no
right rows, but x.layout.json declares a right foot"; with neither foot's, "a header row but no data rows")."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from monitor.cli.main import main

SAMPLE = Path(__file__).resolve().parent.parent / "sessions" / "samples" / "moticon-walk"


def _silenced(tmp_path: Path, feet: tuple[str, ...]) -> Path:
    """The Moticon sample walk with every pressure cell of ``feet`` empty: those insoles sent nothing."""
    out = tmp_path / "walk"
    shutil.copytree(SAMPLE, out)
    frames = pd.read_parquet(out / "frames.parquet")
    cells = [c for c in frames.columns if c.endswith("_kpa")]
    frames.loc[frames["foot"].isin(feet), cells] = np.nan
    frames.to_parquet(out / "frames.parquet", index=False)
    return out


def _frameless(tmp_path: Path, feet: tuple[str, ...]) -> Path:
    """The Moticon sample walk with no row of ``feet`` in its frames table, their layouts kept: insoles that
    linked and sent no frame (a simulation's ``--fault lose:right@0s:100000``)."""
    out = _silenced(tmp_path, ())
    frames = pd.read_parquet(out / "frames.parquet")
    frames = frames[~frames["foot"].isin(feet)].reset_index(drop=True)
    frames["foot"] = pd.Categorical(frames["foot"].astype(str), categories=["left", "right"])
    frames.to_parquet(out / "frames.parquet", index=False)
    return out


def _round_trip(tmp_path: Path, session: Path, capsys) -> tuple[str, str]:
    assert main(["export", str(session), "-o", str(tmp_path / "x.csv")]) == 0
    assert main(["import", "csv", str(tmp_path / "x.csv"), "--layout", str(tmp_path / "x.layout.json"), "-o",
                 str(tmp_path / "back")]) == 0
    capsys.readouterr()
    assert main(["analyze", str(session)]) == 0
    before = capsys.readouterr().out
    assert main(["analyze", str(tmp_path / "back")]) == 0
    return before, capsys.readouterr().out


def test_a_silent_foot_comes_back_as_a_foot_that_sent_no_data(tmp_path, capsys):
    before, after = _round_trip(tmp_path, _silenced(tmp_path, ("right",)), capsys)
    for text in (before, after):
        assert "the right foot sent no data" in text.splitlines()[0], text
        assert "not recorded" not in text and "not in the imported file" not in text, text
    assert before.splitlines()[0] == after.splitlines()[0]


@pytest.mark.parametrize("feet", [("left", "right")])
def test_a_session_where_neither_foot_sent_data_comes_back(tmp_path, capsys, feet):
    before, after = _round_trip(tmp_path, _silenced(tmp_path, feet), capsys)
    assert before.splitlines()[0] == after.splitlines()[0]
    assert after.startswith("Verdict: both feet sent no data"), after


@pytest.mark.parametrize("feet", [("right",), ("left", "right")])
def test_an_insole_that_sent_no_frame_comes_back_as_a_foot_that_sent_no_data(tmp_path, capsys, feet):
    session = _frameless(tmp_path, feet)
    assert main(["export", str(session), "-o", str(tmp_path / "said.csv")]) == 0
    said = capsys.readouterr().out
    assert f"{' and '.join(feet)}: no frame in the session; one row with no sample stands for " in said, said
    before, after = _round_trip(tmp_path, session, capsys)
    assert before.splitlines()[:2] == after.splitlines()[:2]  # the verdict, and what it says under it
    head = after.splitlines()[0]
    assert head.startswith("Verdict: both feet sent no data") if len(feet) == 2 else \
        head.endswith("; the right foot sent no data."), head
    assert "not recorded" not in after and "not in the imported file" not in after, after
    for foot in feet:  # the foot's line says what the session's did
        line = next(x for x in before.splitlines() if x.startswith(f"{foot}: "))
        assert line in after.splitlines() and "no data" in line, (line, after)
