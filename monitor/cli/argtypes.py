"""The types of the command line's arguments: durations, speeds, session directories (``latest``), seeds,
and the ports and transports the radio, the Moticon stream, the phone view and a Dask scheduler use.

Each takes the text a person typed and returns the value, or raises argparse.ArgumentTypeError with a hint
(argparse turns it into one line and exit code 2), the text quoted cut (monitor.errors.quote).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

from monitor.errors import QUOTE_CHARS, SolewatchError, quote
from monitor.util.arguments import EMPTY_PATH as _EMPTY_PATH

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|min|h|m|s)", re.IGNORECASE)
_UNIT_S = {"ms": 1e-3, "s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}


def parse_duration(text: str) -> float:
    """'90s', '10m', '2h', '1.5h', '1h30m', '2m30s', '250ms' -> seconds (float > 0). A bare number is refused
    (seconds or minutes cannot be told apart), and so is a negative duration ('-5m'). The text is quoted cut
    (monitor.errors.quote), and a bare number's hint repeats it only when it is no longer than that."""
    compact = re.sub(r"\s+", "", text or "")
    if re.match(r"-\.?\d", compact):
        raise argparse.ArgumentTypeError(f"invalid duration {quote(text)}: it must be longer than zero")
    if re.fullmatch(r"\d+(?:\.\d+)?", compact):
        number = compact if len(compact) <= QUOTE_CHARS else "90"  # a long one is said once, cut
        raise argparse.ArgumentTypeError(f"invalid duration {quote(text)}: give a unit, e.g. {number}s or "
                                         f"{number}m (or 1h30m)")
    parts = list(_DURATION_PART.finditer(compact))
    if not parts or "".join(m.group(0) for m in parts) != compact:
        raise argparse.ArgumentTypeError(f"invalid duration {quote(text)} (use e.g. 90s, 20m, 2h or 1h30m)")
    seconds = sum(float(m.group(1)) * _UNIT_S[m.group(2).lower()] for m in parts)
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"invalid duration {quote(text)}: it must be longer than zero")
    return seconds


def parse_session_duration(text: str) -> float:
    """A session's length (``--duration`` of record, live and sim): :func:`parse_duration`, up to the longest
    session a session directory may hold (monitor.session.info.LONGEST_SESSION_S, 366 days), which reading
    it back holds it to: a longer ride would be recorded, then refused."""
    from monitor.session.info import LONGEST_SESSION_S  # here: `solewatch --help` imports no session code

    return _duration_up_to(text, LONGEST_SESSION_S, "any session",
                           f"{LONGEST_SESSION_S / 3600:g}h, {LONGEST_SESSION_S / 86400:g} days")


#: The longest ``scan --timeout`` (s): an hour (guess). An insole in reach advertises within seconds (the
#: default scan is 5 s); a longer scan is a typing mistake, and one that parses to infinity
#: (``float("1e400")``) would never end.
LONGEST_SCAN_S = 3600.0


def plain_text(text: str) -> str:
    """Free text printed back (``--shoes``, ``--label``): refused when it holds a control character, which
    would act on the terminal where it is printed (monitor.util.plain_text), the text quoted cut
    (monitor.errors.quote) and the character's place said."""
    from monitor.errors import quote
    from monitor.util.plain_text import control_words

    why = control_words(text, place=True)
    if why:
        raise argparse.ArgumentTypeError(f"{quote(text)} {why}")
    return text


def shoes_text(text: str) -> str:
    """``--shoes``: :func:`plain_text`, refused too when longer than the shoes a setup takes
    (monitor.session.setup_checks.LONGEST_SHOES_CHARS, a guess), the text quoted cut (monitor.errors.quote)."""
    from monitor.errors import quote
    from monitor.session.setup_checks import shoes_length_words

    why = shoes_length_words(text)
    if why:
        raise argparse.ArgumentTypeError(f"{quote(text)} {why}")
    return plain_text(text)


def label_text(text: str) -> str:
    """``--label``: :func:`plain_text`, refused too when longer than a session's label takes
    (monitor.session.names.LONGEST_LABEL_CHARS), the text quoted cut (monitor.errors.quote)."""
    from monitor.errors import quote
    from monitor.session.names import label_length_words

    why = label_length_words(text)
    if why:
        raise argparse.ArgumentTypeError(f"{quote(text)} {why}")
    return plain_text(text)


def parse_scan_timeout(text: str) -> float:
    """``scan --timeout``: :func:`parse_duration`, up to LONGEST_SCAN_S."""
    return _duration_up_to(text, LONGEST_SCAN_S, "a scan may take", f"{LONGEST_SCAN_S / 3600:g}h")


def _duration_up_to(text: str, longest_s: float, than: str, at_most: str) -> float:
    """:func:`parse_duration`, refused above ``longest_s`` (s): "longer than THAN (at most AT_MOST)"."""
    seconds = parse_duration(text)
    if not seconds <= longest_s:
        raise argparse.ArgumentTypeError(f"invalid duration {quote(text)}: longer than {than} (at most {at_most})")
    return seconds


