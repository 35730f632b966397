"""How the link's counts are said to the person, in the words of the insoles' transport. Pure.

A BLE insole sends notifications: one that never arrives while the link is up was lost on the radio. The
Moticon OpenGo app's live stream (``moticon-udp``, monitor.link.udp) sends UDP datagrams, one frame of both
feet each: one that never arrives was lost on the network (or the app paused its stream: the link cannot
tell the two apart, docs/devices.md), never on a radio; and a foot is "down" there while the app's datagrams
come without its insole's half. Session files keep one set of names whatever the transport (``packets_lost``
and the other counters of docs/session-format.md): only the words the person reads follow it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from monitor.codebook import SensorLayout

#: The insole kinds (monitor.codebook.INSOLE_KINDS) whose link is a UDP stream, not a BLE radio.
UDP_KINDS = ("moticon-udp",)


@dataclass(frozen=True)
class TransportWords:
    """The words of one transport. ``packet``: one of what the link counts ("packet", "datagram");
    ``lost_where``: where one lost with the link up went ("on the radio"); ``lost_column``: the closing
    table's column of them, and ``lost_means`` what it counts; ``packets_are``: what the table's column of
    them ("packets", "datagrams": headed by ``packet``) counts, for its key; ``down_while``: when the foot's
    link is down, as a clause ("the link was down");
    ``down_means``: what the table's ``link down`` column counts; ``foot_down``: what a foot gone down is, after
    "left insole" (" disconnected"), and ``down_then`` what the link does then ("; reconnecting"); ``foot_back``:
    what it is as it comes back (" reconnected": the link, which may be back with no data after it; the
    analysis says the data back), before how long it was down, and ``gap_then`` when its gap is recorded
    (" once its data resume": a gap lies between two packets); ``went_down``, ``came_back``: the
    names of those link events (the files' ``disconnected``, ``reconnected``) in the report's list and figure;
    ``downs``: ``(singular, plural)`` of the times a foot went down, as the report counts them ("disconnection"),
    and ``backs`` of those it came back ("reconnections").

    The live views' words (monitor.cli.console_live, monitor.live.web.state): ``rate_unit``, the foot line's
    rate ("pkt/s"); ``rate_means``, what it counts, for the key above the view; ``back_count`` and
    ``back_short``, the foot line's count of a foot's link come back ("reconnects", "recon" on a narrow panel),
    and ``back_means`` what it counts; the phone's line of a foot's link (:meth:`link_line`): ``link_name`` ("link"),
    ``link_down`` its state while the foot is down ("DOWN") and ``link_lost`` after the count lost ("lost")."""

    packet: str
    lost_where: str
    lost_column: str
    lost_means: str
    packets_are: str
    down_while: str
    down_means: str
    foot_down: str
    down_then: str
    foot_back: str
    rate_unit: str
    rate_means: str
    back_count: str
    back_short: str
    back_means: str
    link_name: str
    link_down: str
    link_lost: str
    went_down: str
    came_back: str
    downs: tuple[str, str]
    backs: str
    gap_then: str = ""

    def event_name(self, kind: str) -> str:
        """A link event's ``kind`` (the files' name: ``disconnected``, ``foot_lost``...) as the reader reads it:
        a foot gone down or back in this transport's words ("out of stream": short, for the figure's legend,
        monitor.report.plots.quality), any other kind's words ("foot lost")."""
        return {"disconnected": self.went_down, "reconnected": self.came_back}.get(kind, kind.replace("_", " "))

    def down_notice(self, foot: str) -> str:
        """The line the person reads as ``foot``'s insole goes down ("left insole disconnected; reconnecting")."""
        return f"{foot} insole{self.foot_down}{self.down_then}"

    def back_notice(self, foot: str, down_s: float | None, had_frames: bool = True) -> str:
        """The line the person reads as ``foot``'s insole comes back after ``down_s`` of session time (None: not
        known), which it says is the link's (from its disconnection to its reconnection, by the host's clock x
        the session's speed: a simulated insole's own clock), not the data's silence, which the data-back event
        says (from the last frame before to the first after: the two differ): "left insole reconnected (the link
        was down 2.0 s); the gap is recorded once its data resume". A BLE link's words say the link back, not its
        data: on a host that lags behind a simulation, the link may be back at a time the data never reach
        (had: "0:14 right insole back after 20.9 s" for a drop at 0:08, no frame after it, and "right insole
        silent from 0:08 to the end"). A gap lies between two packets: a foot that had sent no frame before
        (``had_frames`` False: it went down before its first data) has none recorded, "right insole reconnected
        (the link was down 5.0 s); down before its first data, so no gap is recorded"."""
        after = f" ({self.down_while} {down_s:.1f} s)" if down_s is not None else ""
        gap = (f"the gap is recorded{self.gap_then}" if had_frames
               else "down before its first data, so no gap is recorded")
        return f"{foot} insole{self.foot_back}{after}; {gap}"

    def link_line(self, link: str, lost: int) -> str:
        """The phone's line of a foot's link whose state is ``link`` (``ok``, ``down``, ``lost``:
        monitor.live.web.state) with ``lost`` of its packets lost so far: "link DOWN, 3 lost"."""
        state = {"ok": "ok", "down": self.link_down}.get(link, link.upper())
        return f"{self.link_name} {state}" + (f", {lost} {self.link_lost}" if lost else "")

    def packets(self, one: str = "") -> tuple[str, str]:
        """``(singular, plural)`` of the counted thing followed by ``one`` (e.g. " lost on the radio")."""
        return f"{self.packet}{one}", f"{self.packet}s{one}"

    def reason(self, text: str) -> str:
        """A gap's stored reason (gaps.csv: "packets lost", "corrupt packets", ...) in this transport's words
        ("datagrams lost" of the Moticon stream); the file keeps one wording whatever the transport."""
        return text.replace("packets", f"{self.packet}s")


