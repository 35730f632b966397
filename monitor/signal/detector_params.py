"""The forefoot detector's defaults (``Params`` section ``detector``, DetectorParams; monitor.signal.params
gathers every section): the rider's normal, the patterns' cut-offs on each tier, and the loaded time that
makes a warning and an alert.

Each default carries its evidence: a domain.md tag ([n] S/M/W, see ../shared/docs/domain.md in the
workplace, cited in docs/detection.md) or "guess". docs/detection.md explains each.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _focal_norm(**changes: dict[str, float]) -> dict[str, dict[str, float]]:
    """DetectorParams.focal_norm's default (a fresh copy), with ``changes`` per activity on top of it."""
    norm = {
        "cycling": {"mth1": 1.2, "mth2_3": 0.95, "mth4_5": 0.75},
        "running": {"mth1": 0.95, "mth2_3": 1.2, "mth4_5": 0.85},
        "walking": {"mth1": 0.95, "mth2_3": 1.2, "mth4_5": 0.85},
        "elliptical_or_stair": {"mth1": 0.95, "mth2_3": 1.2, "mth4_5": 0.85},
        "unknown": {"mth1": 1.2, "mth2_3": 1.2, "mth4_5": 0.85},
    }
    return {act: {**ratios, **changes.get(act, {})} for act, ratios in norm.items()}


