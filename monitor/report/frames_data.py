"""One foot's frames as the report reads them: times in memory, pressure as stored (float32 kPa, NaN where
missing, no tare and no filter, so that the maps and curves show what the insole measured), read a chunk at a
time; for a session whose frames stay on disk, read again from it for every pass. Pure: no drawing, no files
of its own (a streamed session reads its frames table).

* :func:`foot_frames`: one foot's frames (:class:`FootFrames`, or :class:`StreamedFootFrames`).
* :func:`missing_rows`: the frames without any reading.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from monitor.session.model import Session

#: Frames handled at once by each of the report's passes over a foot's frames (monitor.report.maps_data's
#: pressure_map and the others: bounded memory, cache-sized work).
CHUNK_FRAMES = 1 << 16


@dataclass(frozen=True)
class FootFrames:
    """One foot's frames as arrays.

    t_s : ndarray (n,), session seconds; pressure_kpa : ndarray (n, n_sensors), float32 kPa, NaN missing.
    The report reads the pressure through :meth:`chunks` and :meth:`rows` only, so that
    :class:`StreamedFootFrames` can stand in for it.
    """

    foot: str
    t_s: np.ndarray
    pressure_kpa: np.ndarray

    @property
    def n_frames(self) -> int:
        return int(self.t_s.shape[0])

    def chunks(self, frames_per_chunk: int) -> Iterator[np.ndarray]:
        """The pressure, ``frames_per_chunk`` consecutive frames at a time (the last fewer)."""
        for lo in range(0, self.n_frames, frames_per_chunk):
            yield self.pressure_kpa[lo:lo + frames_per_chunk]

    def rows(self, idx: np.ndarray) -> np.ndarray:
        """The pressure of frames ``idx`` (any shape of frame numbers): shape idx.shape + (n_sensors,)."""
        return self.pressure_kpa[idx]


@dataclass(frozen=True)
class StreamedFootFrames(FootFrames):
    """One foot's frames of a session whose frames stay on disk (Session.source): the times in memory, the
    pressure read again, a chunk at a time, for every pass (``pressure_kpa`` is None)."""

    session: Session | None = None

    def chunks(self, frames_per_chunk: int) -> Iterator[np.ndarray]:
        for _t, p in self.session.foot_chunks(self.foot, frames_per_chunk):
            yield np.asarray(p, dtype=np.float32)

    def rows(self, idx: np.ndarray) -> np.ndarray:
        idx = np.asarray(idx)
        want, where = np.unique(idx.ravel(), return_inverse=True)
        n_sensors = self.session.info.layouts[self.foot].n_sensors
        out = np.empty((want.size, n_sensors), dtype=np.float32)
        lo = 0
        for p in self.chunks(CHUNK_FRAMES):
            a, b = np.searchsorted(want, [lo, lo + p.shape[0]])
            out[a:b] = p[want[a:b] - lo]
            lo += p.shape[0]
        return out[where].reshape(*idx.shape, n_sensors)


def foot_frames(session: Session, foot: str) -> FootFrames:
    """One foot's frames, float32 as stored (no float64 copy of the whole session); for a session whose
    frames stay on disk, its times only (:class:`StreamedFootFrames`)."""
    if session.frames is None:
        return StreamedFootFrames(foot, session.foot_times(foot), None, session)
    t_s, pressure = session.foot_arrays(foot)
    return FootFrames(foot, t_s, np.asarray(pressure, dtype=np.float32))


def missing_rows(frames: FootFrames) -> np.ndarray:
    """The frames without any reading, shape (n,) bool."""
    if frames.n_frames == 0:
        return np.zeros(0, dtype=bool)
    return np.concatenate([np.isnan(chunk).all(axis=1) for chunk in frames.chunks(CHUNK_FRAMES)])
