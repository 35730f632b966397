"""Missing stays missing for the alert policy too: no alert, first or repeated, on a window of a foot that
sent no data. Had: `live --sim cleat-forward --speed 40 --params quick.json --fault drop:left@70s+3s` (the
left insole silent from 70.5 s to 141.3 s, ``quiet_s`` 2 s) said "LEFT NOTICE" every 2 s from 1:21 to 2:11,
live, in replay and in `solewatch analyze` alike: the detector's level carries on through a silence (a
pattern stays active until judged windows end it) and the policy repeated it on every window after
``quiet_s``. With the default ``quiet_s`` (600 s) a silence over 10 minutes did the same.

A window counts as one with data as the detector counts it (``DetectorParams.min_valid_fraction`` of its
frames with a reading). The session is the simulated cleat-forward ride built offline (deterministic, no
clock) with the left insole's frames over a span left without a reading, as the link fills the frames it
counts lost; the live analysis core is fed its frames as they would arrive, so nothing depends on the host.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from test_streaming_hold import feed_notifications, session_blocks

from monitor.analysis.batch import analyze, declared_activity
from monitor.analysis.foot_frames import foot_block
from monitor.analysis.streaming import AnalysisCore
from monitor.live.config import LiveConfig
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(300)

#: quick.json: a window every second, a warning after 80 s, a repeat after 2 s.
PARAMS = DEFAULT_PARAMS.override({"features": {"step_s": 1.0}, "detector": {"warn_after_s": 80.0},
                                  "alerts": {"quiet_s": 2.0}})
SESSION_S = 260.0
SILENT_S = (70.0, 150.0)  # the left insole's frames have no reading in between (session s)
SPEED = 40.0
NOTIFICATION_FRAMES = 10


def _silent_left():
    s = offline_session("cleat-forward", duration_s=SESSION_S, seed=1)
    f = s.frames.copy()
    gone = ((f["foot"] == "left") & (f["t_s"] >= SILENT_S[0]) & (f["t_s"] < SILENT_S[1])).to_numpy()
    f.loc[gone, [c for c in f.columns if c.startswith("p") and c.endswith("_kpa")]] = np.nan
    return dataclasses.replace(s, frames=f)


def _with_data(session, foot: str, t_s: float) -> bool:
    """Whether the window of ``foot`` ending at ``t_s`` has the detector's share of frames with a reading."""
    b = foot_block(session, foot)
    window_s = PARAMS.features.window_s
    inside = (b.t_s >= t_s - window_s) & (b.t_s < t_s)
    read = int((~np.isnan(b.pressure_kpa[inside]).all(axis=1)).sum())
    return read >= PARAMS.detector.min_valid_fraction * window_s * session.info.layouts[foot].current_rate_hz


def feed_as_live(core: AnalysisCore, session, *, end_s: float | None = None) -> None:
    """Feed ``session``'s frames to ``core`` as a live link delivers them: NOTIFICATION_FRAMES a notification,
    each foot's notifications in the order of their last frame's time (arriving then), a stale-data check
    before each one that is due; then flushed, and with ``end_s`` the session's closing check at ``end_s``."""
    feed_notifications(core, session_blocks(session, NOTIFICATION_FRAMES, by_last=True))
    core.flush()
    if end_s is not None:
        core.check_stale(end_s)


def _core(session, deferred: bool, standing: list | None = None) -> list:
    """:func:`core_events` with this file's PARAMS, SPEED and SESSION_S."""
    return core_events(session, deferred, standing, params=PARAMS, speed=SPEED, end_s=SESSION_S)


def core_events(session, deferred: bool, standing: list | None = None, *, params, speed: float,
                end_s: float) -> list:
    """The events of the live analysis core (``deferred``: a replay's) judging with ``params``, fed
    ``session``'s notifications in time order at ``speed``, a stale-data check wherever one is due, then the
    session's end at ``end_s``. ``standing`` gets, as each event leaves, the event and the left foot's
    standing one (the live views' state, ``current_``)."""
    out = []
    config = LiveConfig()

    def emit(alert, since):
        out.append(alert)
        if standing is not None:
            standing.append((alert, core.current_.get("left")))

    core = AnalysisCore(session.info.layouts, speed=speed, params=params, max_batch_host_s=config.max_batch_host_s,
                        max_lag_host_s=config.view_interval_s, emit=emit,
                        activity=declared_activity(session.info.activity), deferred=deferred)
    feed_as_live(core, session, end_s=end_s)
    if deferred:
        core.run_deferred()
    core.end()
    return out


def _alerts(events) -> list[tuple[float, str, str]]:
    return sorted((round(a.t_s, 3), a.foot, a.level) for a in events if a.kind == "alert")