#: An insole's address as bleak gives it (BLEDevice.address) and finds it, whatever its case
#: (BleakScanner.find_device_by_address compares lower-cased): six bytes in hex between colons (Linux,
#: Windows, the simulated radio's bumble addresses such as F0:5E:01:2A:3B:4C), or on macOS the UUID
#: CoreBluetooth gives a peripheral (8-4-4-4-12 hex digits).
_MAC_ADDRESS = re.compile(r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}")
_UUID_ADDRESS = re.compile(r"[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}")


def insole_kind_word(text: str) -> str:
    """An ``--insole`` word as the choices spell it, lower case (``Orphe`` is orphe), as a scenario's name
    is taken in any case; argparse's choices then judge it."""
    return text.strip().lower()


def parse_insole_address(text: str) -> str:
    """An insole's ``--left``/``--right`` ADDR: a Bluetooth address (AA:BB:CC:DD:EE:FF, either case) or a
    macOS UUID, as ``solewatch scan`` lists them, without the spaces around it; ArgumentTypeError otherwise,
    so that a mistyped one is said before the radio is opened (had: "Bluetooth not available" first)."""
    address = text.strip()
    if not (_MAC_ADDRESS.fullmatch(address) or _UUID_ADDRESS.fullmatch(address)):
        raise argparse.ArgumentTypeError(f"invalid address {quote(text)}: a Bluetooth address such as "
                                         "AA:BB:CC:DD:EE:FF, or on macOS the UUID `solewatch scan` lists")
    return address


#: What an empty path on the command line is called (monitor.util.arguments.EMPTY_PATH).
EMPTY_PATH = _EMPTY_PATH


def path_arg(text: str) -> Path:
    """A file or directory argument; an empty one (``"$RIDE"`` with RIDE unset) is refused, not taken for
    the current directory."""
    return Path(events_arg(text))


#: What ``-o -`` names: standard output, as ``--events -`` does; written as ``-o /dev/stdout`` is
#: (monitor.util.outputs.write_whole: through the open descriptor, never replaced). ``./-`` names a file.
STANDARD_OUTPUT = Path("/dev/stdout")


def output_arg(text: str) -> Path:
    """An output FILE of ``export -o`` and ``report -o``: ``-`` is standard output (:data:`STANDARD_OUTPUT`),
    anything else a path (:func:`path_arg`)."""
    return STANDARD_OUTPUT if text == "-" else path_arg(text)


def folder_out_arg(text: str) -> Path:
    """An output folder (``study -o OUTDIR``): ``-``, standard output to ``export -o`` and ``report -o``
    (:func:`output_arg`), is refused, since one stream cannot hold a folder of files; ``./-`` names a
    folder called ``-``. Anything else a path (:func:`path_arg`)."""
    from monitor.util.outputs import check_folder_not_dash

    try:
        check_folder_not_dash(text)
    except SolewatchError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    return path_arg(text)


def events_arg(text: str) -> str:
    """An ``--events`` FILE (``-`` for stdout), refused when empty as :func:`path_arg` refuses it, and when it
    holds a NUL character, which no path can (the system's calls end a path there; Python refuses it with
    ValueError): quoted cut (monitor.errors.quote), its place said. A shell cannot pass one, a program
    calling monitor.cli.main.main can."""
    if not text.strip():
        raise argparse.ArgumentTypeError(EMPTY_PATH)
    if "\0" in text:
        place = text.index("\0") + 1
        raise argparse.ArgumentTypeError(f"{quote(text)} holds a NUL character (character {place}), which no path "
                                         "can hold")
    return text


def source_arg(text: str) -> str:
    """A ``study`` PATH: a session directory, folder, glob or URL, kept as text (a URL is no Path);
    refused when empty as :func:`path_arg` refuses it."""
    return events_arg(text)


def session_arg(text: str) -> Path:
    """A session directory argument; ``latest`` is the newest session under sessions/, ``DIR/latest`` the
    newest under DIR (monitor.session.latest); an empty one is refused (:func:`path_arg`)."""
    if Path(path_arg(text)).name.lower() != "latest":
        return Path(text)
    from monitor.session.latest import resolve_session_arg

    try:
        return resolve_session_arg(text)
    except SolewatchError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


#: The slowest --speed (simulated seconds, or recorded seconds in a replay, per host second). The clocks
#: keep whole microseconds and every timeout that counts session time scales with the speed, so far slower
#: paces run correctly (a 0.3-s ride at 0.01 records whole, in 30 s), but a ride at X lasts its duration / X
#: of host time: at 0.01 the default 10-minute ride takes 17 hours, and 1e-300 never ends. Guess: slow
#: motion a person waits for is a few times slower than real time, not a hundred.
MIN_SPEED = 0.01
#: The fastest --speed: a session.json's own limit, monitor.session.info.MAX_SPEED (not imported here: it
#: would load numpy before the command line is read; tests/test_cli.py holds the two equal).
MAX_SPEED = 1000.0


