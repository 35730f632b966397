"""`solewatch export SESSION --format fit` counts its event messages in the right words: alerts as alerts,
and the events that say a foot's data stopped or came back as data events. A session whose time axis
jumps 90 s (both feet stale, then back) has no alert, but the command used to say "4 alert events"."""

from __future__ import annotations

from pathlib import Path

from monitor.cli.fit_commands import EVENT_WORDS, event_counts
from monitor.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
LAYOUT = ROOT / "tests" / "data" / "generic_csv" / "layout.json"  # 8 sensors a foot at 50 Hz, a start_utc


def test_data_events_are_not_counted_as_alerts(tmp_path, capsys):
    rows = ["t_s,foot," + ",".join(f"p{j:02d}_kpa" for j in range(8))]
    for k in range(1500):  # 30 s of rows a foot: 10 s, then nothing for 90 s, then 20 s
        t = k * 0.02 + (90.0 if k >= 500 else 0.0)
        rows += [f"{t:.3f},left," + ",".join(["10"] * 8), f"{t + 0.004:.3f},right," + ",".join(["12"] * 8)]
    (tmp_path / "gap.csv").write_text("\n".join(rows) + "\n")
    s = tmp_path / "gap"
    assert main(["import", "csv", str(tmp_path / "gap.csv"), "--layout", str(LAYOUT), "-o", str(s)]) == 0
    capsys.readouterr()
    assert main(["export", str(s), "--format", "fit", "-o", str(tmp_path / "gap.fit")]) == 0
    said = capsys.readouterr().out
    assert " (one a second), 0 alerts, 2 data-stale events and 2 data-back events of " in said, said
    assert "alert event" not in said


def test_each_kind_is_said_in_its_own_words():
    class Ev:
        def __init__(self, kind):
            self.kind = kind

    evs = [Ev(k) for k in ("alert", "alert", "back_to_normal", "data_stale")]
    assert event_counts(evs, []) == ["2 alerts", "1 back-to-normal event", "1 data-stale event"]
    assert event_counts([], [object()]) == ["0 alerts", "1 numb mark"]
    from monitor.analysis.alerts import KINDS

    assert tuple(EVENT_WORDS) == KINDS  # every kind an Alert can have has its words
