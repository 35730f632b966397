"""A foot that sent no frame is absent for the whole session however short, in analyze and in the report as
in the import's count line. Had: of a session of 1 s or less (ABSENT_MIN_S), which the import counted "right
90 frames, 90 missing (100.0%: no row, its insole sent no frame)", analyze's ``absent_at_ends`` said nothing
of the right foot and the report's data quality counted 0 of its frames missing (its missing share NaN)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from test_export_import_csv import SAMPLES

import monitor
from monitor.analysis.batch import analyze
from monitor.cli.main import main
from monitor.report.data import report_data


def _left_alone(tmp_path, duration_s: float):
    """The sample ride's first ``duration_s`` exported, its right insole linked and sent no frame (the row an
    export writes for it, named in the layout's ``sent_no_frame``), imported back: its directory and what the
    import said."""
    assert main(["export", str(SAMPLES / "sim-healthy-ride"), "-o", str(tmp_path / "f.csv")]) == 0
    rows = pd.read_csv(tmp_path / "f.csv")
    left = rows[(rows["foot"] == "left") & (rows["t_s"] < duration_s - 0.05)]
    none = pd.DataFrame([{"t_s": 0.0, "foot": "right"}], columns=rows.columns)
    pd.concat([none, left]).to_csv(tmp_path / "short.csv", index=False)
    layout = json.loads((tmp_path / "f.layout.json").read_text(encoding="utf-8"))
    layout.update(duration_s=duration_s, sent_no_frame=["right"])
    (tmp_path / "short.layout.json").write_text(json.dumps(layout), encoding="utf-8")
    assert main(["import", "csv", str(tmp_path / "short.csv"), "--layout", str(tmp_path / "short.layout.json"),
                 "-o", str(tmp_path / "back")]) == 0
    return tmp_path / "back"


@pytest.mark.parametrize("duration_s, frames", [(0.9, 90), (1.0, 100), (2.0, 200)])
def test_a_foot_that_sent_no_frame_is_absent_however_short_the_session(tmp_path, capsys, duration_s, frames):
    path = _left_alone(tmp_path, duration_s)
    said = " ".join(capsys.readouterr().out.split())
    assert re.search(rf"right {frames} frames, {frames} missing \(100\.0%", said), said  # the import's count
    assert main(["analyze", str(path), "--json"]) == 0
    absent = json.loads(capsys.readouterr().out)["absent_at_ends"]
    assert [(s["from_s"], s["to_s"], s["frames_missing"]) for s in absent.get("right", [])] == [
        (0.0, duration_s, frames)], absent  # had {} at 0.9 and 1.0 s
    session = monitor.load_session(path)
    quality = report_data(session, analyze(session)).quality
    right = quality.feet["right"]
    assert (right.absent_frames, right.missing_share) == (frames, 1.0), right  # had 0 and nan
