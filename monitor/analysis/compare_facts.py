"""What a comparison (monitor.analysis.compare) needs to know about one analysed session besides its
numbers: its activity per foot, how long it lasted and how much of each foot's data is missing, and its
sensor layouts. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from monitor.analysis.batch import AnalysisResult
from monitor.analysis.setup import Setup
from monitor.codebook import FEET, SensorLayout, sensor_columns
from monitor.link.moticon import OPENGO_MODEL
from monitor.session.absence import absent_frames, absent_spans, data_time_s, unfilled_gap_frames
from monitor.session.model import Session
from monitor.signal.baseline import normal_key
from monitor.util.pressure_units import unit_name


@dataclass
class SessionFacts:
    """What the caveats need about one session: its id, activity per foot (:func:`foot_activity`), duration
    (s: the session's as recorded, which the report's header says, else the longest foot's span of frames),
    missing fraction per foot (0..1, None when unknown), layouts per foot, counted cycles per foot (None for a
    foot not analysed, or one whose load was never measured: FootPipeline.summary), and per
    foot the insole's maker and model as its device says them (``(manufacturer, model)``, from the session's
    ``devices``; absent where the session is not given or its device names no model), its declared setup
    (``AnalysisResult.setup``: pedals and shoes, said beside the other's: monitor.analysis.compare_setup) and
    the activities its setup is said for (``AnalysisResult.activities``, per foot: None while unknown), as
    analyze says it (pedals on foot said not to apply: Setup.words)."""

    session_id: str
    activity: dict[str, str]
    duration_s: float | None
    missing_fraction: dict[str, float | None]
    layouts: dict[str, SensorLayout]
    cycles: dict[str, int | None]
    models: dict[str, tuple[str, str]] = field(default_factory=dict)
    setup: Setup = field(default_factory=Setup)
    setup_activities: tuple[str | None, ...] = ()


def foot_activity(result: AnalysisResult, foot: str) -> str:
    """One foot's activity as a comparison holds it: its pipeline label (the declared one on a declared
    session), but the declared machine's word for the stepping machines' one class ("elliptical",
    "stair_climber": they are compared as two activities, as their normals are kept apart,
    monitor.signal.baseline.normal_key); an undeclared machine session stays the class."""
    activity = result.summary()[foot].get("activity") or "unknown"
    if activity == "unknown" and result.declared_activity:
        activity = result.declared_activity
    return normal_key(activity, result.declared_word)


def foot_duration_s(result: AnalysisResult, foot: str, session: Session | None) -> float | None:
    """Span of one foot's frames (s): from the session when given, else the end of its last window or
    counted cycle (a few seconds short of the session's end). Its length, not when it ended:
    :func:`foot_end_s` is that."""
    if session is not None and foot in session.info.layouts:
        t = session.foot_frames(foot)["t_s"].to_numpy(dtype=float)
        if t.size:
            return float(t[-1] - t[0]) + 1.0 / float(session.info.layouts[foot].current_rate_hz)
    pipe = result.feet[foot]
    ends = [pipe.windows_[-1].t_s] if pipe.windows_ else []
    ends += [pipe.cycles_[-1].end_s] if pipe.cycles_ else []
    return float(max(ends)) if ends else None


def foot_data_time_s(result: AnalysisResult, foot: str, session: Session | None) -> float | None:
    """One foot's time with data (s): its runs of readings summed (``result.data_runs``, a hole of more than
    ABSENT_MIN_S adding nothing, monitor.session.absence), as the study counts its rates per hour; a result
    without the foot's runs: :func:`foot_duration_s`."""
    runs = (result.data_runs or {}).get(foot)
    return data_time_s(runs) if runs else foot_duration_s(result, foot, session)


def foot_end_s(result: AnalysisResult, foot: str, session: Session | None) -> float | None:
    """Session time (s) at which one foot's data ended: the end of its last frame, from the session when
    given (a foot that started late ends later than its span), else the end of its last window or counted
    cycle. What "ended before the other's warning" is judged by (monitor.analysis.compare)."""
    if session is not None and foot in session.info.layouts:
        t = session.foot_frames(foot)["t_s"].to_numpy(dtype=float)
        if t.size:
            return float(t[-1]) + 1.0 / float(session.info.layouts[foot].current_rate_hz)
    pipe = result.feet[foot]
    ends = [pipe.windows_[-1].t_s] if pipe.windows_ else []
    ends += [pipe.cycles_[-1].end_s] if pipe.cycles_ else []
    return float(max(ends)) if ends else None