@dataclass(frozen=True)
class DetectorParams:
    #: Baseline: the person's own first minutes of an activity, judged windows only (rolling 5-10 min PTI
    #: against the first 10 min [W], domain.md section 3; the shorter end, so that a rider is known before
    #: most problems begin; guess). A saved rider baseline (``--rider``) replaces it from the first window.
    baseline_s: float = 300.0
    #: A window is judged only with this much of its data present (guess).
    min_valid_fraction: float = 0.8
    #: A pattern starts after this many judged windows in a row show it, and ends after ``clear_windows``
    #: judged windows in a row without it (10 s steps: 30 s and 60 s; guess).
    confirm_windows: int = 3
    clear_windows: int = 6
    #: Forefoot share (pressure-time share with fixed region weights, monitor.signal.regions) above which
    #: load is elevated, per activity. Cycling 0.72: between simulated healthy rides (0.63-0.66) and the
    #: flat-insole ride (0.72-0.78), i.e. set on the simulator (guess). The others are the earlier guesses, set
    #: above the shares of well-fitting simulated sessions (cycling ~0.71, running ~0.72, walking ~0.62,
    #: elliptical ~0.68, stair ~0.82). A real walk, PhysioNet GaCo01_01 (../shared/data/README.md), reads
    #: 0.58 on this share (`solewatch analyze`), under walking's 0.70; the README's 0.42-0.47 is another
    #: quantity (the raw force impulse of its sensors 6-8 over stance) and sets nothing here. Stepping
    #: machines keep the forefoot loaded by design (domain.md section 6 [1] W), so their limit is high.
    #: Tune per person.
    forefoot_share_high: dict[str, float] = field(default_factory=lambda: {
        "cycling": 0.72, "running": 0.77, "walking": 0.70, "elliptical_or_stair": 0.86, "unknown": 0.86,
    })
    #: A metatarsal region is focal when its peak over the mean peak of the other alert regions (MTH1,
    #: MTH2-3, MTH4-5, hallux) is this many times its normal ratio for the activity (guess) ...
    focal_ratio: float = 1.25
    #: ... extreme at this many times the normal ratio, a warning from the first minute, for MTH1 and
    #: MTH2-3 (a high MTH4-5 is lateral_overload's). Guess, from the population's tuning part: healthy
    #: riders' MTH2-3 stood at most 1.15 x the other regions on discrete layouts and 1.30 on the
    #: 99-sensel grid (the hot-spot pressures; the generator's healthy bounds reach ~1.43 there), focal
    #: ones 1.03-2.07 ...
    focal_extreme: float = 1.6
    #: ... where the extreme tier takes another normal ratio than ``focal_norm``: a forefoot-striking runner
    #: loads MTH1 more [13][14] M and is not hurt by it (a healthy forefoot-striking tuning runner of the
    #: population stood at 1.54 x the other regions on the 18-sensor layout at 25 Hz, past 1.6 x 0.95), so
    #: running's MTH1 is judged extreme against pedalling's 1.2 (guess); its population tier (a notice
    #: with the forefoot-strike advice) keeps ``focal_norm``. Walking and stepping are taken as running, as
    #: ``focal_norm`` takes them (a healthy tuning walker whose feet differ stood at 1.54 on one foot). The
    #: other ratios are ``focal_norm``'s.
    focal_extreme_norm: dict[str, dict[str, float]] = field(default_factory=lambda: _focal_norm(
        running={"mth1": 1.2}, walking={"mth1": 1.2}, elliptical_or_stair={"mth1": 1.2}))
    #: ... a change when the region's ratio reaches this many times the rider's own normal ratio (guess: a
    #: metatarsal pad cuts a walking forefoot peak by 17-19 % [21] M, a carbon orthosis the forefoot's by 6 %
    #: [4] W; no figure for a cleat move was found; a focal problem more).
    focal_rise: float = 1.2
    #: ... the normal ratios: pedalling loads MTH1 and hallux most [8] M; running loads MTH2-3 above MTH1 in
    #: every trial [3] M; walking and stepping taken as running (guess); unknown the larger of both.
    focal_norm: dict[str, dict[str, float]] = field(default_factory=_focal_norm)
    #: Mediolateral index (MTH4-5 - MTH1) / (MTH4-5 + MTH1) of pressure-time, population cut-off: above it
    #: a notice until the rider's baseline is known (guess; well-fitting feet load MTH1 more [8] M) ...
    ml_index_high: float = 0.05
    #: ... extreme, a warning from the first minute: MTH4-5 2.3 x MTH1, well beyond the lateral forefoot
    #: 34-59 % above medial that upright riders show [4] W (an index of 0.15-0.23) (guess; 0.33 warned a
    #: healthy tuning rider, r00065, whose MTH4-5 carries 1.39 x MTH1, on the 99-sensel grid at 25 Hz with
    #: 3 kPa noise on a first ride: the grid reads its index 0.04-0.05 above the discrete layouts) ...
    ml_index_extreme: float = 0.40
    #: ... a change against the rider's own normal: MTH4-5 about 25 % up against MTH1 (an index 0.10
    #: higher; guess: [4] W gives healthy upright riders' lateral forefoot 34-59 % above the medial or
    #: central, no size of a change; 25 % is under the low end of that).
    ml_rise: float = 0.10
    #: ... and against the other foot (monitor.analysis.unilateral; pedalling only): MTH4-5 over MTH1 (of
    #: pressure-time), or MTH2-3's focal ratio, on one foot this many times the other foot's, held as any
    #: change is. 1.34 is a guess, the other foot standing for the rider's normal: [4] W gives healthy
    #: upright riders' lateral forefoot 34-59 % above the medial or central forefoot, not the size of an
    #: overload; the low end of that spread is taken as one. A one-sided pattern is worth checking in itself
    #: (domain.md section 6, "Unilateral pattern" W). The same limit for a focal peak, and over a normal
    #: kept from earlier rides (guess).
    unilateral_ratio: float = 1.34
    #: A mean nominal centre of pressure (monitor.signal.regions; 0 heel .. 1 toe) this far forward is at the
    #: front of the ball of the foot, per activity: the values are a guess ([7] W places a symptomatic rider's
    #: COP there and gives no figure; the metatarsal heads sit at 0.6-0.75 of foot length, also a guess;
    #: healthy tuning cyclists of the rider population read 0.60-0.64 on every layout).
    cop_forward_y: dict[str, float] = field(default_factory=lambda: {
        "cycling": 0.64, "running": 0.64, "walking": 0.60, "elliptical_or_stair": 0.70, "unknown": 0.70,
    })
    #: Residual forefoot pressure in the unloaded phase above this (kPa) means the shoe never lets go
    #: (guess; above capillary closing, 4.3 kPa [28] S, and arteriolar impairment, 40-50 mmHg = 5.3-6.7 kPa
    #: [29] S; clipped in, the forefoot is never fully unloaded, domain.md section 1, which gives no figure:
    #: the simulator's upstroke floor is 8 kPa, a guess, firmware_sim/model.py). Stepping machines keep the
    #: foot on the pedal through the recovery, so their limit is higher (guess).
    residual_kpa: dict[str, float] = field(default_factory=lambda: {
        "cycling": 15.0, "running": 15.0, "walking": 15.0, "elliptical_or_stair": 40.0, "unknown": 40.0,
    })
    #: Residual load is extreme, a warning from the first minute, when it is at least ``residual_kpa`` and
    #: this share of the forefoot's loaded peak: a clipped-in upstroke keeps a floor (domain.md section 1,
    #: no figure), 3-15 % of the peak in the rider population (docs/population.md, a guess); a swing in gait
    #: carries next to nothing [15] S (guess) ...
    residual_fraction_extreme: dict[str, float] = field(default_factory=lambda: {
        "cycling": 0.18, "running": 0.05, "walking": 0.05, "elliptical_or_stair": 0.6, "unknown": 0.6,
    })
    #: ... and at least this pressure (kPa): above the simulator's 8 kPa upstroke floor (a guess,
    #: firmware_sim/model.py; domain.md section 1 gives no figure) and capillary closing, 4.3 kPa [28] S
    #: (guess).
    residual_extreme_min_kpa: float = 10.0
    #: ... and a change when it rises this share of the loaded peak, and this many kPa, above the rider's
    #: own normal (guess; above capillary closing, 4.3 kPa [28] S).
    residual_rise_fraction: float = 0.05
    residual_rise_kpa: float = 5.0
    #: Forefoot share extreme, a warning from the first minute, above this (guess: beyond every healthy
    #: rider and runner of the population's tuning part, 0.46-0.83 over 20-minute rides, and the 0.933 held
    #: for three windows late in a whole ride by a tuning cyclist standing on a climb, r00047 on moticon16);
    #: standing and climbing move a share by up to 0.18 for minutes: past the cut-off it is a notice.
    forefoot_share_extreme: float = 0.95
    #: Once the baseline is known, a share or centre of pressure past its cut-off is a notice only when it
    #: also stands this far above the rider's normal (guess).
    notice_share_rise: float = 0.08
    notice_cop_rise: float = 0.05
    #: Creeping load: the forefoot PTI rate, averaged over ``creep_window_s``, at this ratio of the
    #: baseline (guess; swelling and tight closures [16][17] W; well-fitting simulated rides stay within
    #: 0.88-0.98 of their first 10 min once the tare has settled) ...
    creep_ratio: float = 1.15
    #: ... averaged over this long (the 5 min end of domain.md section 3's 5-10 min [W]) ...
    creep_window_s: float = 300.0
    #: ... while the residual share of the loaded peak is up by this much too: swelling fills the shoe,
    #: a harder effort does not (guess).
    creep_residual_rise_fraction: float = 0.05
    #: A pattern beyond the rider's normal (or extreme) held for this much loaded time gives a warning
    #: (reliefs pause it, they do not undo it): within 8 minutes of a problem's start; the case onset was
    #: ~30 min [7] W and tolerance falls with time under load [34] S; 5 min (guess).
    warn_after_s: float = 300.0
    #: ... and an alert this much later if it continues without relief (guess).
    alert_after_s: float = 600.0
    #: Normal load without relief this long gives a notice (reminder to unweight): every 15-30 min [38] W.
    notice_no_relief_s: float = 1200.0
    #: Relief becoming rare: a notice when the time since the last relief passes this multiple of the
    #: longest stretch without relief in the baseline, and at least ``relief_rare_min_s`` (guess).
    relief_rare_ratio: float = 2.0
    relief_rare_min_s: float = 600.0
