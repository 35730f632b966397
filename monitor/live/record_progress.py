"""A snapshot of a recording under way for a progress display (the terminal's line, the live view): its session
time, each foot's counts and link, and whether the recording stopped on a write error or is closed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from monitor.link.assembly import SessionAssembler
from monitor.session.writer import SessionWriter

if TYPE_CHECKING:  # the type's name only: a progress display (monitor.cli.console, report's too) loads no bleak
    from monitor.link.ble import PairLink


@dataclass
class RecordProgress:
    """A snapshot for a progress display."""

    session_s: float
    duration_s: float
    frames: dict[str, int]
    packets: dict[str, int]
    lost: dict[str, int]
    corrupt: dict[str, int]
    connected: dict[str, bool]
    battery_pct: dict[str, int | None]
    gaps: dict[str, int] = field(default_factory=dict)
    recording_error: str | None = None
    #: with ``recording_error``: the newest frame's session time (s) as the write failed (a full disk)
    recording_stopped_s: float | None = None
    #: the recording's last snapshot, once it is closed: ``session_s`` is the session's duration as saved
    #: (session.json ``duration_s``), which the summary says too
    final: bool = False
    #: packets that decoded but came out of their stream's time, per foot (LinkCounters.packets_out_of_time)
    out_of_time: dict[str, int] = field(default_factory=dict)


def snapshot(link: PairLink, asm: SessionAssembler, session_s: float, duration_s: float,
              writer: SessionWriter, failed_s: list[float], final: bool = False) -> RecordProgress:
    """The recording's snapshot at ``session_s`` (s) of a ``duration_s`` (s) session: the counts of its
    assembler ``asm``, the feet's links and batteries of ``link``, the ``writer``'s write error and
    ``failed_s`` (one session time, s, its newest frame's as the write failed; empty: none); ``final``: the
    recording is closed (``session_s`` is then its duration as saved)."""
    c = asm.counters()
    return RecordProgress(
        session_s=session_s,
        duration_s=duration_s,
        frames={f: c[f]["frames_received"] for f in c},
        packets={f: c[f]["packets_received"] for f in c},
        lost={f: c[f]["packets_lost"] for f in c},
        corrupt={f: c[f]["packets_corrupt"] for f in c},
        out_of_time={f: c[f]["packets_out_of_time"] for f in c},
        connected={f: st.connected for f, st in link.status.items()},
        battery_pct={f: st.battery_pct for f, st in link.status.items()},
        gaps={f: len(a.gaps) for f, a in asm.feet.items()},
        recording_error=str(writer.error) if writer.error else None,
        recording_stopped_s=(failed_s[0] if failed_s else session_s) if writer.error else None,
        final=final,
    )
