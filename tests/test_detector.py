"""monitor.signal.detector: the rules of the issue on synthetic window streams.

An extreme pattern, or a change against the rider's own normal, warns within 8 minutes of load and
escalates without relief; a relief pauses the load time and resets the escalation; a pattern within the
rider's normal is at most a notice; normal load without relief gives at most a notice; relieved every 8
minutes at normal load gives silence; every warning names the foot, a forefoot region and a pattern.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from monitor.signal.baseline import ActivityBaseline, RiderBaseline
from monitor.signal.detector import ForefootDetector
from monitor.signal.params import DetectorParams
from monitor.signal.patterns import NOTICE_PATTERNS, PATTERN_FITS, WARNING_PATTERNS
from monitor.signal.types import Assessment, WindowFeatures

P = DetectorParams()
STEP_S = 10.0
ALERT_REGIONS = ("mth1", "mth2_3", "mth4_5", "hallux")
NORMAL_PEAKS = {"mth1": 78.0, "mth2_3": 65.0, "mth4_5": 54.0, "hallux": 75.0, "lesser_toes": 39.0}
NORMAL_PTI = {"mth1": 2100.0, "mth2_3": 1800.0, "mth4_5": 1530.0, "hallux": 1900.0, "lesser_toes": 1000.0}


def window(t_s: float, *, foot="left", activity="cycling", share=0.71, peaks=None, pti=None, cop=0.61,
           ml=-0.16, residual=10.0, tsr=None, relieved=False, valid=None) -> WindowFeatures:
    """A window of a well-fitting seated ride unless told otherwise (data from t = 0)."""
    return WindowFeatures(
        foot=foot, t_s=t_s, window_s=60.0, activity=activity, cadence_per_min=90.0, forefoot_share=share,
        region_share={}, peak_kpa=dict(NORMAL_PEAKS if peaks is None else peaks),
        pti_kpa_s_per_min=dict(NORMAL_PTI if pti is None else pti), cop_y_mean=cop, ml_index=ml,
        residual_forefoot_kpa=residual, time_since_relief_s=t_s if tsr is None else tsr,
        relieved_now=relieved, valid_fraction=min(1.0, t_s / 60.0) if valid is None else valid)


def stream(minutes: float, relief_every_s: float | None = None, relief_s: float = 30.0, **kw):
    """Windows every 10 s for ``minutes``, with reliefs [k * every, k * every + relief_s)."""
    windows, reliefs = [], []
    last_end = 0.0
    t = STEP_S
    while t <= minutes * 60.0:
        relieved = False
        if relief_every_s is not None:
            k = math.floor(t / relief_every_s)
            start = k * relief_every_s
            if k >= 1 and start <= t < start + relief_s:
                relieved = t - start >= 20.0
            if k >= 1 and t >= start + relief_s:
                last_end = start + relief_s
                if (start, start + relief_s) not in reliefs:
                    reliefs.append((start, start + relief_s))
        tsr = 0.0 if relieved else t - last_end
        windows.append(window(t, tsr=tsr, relieved=relieved, **kw))
        t += STEP_S
    return windows, reliefs


def run(windows, reliefs=(), params=P, foot="left") -> list[Assessment]:
    """Feeds like the pipeline: each relief reaches the detector with the windows after it ended."""
    det = ForefootDetector(foot, params)
    out, pending = [], sorted(reliefs)
    for w in windows:
        due = [r for r in pending if r[1] <= w.t_s + 5.0]
        pending = pending[len(due):]
        out += det.feed([w], due)
    return out


def first(assessments, *levels) -> Assessment | None:
    return next((a for a in assessments if a.level in levels), None)


# -- silence and notices ---------------------------------------------------------------------------

def test_normal_load_relieved_every_8_minutes_is_silent():
    windows, reliefs = stream(120, relief_every_s=480.0)
    out = run(windows, reliefs)
    assert len(out) == len(windows)
    assert {a.level for a in out} == {"none"}


def test_normal_load_without_relief_gives_at_most_a_notice():
    windows, _ = stream(180)
    out = run(windows)
    levels = {a.level for a in out}
    assert levels == {"none", "notice"}
    notice = first(out, "notice")
    assert notice.pattern in NOTICE_PATTERNS and notice.t_s >= P.relief_rare_min_s
    assert first(out, "warning", "alert") is None


def test_normal_load_without_relief_reminds_to_unweight_once_no_relief_has_lasted_its_limit():
    """The reminder to unweight (domain.md: every 15-30 min [38] W) comes with the first window whose time
    since the last relief reaches ``notice_no_relief_s``, not before, and stays a notice."""
    out = run(stream(40)[0])
    reminders = [a for a in out if a.pattern == "no_relief"]
    assert reminders and reminders[0].t_s == pytest.approx(P.notice_no_relief_s, abs=STEP_S / 2)
    assert {a.level for a in reminders} == {"notice"}
    assert all(a.t_s >= P.notice_no_relief_s for a in reminders)


def test_relief_becoming_rare_against_the_baseline_is_a_notice():
    early, reliefs = stream(30, relief_every_s=240.0)  # every 4 min early on
    out = run(early + [window(t, tsr=t - 1770.0) for t in range(1810, 3000, 10)], reliefs)
    notice = first(out, "notice")
    assert notice is not None and notice.pattern == "relief_rare"
    assert notice.t_s - 1770.0 == pytest.approx(max(P.relief_rare_min_s, 2 * 240.0), abs=STEP_S)
    assert first(out, "warning", "alert") is None


# -- patterns beyond the rider's normal, or extreme --------------------------------------------------

FOCAL_EXTREME = {**NORMAL_PEAKS, "mth2_3": 125.0}  # 1.81 x the mean of MTH1, MTH4-5, hallux (69 kPa)
FIRST_JUDGED_S = 50.0  # the first window with 80 % of its minute of data


@pytest.mark.parametrize("kw,pattern,region", [
    ({"share": 0.95}, "forefoot_share_high", "mth1"),
    ({"peaks": FOCAL_EXTREME}, "focal_mth", "mth2_3"),
    ({"residual": 30.0}, "residual_unloaded", "mth1"),
    ({"ml": 0.45, "peaks": {**NORMAL_PEAKS, "mth4_5": 140.0}}, "lateral_overload", "mth4_5"),
    ({"activity": "elliptical_or_stair", "residual": 140.0,
      "peaks": {"mth1": 190.0, "mth2_3": 212.0, "mth4_5": 170.0, "hallux": 180.0}},
     "continuous_forefoot_load", "mth1"),
])
def test_an_extreme_pattern_warns_after_warn_after_s_under_load_then_escalates(kw, pattern, region):
    out = run(stream(30, **kw)[0])
    notice = first(out, "notice")
    assert notice.t_s == pytest.approx(FIRST_JUDGED_S + (P.confirm_windows - 1) * STEP_S)
    warn = first(out, "warning", "alert")
    assert warn is not None and warn.level == "warning"
    assert warn.t_s <= 8 * 60 and warn.t_s == pytest.approx(P.warn_after_s, abs=STEP_S)
    assert warn.pattern == pattern and warn.region == region and warn.foot == "left"
    assert warn.since_s == pytest.approx(0.0) and any("extreme" in r for r in warn.reasons)
    alert = first(out, "alert")
    assert alert.t_s == pytest.approx(P.warn_after_s + P.alert_after_s, abs=STEP_S)
    assert alert.pattern == pattern and alert.region == region
    assert all(a.level == "alert" for a in out if a.t_s >= alert.t_s)  # it continues: it stays up


@pytest.mark.parametrize("kw", [
    {"share": 0.80}, {"cop": 0.67}, {"ml": 0.12, "peaks": {**NORMAL_PEAKS, "mth4_5": 70.0}},
    {"peaks": {**NORMAL_PEAKS, "mth2_3": 94.0}},
])
def test_past_a_population_cut_off_but_within_the_riders_normal_is_at_most_a_notice(kw):
    """A share of 0.80, a forward centre of pressure, a lateral-leaning forefoot or a strong MTH2-3 from the
    first minute: within the healthy spread between people, so notices while the baseline is learnt and
    nothing once it says this is the rider's normal."""
    out = run(stream(60, relief_every_s=420.0, **kw)[0])
    assert first(out, "warning", "alert") is None
    assert first(out, "notice") is not None
    late = [a for a in out if a.t_s >= FIRST_JUDGED_S + P.baseline_s + P.clear_windows * STEP_S + 60.0]
    assert late and {a.level for a in late} == {"none"}


