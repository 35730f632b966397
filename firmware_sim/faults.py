"""Faults a simulated insole can inject, how they are written on a command line, and the packet-level
ones applied to an outgoing packet stream. Pure: no I/O, no clock.

Grammar of a fault string (``parse_fault``)::

    KIND:FOOT@TIME[+DOWN][:COUNT][=VALUE]

    KIND   drop | lose | duplicate | reorder | corrupt | stop | battery
    FOOT   left | right
    TIME   simulated time on the insoles' clock (SimClock): a number with a unit, s, m or h (90s, 1.5s,
           10m, 2h); the monitor's --sim starts that clock with the session, so it is session time
           (`solewatch sim`: from the first data); a drop's is after 0: that clock stands still at 0 while
           the monitor scans and connects, so an insole down at 0 s would not advertise then and never be
           found (a real insole switched on late is found by a scan still under way, before session time
           starts: no session begins with a foot down)
    DOWN   drop only: how long the link stays down before the insole advertises again (default 0.5s)
    COUNT  lose, duplicate, corrupt: how many packets; reorder: how many pairs swapped (default 1; at most
           MAX_FAULT_COUNT, the packets of the longest session)
    VALUE  battery only, required: the new battery level in percent (0..100)

Examples: ``drop:left@30s``, ``drop:left@30s+2s``, ``lose:right@10s:5``, ``corrupt:left@20s:3``,
``duplicate:left@5s:2``, ``reorder:right@8s``, ``stop:right@60s``, ``battery:left@40s=15``.

What each kind does (the peripheral, firmware_sim.peripheral, carries out the link-level ones):

- ``drop``: the insole drops the link; it advertises again ``DOWN`` simulated seconds later. The simulated
  Moticon stream, whose datagrams each carry both feet, pauses for ``DOWN`` instead: both feet, whichever
  FOOT names (firmware_sim.vendors.moticon).
- ``lose``: the next COUNT packets are generated (their seq is consumed) but never sent.
- ``duplicate``: the next COUNT packets are each sent twice.
- ``reorder``: the next pair of packets is sent in swapped order, COUNT times.
- ``corrupt``: the next COUNT packets are sent malformed per docs/protocol.md (a reserved flag bit set,
  the last byte cut off, or a wrong version byte, in turn), so a decoder must reject every one of them.
- ``stop``: the insole stops streaming for good, drops the link and stops advertising.
- ``battery``: the battery level becomes VALUE percent and is notified.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from firmware_sim.layout import RATES_HZ

FEET = ("left", "right")
KINDS = ("drop", "lose", "duplicate", "reorder", "corrupt", "stop", "battery")
#: Kinds that act on individual pressure packets (``PacketMangler``); the rest act on the link.
PACKET_KINDS = ("lose", "duplicate", "reorder", "corrupt")
#: Kinds that take a COUNT.
COUNTED_KINDS = PACKET_KINDS
#: The latest a fault may fire, and the longest a drop may last, simulated seconds: the longest session
#: (366 days, monitor.session.info.LONGEST_SESSION_S). Later is a fault of no session.
MAX_FAULT_S = 366 * 86400.0
#: The most packets a fault's COUNT may name: every packet of the longest session at the fastest rate with
#: one frame a packet (MAX_FAULT_S x 200 Hz, firmware_sim.layout.RATES_HZ), 6,324,480,000. More would
#: be the same fault (lose, duplicate... to the session's end): a number past it is a slip, not a fault.
MAX_FAULT_COUNT = int(MAX_FAULT_S) * max(RATES_HZ)
#: How long a dropped link stays down when the fault names no duration, simulated seconds (a guess at a
#: typical supervision timeout plus re-advertising delay, not a measured value).
DEFAULT_DROP_DOWN_S = 0.5

GRAMMAR = (
    "KIND:FOOT@TIME[+DOWN][:COUNT][=VALUE] with KIND one of " + ", ".join(KINDS)
    + "; FOOT left or right; TIME and DOWN a number with unit s, m or h (90s, 1.5s, 10m, 2h); "
    "+DOWN for drop only; :COUNT for lose, duplicate, reorder, corrupt; =VALUE (percent) for battery only. "
    "Examples: drop:left@30s+2s, lose:right@10s:5, battery:left@40s=15"
)

_UNIT_S = {"s": 1.0, "m": 60.0, "h": 3600.0}
_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*([smh])\s*$")
_FAULT_RE = re.compile(
    r"^(?P<kind>[^:@]*):(?P<foot>[^@]*)@(?P<at>[^+:=]*)"
    r"(?:\+(?P<down>[^:=]*))?(?::(?P<count>[^=]*))?(?:=(?P<value>.*))?$"
)


#: The most characters of a fault string said back in an error: monitor.errors.QUOTE_CHARS's 40, kept here as
#: firmware_sim imports nothing from monitor (tests/test_typed_values_quoted_cut.py holds the two equal).
QUOTE_CHARS = 40


def _cut(text: str) -> str:
    """``text`` cut to QUOTE_CHARS characters and '...' (a pasted paragraph can be long), as
    monitor.errors.quote cuts before it quotes."""
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "..."


def parse_duration_s(text: str) -> float:
    """Seconds in ``text`` such as ``90s``, ``1.5s``, ``10m``, ``2h``; ValueError if it is not one."""
    m = _DURATION_RE.match(text)
    if not m:
        raise ValueError(f"bad time {_cut(text)!r}: expected a number with unit s, m or h (90s, 1.5s, 10m, 2h)")
    return float(m.group(1)) * _UNIT_S[m.group(2)]


def _format_s(seconds: float) -> str:
    return f"{seconds:g}s" if seconds != int(seconds) else f"{int(seconds)}s"


@dataclass(frozen=True)
class FaultSpec:
    """One fault to inject into one foot's simulated insole.

    Attributes
    ----------
    kind : one of KINDS
    foot : "left" or "right"
    at_s : simulated seconds on the insoles' clock (SimClock) when the fault fires
    count : packets (lose, duplicate, corrupt) or packet pairs (reorder); 1 for the other kinds
    duration_s : drop only: seconds the link stays down (None means DEFAULT_DROP_DOWN_S)
    value : battery only: the new level in percent, 0..100
    """

    kind: str
    foot: str
    at_s: float
    count: int = 1
    duration_s: float | None = None
    value: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {', '.join(KINDS)}")
        if self.foot not in FEET:
            raise ValueError(f"fault foot must be left or right, not {self.foot!r}")
        if not (isinstance(self.at_s, (int, float)) and math.isfinite(self.at_s) and 0 <= self.at_s <= MAX_FAULT_S):
            raise ValueError(f"fault time must be a number of seconds from 0 to {MAX_FAULT_S:.0f} (366 days, the "
                             f"longest session), not {self.at_s!r}")
        if not isinstance(self.count, int) or isinstance(self.count, bool) or not 1 <= self.count <= MAX_FAULT_COUNT:
            raise ValueError(f"fault count must be an integer from 1 to {MAX_FAULT_COUNT}, not {self.count!r}")
        if self.count != 1 and self.kind not in COUNTED_KINDS:
            raise ValueError(f"a {self.kind} fault takes no count")
        if self.duration_s is not None:
            if self.kind != "drop":
                raise ValueError(f"only a drop fault takes a duration, not {self.kind}")
            if not (math.isfinite(self.duration_s) and 0 < self.duration_s <= MAX_FAULT_S):
                raise ValueError(f"drop duration must be > 0 seconds and at most {MAX_FAULT_S:.0f} (366 days), "
                                 f"not {self.duration_s!r}")
        if self.kind == "battery":
            if not isinstance(self.value, int) or isinstance(self.value, bool) or not 0 <= self.value <= 100:
                raise ValueError(f"a battery fault needs a level of 0..100 percent, not {self.value!r}")
        elif self.value is not None:
            raise ValueError(f"only a battery fault takes a value, not {self.kind}")

    @property
    def down_s(self) -> float:
        """Seconds a drop keeps the link down (DEFAULT_DROP_DOWN_S unless given)."""
        return DEFAULT_DROP_DOWN_S if self.duration_s is None else float(self.duration_s)

    def __str__(self) -> str:
        text = f"{self.kind}:{self.foot}@{_format_s(self.at_s)}"
        if self.duration_s is not None:
            text += f"+{_format_s(self.duration_s)}"
        if self.kind in COUNTED_KINDS and self.count != 1:
            text += f":{self.count}"
        if self.value is not None:
            text += f"={self.value}"
        return text


def parse_fault(text: str) -> FaultSpec:
    """Parse a fault string (grammar in the module docstring) into a FaultSpec.

    Raises ValueError naming the bad part and showing the grammar, the text and its part cut (:func:`_cut`).
    """
    m = _FAULT_RE.match(text.strip())
    if not m:
        raise ValueError(f"bad fault {_cut(text)!r}: expected {GRAMMAR}")
    kind, foot, at = m.group("kind"), m.group("foot"), m.group("at")
    down, count, value = m.group("down"), m.group("count"), m.group("value")

    def fail(part: str, why: str) -> ValueError:
        return ValueError(f"bad fault {_cut(text)!r}: {part} {why}; expected {GRAMMAR}")

    if kind not in KINDS:
        raise fail(f"kind {_cut(kind)!r}", f"is not one of {', '.join(KINDS)}")
    if foot not in FEET:
        raise fail(f"foot {_cut(foot)!r}", "is not left or right")
    try:
        at_s = parse_duration_s(at)
    except ValueError:
        raise fail(f"time {_cut(at)!r}", "is not a number with unit s, m or h") from None
    if at_s > MAX_FAULT_S:
        raise fail(f"time {_cut(at)!r}", "is later than the longest session (366 days)")
    if kind == "drop" and at_s <= 0.0:  # the module docstring: a drop comes after 0
        raise fail(f"time {_cut(at)!r}", "is too early for a drop: the insoles are found and connected before "
                                         "session time starts, so one down at 0 s is never found (write "
                                         f"{kind}:{foot}@0.1s...)")
    duration_s = None
    if down is not None:
        if kind != "drop":
            raise fail(f"+{_cut(down)}", f"(a down time) is allowed for drop only, not {kind}")
        try:
            duration_s = parse_duration_s(down)
        except ValueError:
            raise fail(f"down time {_cut(down)!r}", "is not a number with unit s, m or h") from None
        if duration_s <= 0:
            raise fail(f"down time {_cut(down)!r}", "must be more than zero")
        if duration_s > MAX_FAULT_S:
            raise fail(f"down time {_cut(down)!r}", "is longer than the longest session (366 days)")
    n = 1
    if count is not None:
        if kind not in COUNTED_KINDS:
            raise fail(f":{_cut(count)}", f"(a count) is allowed for {', '.join(COUNTED_KINDS)} only, not {kind}")
        if not re.fullmatch(r"[1-9]\d*", count):
            raise fail(f"count {_cut(count)!r}", "is not a whole number >= 1")
        n = int(count)
        if n > MAX_FAULT_COUNT:  # every packet of the longest session, at the fastest rate: no fault counts more
            raise fail(f"count {_cut(count)!r}", f"is more than the {MAX_FAULT_COUNT:,} packets of the longest session "
                                           "(366 days at 200 packets/s)")
    level = None
    if value is not None:
        if kind != "battery":
            raise fail(f"={_cut(value)}", f"(a value) is allowed for battery only, not {kind}")
        if not re.fullmatch(r"\d{1,3}", value) or int(value) > 100:
            raise fail(f"battery level {_cut(value)!r}", "is not a whole percent 0..100")
        level = int(value)
    elif kind == "battery":
        raise fail("battery level", "is missing (write battery:FOOT@TIME=PERCENT)")
    return FaultSpec(kind, foot, at_s, count=n, duration_s=duration_s, value=level)


class FaultSchedule:
    """The faults of one foot in firing order; ``pop_due`` hands out those whose time has come."""

    def __init__(self, faults: Iterable[FaultSpec], foot: str) -> None:
        if foot not in FEET:
            raise ValueError(f"foot must be left or right, not {foot!r}")
        self._pending = sorted((f for f in faults if f.foot == foot), key=lambda f: f.at_s)

    def pop_due(self, now_s: float) -> list[FaultSpec]:
        """Remove and return the faults with ``at_s <= now_s`` (simulated seconds), in time order."""
        n = 0
        while n < len(self._pending) and self._pending[n].at_s <= now_s:
            n += 1
        due, self._pending = self._pending[:n], self._pending[n:]
        return due

    def next_at_s(self) -> float | None:
        """Simulated time of the next pending fault, or None."""
        return self._pending[0].at_s if self._pending else None

    def __len__(self) -> int:
        return len(self._pending)


def corrupt_packet(packet: bytes, variant: int) -> bytes:
    """A malformed copy of a pressure packet (docs/protocol.md), detectably invalid.

    variant 0 sets reserved flag bit 7, 1 cuts off the last byte (the length no longer matches the
    header), 2 writes version 0. Other variants repeat the cycle. Each change keeps a packet invalid once
    it is, so a packet may be corrupted again: bytes shorter than the 13-byte header (a packet already cut
    short) are changed where they have the byte, and stay too short to decode.
    """
    out = bytearray(packet)
    match variant % 3:
        case 0:
            if len(out) > 1:
                out[1] |= 0x80
        case 1:
            del out[-1:]
        case _:
            if out:
                out[0] = 0
    return bytes(out)


class PacketMangler:
    """Applies the packet-level faults (lose, duplicate, reorder, corrupt) to outgoing pressure packets.

    ``arm`` adds a fault's count to what is pending; ``apply`` takes the packets the firmware produced, in
    seq order, and returns those to put on air. Counters record what was done (packets, not frames).
    A packet held back to be swapped with the next one stays held between calls; ``release_held`` hands
    it back (for example when the link drops).
    """

    def __init__(self, corrupt: Callable[[bytes, int], bytes] | None = None) -> None:
        #: How a packet is made detectably invalid (the insole kind's wire format; default docs/protocol.md).
        self.corrupt = corrupt or corrupt_packet
        self._lose = 0
        self._duplicate = 0
        self._reorder = 0
        self._corrupt = 0
        self._held: bytes | None = None
        self.lost_n = 0
        self.duplicated_n = 0
        self.reordered_pairs_n = 0
        self.corrupted_n = 0

    def arm(self, fault: FaultSpec) -> None:
        if fault.kind not in PACKET_KINDS:
            raise ValueError(f"{fault.kind} is not a packet-level fault")
        setattr(self, f"_{fault.kind}", getattr(self, f"_{fault.kind}") + fault.count)

    @property
    def held(self) -> bytes | None:
        """The packet held back to be sent after the next one, if any."""
        return self._held

    @property
    def idle(self) -> bool:
        """True when no packet fault is pending and no packet is held back."""
        return not (self._lose or self._duplicate or self._reorder or self._corrupt or self._held)

    def apply(self, packets: list[bytes]) -> list[bytes]:
        """The packets to send for ``packets`` (in seq order), with pending faults applied in the order
        lose, corrupt, duplicate, reorder on each packet."""
        if self.idle:
            return packets
        out: list[bytes] = []
        for packet in packets:
            if self._lose:
                self._lose -= 1
                self.lost_n += 1
                continue
            if self._corrupt:
                packet = self.corrupt(packet, self.corrupted_n)
                self._corrupt -= 1
                self.corrupted_n += 1
            copies = [packet]
            if self._duplicate:
                self._duplicate -= 1
                self.duplicated_n += 1
                copies.append(packet)
            if self._held is not None:
                out.extend(copies)
                out.append(self._held)
                self._held = None
                self.reordered_pairs_n += 1
            elif self._reorder:
                self._reorder -= 1
                self._held = copies[0]
                out.extend(copies[1:])
            else:
                out.extend(copies)
        return out

    def release_held(self) -> bytes | None:
        """Return (and forget) the packet held back for a swap, if any; the swap is then not counted."""
        held, self._held = self._held, None
        if held is not None:
            self._reorder += 1
        return held
