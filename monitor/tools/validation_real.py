"""The validation report's real recordings (docs/validation.md, monitor.tools.validation): the pipeline's gait
events against Moticon's own gait report of a Moticon OpenGo walk, and its strides and forefoot share of
stance impulse in PhysioNet's gaitpdb GaCo01_01, each against the truth that came with the recording.

The recordings are read where monitor.util.shared_data finds them (their README: provenance, licences).
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from monitor.analysis.foot_frames import foot_block
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline
from monitor.util.shared_data import shared_data_dir

DATA = shared_data_dir()


@contextlib.contextmanager
def _imported(fmt: str, path: Path) -> Iterator:
    """The recording at ``path`` imported as ``fmt`` and loaded (a monitor.session.model.Session), in a
    temporary folder removed when the block ends."""
    from monitor.importers import import_file
    from monitor.session.directory import load_session

    with tempfile.TemporaryDirectory(prefix="solewatch-validate-") as tmp:
        yield load_session(import_file(fmt, path, Path(tmp) / "session"))


def _foot_pipeline(session, foot: str) -> FootPipeline:
    layout = session.info.layouts[foot]
    pipe = FootPipeline(foot, layout, float(layout.current_rate_hz), DEFAULT_PARAMS)
    pipe.feed(foot_block(session, foot))
    pipe.finish()
    return pipe


def _match(detected: np.ndarray, reference: np.ndarray, max_gap_s: float = 0.3) -> np.ndarray:
    """For each reference time, the signed error of the nearest detected time (NaN when none within)."""
    if detected.size == 0:
        return np.full(reference.size, np.nan)
    idx = np.clip(np.searchsorted(detected, reference), 1, detected.size - 1) if detected.size > 1 else \
        np.zeros(reference.size, dtype=int)
    cand = np.stack([detected[np.maximum(idx - 1, 0)], detected[idx]])
    nearest = cand[np.argmin(np.abs(cand - reference), axis=0), np.arange(reference.size)]
    err = nearest - reference
    err[np.abs(err) > max_gap_s] = np.nan
    return err


@dataclass
class GaitEventCheck:
    foot: str
    reported: int
    matched_ic: int
    median_ic_error_ms: float
    matched_to: int
    median_to_error_ms: float
    extra_detected: int = 0  # detected contacts within the report's span that match no reported step
    #: Ground contact time (monitor.analysis.steps' contact_s, ms) of the reported steps whose contact was
    #: measured, their count, and the report's own stance (its "Stance (s)", ms) of those same steps: medians.
    contact_steps: int = 0
    median_contact_ms: float = float("nan")
    median_stance_ms: float = float("nan")


def moticon_gait_events() -> list[GaitEventCheck]:
    """Initial contact and toe-off against Moticon's gait report of the same recording."""
    folder = DATA / "moticon_opengo"
    report = folder / "gait_report_230927_10_21_14.xlsx"
    out = []
    with _imported("moticon", folder / "230927_102114.txt") as session:
        for foot, sheet in (("left", "Left Steps"), ("right", "Right Steps")):
            ref = pd.read_excel(report, sheet_name=sheet)
            ic_ref = ref["Initial contact (s)"].dropna().to_numpy(float)
            to_ref = ref["Toe off (s)"].dropna().to_numpy(float)
            pipe = _foot_pipeline(session, foot)
            ic = np.array([c[0] for c in pipe.contacts_], dtype=float)
            to = np.array([c[1] for c in pipe.contacts_ if c[1] is not None], dtype=float)
            e_ic, e_to = _match(ic, ic_ref), _match(to, to_ref)
            inside = ic[(ic > ic_ref.min() - 0.3) & (ic < ic_ref.max() + 0.3)]
            extra = int(np.isnan(_match(np.sort(ic_ref), inside)).sum()) if inside.size else 0
            contact_ms, stance_ms = _contact_times(session, foot, pipe, ref)
            out.append(GaitEventCheck(foot, int(ic_ref.size), int(np.isfinite(e_ic).sum()),
                                      float(np.nanmedian(np.abs(e_ic)) * 1e3), int(np.isfinite(e_to).sum()),
                                      float(np.nanmedian(np.abs(e_to)) * 1e3), extra, contact_ms.size,
                                      float(np.median(contact_ms)) if contact_ms.size else float("nan"),
                                      float(np.median(stance_ms)) if stance_ms.size else float("nan")))
    return out


def _contact_times(session, foot: str, pipe: FootPipeline, ref: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per reported step (``ref``: the report's sheet of ``foot``) whose initial contact a measured step
    matches within 0.3 s (as :func:`_match`): the step's ground contact time (monitor.analysis.steps'
    ``contact_s``) and the report's ``Stance (s)``, both ms, shapes (k,) and (k,)."""
    from monitor.analysis.steps import foot_steps

    block = foot_block(session, foot)
    steps = foot_steps(foot, block.t_s, block.pressure_kpa, session.info.layouts[foot], pipe.contacts_)
    ic = np.asarray(steps.initial_contact_s, dtype=float)
    contact_s = np.asarray(steps.contact_s, dtype=float)
    mine, theirs = [], []
    for ic_ref, stance_s in zip(ref["Initial contact (s)"].to_numpy(float), ref["Stance (s)"].to_numpy(float)):
        if not ic.size or not np.isfinite(ic_ref):
            continue
        i = int(np.abs(ic - ic_ref).argmin())
        if abs(ic[i] - ic_ref) <= 0.3 and np.isfinite(contact_s[i]) and np.isfinite(stance_s):
            mine.append(contact_s[i] * 1e3)
            theirs.append(stance_s * 1e3)
    return np.array(mine), np.array(theirs)


@dataclass
class StrideCheck:
    foot: str
    strides: int
    median_stride_s: float
    forefoot_impulse_share: float


def physionet_strides() -> list[StrideCheck]:
    """Strides and forefoot share of stance impulse (sensors 6-8) in PhysioNet's GaCo01_01."""
    out = []
    with _imported("physionet", DATA / "physionet_gaitpdb" / "GaCo01_01.txt") as session:
        for foot in session.info.feet:
            pipe = _foot_pipeline(session, foot)
            strides = [c for c in pipe.cycles_ if c.kind == "stride"]
            block = foot_block(session, foot)
            layout = session.info.layouts[foot]
            force = np.nan_to_num(block.pressure_kpa) * layout.area_mm2 * 1e-3
            stance = np.zeros(block.n_frames, dtype=bool)
            for ic, to in pipe.contacts_:
                if to is not None:
                    stance |= (block.t_s >= ic) & (block.t_s < to)
            forefoot = np.isin(np.array(layout.regions), ["mth1", "mth2", "mth3", "mth2_3", "mth4", "mth5",
                                                           "mth4_5", "hallux", "lesser_toes"])
            share = force[stance][:, forefoot].sum() / force[stance].sum()
            out.append(StrideCheck(foot, len(strides), float(np.median([c.duration_s for c in strides])),
                                   float(share)))
    return out
