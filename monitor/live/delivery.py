"""Alert delivery: the channels that carry an alert to the person, and the dispatcher that drives them.

Channels, each named in an alert's ``delivered`` list only when it took the alert:

* ``terminal``: a callback of the caller's (the live view's banner, and the bell for warnings and worse);
* ``haptic``: a pulse written to that foot's insole control point, delivered only when the insole answers
  success (0x01);
* ``sound``: a short tone played by a command-line player where the machine has one (paplay, pw-play,
  aplay, afplay), delivered only when the player exits cleanly; silently skipped elsewhere;
* ``events``: one JSON object per line in a file or stdout (docs/events-json.md), flushed per line.

The phone view's channel, ``phone``, is monitor.live.web.server.PhoneChannel (the web stack stays there).

:class:`Dispatcher.submit` is called from the link's consumer task and never waits: synchronous channels
run at once, the others (haptic, sound) start as tasks. A worker task finishes the alerts in the order
they were submitted: it awaits their channels, writes the events line and reports the result.

One idea: getting an alert to the person (each channel, and the dispatcher that never waits for one).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import io
import json
import math
import os
import shutil
import struct
import sys
import tempfile
import time
import wave
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Protocol

from monitor.analysis.alerts import Alert
from monitor.link.protocol import ControlResponse, command_haptic
from monitor.util.hostclock import host_clock_s
from monitor.util.interrupts import waited_on
from monitor.util.textfiles import is_pipe

EVENTS_SCHEMA = "solewatch.events/1"


def urgent(alert: Alert) -> bool:
    """Warnings, alerts and stale data are meant to be felt or heard; notices and all-clears are not."""
    return alert.kind == "data_stale" or (alert.kind == "alert" and alert.level in ("warning", "alert"))


# ---------------------------------------------------------------------------- channels


class Channel(Protocol):
    """One way of reaching the person.

    ``deliver`` returns True/False at once, or an awaitable of it (started at once, awaited later).
    """

    name: str

    def wants(self, alert: Alert) -> bool: ...

    def deliver(self, alert: Alert) -> bool | Awaitable[bool]: ...


class TerminalChannel:
    """The live view's banner (and the bell): ``show(alert, bell)`` returns whether it was shown."""

    name = "terminal"

    def __init__(self, show: Callable[[Alert, bool], bool]) -> None:
        self._show = show

    def wants(self, alert: Alert) -> bool:
        return True

    def deliver(self, alert: Alert) -> bool:
        return bool(self._show(alert, urgent(alert)))


@dataclass(frozen=True)
class HapticPattern:
    """A pulse train for the control point's haptic command (docs/protocol.md: 1-2000 ms, 1-100 %, 1-5)."""

    duration_ms: int
    intensity_percent: int
    repeat: int

    def command(self) -> bytes:
        return command_haptic(self.duration_ms, self.intensity_percent, self.repeat)


#: Pulse trains per alert level (guess: two short pulses for a warning, three long strong ones for an
#: alert, so a rider tells them apart by feel; a notice is an early sign and does not buzz).
HAPTIC_PATTERNS: dict[str, HapticPattern] = {
    "warning": HapticPattern(300, 70, 2),
    "alert": HapticPattern(500, 100, 3),
}


#: A haptic command not answered within this long is not delivered (guess: a control write and its
#: response take a few milliseconds over BLE, docs/performance.md's live monitor; 2 s allows reconnects
#: of the other foot and a busy host).
HAPTIC_TIMEOUT_S = 2.0
#: A tone whose player has not finished within this long is not delivered (guess: the longest tone of
#: TONES_HZ lasts under a second; 5 s allows a sound server that starts slowly).
SOUND_TIMEOUT_S = 5.0


