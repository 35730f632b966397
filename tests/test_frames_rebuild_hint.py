"""A recording's frames.parquet with an unknown foot, a wrong sensor count or a column of the wrong type is
said in one line that ends, as every other damage of the table, with how to rebuild it from the raw log
beside it; a session without a raw log is told of no rebuild."""

from __future__ import annotations

import pandas as pd
import pytest
from test_malformed_files import _layout_sensors, edit_json, fails_untouched, session_copy
from test_session_bad_inputs import REBUILD

from monitor.errors import SessionFormatError
from monitor.session.directory import load_session, open_session


def _frames(s, edit) -> None:
    edit(pd.read_parquet(s / "frames.parquet")).to_parquet(s / "frames.parquet", index=False)


def _foot(df):
    return df.assign(foot=df["foot"].astype(str).where(df.index != 4, "rite"))


DAMAGE = pytest.mark.parametrize("damage, said", [
    (lambda s: _frames(s, _foot), "row 4 (counting from 0): foot 'rite' is not 'left' or 'right'"),
    (lambda s: edit_json(s / "session.json", lambda d: d["layouts"].pop("right") and d["devices"].pop("right")),
     "has no layout in session.json (it has left)"),
    (lambda s: _frames(s, lambda df: df.drop(columns=["p17_kpa"])),
     "17 sensor columns (p00_kpa, p01_kpa, p02_kpa .. p16_kpa), but session.json's left layout has 18 sensors: "
     "sensor count mismatch"),
    (lambda s: edit_json(s / "session.json", _layout_sensors("right", 16)),
     "right has a value in p16_kpa, but session.json's right layout has 16 sensors (p00_kpa .. p15_kpa): "
     "sensor count mismatch"),
    (lambda s: _frames(s, lambda df: df.assign(p05_kpa=df["p05_kpa"].astype(str))),
     "column p05_kpa holds large_string, expected numbers (float32 kPa)"),
    (lambda s: _frames(s, lambda df: df.assign(extra=1.0)), "unexpected column(s) extra"),
], ids=["foot", "foot-without-layout", "sensor-columns", "sensor-values", "column-type", "extra-column"])


@DAMAGE
@pytest.mark.parametrize("command", ["analyze", "export"])
def test_a_damaged_frames_table_beside_a_raw_log_says_how_to_rebuild(tmp_path, capsys, damage, said, command):
    s = session_copy(tmp_path)
    damage(s)
    out = ["-o", str(tmp_path / "f.csv")] if command == "export" else []
    line = fails_untouched(capsys, s, command, s, *out)
    assert f"{s / 'frames.parquet'}: " in line and said in line, line
    assert line.endswith(REBUILD), line
    assert not (tmp_path / "f.csv").exists()


@DAMAGE
@pytest.mark.parametrize("opened", [load_session, open_session], ids=["load", "open"])
def test_both_readers_say_how_to_rebuild(tmp_path, damage, said, opened):
    """load_session reads the table whole, open_session (the end-of-ride report's) batch by batch: the same
    line from either, a foot's values checked when they are read."""
    s = session_copy(tmp_path)
    damage(s)
    with pytest.raises(SessionFormatError) as caught:
        session = opened(s)
        for foot in session.info.feet:
            session.source.foot_arrays(foot)
    assert said in str(caught.value) and str(caught.value).endswith(REBUILD), caught.value


def test_without_a_raw_log_no_rebuild_is_offered(tmp_path, capsys):
    s = session_copy(tmp_path, "moticon-walk")
    _frames(s, _foot)
    line = fails_untouched(capsys, s, "analyze", s)
    assert "foot 'rite' is not 'left' or 'right'" in line and "rebuild" not in line, line