def test_no_alert_is_repeated_in_a_feet_silence_and_repeats_resume_with_its_data():
    session = _silent_left()
    result = analyze(session, PARAMS)
    left = [(t_s, level) for t_s, foot, level in _alerts(result.alerts) if foot == "left"]
    in_silence = [(t_s, level) for t_s, level in left if not _with_data(session, "left", t_s)]
    assert not in_silence, in_silence  # had: a notice every 2 s from 84 s on
    before = [t_s for t_s, _ in left if t_s < SILENT_S[0]]
    after = [t_s for t_s, _ in left if t_s > SILENT_S[1]]
    assert len(before) > 3 and len(after) > 3, left  # repeated every quiet_s where the foot has data
    assert min(after) <= SILENT_S[1] + PARAMS.detector.min_valid_fraction * PARAMS.features.window_s + 5
    # the right foot, never silent, goes on as before
    assert any(foot == "right" and SILENT_S[0] < t_s < SILENT_S[1] for t_s, foot, _ in _alerts(result.alerts))


@pytest.mark.parametrize("deferred", [False, True], ids=["live", "replay"])
def test_live_and_replay_give_the_alerts_analyze_gives_around_a_silence(deferred):
    session = _silent_left()
    events = _core(session, deferred)
    assert _alerts(events) == _alerts(analyze(session, PARAMS).alerts)


def test_a_level_reached_in_a_silence_is_raised_at_the_first_window_with_data():
    """A first alert too waits for data: the detector's level may rise through a silence (the clock without
    relief runs on), and the policy raises it where the foot's data give a window again."""
    from monitor.analysis.alerts import AlertPolicy
    from monitor.signal.types import Assessment

    policy = AlertPolicy(PARAMS.alerts)
    shown = (("focal_mth", "warning", "mth2_3"),)
    first = policy.feed(Assessment("left", 100.0, "warning", "focal_mth", "mth2_3", 0.0, shown=shown))
    assert [a.level for a in first] == ["warning"]
    silent = [a for t_s in range(101, 400) for a in policy.feed(
        Assessment("left", float(t_s), "alert" if t_s > 200 else "warning", "focal_mth", "mth2_3", 0.0,
                   shown=(("focal_mth", "alert" if t_s > 200 else "warning", "mth2_3"),), with_data=False))]
    assert not silent, silent  # had: a warning every quiet_s, then an alert at 201 s, then one every quiet_s
    back = policy.feed(Assessment("left", 400.0, "alert", "focal_mth", "mth2_3", 0.0,
                                  shown=(("focal_mth", "alert", "mth2_3"),)))
    assert [(a.t_s, a.level) for a in back] == [(400.0, "alert")]
    assert [s.t_s for s in policy.shown()["left"] if s.level == "alert"] == [400.0]


def _no_data_span(events) -> tuple[float, float]:
    """The left foot's NO DATA: from its data-stale event to its data-back event (session s)."""
    stale = [a.t_s for a in events if a.foot == "left" and a.kind == "data_stale"]
    back = [a.t_s for a in events if a.foot == "left" and a.kind == "data_back"]
    assert len(stale) == len(back) == 1, events
    return stale[0], back[0]


@pytest.mark.parametrize("how", ["analyze", "live", "replay"])
def test_no_repeat_is_dated_between_a_feet_no_data_and_its_data_back(how):
    # the windows that end in the first seconds after the NO DATA (at 80 s: the left's last data at 70 s +
    # stale_after_s) still hold the detector's share of data from before the silence (min_valid_fraction
    # 0.8 of a 60-s window); they repeated the notice at 80 and 82 s, right after the NO DATA, in analyze,
    # live and replay alike (had: "1:19 NO DATA" then "1:20 NOTICE", which the view took for the foot's state)
    session = _silent_left()
    events = analyze(session, PARAMS) if how == "analyze" else None
    events = events.alerts + events.events if events is not None else _core(session, how == "replay")
    stale_s, back_s = _no_data_span(events)
    assert stale_s == pytest.approx(SILENT_S[0] + PARAMS.alerts.stale_after_s, abs=0.05)
    told = [(round(a.t_s, 3), a.level) for a in events if a.foot == "left" and a.kind == "alert"
            and stale_s <= a.t_s < back_s]
    assert not told, told
    repeats = [a.t_s for a in events if a.foot == "left" and a.kind == "alert"]
    assert any(t < stale_s for t in repeats) and any(t >= back_s for t in repeats)  # before and after, as ever


@pytest.mark.parametrize("deferred", [False, True], ids=["live", "replay"])
def test_the_live_state_of_a_silent_foot_stays_no_data_until_its_data_back(deferred):
    # an alert of a window before the silence, which the left-right comparison held until the NO DATA, leaves
    # after it: it is told, and stands once the data are back, but the foot's state while it is silent is NO
    # DATA (had: the notices of 76 and 78 s, delivered after the NO DATA at 80 s, were the left foot's state
    # in the live view until its data came back at 150 s)
    standing: list = []
    events = _core(_silent_left(), deferred, standing)
    stale_s, back_s = _no_data_span(events)
    told = [i for i, (a, _) in enumerate(standing) if a.foot == "left" and a.kind in ("data_stale", "data_back")]
    between = standing[told[0]:told[1]]
    assert any(a.foot == "left" and a.kind == "alert" for a, _ in between), between  # the case this is about
    states = [(round(a.t_s, 3), a.kind, held.kind if held else None) for a, held in between]
    assert all(kind == "data_stale" for _, _, kind in states), states
    after = standing[told[1]][1]
    assert after is not None and after.kind == "alert" and after.level == "notice"  # the notice stands again