class HapticChannel:
    """A haptic pulse on the alerted foot's insole.

    ``send(foot, payload)`` writes a control-point command and returns the insole's ControlResponse;
    ``available(foot)`` says whether that insole has a motor and is connected now. One command per foot at
    a time; a command that fails, times out or is answered with anything but success is not delivered.
    """

    name = "haptic"

    def __init__(self, send: Callable[[str, bytes], Awaitable[ControlResponse]],
                 available: Callable[[str], bool], *, patterns: dict[str, HapticPattern] | None = None,
                 timeout_s: float = HAPTIC_TIMEOUT_S) -> None:
        self._send = send
        self._available = available
        self.patterns = HAPTIC_PATTERNS if patterns is None else patterns
        self.timeout_s = timeout_s
        self.closed = False
        self._locks: dict[str, asyncio.Lock] = {}
        self.sent: list[tuple[str, HapticPattern, bool]] = []  # (foot, pattern, answered success)

    def wants(self, alert: Alert) -> bool:
        return alert.kind == "alert" and alert.level in self.patterns

    def deliver(self, alert: Alert) -> bool | Awaitable[bool]:
        if self.closed or not self._available(alert.foot):
            return False
        return self._pulse(alert.foot, self.patterns[alert.level])

    async def _pulse(self, foot: str, pattern: HapticPattern) -> bool:
        lock = self._locks.setdefault(foot, asyncio.Lock())
        async with lock:
            if self.closed or not self._available(foot):
                return False
            try:
                resp = await asyncio.wait_for(self._send(foot, pattern.command()), self.timeout_s)
            except Exception:  # a link that drops mid-write raises bleak's, bumble's or our errors
                ok = False
            else:
                ok = resp.ok
            self.sent.append((foot, pattern, ok))
            return ok

    async def aclose(self) -> None:
        """Refuse new pulses and wait for those in flight (before the link closes)."""
        self.closed = True
        for lock in self._locks.values():
            async with lock:
                pass


def tone_wav(freqs_hz: Sequence[float], *, beep_s: float = 0.18, gap_s: float = 0.08, rate_hz: int = 22050,
             amplitude: float = 0.4) -> bytes:
    """A WAV file (16-bit mono) of one short beep per frequency, with 10 ms fades (no clicks)."""
    frames = bytearray()
    n_beep, n_gap, n_fade = int(beep_s * rate_hz), int(gap_s * rate_hz), int(0.01 * rate_hz)
    for k, f in enumerate(freqs_hz):
        for i in range(n_beep):
            env = min(1.0, i / n_fade, (n_beep - 1 - i) / n_fade)
            value = amplitude * env * math.sin(2 * math.pi * f * i / rate_hz)
            frames += struct.pack("<h", int(32767 * value))
        if k < len(freqs_hz) - 1:
            frames += b"\x00\x00" * n_gap
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate_hz)
        w.writeframes(bytes(frames))
    return buf.getvalue()


#: Beeps per event (Hz): rising for a warning, three for an alert, a low pair for missing data (a guess
#: at sounds that differ without a screen).
TONES_HZ: dict[str, tuple[float, ...]] = {
    "warning": (880.0, 1175.0),
    "alert": (1175.0, 1175.0, 1175.0),
    "data_stale": (440.0, 330.0),
}


def find_player() -> list[str] | None:
    """A command that plays a WAV file given as its last argument, or None where none is installed.

    paplay and pw-play need a sound server, aplay a sound card (/dev/snd); a player that cannot play
    fails, and the sound channel then reports nothing delivered.
    """
    if sys.platform == "darwin" and shutil.which("afplay"):
        return ["afplay"]
    for exe in ("paplay", "pw-play"):
        if shutil.which(exe):
            return [exe]
    if shutil.which("aplay") and Path("/dev/snd").exists():
        return ["aplay", "-q"]
    return None