@pytest.mark.parametrize("kw,pattern,region", [
    ({"peaks": {**NORMAL_PEAKS, "mth2_3": 94.0}}, "focal_mth", "mth2_3"),  # 0.94 -> 1.36 x the others
    ({"ml": -0.02, "peaks": {**NORMAL_PEAKS, "mth4_5": 72.0}}, "lateral_overload", "mth4_5"),  # +0.14
    ({"residual": 14.0}, "residual_unloaded", "mth1"),  # 10 -> 14 kPa would not do; see below
])
def test_a_change_against_the_riders_normal_warns_within_8_minutes(kw, pattern, region):
    """Ten minutes of the rider's normal riding, then a change (a cleat moved forward, a varus problem, a
    tighter shoe): a warning within 8 minutes of it, relieved every 7 minutes or not."""
    onset = 600.0
    normal, reliefs = stream(40, relief_every_s=420.0)
    changed, _ = stream(40, relief_every_s=420.0, **kw)
    windows = [c if w.t_s >= onset + 60.0 else w for w, c in zip(normal, changed)]
    out = run(windows, reliefs)
    warn = first(out, "warning")
    if pattern == "residual_unloaded":  # +4 kPa is below residual_rise_kpa: no change is called
        assert warn is None
        stronger, _ = stream(40, relief_every_s=420.0, residual=17.0)  # +7 kPa, 13 % -> 22 % of the peak
        windows = [c if w.t_s >= onset + 60.0 else w for w, c in zip(normal, stronger)]
        out = run(windows, reliefs)
        warn = first(out, "warning")
    assert warn is not None and warn.pattern == pattern and warn.region == region
    assert onset < warn.t_s <= onset + 8 * 60
    assert all(a.level in ("none", "notice") for a in out if a.t_s < onset)