def _missing_fraction(result: AnalysisResult, foot: str, session: Session | None) -> float | None:
    """Share of one foot's expected frames that are missing: NaN samples in the frames table plus frames
    of gaps with no NaN rows standing in for them, plus the frames of the foot's absence at the session's
    start or end (monitor.session.absence.absent_spans: an insole lost for good; none at the end for a foot whose
    data reached the planned duration, session.json ``planned_duration_s``). Without the session: 1 - the mean
    valid fraction of the pipeline's windows (a window reaching back before the first frame counts only the
    time since)."""
    if session is not None and foot in session.info.layouts:
        layout = session.info.layouts[foot]
        rows = session.foot_frames(foot)
        p = rows[sensor_columns(layout.n_sensors)].to_numpy(dtype=float)
        unfilled = float(unfilled_gap_frames(session.gaps, foot))
        rate = float(layout.current_rate_hz)
        # a foot whose data reached the planned duration has no span at the end, as analyze says its silences
        absent = absent_frames(absent_spans(rows["t_s"].to_numpy(float), rate, session.info.duration_s,
                                            session.info.planned_duration_s), rate)
        total = p.shape[0] + unfilled + absent
        if not total:
            return None
        nan_frames = float(np.isnan(p).mean(axis=1).sum()) if p.size else 0.0
        return (nan_frames + unfilled + absent) / total
    valid = [min(1.0, w.valid_fraction * w.window_s / min(w.window_s, w.t_s))
             for w in result.feet[foot].windows_ if w.t_s > 0 and math.isfinite(w.valid_fraction)]
    return 1.0 - sum(valid) / len(valid) if valid else None


def session_facts(result: AnalysisResult, session: Session | None = None) -> SessionFacts:
    """The facts the caveats need about one analysed session (``session`` adds its recorded duration and
    missing data)."""
    feet = [f for f in FEET if f in result.feet]
    # the session's length as the report's header says it (its frames' span is a moment shorter: the
    # recording starts before the first frame); the frames' span where the session does not say
    duration = session.info.duration_s if session is not None else None
    if not duration:
        durations = [d for d in (foot_duration_s(result, f, session) for f in feet) if d is not None]
        duration = max(durations) if durations else None
    return SessionFacts(
        session_id=result.session_id,
        activity={f: foot_activity(result, f) for f in feet},
        duration_s=duration,
        missing_fraction={f: _missing_fraction(result, f, session) for f in feet},
        layouts={f: result.feet[f].layout for f in feet},
        cycles={f: result.summary()[f].get("cycles") for f in feet},
        models=_models(session, feet),
        setup=result.setup,
        setup_activities=tuple(result.activities().values()),
    )


def _models(session: Session | None, feet) -> dict[str, tuple[str, str]]:
    """Per foot of ``feet`` whose device names its model, ``(manufacturer, model)`` (an OpenGo export's
    ``("Moticon", "OpenGo insole size 7")``, from its header's ``Size``); none without the session. An
    OpenGo insole whose size is not said (``"OpenGo insole"``, an export without ``Size``) names no one
    model: the insoles of each size differ, so two such are not known to be one model."""
    devices = session.info.devices if session is not None else {}
    return {f: (devices[f].manufacturer, devices[f].model) for f in feet
            if f in devices and devices[f].model and (devices[f].manufacturer, devices[f].model) != _SIZELESS}


#: The device of an OpenGo insole of no known size (monitor.importers.moticon.devices_of).
_SIZELESS = ("Moticon", OPENGO_MODEL)


def same_geometry(a: SensorLayout, b: SensorLayout) -> bool:
    """Same insole as far as the regions go: sensor positions, areas and region labels."""
    da, db = a.to_dict(), b.to_dict()
    return all(da[k] == db[k] for k in ("x", "y", "area_mm2", "regions"))


def same_insole(before: SessionFacts, after: SessionFacts, foot: str) -> bool:
    """Whether ``foot`` was recorded with one insole model in both sessions, whose peaks and PTI compare
    (:func:`insole_difference` finds none)."""
    return insole_difference(before, after, foot) is None


def insole_difference(before: SessionFacts, after: SessionFacts, foot: str) -> str | None:
    """Why ``foot``'s insoles differ between the sessions ("the sensor layouts differ", "the insole models
    differ", or of one layout "one sends kPa, the other nominal units"), None where they are one insole
    model of one calibration, whose peaks and PTI compare: the same layout (:func:`same_geometry`), or the
    same sensor positions and regions, insole kind and calibration on a device of the same maker and model
    (size) in both. The second is for imports whose sensor areas are
    fitted per file from its own total force (a Moticon OpenGo export's effective areas,
    monitor.importers.moticon.areas_mm2): two files of one insole model differ in their fitted areas only,
    which says nothing of the insoles. A layout inferred in both (``positions_inferred``: not the insole's
    own, as a Solewatch insole's is) on devices naming their models is the same insole only where the models
    are: two sizes whose areas could not be fitted both get the size-7 table's. Without the sessions (no
    model known), the layouts alone."""
    why = _layout_difference(before, after, foot)
    if why is None and before.layouts[foot].calibrated != after.layouts[foot].calibrated:
        return f"one sends kPa, the other {unit_name(False)}"  # one layout, but kPa against nominal units
    return why


def _layout_difference(before: SessionFacts, after: SessionFacts, foot: str) -> str | None:
    """:func:`insole_difference` by the layouts and models alone."""
    a, b = before.layouts[foot], after.layouts[foot]
    model, other = before.models.get(foot), after.models.get(foot)
    da, db = a.to_dict(), b.to_dict()
    same_map = (a.insole, a.calibrated) == (b.insole, b.calibrated) and \
        all(da[k] == db[k] for k in ("x", "y", "regions"))
    if model is not None and other is not None and a.positions_inferred and b.positions_inferred:
        if same_map and model == other:
            return None
        return "the insole models differ" if same_geometry(a, b) else "the sensor layouts differ"
    same = same_geometry(a, b) or (same_map and model is not None and model == other)
    return None if same else "the sensor layouts differ"