def _speed(text: str, hint: str) -> float:
    """A --speed factor from MIN_SPEED to MAX_SPEED ('30', '30x', '0.5'); ArgumentTypeError naming the
    range otherwise."""
    try:
        value = float(text.strip().rstrip("xX"))
    except ValueError:
        value = 0.0
    if not MIN_SPEED <= value <= MAX_SPEED:
        raise argparse.ArgumentTypeError(f"invalid speed {quote(text)} (a factor from {MIN_SPEED:g} to "
                                         f"{MAX_SPEED:g}, e.g. {hint})")
    return value


def parse_speed(text: str) -> float:
    """A simulation's --speed: simulated seconds per host second, from MIN_SPEED to MAX_SPEED."""
    return _speed(text, "30")


def parse_replay_speed(text: str) -> float | None:
    """'max' -> None (as fast as possible); '10', '10x', '0.5' -> the factor, from MIN_SPEED to MAX_SPEED."""
    if text.strip().lower() == "max":
        return None
    return _speed(text, "10, or max")


#: The highest port number of TCP and UDP.
MAX_PORT = 65535

#: Where ``--web PORT`` listens without a host: every interface, so a phone on the local network reaches it
#: (the URL's token keeps others out, docs/phone-view.md).
WEB_ANY_HOST = "0.0.0.0"


def parse_web_address(text: str) -> tuple[str, int]:
    """``[HOST:]PORT`` -> ``(host, port)``: '8080' (every interface), '127.0.0.1:0' (any free port),
    '[::1]:8080'."""
    m = re.fullmatch(r"(?:\[(?P<v6>[0-9a-fA-F:.]+)\]:|(?P<host>[^:\s\[\]]+):)?(?P<port>-?\d+)", text or "")
    if m is None or not 0 <= int(m.group("port")) <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"invalid address {quote(text)}: give [HOST:]PORT, PORT a whole number "
                                         f"from 0 to {MAX_PORT}, e.g. 8080 or 127.0.0.1:8080 (port 0: any "
                                         f"free port)")
    return m.group("v6") or m.group("host") or WEB_ANY_HOST, int(m.group("port"))


def parse_seed(text: str) -> int:
    """A simulation's random seed: a whole number from 0 (numpy's generators take no negative seed)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"invalid seed {quote(text)} (a whole number from 0, e.g. 1)")
    return value


def _port(text: str, given: str, *, lowest: int) -> int:
    """The port number ``text`` (part of the argument ``given``), from ``lowest`` (0: any free port, where
    listening) to :data:`MAX_PORT`; ArgumentTypeError naming it and the range otherwise."""
    value = int(text) if re.fullmatch(r"\s*-?\d+\s*", text) else None
    if value is None or not lowest <= value <= MAX_PORT:
        where = "" if text == given else f" in {quote(given)}"
        free = "; 0: any free port" if lowest == 0 else ""
        raise argparse.ArgumentTypeError(f"invalid port {quote(text)}{where} (a whole number from {lowest} to "
                                         f"{MAX_PORT}{free})")
    return value


def parse_udp_port(text: str) -> int:
    """A UDP port to listen on for a stream another program sends (``--moticon-udp``): 1 to 65535, a port
    that program can be told."""
    return _port(text, text, lowest=1)


def _transport(scheme: str, lowest: int, example: str) -> Callable[[str], str]:
    """The type of a ``SCHEME:HOST:PORT`` transport (bumble's spelling, firmware_sim.radio): the text as
    given, once its scheme and port are right."""

    def parse(text: str) -> str:
        head, _, rest = text.partition(":")
        host, sep, port = rest.rpartition(":")
        if head != scheme or not sep:
            raise argparse.ArgumentTypeError(f"invalid transport {quote(text)}: give {scheme}:HOST:PORT, "
                                             f"e.g. {example}")
        _port(port, text, lowest=lowest)
        return text

    parse.__name__ = f"{scheme} transport"
    return parse


#: ``sim --hci``: where the simulated insoles serve HCI (port 0: any free port, said once serving).
parse_hci_server = _transport("tcp-server", 0, "tcp-server:127.0.0.1:9100")
#: ``--radio``: the simulated insoles served by ``solewatch sim`` in another process.
parse_radio_client = _transport("tcp-client", 1, "tcp-client:127.0.0.1:9100")


#: The schemes a Dask scheduler's address may name (distributed.comm's network transports; ``inproc`` is a
#: scheduler in the same process, which a command line cannot reach).
SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")


def parse_scheduler(text: str) -> str:
    """A Dask scheduler's address (``tcp://HOST:PORT``, as Dask spells it; the scheme may be left out, or be
    one of :data:`SCHEDULER_SCHEMES`): the text as given, once it names a host and a port (1 to 65535);
    whether a scheduler answers there is Dask's to find when it connects."""
    m = re.fullmatch(r"(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?P<host>\[[^\]]*\]|[^:/\[\]]*):(?P<port>[^:/]*)",
                     text)
    if m is None or not m.group("host").strip("[] ") or (m.group("scheme") or "tcp") not in SCHEDULER_SCHEMES:
        raise argparse.ArgumentTypeError(f"invalid scheduler address {quote(text)}: give tcp://HOST:PORT, "
                                         "e.g. tcp://10.0.0.5:8786")
    _port(m.group("port"), text, lowest=1)
    return text