#: A BLE insole's notifications (the Solewatch profile, ORPHE, Ukaton: docs/devices.md).
RADIO = TransportWords(
    packet="packet", lost_where="on the radio", lost_column="radio lost", lost_means="never arrived, the link up",
    packets_are="the insole's notifications, one frame (a reading of every sensor) or more each (1 to 255 of the "
                "Solewatch profile, 2 or 4 of ORPHE, 1 of Ukaton)",
    down_while="the link was down", down_means="never sent, the link down",
    foot_down=" disconnected", down_then="; reconnecting", foot_back=" reconnected", gap_then=" once its data resume",
    rate_unit="pkt/s", rate_means="packets a second from the insole", back_count="reconnects", back_short="recon",
    back_means="times the link came back", link_name="link", link_down="DOWN", link_lost="lost",
    went_down="disconnected", came_back="reconnected", downs=("disconnection", "disconnections"),
    backs="reconnections")
#: The Moticon OpenGo app's UDP datagrams (docs/devices.md, "Moticon OpenGo live stream").
NETWORK = TransportWords(
    packet="datagram", lost_where="on the network", lost_column="network lost",
    lost_means="never arrived (UDP sends nothing again; a pause of the app's stream counts here too)",
    packets_are="the Moticon app's UDP datagrams, one frame (a reading of every sensor of both feet) each",
    down_while="the insole was away", down_means="came without the insole's data, the insole away",
    # a stream has no connection to lose or make again: the datagrams come on without the insole's half
    foot_down=": no data in the stream", down_then="", foot_back=": data back in the stream",
    rate_unit="dgram/s", rate_means="the app's datagrams a second with this insole's data",
    back_count="back", back_short="back", back_means="times the insole's data came back in the stream",
    link_name="stream:", link_down="no data", link_lost="lost on the network",
    went_down="out of stream", came_back="back in stream",
    downs=("time out of the stream", "times out of the stream"), backs="times back")


#: What one notification of each BLE insole kind holds (``packets_are`` of its :data:`RADIO` words): the Solewatch
#: profile's 1 to 255 frames, each of every sensor or of a slice of them (docs/protocol.md, "Pressure
#: characteristic"); ORPHE's 2 samples at 100 Hz or 4 at 200 Hz, Ukaton's 1 (docs/devices.md).
NOTIFICATION_HOLDS = {
    "solewatch": "1 to 255 frames (readings of every sensor, or of a slice of them) each",
    "orphe": "2 frames (readings of every sensor) each at 100 Hz, 4 at 200 Hz",
    "ukaton": "one frame (a reading of every sensor) each",
}


def transport_words(kinds: Iterable[str | None]) -> TransportWords:
    """The words of a session whose feet's insoles are of ``kinds`` (each foot's ``SensorLayout.insole``;
    None: not known): :data:`NETWORK` where one is a UDP stream's, else :data:`RADIO`, whose notifications
    hold what that kind's do (:data:`NOTIFICATION_HOLDS`) where every foot's insole is of one kind."""
    kinds = set(kinds)
    if kinds & set(UDP_KINDS):
        return NETWORK
    (kind,) = kinds if len(kinds) == 1 else (None,)
    holds = NOTIFICATION_HOLDS.get(kind) if isinstance(kind, str) else None
    return RADIO if holds is None else replace(RADIO, packets_are=f"the insole's notifications, {holds}")


def transport_of(layouts: Mapping[str, SensorLayout]) -> TransportWords:
    """The words of a session whose feet have ``layouts`` (foot -> SensorLayout), by their insole kinds."""
    return transport_words(lay.insole for lay in layouts.values())
