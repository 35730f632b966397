"""The defaults of the pipeline's stages before the detector: the causal filter, the tare, the gait and
stroke cycles, the activity recogniser and the rolling window features (``Params`` sections ``filter``,
``tare``, ``cycles``, ``activity``, ``features``; monitor.signal.params gathers every section).

Each default carries its evidence: a domain.md tag ([n] S/M/W, see ../shared/docs/domain.md in the
workplace, cited in docs/detection.md) or "guess". docs/detection.md explains each.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FilterParams:
    #: Causal low-pass cut-off for the live path. Peak-force error is < 3 % down to 20 Hz sampling [42] M,
    #: so plantar pressure carries little above ~10 Hz; 15 Hz keeps impact peaks in running (guess).
    lowpass_hz: float = 15.0
    order: int = 2


@dataclass(frozen=True)
class TareParams:
    #: A foot carrying less than this total force is unloaded (in the air, foot off the pedal) and its
    #: sensors' readings are offsets (guess: ~1.5 % of an 80 kg body weight; the Moticon sample reads
    #: <= 3 N in swing, the simulator's unweighted foot in a closed shoe ~7 N, its clipped-in upstroke
    #: >= 18 N: clipped in, the foot is never unloaded, domain.md section 1). Kept low on purpose: a
    #: foot held by a tight shoe is not unloaded, so its residual pressure is never tared away.
    unloaded_total_n: float = 12.0
    #: ... and whose forefoot hot spots all read less than this (kPa; each region's most loaded
    #: HOT_AREA_MM2, so a grid's many unloaded sensels do not dilute a loaded head): capillary closing,
    #: 4.3 kPa [28] S. A strap or closure that keeps load on the heads of an otherwise light foot (straps
    #: and cages are a risk [16] M; the simulated toe clip keeps 10-25 kPa, a guess, docs/population.md)
    #: is load, not an offset; the simulated insole
    #: drifts 0-2 kPa (firmware_sim/model.py), which stays below it.
    forefoot_loaded_kpa: float = 4.3
    #: Time constant of the offset tracker while the foot is unloaded (guess).
    offset_tau_s: float = 30.0
    #: Largest offset the tracker will remove from a sensor; more is load, not drift (guess).
    max_offset_kpa: float = 10.0
    #: An explicit tare takes each sensor's mean over this much of the latest data (s) (guess).
    tare_window_s: float = 0.5


@dataclass(frozen=True)
class CycleParams:
    #: Gait: contact when total force rises above the swing level by this fraction of the foot's typical
    #: stance peak over it (force-threshold segmentation, domain.md section 3) (guess, set before looking
    #: at any reference events).
    contact_fraction: float = 0.05
    #: Gait: ... and by at least this much nominal load (N; monitor.signal.regions: 10 N is 2.9 kPa of mean
    #: sole pressure on any insole): above a quantisation step of the coarsest insole, Moticon's 2.5 kPa
    #: [46] (guess). It was 20 N of summed sensor force; with nominal load that read 5.9 kPa and put the
    #: Moticon walk's initial contacts 16 ms late (tests/test_gait_events_real.py), so it was lowered.
    min_contact_n: float = 10.0
    #: Gait: toe-off when force falls below this fraction of the contact threshold's height over the
    #: swing level (hysteresis against sensor noise and quantisation, e.g. Moticon's 0.25 N/cm² steps
    #: [46]) (guess).
    release_fraction: float = 0.8
    #: Gait: toe-off also when force falls below this fraction of the stance's own peak over the swing
    #: level, whichever level is higher. An insole unloads slower than a force plate (sensor hysteresis;
    #: insoles measure longer stances than force plates, Ho et al. 2019, PMC6453056), so the tail of the
    #: toe-off sits on a few newtons for tens of ms (guess; set after seeing the Moticon sample walk,
    #: tests/test_gait_events_real.py: 0.06-0.12 meet its targets; on nominal load 0.07 and above shortened
    #: the simulated forefoot-strike run's stance below 250 ms, 0.06 keeps it within 10 % of the 270-285 ms
    #: of [11] M).
    to_fraction: float = 0.06
    #: Gait: missing samples for at most this long (s) inside a stance or a swing are bridged: the phase
    #: goes on, but no event is placed in the gap. Shorter than min_stance_s and any swing, so no whole
    #: phase can hide in it (guess; the Moticon exports drop 1-6 samples at 100 Hz, data README).
    max_gap_s: float = 0.1
    #: Gait: a swing shorter than this (s) is no swing: force that falls to the toe-off level and comes
    #: back to contact within it leaves one stance. An insole with no sensor under the midfoot (heel, MTH1,
    #: MTH4-5, hallux) dips to its swing level in midstance, between the heel's load and the forefoot's,
    #: for 20-80 ms (the rider population's `four` layout); a swing lasts 0.3 s and more, running at
    #: 154-169 steps/min with 270-285 ms of contact [11] M (guess: a third of that; at 0.15 s a foot
    #: lifted for 122 ms in a turn of the PhysioNet walk merged two steps into one).
    min_swing_s: float = 0.1
    #: Gait: the typical stance peak is the median of this many recent stance peaks (guess) ...
    peak_memory: int = 7
    #: ... brought up to date at each whole multiple of this much session time (s) (guess).
    peak_update_s: float = 5.0
    #: Gait: the running minimum is a swing level only while it is at most this fraction of the running
    #: maximum over the same window; above it the foot is standing or shifting its weight, not stepping,
    #: and no contact starts or ends (guess: a foot in swing carries next to nothing, a tight shoe a
    #: little).
    max_swing_fraction: float = 0.25
    #: Gait: ... and whatever the running maximum while it is at most this much nominal load (N): an
    #: insole in the air reads next to nothing, and this needs no history, so the swing before the first
    #: stance of the data, or of the data after a gap longer than max_gap_s, is one (the window then holds
    #: the swing alone, and its maximum is the swing's own noise). One min_contact_n, 2.9 kPa of mean sole
    #: pressure: about one of Moticon's 2.5 kPa quantisation steps [46] (guess; the Moticon walks read
    #: 0-3 N in swing after the tare, tests/test_gait_events_real.py).
    swing_floor_n: float = 10.0
    #: Gait, on an uncalibrated insole (counts at a nominal scale, SensorLayout.calibrated false), whose
    #: newtons are the scale's guess: once the foot's typical stance peak is known, min_contact_n is this
    #: share of that peak and swing_floor_n that one, so that the insole's scale cancels out. 10 N is 6 % of
    #: the Moticon walk's typical stance peak, 168 N left and 172 N right (tests/test_gait_events_real.py)
    #: (guess: 6 % for both).
    nominal_min_contact_fraction: float = 0.06
    nominal_swing_floor_fraction: float = 0.06
    #: Shortest stance and stride accepted (s): running contact 270-285 ms [11] M; a stride (a foot's contact to
    #: its next) of 0.4 s is 300 steps a minute, above any running or walking cadence (guess).
    min_stance_s: float = 0.12
    min_stride_s: float = 0.4
    #: Longest stride; also the window of the running minimum that gives the swing level (s) (guess).
    max_stride_s: float = 3.0
    #: Strokes a minute of one foot searched (monitor.signal.strokes): pedalling 60-110 rpm, lab 80-90 [10] M, and a
    #: stepping machine, whose strokes are found the same way: a stair-climber at 50-120 steps/min is 25-60 strokes
    #: per foot (guess, as ActivityParams.cycling_min_rpm). The slowest is the activity recogniser's longest cycle,
    #: ActivityParams.max_period_s 3 s, widened (guess); the fastest, 130, pedalling's 110 with a margin (guess).
    min_cadence_rpm: float = 20.0
    max_cadence_rpm: float = 130.0
    #: Strokes: a force peak (minimum) is a candidate once no higher (lower) force came within this
    #: fraction of the shortest stroke period (60 / max_cadence_rpm) before or after it (guess) ...
    stroke_lookahead_fraction: float = 0.5
    #: ... and successive peaks and minima must differ by this fraction of the median recent stroke
    #: amplitude (peak minus preceding minimum), and by at least min_stroke_n (guess).
    stroke_prominence_fraction: float = 0.3
    #: A valley's minima within this fraction of that prominence of its lowest are one floor: a stroke
    #: opens at the last of them, where the force starts to rise, and closes at the first, where it reached
    #: the floor, so a stroke next to a pause (coasting, a relief, a break on a stepper) does not take in
    #: the flat of the pause up to its lowest noise sample (guess: noise, not load).
    stroke_floor_tolerance_fraction: float = 0.2
    #: Smallest stroke amplitude (N): less is noise or a resting foot, not pedalling (guess).
    min_stroke_n: float = 15.0


@dataclass(frozen=True)
class ActivityParams:
    #: Window over which the activity is recognised (s), and how often (s) (guess).
    window_s: float = 20.0
    step_s: float = 10.0
    #: Less valid data than this share of the window (or fewer complete, loaded cycles than this share
    #: of those that fit in it), a load range below min_load_range_n (N), or an autocorrelation peak
    #: below min_periodicity gives "unknown" (guesses).
    min_valid_fraction: float = 0.5
    min_load_range_n: float = 20.0
    min_periodicity: float = 0.3
    #: Cycle periods searched (s): one foot's cycle at 20-150 per minute (stair-climbing to fast
    #: pedalling; domain.md section 1) (guess on the edges).
    min_period_s: float = 0.4
    max_period_s: float = 3.0
    #: A sample is "at the floor" when within this fraction of its cycle's load range of the cycle's floor
    #: (its 12.5th percentile, the middle of its lowest quarter) (guess: noise and quantisation only).
    floor_band_fraction: float = 0.02
    #: Gait: a foot in the air reads a constant, so each cycle sits at its floor for the whole swing,
    #: ~40 % of a walking cycle [15] S and more when running. A pedal, an elliptical or a stepper keeps
    #: the load changing through the cycle. At least this share of each cycle at the floor is gait (guess).
    gait_min_unloaded_fraction: float = 0.3
    #: Running has a flight phase: stance under half the cycle (contact 270-285 ms at 154-169 steps/min
    #: [11] M), walking stance ~60 % [15] S. At least this share at the floor is running ...
    running_min_unloaded_fraction: float = 0.5
    #: ... and within 0.05 of it the step rate decides (steps/min, both feet): running 154-169 [11] M,
    #: walking 90-120 [15] S.
    running_min_steps_per_min: float = 135.0
    #: Continuous contact is elliptical or stair, not cycling, when the heel carries at least this share
    #: of the force for at least elliptical_min_heel_time of the loaded time: the weight rolls onto the
    #: heel once a cycle (elliptical heel pressure 94 kPa [1] S), while the heel sits behind the pedal
    #: spindle (guesses on both numbers) ...
    #: (the share is of nominal load, monitor.signal.regions: 0.3 called a pedalling rider with a heavy
    #: heel elliptical, rider r00002 of the population's tuning part; the simulator's elliptical and stair
    #: sessions stay recognised up to 0.5; 0.45 between them, guess)
    elliptical_min_heel_share: float = 0.45
    elliptical_min_heel_time: float = 0.1
    #: ... or when the cycle sits at its floor for less than this share: the pedalling leg's force drops to
    #: its floor through the upstroke, while a stepper or elliptical keeps body weight on the foot (guess)
    #: ...
    cycling_min_floor_fraction: float = 0.15
    #: ... or when one foot's cycle rate is below this (per minute): cycling 60-110 rpm, lab 80-90 [10] M,
    #: standing climbs from 50; a stair-climber at 50-120 steps/min is 25-60 per foot (guess). Cadence
    #: alone cannot tell a slow standing climb from a fast stepper.
    cycling_min_rpm: float = 45.0
    #: IMU (monitor.signal.imu_activity, where a foot sends acceleration): a foot at rest reads 1 g of
    #: specific force and no angular rate. A sample is at rest within imu_rest_accel_tol_g of 1 g and below
    #: imu_rest_gyro_dps (guesses; the real Moticon walk's foot-flats read 0.98-1.00 g and 2-10 deg/s, its
    #: swings 170-430 deg/s) ...
    imu_rest_accel_tol_g: float = 0.1
    imu_rest_gyro_dps: float = 30.0
    #: ... for at least imu_rest_min_s: a pedalling foot passes 1 g for under 50 ms a revolution (60 rpm,
    #: 170 mm crank, computed in imu_activity) while a walking foot-flat lasts 0.3-0.5 s (real Moticon walk).
    #: A rest longer than imu_foot_flat_max_s is standing or coasting, not a stance (guess: a 50 steps/min
    #: walk's stance is 65 % of its 2.4 s stride, 1.6 s).
    imu_rest_min_s: float = 0.1
    imu_foot_flat_max_s: float = 2.0
    #: Between two foot-flats a stepping foot swings: its angular rate reaches imu_swing_min_dps, or without
    #: a gyroscope its acceleration leaves 1 g by imu_swing_min_accel_g (guesses, well under the real walk's
    #: 170-430 deg/s and 2-4 g).
    imu_swing_min_dps: float = 100.0
    imu_swing_min_accel_g: float = 0.5
    #: Gait: at least this many foot-flats each followed by a swing in the window (guess).
    imu_min_strides: int = 3
    #: Less than this share of the window's valid samples moving is "still": no IMU verdict (guess).
    imu_min_moving_fraction: float = 0.25
    #: Continuous contact: a pedal moves the foot on a circle, so its acceleration is a smooth near-sinusoid
    #: at the crank rate: RMS jerk over (2 pi f x RMS acceleration) is 1 for a pure sinusoid at f, 2 at 2 f;
    #: impacts and foot-flats push it higher (guess: at most imu_max_jerk_ratio) ...
    imu_max_jerk_ratio: float = 2.0
    #: ... and the radius that the acceleration's size implies, RMS |a| / (2 pi f)^2, is a crank's: 165-175
    #: mm cranks, ellipticals' longer paths (guess on the margins, which also hold the ankling's share).
    imu_min_radius_m: float = 0.08
    imu_max_radius_m: float = 0.40
    #: Acceleration is averaged over this long before the jerk is taken (guess: one tenth of a second
    #: leaves the crank's first harmonics and takes off sensor noise).
    imu_smooth_s: float = 0.1


@dataclass(frozen=True)
class FeatureParams:
    #: Rolling window and step of WindowFeatures (s) (guess; 5-10 min PTI windows are suggested for the
    #: detector [W], these short windows feed it).
    window_s: float = 60.0
    step_s: float = 10.0
    #: Forefoot relief (monitor.signal.relief), on the forefoot pressure (the forefoot regions' located hot
    #: spots, nominal-weighted, kPa: monitor.signal.hot_spot_track): unloaded when the smoothed pressure
    #: falls below relief_enter_kpa, loaded again when it rises above relief_exit_kpa. An unweighted foot
    #: in a closed shoe reads ~2 kPa per sensor (guess) and a Moticon export steps by 2.5 kPa [46] W, so a
    #: resting forefoot sits at 0-5 kPa;
    #: capillary closing is 4.3 kPa [28] S; clipped in, the forefoot is never fully unloaded (domain.md
    #: section 1, no figure) and the simulator's upstroke keeps 8 kPa under the metatarsal heads (a guess,
    #: firmware_sim/model.py) (guess) ...
    relief_enter_kpa: float = 6.0
    relief_exit_kpa: float = 10.0
    #: ... after a running median over this long: 5 samples at 25 Hz, so one sample of noise (3 kPa SD)
    #: or one quantisation step cannot start or end a relief (guess) ...
    relief_smooth_s: float = 0.2
    #: ... for at least this long (the issue's definition; wheelchair unloading of 15-30 s [38] W).
    relief_min_s: float = 20.0
    #: Running or walking: a swing with the forefoot below the floor this long unloads it (resets the time
    #: since relief, without being a relief). Swing is ~40 % of a walking cycle [15] S, >= 0.4 s (guess).
    gait_unload_min_s: float = 0.1
    #: Residual forefoot pressure of a cycle: this quantile of the forefoot peak pressure in the unloaded
    #: phase (a low quantile, so the shoulders of the stroke do not count as residual load; guess).
    residual_quantile: float = 0.25
    #: A window is final this long after its end, so the cycle detectors have reported every cycle that
    #: ends inside it: longer than their reporting delay (monitor.signal.param_checks.cycle_report_delay_s,
    #: 3.23 s by default: a stroke 60 / min_cadence_rpm plus its candidate window after its end) and than
    #: the longest stride accepted, CycleParams.max_stride_s (guess).
    settle_s: float = 5.0
    #: Samples kept for per-cycle features (s): longer than a cycle plus its reporting delay (guess).
    cycle_buffer_s: float = 12.0