class SoundChannel:
    """A short tone for urgent events, played by an external player without waiting on the event loop.

    A tone still playing is not interrupted or stacked: the next event then gets no sound.
    """

    name = "sound"

    def __init__(self, player: list[str] | None, *, timeout_s: float = SOUND_TIMEOUT_S) -> None:
        self.player = player
        self.timeout_s = timeout_s
        self._dir: tempfile.TemporaryDirectory | None = None
        self._files: dict[str, Path] = {}
        self._playing = False

    def wants(self, alert: Alert) -> bool:
        return self.player is not None and self._key(alert) in TONES_HZ

    @staticmethod
    def _key(alert: Alert) -> str:
        return alert.kind if alert.kind != "alert" else (alert.level or "")

    def _file(self, key: str) -> Path:
        if key not in self._files:
            if self._dir is None:
                self._dir = tempfile.TemporaryDirectory(prefix="solewatch-tones-")
            path = Path(self._dir.name) / f"{key}.wav"
            path.write_bytes(tone_wav(TONES_HZ[key]))
            self._files[key] = path
        return self._files[key]

    def deliver(self, alert: Alert) -> bool | Awaitable[bool]:
        if self._playing or self.player is None:
            return False
        try:
            path = self._file(self._key(alert))
        except OSError:
            return False
        self._playing = True
        return self._play(path)

    async def _play(self, path: Path) -> bool:
        try:
            quiet = asyncio.subprocess.DEVNULL
            proc = await asyncio.create_subprocess_exec(*self.player, str(path), stdin=quiet, stdout=quiet,
                                                        stderr=quiet)
        except OSError:
            self._playing = False
            return False
        try:
            return await asyncio.wait_for(proc.wait(), self.timeout_s) == 0
        except asyncio.TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
            return False
        finally:
            self._playing = False

    def close(self) -> None:
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None


# ---------------------------------------------------------------------------- the events file


def utc_iso(t: float | None = None) -> str:
    stamp = datetime.fromtimestamp(time.time() if t is None else t, tz=timezone.utc)
    return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def event_object(alert: Alert, delivered: Sequence[str], utc: str) -> dict[str, Any]:
    """The JSON object of one event line (docs/events-json.md)."""
    return {
        "schema": EVENTS_SCHEMA,
        "t_s": round(alert.t_s, 3),
        "utc": utc,
        "foot": alert.foot,
        "kind": alert.kind,
        "level": alert.level,
        "region": alert.region,
        "pattern": alert.pattern,
        "cause": alert.cause,
        "suggestions": list(alert.suggestions),
        "suggestion_keys": list(alert.suggestion_keys),
        "message": alert.message,
        "delivered": list(delivered),
    }


class EventsSink:
    """JSON lines, one per event, flushed per line. A write error stops the sink and is kept in ``error``;
    ``on_error``, if set, is told at once (the session goes on: the person hears of it when it happens,
    not at the end). On standard output (``-``) a closed pipe (``--events - | head -1``) is no error: its
    reader went away, the sink falls silent (``reader_gone``) and the command exits 141 at its end, as every
    command's output into a closed pipe does (docs/reliability.md)."""

    name = "events"
    reader_gone = False

    def __init__(self, stream: IO[str], *, close: bool = False) -> None:
        self._stream = stream
        self._close = close
        self.error: OSError | None = None
        self.lines = 0
        self.on_error: Callable[[OSError], None] | None = None

    @classmethod
    def open(cls, target: str | os.PathLike[str]) -> EventsSink:
        """``-`` for stdout, else a file (created or truncated); OSError if it cannot be opened."""
        if str(target) == "-":
            return cls(sys.stdout)
        if is_pipe(target):  # its open waits for a reader: Ctrl-C must be heard meanwhile
            return cls(waited_on(open, target, "w", -1, "utf-8"), close=True)
        return cls(open(target, "w", encoding="utf-8"), close=True)  # noqa: SIM115

    def write(self, alert: Alert, delivered: Sequence[str], utc: str) -> bool:
        """Write one line; ``delivered`` is completed with "events" when the line was written."""
        if self.error is not None or self.reader_gone:
            return False
        line = json.dumps(event_object(alert, [*delivered, self.name], utc), separators=(", ", ": "))
        try:
            self._stream.write(line + "\n")
            self._stream.flush()
        except BrokenPipeError as exc:
            if self._stream is not sys.stdout:  # a file's named pipe whose reader left: the events file stopped
                return self._failed(exc)
            self.reader_gone = True
            devnull = os.open(os.devnull, os.O_WRONLY)  # the interpreter's last flush must not fail again
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            return False
        except OSError as exc:
            return self._failed(exc)
        self.lines += 1
        return True

    def _failed(self, exc: OSError) -> bool:
        self.error = exc
        if self.on_error is not None:
            self.on_error(exc)
        return False

    def close(self) -> None:
        if self._close:
            with contextlib.suppress(OSError):
                self._stream.close()


