"""One foot's frames of a loaded session as the pipeline takes them: FrameBlocks, whole or in consecutive
blocks, and the times at which some sensor of a block reads."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from monitor.codebook import FrameBlock
from monitor.session.model import Session

#: Frames fed to a foot's pipeline at once: ten minutes at 100 Hz, a multiple of the pipeline's own
#: slices, so the whole-session result is the same as for one block, bit for bit (streaming equals batch).
FRAMES_PER_BLOCK = 60_000


def foot_block(session: Session, foot: str) -> FrameBlock:
    """One foot's frames as a FrameBlock (its own sensor columns, NaN where missing; its IMU rows where
    the session has them, ``Session.imu``)."""
    t_s, pressure = session.foot_arrays(foot)
    return FrameBlock(foot, t_s, pressure.astype(float), session.imu.get(foot))


def foot_blocks(session: Session, foot: str,
                frames_per_block: int = FRAMES_PER_BLOCK) -> Iterator[FrameBlock]:
    """One foot's frames as consecutive FrameBlocks of ``frames_per_block`` frames (the last shorter): the
    frames of :func:`foot_block` without a whole-session copy in float64 (nor, for a session streamed from
    disk, the foot's frames whole)."""
    imu = session.imu.get(foot)
    k = 0
    for t_s, pressure in session.foot_chunks(foot, frames_per_block):
        yield FrameBlock(foot, t_s, pressure, None if imu is None else imu[k:k + t_s.shape[0]])
        k += t_s.shape[0]


def read_times(block: FrameBlock) -> np.ndarray:
    """The times (n,) s of the block's frames in which some sensor reads (not every one NaN)."""
    with np.errstate(invalid="ignore"):
        if not np.isnan(block.pressure_kpa.sum()):  # no NaN anywhere (one, or inf - inf, takes the long way)
            return block.t_s
    return block.t_s[~np.isnan(block.pressure_kpa).all(axis=1)]
