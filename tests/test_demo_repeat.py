"""What README.md says of `make demo`'s second ride holds: judged against the normal its first (healthy)
ride kept, the cleat-forward ride is warned on each foot at 5:10 and again at 15:10, the warning still
holding after AlertParams.quiet_s (600 s): 2 warnings a foot (4 haptic buzzes); no ALERT, the ride's
reliefs coming every 6 minutes. README.md had said one warning at 5:10."""

from __future__ import annotations

from pathlib import Path

import monitor
from monitor.analysis.batch import analyze
from monitor.signal.params import DEFAULT_PARAMS

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_demo_ride_is_warned_twice_a_foot_as_the_readme_says():
    normal = analyze(monitor.offline_session("healthy-ride", duration_s=480)).baseline
    ride = analyze(monitor.offline_session("cleat-forward", duration_s=1200), baseline=normal)
    for foot in ("left", "right"):
        warned = [a.t_s for a in ride.alerts if a.foot == foot and a.kind == "alert" and a.level == "warning"]
        # offline the first comes at 5:00 (live: 5:10, its first windows waiting on the link)
        assert len(warned) == 2 and warned[1] - warned[0] == DEFAULT_PARAMS.alerts.quiet_s, (foot, warned)
        assert not [a for a in ride.alerts if a.foot == foot and a.level == "alert"]
        starts = [start for start, _ in ride.feet[foot].reliefs_]  # live: 6:02, 12:02, 18:02
        assert [round(s / 60) for s in starts] == [6, 12, 18], (foot, starts)
        assert max(b - a for a, b in zip([0.0, *starts], [*starts, 1200.0])) < (
            DEFAULT_PARAMS.detector.warn_after_s + DEFAULT_PARAMS.detector.alert_after_s)  # never 15 min without
    said = " ".join(README.read_text().split())
    assert "at 15:10, so it is said again on each foot" in said and "2 warnings a foot and 4 haptic buzzes" in said
    assert "(at 6:02, 12:02 and 18:02)" in said