# ---------------------------------------------------------------------------- the dispatcher


@dataclass(frozen=True)
class Delivered:
    """An event and the channels that took it.

    ``latency_s``: host seconds from the arrival of the data that raised the event (or its submission)
    to each channel's answer, for the channels that took it. ``late_s``: session s from the data that raised
    it to its issue, beyond its window's settling, to the session's end at most (monitor.live.analysis_lag;
    None: not measured, as in a replay), and ``after_end`` whether it was issued after that end.
    """

    alert: Alert
    delivered: tuple[str, ...]
    utc: str
    latency_s: dict[str, float] = field(default_factory=dict)
    late_s: float | None = None
    after_end: bool = False


@dataclass
class _Pending:
    alert: Alert
    t0: float
    results: dict[str, Any]  # channel name -> bool or Task
    done_at: dict[str, float]
    late: tuple[float | None, bool]  # Delivered.late_s and after_end


async def _timed(aw: Awaitable[bool], name: str, done_at: dict[str, float]) -> bool:
    try:
        return await aw
    finally:
        done_at[name] = host_clock_s()


class Dispatcher:
    """Delivers each submitted alert over every channel that wants it, and finishes alerts in order.

    ``on_done(delivered)`` runs in the worker task once an alert's channels have answered and its
    events line is written.
    """

    def __init__(self, channels: Sequence[Channel], *, events: EventsSink | None = None,
                 on_done: Callable[[Delivered], None] | None = None) -> None:
        self.channels = list(channels)
        self.events = events
        self.on_done = on_done
        self.delivered_: list[Delivered] = []
        self._queue: asyncio.Queue[_Pending | None] = asyncio.Queue()
        self._worker: asyncio.Task | None = None

    def submit(self, alert: Alert, *, since: float | None = None, late_s: float | None = None,
               after_end: bool = False) -> None:
        """Start delivering ``alert`` now; never waits.

        ``since``: when (``host_clock_s()``, the event loop's clock) the data that raised it arrived; latencies count
        from then (default: now). ``late_s`` and ``after_end``: how late it is issued (Delivered's).
        """
        if self._worker is None:
            self._worker = asyncio.get_running_loop().create_task(self._work(), name="solewatch-delivery")
        t0 = host_clock_s() if since is None else since
        results: dict[str, Any] = {}
        done_at: dict[str, float] = {}
        for ch in self.channels:
            if not ch.wants(alert):
                continue
            try:
                r = ch.deliver(alert)
            except Exception:  # a channel must never take the live session down
                r = False
            if inspect.isawaitable(r):
                results[ch.name] = asyncio.ensure_future(_timed(r, ch.name, done_at))
            else:
                results[ch.name] = bool(r)
                done_at[ch.name] = host_clock_s()
        self._queue.put_nowait(_Pending(alert, t0, results, done_at, (late_s, after_end)))

    async def _work(self) -> None:
        while True:
            item = await self._queue.get()
            if item is None:
                return
            names = []
            for name, r in item.results.items():
                if isinstance(r, asyncio.Future):
                    try:
                        r = await r
                    except Exception:
                        r = False
                if r:
                    names.append(name)
            utc = utc_iso()
            latency = {n: round(item.done_at[n] - item.t0, 6) for n in names if n in item.done_at}
            if self.events is not None and self.events.write(item.alert, names, utc):
                latency[self.events.name] = round(host_clock_s() - item.t0, 6)
                names.append(self.events.name)
            done = Delivered(item.alert, tuple(names), utc, latency, *item.late)
            self.delivered_.append(done)
            if self.on_done is not None:
                with contextlib.suppress(Exception):
                    self.on_done(done)

    async def aclose(self) -> None:
        """Finish every submitted alert, then stop the worker."""
        if self._worker is not None:
            self._queue.put_nowait(None)
            await self._worker
            self._worker = None