def test_a_relief_pauses_the_exposure_and_resets_the_alert_clock():
    """An extreme focal load from the start; one relief [240, 270): the relief adds nothing to the load
    time (the warning comes about its length later than without it), and the alert is timed from its end;
    while the relief is in progress the level falls back to a notice."""
    windows = []
    for t in range(10, 1500, 10):
        relieved = 260 <= t < 270
        tsr = 0.0 if relieved else (t - 270.0 if t >= 270 else float(t))
        windows.append(window(float(t), peaks=FOCAL_EXTREME, relieved=relieved, tsr=tsr))
    out = run(windows, [(240.0, 270.0)])
    warn = first(out, "warning")
    assert P.warn_after_s < warn.t_s <= P.warn_after_s + 60.0
    assert warn.region == "mth2_3" and warn.pattern == "focal_mth"
    assert first(out, "alert").t_s == pytest.approx(270.0 + P.warn_after_s + P.alert_after_s, abs=STEP_S)


def test_a_relief_in_progress_holds_the_exposure():
    """A long relief [200, 700) reaches the detector only when it ends; meanwhile the windows report it in
    progress, and no warning comes while the forefoot is relieved, nor right after it."""
    windows = [window(float(t), peaks=FOCAL_EXTREME, relieved=220 <= t < 700,
                      tsr=0.0 if 220 <= t < 700 else max(0.0, t - 700.0) if t >= 700 else float(t))
               for t in range(10, 1300, 10)]
    out = run(windows, [(200.0, 700.0)])
    assert all(a.level in ("none", "notice") for a in out if a.t_s < 760.0)
    warn = first(out, "warning")
    assert 760.0 < warn.t_s <= 700.0 + P.warn_after_s


def test_an_extreme_pattern_relieved_every_6_minutes_still_warns_but_never_escalates():
    windows, reliefs = stream(30, relief_every_s=360.0, peaks=FOCAL_EXTREME)
    out = run(windows, reliefs)
    warn = first(out, "warning")
    assert warn.t_s <= 8 * 60 and warn.region == "mth2_3"
    assert first(out, "alert") is None


