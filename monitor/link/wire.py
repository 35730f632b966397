"""Each insole kind's notifications -> :class:`monitor.link.protocol.PressureRows` for the frame assembler.
Pure (no I/O).

The frame assembler (monitor.link.assembly) works on a packet's sequence number, device time, frame period
and samples in kPa, whatever the insole. A rows decoder turns one foot's notifications of one kind into
those, in arrival order: the Solewatch profile's carry them as they are (stateless, decoded many at once in
a replay); ORPHE INSOLE's and Ukaton Mission's need the stream before them (a time of day unwrapped over
midnight, a 16-bit millisecond stamp unwrapped and counted into a sequence), so each foot keeps one decoder
that sees every notification once, in order, live and in a rebuild alike.
"""

from __future__ import annotations

import math
from typing import Protocol

from monitor.codebook import INSOLE_KINDS, SensorLayout
from monitor.link import moticon, orphe, ukaton
from monitor.link.protocol import PressureRows, decode_pressure_kpa

__all__ = ["INSOLE_KINDS", "RowsDecoder", "SolewatchRows", "note_log_damaged", "rows_decoder"]


class RowsDecoder(Protocol):
    """One foot's notifications -> PressureRows, in arrival order; ProtocolError for one that does not
    decode. ``stateless``: each notification decodes alone (the batch path may decode many at once)."""

    stateless: bool

    def rows(self, host_s: float, data: bytes | bytearray | memoryview) -> PressureRows: ...

    def note_link_down(self) -> None: ...


class SolewatchRows:
    """The Solewatch profile (docs/protocol.md): every notification carries its own sequence and time."""

    stateless = True

    def __init__(self, kpa_per_count: float, most_kpa: float = math.inf) -> None:
        self.kpa_per_count = float(kpa_per_count)
        self.most_kpa = float(most_kpa)

    def rows(self, host_s: float, data: bytes | bytearray | memoryview) -> PressureRows:
        del host_s
        return decode_pressure_kpa(data, self.kpa_per_count, self.most_kpa)

    def note_link_down(self) -> None:
        pass


class _OrpheRows(orphe.OrpheRows):
    stateless = False

    def note_link_down(self) -> None:
        pass  # a day is longer than any drop the link rides out


class _UkatonRows(ukaton.UkatonRows):
    stateless = False


def rows_decoder(layout: SensorLayout, speed: float = 1.0) -> RowsDecoder:
    """A fresh decoder for one foot's notifications of ``layout.insole``'s kind, at ``layout``'s scale
    (and rate: Ukaton's sequence counts intervals). Each refuses a notification with a sample above
    ``layout.most_kpa`` (ProtocolError: counted corrupt), the bound a session's reader holds its frames
    table to, so nothing the link stores is refused when read."""
    top = layout.most_kpa
    if layout.insole == "orphe":
        return _OrpheRows(layout.kpa_per_count, top)
    if layout.insole == "moticon-udp":
        return moticon.MoticonRows(layout.side, layout.current_rate_hz, top, speed)
    if layout.insole == "ukaton":
        return _UkatonRows(layout.kpa_per_count, layout.current_rate_hz, speed, top)
    return SolewatchRows(layout.kpa_per_count, top)


def note_log_damaged(decoder: RowsDecoder) -> None:
    """Bytes of the raw log were skipped as damaged before the decoder's next notification: its own
    ``note_log_damaged`` where it has one (Ukaton's keeps its pace), else as after a link down."""
    getattr(decoder, "note_log_damaged", decoder.note_link_down)()