def test_gait_patterns_are_judged_on_pressure_not_reset_by_swings():
    """Running: every swing unloads the forefoot (time since relief stays under a second), yet an extreme
    focal MTH1 load still warns; a forefoot striker's strong MTH1 within the healthy spread does not."""
    peaks = {"mth1": 510.0, "mth2_3": 280.0, "mth4_5": 220.0, "hallux": 255.0}  # 2.03 x the others
    pti = {"mth1": 4800.0, "mth2_3": 3900.0, "mth4_5": 3100.0, "hallux": 2500.0}
    windows = [window(float(t), activity="running", share=0.72, cop=0.60, ml=-0.24, residual=3.5, tsr=0.4,
                      peaks=peaks, pti=pti) for t in range(10, 1500, 10)]
    out = run(windows)
    warn = first(out, "warning")
    assert warn.t_s == pytest.approx(P.warn_after_s, abs=STEP_S)
    assert (warn.pattern, warn.region) == ("focal_mth", "mth1")
    striker = [replace(w, peak_kpa={"mth1": 344.0, "mth2_3": 280.0, "mth4_5": 220.0, "hallux": 255.0})
               for w in windows]
    assert first(run(striker), "warning", "alert") is None
    healthy = [replace(w, peak_kpa={"mth1": 230.0, "mth2_3": 280.0, "mth4_5": 220.0, "hallux": 255.0})
               for w in windows]
    assert {a.level for a in run(healthy)} == {"none"}


def _creeping(windows, onset_s=600.0, per_min=0.01, resid_per_min=0.4):
    """The forefoot PTI rate rising ``per_min`` a minute and the residual ``resid_per_min`` kPa a minute
    after ``onset_s`` (swelling), peaks unchanged."""
    out = []
    for w in windows:
        m = max(0.0, w.t_s - onset_s) / 60.0
        out.append(replace(w, pti_kpa_s_per_min={r: v * (1.0 + per_min * m) for r, v in NORMAL_PTI.items()},
                           residual_forefoot_kpa=w.residual_forefoot_kpa + resid_per_min * m))
    return out


def test_creeping_load_with_a_rising_residual_warns():
    """Ten minutes at the rider's normal, then the forefoot load creeps up 1 % a minute and the residual
    0.4 kPa a minute (swelling): creeping load, once its average passed creep_ratio."""
    windows, _ = stream(60)
    out = run(_creeping(windows))
    warn = first(out, "warning")
    assert warn is not None and warn.pattern in ("creeping_load", "residual_unloaded")
    assert warn.region in ALERT_REGIONS
    harder = run(_creeping(windows, resid_per_min=0.0))  # harder riding: more load, the same residual
    assert first(harder, "warning", "alert") is None
    flat = [replace(w, pti_kpa_s_per_min=dict(NORMAL_PTI)) for w in windows]
    assert {a.level for a in run(flat)} <= {"none", "notice"}


def test_creeping_load_warns_even_with_regular_relief():
    """Swelling is not undone by a 30 s relief every 6 minutes."""
    windows, reliefs = stream(60, relief_every_s=360.0)
    out = run(_creeping(windows), reliefs)
    warn = first(out, "warning")
    assert warn is not None and warn.pattern in ("creeping_load", "residual_unloaded")
    assert first(out, "alert") is None  # relieved every 6 minutes: no escalation


# -- naming, judging, contract ---------------------------------------------------------------------

def test_every_warning_names_a_forefoot_region_even_for_whole_forefoot_patterns():
    pti = {"mth1": 1500.0, "mth2_3": 1600.0, "mth4_5": 1400.0, "hallux": 2500.0}
    out = run(stream(20, residual=30.0, pti=pti)[0])
    warns = [a for a in out if a.level in ("warning", "alert")]
    assert warns and all(a.region == "hallux" for a in warns)  # the most loaded region


def test_focal_load_needs_all_four_forefoot_regions():
    """Without MTH2-3 the normal ratios are undefined: a high MTH1 against MTH4-5 and a weak hallux (as in
    PhysioNet's 8-sensor layout) is not called focal."""
    peaks = {"mth1": 232.0, "mth4_5": 181.0, "hallux": 69.0}
    out = run(stream(20, relief_every_s=480.0, activity="walking", share=0.43, cop=0.46, ml=0.0,
                     residual=0.0, peaks=peaks, pti={"mth1": 3000.0, "mth4_5": 2500.0, "hallux": 900.0})[0])
    assert {a.level for a in out} == {"none"}


def test_a_layout_without_forefoot_regions_stops_at_notice():
    out = run(stream(30, share=0.95, peaks={}, pti={})[0])
    assert {a.level for a in out} <= {"none", "notice"}
    assert any("no forefoot region" in r for a in out for r in a.reasons)


def test_windows_with_little_data_or_a_relief_are_not_judged():
    out = run(stream(30, relief_every_s=480.0, share=0.82, valid=0.5)[0])
    assert all(a.level == "none" for a in out)
    windows, _ = stream(30, share=0.82)
    windows = [replace(w, relieved_now=True, time_since_relief_s=0.0) for w in windows]
    assert all(a.level == "none" for a in run(windows))


def test_a_pattern_needs_confirmation_and_clears():
    windows, reliefs = stream(30, relief_every_s=480.0)
    windows = [replace(w, relieved_now=False) for w in windows]
    blip = [replace(w, forefoot_share=0.82) if 300 <= w.t_s < 320 else w for w in windows]  # 2 windows
    assert all(a.level == "none" for a in run(blip, reliefs))
    spell = [replace(w, forefoot_share=0.82) if 300 <= w.t_s < 600 else w for w in windows]
    out = run(spell, reliefs)
    on = [a.t_s for a in out if a.pattern == "forefoot_share_high"]
    assert on[0] == pytest.approx(300 + (P.confirm_windows - 1) * STEP_S)
    assert on[-1] == pytest.approx(600 + (P.clear_windows - 2) * STEP_S)  # gone at the 6th window without
    assert out[-1].level == "none"


def test_one_foot_only_and_any_feeding_gives_the_same_assessments():
    windows, reliefs = stream(40, relief_every_s=360.0, foot="right", peaks={**NORMAL_PEAKS, "mth2_3": 94.0})
    out = run(windows, reliefs, foot="right")
    assert {a.foot for a in out} == {"right"}
    det = ForefootDetector("right", P)
    assert det.feed(windows, reliefs) == out


def test_windows_out_of_order_are_refused():
    det = ForefootDetector("left", P)
    det.feed([window(20.0)])
    with pytest.raises(ValueError, match="time order"):
        det.feed([window(10.0)])


def test_pattern_names_and_fits_are_consistent():
    assert set(WARNING_PATTERNS).isdisjoint(NOTICE_PATTERNS)
    for fits in PATTERN_FITS.values():
        assert fits <= set(WARNING_PATTERNS)


def test_a_kept_normal_that_is_extreme_is_this_riders_normal_and_a_rise_above_it_still_warns():
    lateral = {"ml": 0.45, "peaks": {**NORMAL_PEAKS, "mth4_5": 140.0}}
    kept = RiderBaseline({"left": {"cycling": ActivityBaseline(30, ml_index=0.45, forefoot_share=0.71,
                                                                residual_fraction=10.0 / 78.0, residual_kpa=10.0,
                                                                cop_y=0.61)}})

    def run_kept(windows):
        det = ForefootDetector("left", P, baseline=kept)
        return [a for w in windows for a in det.feed([w])]

    first_ride = run(stream(20, **lateral)[0])
    assert first(first_ride, "warning", "alert").pattern == "lateral_overload"  # extreme from the start
    same = run_kept(stream(20, **lateral)[0])
    assert first(same, "warning", "alert") is None  # the rider's own normal: at most a notice
    rose = run_kept(stream(20, ml=0.45 + P.ml_rise + 0.02, peaks={**NORMAL_PEAKS, "mth4_5": 160.0})[0])
    warn = first(rose, "warning", "alert")
    assert warn is not None and warn.pattern == "lateral_overload" and warn.region == "mth4_5"


@pytest.mark.parametrize("n", [1, 7, 8, 9, 30, 31, 128, 129, 300, 1001])
def test_the_detectors_mean_is_numpys_mean_bit_for_bit(n):
    import random

    import numpy as np

    from monitor.signal.float_mean import mean_as_numpy as _mean

    rng = random.Random(n)
    for _ in range(20):
        values = [rng.uniform(-1.0, 1.0) * 10.0 ** rng.randint(-6, 6) for _ in range(n)]
        assert _mean(values).hex() == float(np.mean(values)).hex()


def _kept_normal() -> RiderBaseline:
    """A kept normal that is the ``window`` default's: a well-fitting seated rider."""
    from monitor.signal.baseline import focal_ratios

    w = window(60.0)
    return RiderBaseline({"left": {"cycling": ActivityBaseline(
        30, ml_index=w.ml_index, forefoot_share=w.forefoot_share, residual_fraction=10.0 / 78.0,
        residual_kpa=10.0, cop_y=w.cop_y_mean, focal=focal_ratios(w))}})


@pytest.mark.parametrize("margin, warns", [(-0.02, False), (0.02, True)])
def test_a_lateral_change_warns_just_past_its_rise_against_the_kept_normal_and_not_short_of_it(margin, warns):
    det = ForefootDetector("left", P, baseline=_kept_normal())
    out = [a for w in stream(15, ml=-0.16 + P.ml_rise + margin)[0] for a in det.feed([w])]
    warn = first(out, "warning", "alert")
    assert (warn is not None) == warns, warn
    if warns:
        assert (warn.pattern, warn.region) == ("lateral_overload", "mth4_5")


@pytest.mark.parametrize("factor, warns", [(0.96, False), (1.04, True)])
def test_a_focal_change_warns_just_past_its_rise_against_the_kept_normal_and_not_short_of_it(factor, warns):
    peaks = {**NORMAL_PEAKS, "mth2_3": NORMAL_PEAKS["mth2_3"] * P.focal_rise * factor}
    det = ForefootDetector("left", P, baseline=_kept_normal())
    out = [a for w in stream(15, peaks=peaks)[0] for a in det.feed([w])]
    warn = first(out, "warning", "alert")
    assert (warn is not None) == warns, warn
    if warns:
        assert (warn.pattern, warn.region) == ("focal_mth", "mth2_3")


@pytest.mark.parametrize("margin_kpa, warns", [(-1.0, False), (1.0, True)])
def test_an_extreme_residual_needs_its_least_pressure_as_well_as_its_share_of_the_peak(margin_kpa, warns):
    """Half the usual peaks, so the residual is well past its extreme share of the peak (0.18 on a bike)
    either way: only the pressure, just above or just below ``residual_extreme_min_kpa``, decides."""
    peaks = {r: v * 0.5 for r, v in NORMAL_PEAKS.items()}
    residual = P.residual_extreme_min_kpa + margin_kpa
    assert residual / max(peaks.values()) >= P.residual_fraction_extreme["cycling"]
    assert residual < P.residual_kpa["cycling"]
    warn = first(run(stream(15, peaks=peaks, residual=residual)[0]), "warning", "alert")
    assert (warn is not None) == warns, warn
    if warns:
        assert warn.pattern == "residual_unloaded"


@pytest.mark.parametrize("factor, warns", [(0.97, False), (1.03, True)])
def test_creeping_load_warns_just_past_its_ratio_and_not_short_of_it(factor, warns):
    """After ten minutes at the rider's normal the forefoot PTI rate steps to ``factor`` x creep_ratio of
    it, and the residual rises 4.5 kPa (its share of the peak 0.06 up, past creep_residual_rise_fraction,
    but short of a residual change, residual_rise_kpa, and of the extreme residual): only the creeping load
    can warn, and only past its ratio."""
    rate = P.creep_ratio * factor
    windows = [replace(w, pti_kpa_s_per_min={r: v * rate for r, v in NORMAL_PTI.items()},
                       residual_forefoot_kpa=9.5) if w.t_s > 600.0 else w
               for w in stream(30, residual=5.0)[0]]
    out = run(windows)
    warn = first(out, "warning", "alert")
    assert (warn is not None) == warns, warn
    if warns:
        assert warn.pattern == "creeping_load"
