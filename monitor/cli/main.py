"""The `solewatch` command. Thin: each command parses its arguments and calls one library function.

One idea: the command line's grammar (every command's arguments, help and examples), each command line
turned into one call of monitor.cli.commands.

Every deliberate error is one line on stderr and exit code 2; nothing prints a traceback at a person, and
what the radio libraries log stays off the terminal unless ``--verbose`` (monitor.cli.radio_logs).
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import re
import signal
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from monitor.cli.argtypes import (
    events_arg,
    folder_out_arg,
    insole_kind_word,
    label_text,
    output_arg,
    parse_duration,  # noqa: F401  (re-exported: its old home)
    parse_hci_server,
    parse_insole_address,
    parse_radio_client,
    parse_replay_speed,
    parse_scan_timeout,
    parse_scheduler,
    parse_seed,
    parse_session_duration,
    parse_speed,
    parse_udp_port,
    parse_web_address,
    path_arg,
    session_arg,
    shoes_text,
    source_arg,
)
from monitor.cli.radio_logs import radio_logs
from monitor.errors import RawLogDamaged, SessionCaveat, SolewatchError, cli_message, quote
from monitor.session.setup_checks import LONGEST_SHOES_CHARS
from monitor.signal.activity_words import ACTIVITY_LABELS, meant_words, spelt_activity
from monitor.signal.pedals import PEDAL_CHOICES
from monitor.util.interrupts import HANGUP, HANGUP_WORDS
from monitor.util.pressure_units import unit_name
from monitor.util.version import __version__

_SESSION_HELP = ("a session directory; latest: the newest session under sessions/ (DIR/latest: the newest "
                 "under DIR)")
#: --params of a command over a recorded session (monitor.cli.inputs.detection_params).
_SESSION_PARAMS_HELP = ("JSON file overriding detection defaults (default: the session's own params.json, kept "
                        "by live, else the defaults)")
#: --speed of a simulation (monitor.cli.argtypes.parse_speed).
_SIM_SPEED_HELP = "simulated seconds per second, from 0.01 to 1000, e.g. 30 (default 1)"
EPILOG_NOT_MEDICAL = "Solewatch is not a medical device; numbness that persists needs a clinician."
#: The top-level help's first line: what Solewatch does, naming every activity it serves (ACTIVITIES).
DESCRIPTION = ("Pressure insoles that catch sustained forefoot load before the foot falls asleep, in a session of "
               "cycling, running or walking (on a treadmill too), or on an elliptical or a stair climber.")
#: The top-level help's pointer for a gym machine (README.md, "On a gym machine"; docs/detection.md: the two
#: machines share one class in the detector, and a declared one keeps its own normal).
EPILOG_GYM = ("On an elliptical or a stair climber, declare it, e.g. solewatch live --activity elliptical (or "
              "stair_climber; record, analyze, report and import take it too): the pressure does not tell the two "
              "machines apart, and each keeps its own normal.")

#: A command-line word that starts with a minus and a digit (``-5m``, ``-3x``, ``-.5``), or is a negative
#: infinity or NaN as Python's float() reads them (``-inf``, ``-Infinity``, ``-nan``), is a value, never an
#: option: none of ours looks like that. argparse's own rule takes only plain numbers (``-5``, ``-.5``) for
#: values (Python 3.11), so ``--duration -5m`` or ``--speed -inf`` was "expected one argument" instead of a
#: word about the value.
NEGATIVE_VALUE = re.compile(r"^-(\.?\d|(inf|infinity|nan)$)", re.IGNORECASE)


#: argparse's words for a word not among an argument's choices (Python 3.11): the word, then the choices.
_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<word>[^']*)' \(choose from (?P<choices>.*)\)$")


def _with_close_choice(message: str) -> str:
    """argparse's ``invalid choice`` message with the choices the word may have meant, as a misspelt
    scenario gets them (monitor.util.words.close_names): ``'analyse'; did you mean analyze? (choose
    from ...)``; an activity named by another of its words, the label its recordings' folders end in, gets its
    ``--activity`` word first (``'stairs'; did you mean stair_climber?``:
    monitor.signal.activity_words.meant_words, the rule of the layout JSON and the Python API too); any other
    message as it is."""
    found = _INVALID_CHOICE.search(message)
    if found is None:
        return message
    choices = re.findall(r"'([^']*)'", found["choices"])
    # an activity's other word (the label of its recordings, "stairs") first; else those spelt close to it
    hint = meant_words(found["word"], choices)  # the Python API's words for an unknown activity too
    if not hint:
        return message
    return message[:found.start("word") - 1] + f"'{found['word']}'{hint} (choose from {found['choices']})"


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors are one line and exit code 2, a word not among an argument's choices is quoted
    cut (monitor.errors.quote), and a word such as ``-5m`` after an option is its value
    (:data:`NEGATIVE_VALUE`), which the option's type then judges."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = NEGATIVE_VALUE  # argparse's attribute for "looks like a number"

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """argparse's check of a word against ``action``'s choices, in its words (Python 3.11, which
        :data:`_INVALID_CHOICE` reads), the word quoted cut (had: said whole, however long)."""
        if action.choices is not None and value not in action.choices:
            choices = ", ".join(map(repr, action.choices))
            raise argparse.ArgumentError(action, f"invalid choice: {quote(value)} (choose from {choices})")

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        if message.endswith("required: COMMAND"):  # `solewatch` alone: name what it can do
            commands = next(a for a in self._actions if isinstance(a, argparse._SubParsersAction)).choices
            message = f"name a command: {', '.join(commands)}"
        message = _with_close_choice(message)
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="solewatch", description=DESCRIPTION, epilog=f"{EPILOG_GYM} {EPILOG_NOT_MEDICAL}")
    p.add_argument("--version", action="version", version=f"solewatch {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    s = sub.add_parser("scenarios", help="list the simulated scenarios",
                       description="List the simulated insole scenarios.",
                       epilog="example: solewatch scenarios")
    s.add_argument("--json", action="store_true", help="print each scenario's ground truth as JSON")
    s.set_defaults(func=cmd_scenarios)

    s = sub.add_parser("scan", help="find insoles nearby",
                       description="Scan for insoles of every supported kind (docs/devices.md), or of --insole, "
                                   "and list them strongest signal first: address, name, kind, foot (unknown "
                                   "where the advertisement does not name it) and rssi (dBm); a name or rssi "
                                   "the insole or the adapter does not give is shown as -.",
                       epilog="examples: solewatch scan; solewatch scan --sim healthy-ride")
    _radio_args(s, named=False)
    s.add_argument("--timeout", type=parse_scan_timeout, default=5.0, metavar="D",
                   help="scan time (default 5s, at most 1h)")
    s.set_defaults(func=cmd_scan)

    s = sub.add_parser("record", help="record a session from both insoles",
                       description="Connect both insoles and record a session.",
                       epilog="examples: solewatch record --sim cleat-forward --duration 10m --speed 30; "
                              "solewatch record --left AA:BB:CC:DD:EE:01 --right AA:BB:CC:DD:EE:02 --duration 1h")
    _radio_args(s)
    s.add_argument("--left", type=parse_insole_address, metavar="ADDR", help="address of the left insole")
    s.add_argument("--right", type=parse_insole_address, metavar="ADDR", help="address of the right insole")
    s.add_argument("--moticon-udp", type=parse_udp_port, metavar="PORT",
                   help="listen on 127.0.0.1:PORT for the Moticon OpenGo app's live stream, waiting for it "
                        "until it comes or Ctrl-C (docs/devices.md)")
    s.add_argument("--duration", type=parse_session_duration, default=600.0, metavar="D",
                   help="session length in session time, e.g. 90s, 10m, 2h (default 10m)")
    s.add_argument("--out", type=path_arg, default=Path("sessions"), metavar="DIR",
                   help="where session directories go (default sessions/)")
    s.add_argument("--label", type=label_text, help="label in the session directory name (default: the scenario "
                                                    "with --sim, else the --activity as ride, run, walk... or "
                                                    "'session')")
    _activity_arg(s, "record")
    _setup_args(s, remembered=True)
    s.add_argument("--plain", action="store_true", help="plain progress lines even on a terminal")
    s.set_defaults(func=cmd_record)

    s = sub.add_parser("live", help="record a session with live alerts: detect, and tell the wearer",
                       description="Connect both insoles, record the session exactly as `record` does, and "
                                   "run the detection live: a live view of both feet, and each alert "
                                   "delivered to the terminal (banner and bell), the insole's haptic motor, "
                                   "a sound where the machine can play one, and --events as JSON lines "
                                   "(docs/events-json.md); --web serves a phone view of it. Keys l and r (or the phone "
                                   "view's buttons) mark a left or right foot that tingles or goes numb now. "
                                   "Ends with a summary in plain words.",
                       epilog="examples: solewatch live --sim cleat-forward --speed 40 --duration 20m; "
                              "solewatch live --scan --events events.jsonl --web 8080; "
                              "solewatch live --left AA:BB:CC:DD:EE:01 --right AA:BB:CC:DD:EE:02 "
                              "--duration 2h. "
                              + EPILOG_NOT_MEDICAL)
    _radio_args(s, scan_option=True)
    s.add_argument("--left", type=parse_insole_address, metavar="ADDR", help="address of the left insole")
    s.add_argument("--right", type=parse_insole_address, metavar="ADDR", help="address of the right insole")
    s.add_argument("--moticon-udp", type=parse_udp_port, metavar="PORT",
                   help="listen on 127.0.0.1:PORT for the Moticon OpenGo app's live stream, waiting for it "
                        "until it comes or Ctrl-C (docs/devices.md)")
    s.add_argument("--scan", action="store_true",
                   help="pick the nearest pair: the strongest left and right insoles a 3 s scan finds (not with --sim)")
    s.add_argument("--duration", type=parse_session_duration, default=None, metavar="D",
                   help="session length in session time, e.g. 90s, 20m, 2h (default: until Ctrl-C)")
    s.add_argument("--out", type=path_arg, default=Path("sessions"), metavar="DIR",
                   help="where session directories go (default sessions/)")
    s.add_argument("--label", type=label_text, help="label in the session directory name (default: the scenario "
                                                    "with --sim, else the --activity as ride, run, walk... or "
                                                    "'session')")
    s.add_argument("--params", type=path_arg, metavar="FILE",
                   help="JSON file overriding detection defaults (default: the defaults; kept with the session)")
    _activity_arg(s, "live")
    _rider_arg(s, "judge the session against this rider's normal from earlier sessions of its activity, and "
                  "keep what this session learns of it (under the user's config directory)")
    _setup_args(s, remembered=True, rider=True)
    s.add_argument("--events", type=events_arg, metavar="FILE",
                   help="write every alert, back-to-normal, data-stale and data-back event and rider mark as "
                        "a JSON line to FILE (- for stdout)")
    s.add_argument("--force", action="store_true", help="replace the --events FILE if it exists")
    s.add_argument("--web", type=parse_web_address, metavar="[HOST:]PORT",
                   help="serve the phone view on PORT (every interface without HOST; 0: any free port): its "
                        "URL, with the token it needs, is printed, and on a terminal a QR code of it "
                        "(docs/phone-view.md)")
    s.add_argument("--plain", action="store_true", help="one plain line per event even on a terminal")
    s.add_argument("--no-sound", action="store_true", help="never play a sound")
    s.add_argument("--no-report", action="store_true",
                   help="do not write the session report (SESSION/report.html) at the end")
    s.set_defaults(func=cmd_live)

    s = sub.add_parser("analyze", help="analyse a recorded or imported session",
                       description="Run the detection pipeline over a session and say what it found: a "
                                   "per-foot summary, each foot's steps (count, cadence, ground contact, "
                                   "footstrike, as the report's Steps table) or pedal strokes, alerts with "
                                   "suggestions. --json lists every step (gait events) and stroke.",
                       epilog="examples: solewatch analyze sessions/samples/sim-cleat-forward; "
                              "solewatch analyze SESSION --json > analysis.json. " + EPILOG_NOT_MEDICAL)
    s.add_argument("session", type=session_arg, metavar="SESSION", help=_SESSION_HELP)
    s.add_argument("--json", action="store_true", help="print the analysis as JSON (docs/analyze-json.md)")
    s.add_argument("--params", type=path_arg, metavar="FILE", help=_SESSION_PARAMS_HELP)
    _activity_arg(s, "analyze")
    _rider_arg(s, "judge the session against this rider's normal, kept by earlier `live --rider` sessions "
                  "(default: the live session's own, else the session's first minutes)")
    _setup_args(s, remembered=False)
    s.set_defaults(func=cmd_analyze)

    s = sub.add_parser("replay", help="replay a recorded session through the live detection",
                       description="Feed a recorded session's raw log (raw.swlog) through what "
                                   "`solewatch live` ran on it: the same frames, pipeline, alert policy and "
                                   "stale-data checks, so with the same --params the events are those the "
                                   "live session gave, in the same order. Prints one line per event and a "
                                   "summary; "
                                   "--events writes the JSON lines of docs/events-json.md. Writes nothing "
                                   "to the session. Imported sessions have no raw log: use `analyze`.",
                       epilog="examples: solewatch replay sessions/samples/sim-cleat-forward; "
                              "solewatch replay SESSION --params shorter.json --events -; "
                              "solewatch replay SESSION --speed 10. " + EPILOG_NOT_MEDICAL)
    s.add_argument("session", type=session_arg, metavar="SESSION",
                   help="a session directory recorded by record or live, or latest")
    s.add_argument("--speed", type=parse_replay_speed, default=None, metavar="X|max",
                   help="X times the recorded pace (host time as recorded), from 0.01 to 1000, or max: as fast "
                        "as possible (default max)")
    s.add_argument("--params", type=path_arg, metavar="FILE", help=_SESSION_PARAMS_HELP)
    s.add_argument("--events", type=events_arg, metavar="FILE",
                   help="write every alert, back-to-normal, data-stale and data-back event and rider mark as "
                        "a JSON line to FILE (- for stdout)")
    s.add_argument("--force", action="store_true", help="replace the --events FILE if it exists")
    s.add_argument("--plain", action="store_true", help="plain lines only, no progress display")
    s.set_defaults(func=cmd_replay)

    s = sub.add_parser("sim", help="run simulated insoles for another process (TCP HCI)",
                       description="Run the simulated insoles and expose a virtual controller as HCI over TCP "
                                   "for a monitor in another process (solewatch record --radio tcp-client:...).",
                       epilog="examples: solewatch sim --scenario healthy-ride --hci tcp-server:127.0.0.1:9100; "
                              "solewatch sim --scenario cleat-forward --insole orphe --hci tcp-server:127.0.0.1:0")
    s.add_argument("--scenario", required=True, help="scenario name (see solewatch scenarios)")
    s.add_argument("--insole", type=insole_kind_word, choices=SIM_HCI_KINDS, default="solewatch", metavar="KIND",
                   help="the insole kind simulated: " + ", ".join(SIM_HCI_KINDS) + " (default solewatch, "
                        "docs/devices.md; the Moticon stream is UDP, not BLE: solewatch record --sim S "
                        "--insole moticon-udp simulates it)")
    s.add_argument("--hci", required=True, type=parse_hci_server, metavar="TRANSPORT",
                   help="tcp-server:HOST:PORT, e.g. tcp-server:127.0.0.1:9100 (port 0: any free port)")
    s.add_argument("--speed", type=parse_speed, default=1.0, metavar="X", help=_SIM_SPEED_HELP)
    s.add_argument("--seed", type=parse_seed, default=1, help="random seed of the simulation, a whole number "
                                                             "from 0 (default 1)")
    s.add_argument("--fault", action="append", default=[], metavar="SPEC",
                   help="inject a fault at its simulated time from the first data, e.g. drop:left@30s, "
                        "lose:right@10s:5 (repeatable)")
    s.add_argument("--duration", type=parse_session_duration, default=None, metavar="D",
                   help="stop after this much simulated time from the first data (default: until "
                        "interrupted)")
    _verbose_arg(s)
    s.set_defaults(func=cmd_sim)

    s = sub.add_parser("import", help="turn another insole's export into a session directory",
                       description="Import a Moticon OpenGo .txt export, a PhysioNet gaitpdb force file, or "
                                   "any insole's data as a generic CSV with a layout JSON "
                                   "(docs/import-csv.md) as a session directory that `solewatch analyze` and "
                                   "monitor.load_session read. Empty fields stay missing; the caveats of "
                                   "the conversion go into session.json (imported_from.caveats). "
                                   "`import fit` adds a bike computer's FIT ride (power, cadence, heart "
                                   "rate, speed, altitude) to an existing session instead, aligned by UTC "
                                   "time (docs/fit.md).",
                       epilog="examples: solewatch import moticon 230927_102114.txt -o sessions/walk; "
                              "solewatch import physionet GaCo01_01.txt -o sessions/GaCo01_01; "
                              "solewatch import csv frames.csv --layout layout.json -o sessions/my-insole; "
                              "solewatch import fit ride.fit --into SESSION")
    s.add_argument("format", choices=("moticon", "physionet", "csv", "fit"), help="the file's format")
    s.add_argument("file", type=path_arg, metavar="FILE", help="the file to import")
    s.add_argument("-o", "--out", type=path_arg, metavar="SESSION_DIR",
                   help="the session directory to create (must not exist, or be empty); not with fit")
    s.add_argument("--into", type=session_arg, metavar="SESSION",
                   help="with fit: the session the ride is added to (SESSION/fit_records.parquet); latest: "
                        "the newest session under sessions/ (DIR/latest: the newest under DIR)")
    s.add_argument("--force", action="store_true",
                   help="with fit: replace the session's fit_records.parquet if a ride was imported before")
    s.add_argument("--layout", type=path_arg, metavar="LAYOUT.json",
                   help="with csv: where each sensor is, its area and region, the sample rate "
                        "(docs/import-csv.md)")
    _activity_arg(s, "import")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("export", help="write a session as CSV or Parquet frames, or as a FIT activity",
                       description="Write a session's frames table (t_s, foot, one column per sensor, "
                                   f"p00_kpa ...: kPa, or {unit_name(False)}, not kPa, in the rows of an "
                                   "uncalibrated insole, ORPHE or Ukaton, under the same names; missing is an "
                                   "empty cell in CSV, NaN in Parquet) as one file for other tools. A CSV "
                                   "into a file gets the sensor layouts beside it (frames.layout.json beside "
                                   "frames.csv: where the sensors are, and \"calibrated\": false for a foot "
                                   f"in {unit_name(False)}); a "
                                   "Parquet file, or a CSV into a pipe, leaves them in the session's "
                                   "session.json. The CSV comes back in with `solewatch import csv frames.csv "
                                   "--layout frames.layout.json` (docs/import-csv.md). "
                                   "--format fit writes a FIT activity instead: the insole metrics per "
                                   "second as developer fields and the alerts as events, for Garmin "
                                   "Connect, GoldenCheetah and others (docs/fit.md).",
                       epilog="examples: solewatch export sessions/samples/sim-cleat-forward; "
                              "solewatch export SESSION --format parquet -o frames.parquet --force; "
                              "solewatch export SESSION --format fit")
    s.add_argument("session", type=session_arg, metavar="SESSION", help=_SESSION_HELP)
    s.add_argument("--format", choices=("csv", "parquet", "fit"), default=None,
                   help="file format (default: from -o's suffix, .csv, .parquet or .fit; csv for a name without "
                        "one; another suffix is refused)")
    s.add_argument("-o", "--out", type=output_arg, metavar="FILE",
                   help="where to write; - is standard output (default: SESSION/frames.csv, "
                        "SESSION/frames-export.parquet, or SESSION/activity.fit)")
    s.add_argument("--params", type=path_arg, metavar="FILE", help="with fit: " + _SESSION_PARAMS_HELP)
    _rider_arg(s, "with fit: judge the session against this rider's normal, kept by earlier `live --rider` "
                  "sessions, as `analyze --rider` does (default: the live session's own, else the session's "
                  "first minutes)")
    s.add_argument("--force", action="store_true", help="replace FILE if it exists")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("report", help="write a session's report: one HTML file (and a PDF)",
                       description="Analyse a session and write its report as one self-contained HTML file "
                                   "(images embedded, no scripts, no network; readable on a phone): the "
                                   "verdict and what to try, pressure maps of both feet, the session over "
                                   "time, the average cycle, left/right asymmetry and data quality "
                                   "(docs/report.md). Prints the report's path.",
                       epilog="examples: solewatch report sessions/samples/sim-cleat-forward; "
                              "solewatch report SESSION -o ride.html --pdf ride.pdf; "
                              "solewatch report BEFORE --compare AFTER. " + EPILOG_NOT_MEDICAL)
    s.add_argument("session", type=session_arg, metavar="SESSION", help=_SESSION_HELP)
    s.add_argument("-o", "--out", type=output_arg, metavar="FILE.html",
                   help="where to write the HTML report; - is standard output (default: SESSION/report.html)")
    s.add_argument("--pdf", type=output_arg, metavar="FILE.pdf",
                   help="also write the report as a PDF; - is standard output, redirected (not with -o -)")
    s.add_argument("--force", action="store_true", help="replace FILE.html or FILE.pdf if it exists")
    s.add_argument("--params", type=path_arg, metavar="FILE", help=_SESSION_PARAMS_HELP)
    s.add_argument("--compare", type=session_arg, metavar="B",
                   help="another session of the same person after a change (cleats moved, new shoes): a "
                        "'Before and after' section compares SESSION (before) with B (after), judged as `analyze B` "
                        "judges it (its own params.json, baseline.json, setup.json)")
    s.add_argument("--plain", action="store_true",
                   help="a progress line per stage even on a terminal (there, one line that each stage replaces)")
    _activity_arg(s, "report")
    _rider_arg(s, "judge the session (and --compare B, the same person's) against this rider's normal, kept by "
                  "earlier `live --rider` sessions, as `analyze --rider` does (default: the live session's own, "
                  "else the session's first minutes)")
    _setup_args(s, remembered=False, compared=True)
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("study", help="analyse many sessions into one table per kind and a cohort report",
                       description="Analyse every session under the PATHs (session directories, folders of "
                                   "sessions, globs, or fsspec URLs) and write, into OUTDIR, the tables "
                                   "sessions, alerts, windows and errors as Parquet and CSV, and the cohort "
                                   "report study.html (docs/study.md). Sessions run on local worker "
                                   "processes, or as tasks on a Dask cluster with --scheduler; each "
                                   "session's result is kept in OUTDIR/.cache, so a study run again "
                                   "analyses only what is new.",
                       epilog="examples: solewatch study sessions/samples -o out/; "
                              "solewatch study 'rides/*' -o out/ --scheduler tcp://10.0.0.5:8786. "
                              + EPILOG_NOT_MEDICAL)
    s.add_argument("paths", nargs="+", type=source_arg, metavar="PATH",
                   help="a session directory, a folder of sessions, a glob or a URL")
    s.add_argument("-o", "--out", type=folder_out_arg, required=True, metavar="OUTDIR",
                   help="the study's folder: its tables, study.html and the cache (made if missing; never a "
                        "session directory of the study, nor inside one)")
    s.add_argument("--params", type=path_arg, metavar="FILE",
                   help="JSON file overriding detection defaults for every session (default: the defaults; a "
                        "session's own params.json is not used, so every row is judged alike)")
    s.add_argument("--workers", type=_positive_int, metavar="N",
                   help="local worker processes (default: one per CPU it may use; 1: in this process; "
                        "more than the CPUs: as many as the CPUs, said in a note; not with --scheduler)")
    s.add_argument("--scheduler", type=parse_scheduler, metavar="tcp://HOST:PORT",
                   help="run each session as a task on this Dask scheduler's cluster")
    s.add_argument("--plain", action="store_true", help="plain progress lines even on a terminal")
    s.set_defaults(func=cmd_study)
    return p


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid count {quote(text)} (a whole number from 1)")
    return value


#: What --activity takes (session.json's activity words; the pipeline maps them to its labels): the
#: activity table's record and live words (monitor.signal.activity_words.ACTIVITY_LABELS).
ACTIVITIES = tuple(ACTIVITY_LABELS)


#: What each command's --activity falls back to: a recording's is its scenario's, an import's its file's.
ACTIVITY_DEFAULTS = {
    "record": "the scenario's with --sim, else recognised",
    "live": "the scenario's with --sim, else recognised",
    "import": "the layout's own for csv, else recognised: a moticon or physionet file says none",
    "analyze": "the session's own, set when it was recorded or imported, else recognised",
    "report": "the session's own, set when it was recorded or imported, else recognised; --compare B keeps its own",
}


def _activity_arg(s: argparse.ArgumentParser, command: str) -> None:
    s.add_argument("--activity", choices=ACTIVITIES, type=spelt_activity,
                   help="what the session is, used instead of recognising it from the pressure: a run or a "
                        "walk on a treadmill is running or walking; on a gym machine declare elliptical or "
                        "stair_climber, which the pressure does not tell apart "
                        f"(default: {ACTIVITY_DEFAULTS[command]})")


def _setup_args(s: argparse.ArgumentParser, *, remembered: bool, rider: bool = False,
                compared: bool = False) -> None:
    """--pedals and --shoes; ``remembered``: a recording's, kept for the next sessions (``rider``: the
    command has --rider, whose own setup that is); ``compared``: the command has --compare B, whose setup
    (its setup.json) these do not set: the report says it beside SESSION's."""
    if remembered:
        tail = ("; kept with the session and, once the insoles are connected, remembered for the next "
                "sessions, under the user's config directory" + (" (--rider NAME's own)" if rider else "")
                + " (default: the one remembered)")
    elif compared:
        tail = ("; SESSION's alone, the setup its advice is for: --compare B keeps its own (its setup.json), "
                "said beside SESSION's with what changed (default: the setup SESSION was recorded with)")
    else:
        tail = " (default: the setup the session was recorded with)"
    pedals_forget = ", forgetting the remembered ones (the shoes stay)" if remembered else ", over the session's own"
    s.add_argument("--pedals", choices=PEDAL_CHOICES, type=str.lower,
                   help="the rider's pedals: toe clips and straps, or flat pedals, change the advice; none declares "
                        f"none{pedals_forget}, advised as pedals not declared (a cleat may be there; flat or "
                        "toe-clips say there is none)" + tail)
    forgets = ", forgetting the remembered ones (the pedals stay)" if remembered else ", over the session's own"
    s.add_argument("--shoes", metavar="TEXT", type=shoes_text,
                   help='the rider\'s shoes in a few words, e.g. "road shoes, 43, Boa dial", at most '
                        f'{LONGEST_SHOES_CHARS} characters (a guess), said in the report; "" declares none{forgets}'
                        + tail)


def _rider_arg(s: argparse.ArgumentParser, text: str) -> None:
    s.add_argument("--rider", metavar="NAME", help=text)


#: The insole kinds of monitor.codebook.INSOLE_KINDS (spelt here so that --help imports nothing;
#: tests/test_vendor_sim.py holds them equal).
INSOLE_KIND_CHOICES = ("solewatch", "orphe", "ukaton", "moticon-udp")
#: The kinds `solewatch sim` can serve over HCI (BLE insoles; the Moticon stream is UDP).
SIM_HCI_KINDS = ("solewatch", "orphe", "ukaton")


def _radio_args(s: argparse.ArgumentParser, *, named: bool = True, scan_option: bool = False) -> None:
    """The radio options; ``named``: the command also takes insoles by address (--left/--right) and records
    a session, so it takes --speed and --fault; ``scan_option``: it also takes --scan (live; record has none,
    so a scan of the OS's radio never picks its insoles)."""
    g = s.add_mutually_exclusive_group()
    g.add_argument("--sim", metavar="SCENARIO", help=(
        "use simulated insoles in this process: BLE insoles on a virtual radio, or with --insole moticon-udp the "
        "Moticon app's stream, sent as UDP datagrams on this computer (127.0.0.1)") if named else
        "use simulated insoles on a virtual radio in this process")
    g.add_argument("--radio", type=parse_radio_client, metavar="TRANSPORT",
                   help="reach simulated insoles run by `solewatch sim` in another process: "
                        "tcp-client:HOST:PORT, e.g. tcp-client:127.0.0.1:9100")
    if named:  # a scan runs on the host's clock, and simulated time stands still until a monitor streams
        s.add_argument("--speed", type=parse_speed, metavar="X",  # None: not given (Insoles.sim_options)
                       help="with --sim/--radio: " + _SIM_SPEED_HELP)
    s.add_argument("--seed", type=parse_seed,  # None: not given, 1 (Insoles.sim_options)
                   help="with --sim: random seed, a whole number from 0 (default 1)")
    if named:
        scan_way = "with --radio or --scan the only kind a scan takes" if scan_option else \
            "with --radio the only kind its scan takes"
        kind_help = ("the insole kind: " + ", ".join(INSOLE_KIND_CHOICES) + " (docs/devices.md); with --sim the "
                     "kind simulated, with --left/--right the kind of the insoles named (default solewatch for "
                     f"both), {scan_way} (default: any), with --moticon-udp PORT moticon-udp")
    else:  # moticon-udp is taken only to say where its stream is found instead
        kind_help = ("the only kind a scan takes: " + ", ".join(k for k in INSOLE_KIND_CHOICES if k != "moticon-udp")
                     + " (docs/devices.md; default: any); with --sim the kind simulated (default solewatch). "
                       "The Moticon app's stream (moticon-udp) is not found by a scan: record and live "
                       "listen for it on a UDP port")
    s.add_argument("--insole", type=insole_kind_word, choices=INSOLE_KIND_CHOICES, metavar="KIND", help=kind_help)
    if named:  # a scan starts no session: a fault at a session time would never come
        s.add_argument("--fault", action="append", default=[], metavar="SPEC",
                       help="with --sim: inject a fault at its session time, e.g. drop:left@30s+2s, "
                            "lose:right@10s:5, corrupt:left@20s:3, stop:right@60s, battery:left@40s=15 "
                            "(repeatable; a drop after 0 s: the insoles are found and connected before "
                            "session time starts, so one down at 0 s would never be found; with --insole "
                            "moticon-udp a fault but stop acts on both feet, a datagram carrying both: "
                            "docs/devices.md)")
    _verbose_arg(s)


def _verbose_arg(s: argparse.ArgumentParser) -> None:
    s.add_argument("--verbose", action="store_true",
                   help="also show what the radio libraries (bumble, bleak) log, on stderr")


# ---------------------------------------------------------------------------- commands


def _commands():
    """monitor.cli.commands, imported when a command runs (``solewatch --help`` stays quick)."""
    from monitor.cli import commands

    return commands


def _insoles(args: argparse.Namespace):
    """The insoles a command line names (the radio options, and for record and live the addresses)."""
    speed, seed = getattr(args, "speed", None), args.seed
    given = tuple(o for o, v in (("--speed", speed), ("--seed", seed)) if v is not None)
    return _commands().Insoles(sim=args.sim, radio=args.radio, speed=1.0 if speed is None else speed,
                               seed=1 if seed is None else seed, sim_options=given,
                               faults=tuple(getattr(args, "fault", ())), left=getattr(args, "left", None),
                               right=getattr(args, "right", None), nearest=getattr(args, "scan", False),
                               insole=args.insole, moticon_udp=getattr(args, "moticon_udp", None))


def cmd_scenarios(args: argparse.Namespace) -> int:
    from monitor.cli.scenario_list import scenarios_text

    print(scenarios_text(as_json=args.json))
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    return _run_async(_commands().scan_command(_insoles(args), timeout_s=args.timeout))


def cmd_record(args: argparse.Namespace) -> int:
    return _run_async(_commands().record_command(_insoles(args), out=args.out, duration_s=args.duration,
                                              label=args.label, plain=args.plain, activity=args.activity,
                                              pedals=args.pedals, shoes=args.shoes))


def cmd_live(args: argparse.Namespace) -> int:
    return _run_async(_commands().live_command(
        _insoles(args), out=args.out, duration_s=args.duration, label=args.label, params_file=args.params,
        events=args.events, plain=args.plain, sound=not args.no_sound, report=not args.no_report,
        activity=args.activity, rider=args.rider, pedals=args.pedals, shoes=args.shoes, web=args.web,
        force=args.force))


def cmd_analyze(args: argparse.Namespace) -> int:
    return _commands().analyze_command(args.session, params_file=args.params, as_json=args.json,
                                       activity=args.activity, rider=args.rider, pedals=args.pedals,
                                       shoes=args.shoes)


def cmd_replay(args: argparse.Namespace) -> int:
    return _run_async(_commands().replay_command(args.session, speed=args.speed, params_file=args.params,
                                              events=args.events, plain=args.plain, force=args.force))


def cmd_sim(args: argparse.Namespace) -> int:
    return _run_async(_commands().sim_command(args.scenario, hci=args.hci, speed=args.speed, seed=args.seed,
                                           faults=tuple(args.fault), duration_s=args.duration,
                                           insole=args.insole))


def cmd_import(args: argparse.Namespace) -> int:
    from monitor.cli.importing import import_command  # not through commands: an import loads no analysis

    return import_command(args.format, args.file, out=args.out, layout=args.layout, activity=args.activity,
                          into=args.into, force=args.force)


def cmd_export(args: argparse.Namespace) -> int:
    return _commands().export_command(args.session, fmt=args.format, out=args.out, force=args.force,
                                      params_file=args.params, rider=args.rider)


def cmd_report(args: argparse.Namespace) -> int:
    return _commands().report_command(args.session, out=args.out, pdf=args.pdf, params_file=args.params,
                                      compare_with=args.compare, force=args.force, pedals=args.pedals,
                                      shoes=args.shoes, plain=args.plain, activity=args.activity,
                                      rider=args.rider)


def cmd_study(args: argparse.Namespace) -> int:
    return _commands().study_command(args.paths, out=args.out, params_file=args.params, workers=args.workers,
                                     scheduler=args.scheduler, plain=args.plain)


def _run_async(coro) -> int:
    """Run a command coroutine. Ctrl-C, SIGTERM or a hangup (SIGHUP: the terminal closed, an ssh connection
    dropped; not when ignored, as under ``nohup``) sets its stop event (a clean close), whose ``signal`` says
    which; a second Ctrl-C or SIGTERM exits at once, and a hangup heard is ignored from then on, to the
    process's end. A hangup is heard by a plain handler (monitor.util.interrupts.on_hangup), not through the
    loop: the loop hears a signal only between its tasks, and what a command does after its last await (the
    session report, the summary) would write to the lost terminal first."""
    import asyncio  # here: the commands that run no coroutine (import, analyze...) do not load it

    from monitor.util.interrupts import HANGUP as hangup
    from monitor.util.interrupts import on_hangup, stop_signals, terminal_outputs

    heard = stop_signals()  # a hangup ignored before the loop's handlers are set stays ignored
    terminals = terminal_outputs()  # taken now: a hung-up terminal is no longer seen as one

    async def main() -> int:
        stop = asyncio.Event()
        stop.signal = None  # the signal that set it: a command it cuts short exits 128 + that number
        loop = asyncio.get_running_loop()

        def on_signal(sig: int) -> None:
            if stop.is_set():
                if sig == hangup:  # the session already closing: the hangup only quieted the terminal
                    return
                os._exit(128 + sig)  # a second Ctrl-C: the person means it
            stop.signal = sig
            stop.set()

        def after_hangup() -> None:  # in the signal handler: the stop event is set by the loop, in its turn
            try:
                loop.call_soon_threadsafe(on_signal, hangup)
            except RuntimeError:  # the loop closed: nothing left to stop
                pass

        for sig in heard:
            try:
                if sig == hangup:
                    signal.signal(sig, on_hangup(terminals, then=after_hangup))
                else:
                    loop.add_signal_handler(sig, on_signal, sig)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or an OS without it
                pass
        return await coro(stop)

    # the handlers as they were once the command ends: asyncio leaves SIGINT at Python's default when its
    # loop closes, whatever it was before (ignored, in a background job)
    before = {sig: signal.getsignal(sig) for sig in heard}
    try:
        return asyncio.run(main())
    finally:
        for sig, handler in before.items():
            # a hangup heard stays ignored to the end: one passed on late must not kill what is left to do
            if handler is not None and signal.getsignal(sig) != signal.SIG_IGN:
                try:
                    signal.signal(sig, handler)
                except ValueError:  # not the main thread
                    pass


@functools.cache
def _parser() -> argparse.ArgumentParser:
    """The command line's parser, built once per process (building it takes milliseconds; a program or
    test that calls :func:`main` many times pays that once)."""
    return build_parser()


def _command_parser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    """The parser of one command (``replay``...), which names it in its errors."""
    for action in parser._actions:  # noqa: SLF001 - argparse keeps its subparsers there only
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return action.choices[command]
    return parser


def _warning_line(command: str, other: Callable[..., None], held: list[str]) -> Callable[..., None]:
    """A ``warnings.showwarning`` that says each SessionCaveat once, as ``solewatch COMMAND: warning: TEXT``
    on stderr (a replay reads the log twice), and hands any other warning to ``other``. A RawLogDamaged is
    said at once (a replay goes on past the damage); any other caveat is put in ``held``, said once the
    command has done its work (main), and not at all when it fails: its error is then the one line."""
    said: set[str] = set()

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        if not issubclass(category, SessionCaveat):
            other(message, category, filename, lineno, file, line)
            return
        text = f"solewatch {command}: warning: {message}"
        if text in said:
            return
        said.add(text)
        if issubclass(category, RawLogDamaged):
            print(text, file=sys.stderr, flush=True)
        else:
            held.append(text)

    return show


def _printable_streams() -> None:
    """A path whose name is not UTF-8 (held by Python as surrogates) printed with the bytes escaped
    (``\\udce9``) rather than stopping the command with UnicodeEncodeError where a stream is strict."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """The ``solewatch`` command line: the exit code. Ctrl-C (SIGINT) at any point, even while the parser's
    imports load before a command is known, is ``interrupted`` on stderr and 130, never a traceback."""
    before = _stops_as_interrupt()
    try:
        return _main(argv)
    except KeyboardInterrupt as exc:  # before the command's own guard (the parser built), or in what it says
        return _interrupted(None, exc)
    finally:
        for sig, handler in before.items():
            if sig != HANGUP or signal.getsignal(sig) != signal.SIG_IGN:  # a hangup heard stays ignored
                signal.signal(sig, handler)


def _stops_as_interrupt() -> dict[int, Any]:
    """SIGTERM, and a hangup (SIGHUP), raise KeyboardInterrupt("SIGTERM"), ("SIGHUP") where the code runs, as
    Ctrl-C does, while the command runs: a command that runs no event loop (analyze, report, export...) says
    ``terminated`` (``the terminal closed``, its lost terminal's outputs sent to the null device first:
    monitor.util.interrupts.raise_on_hangup), leaves no output behind and exits 143 (129), not killed without
    a word. A command on an event loop hears them through it once it runs (_run_async). Returns the handlers
    before, by signal: only those that were the default (one ignored, as under ``nohup``, or another
    program's, is left as it was; outside the main thread, all are)."""
    from monitor.util.interrupts import raise_interrupt, raise_on_hangup, terminal_outputs

    before = {}
    for sig in (signal.SIGTERM, HANGUP):
        if sig is None or signal.getsignal(sig) != signal.SIG_DFL:
            continue
        handler = raise_on_hangup(terminal_outputs()) if sig == HANGUP else raise_interrupt
        try:
            before[sig] = signal.signal(sig, handler)
        except ValueError:  # not the main thread: its signals are the main thread's
            break
    return before


def _interrupted(command: str | None, exc: KeyboardInterrupt) -> int:
    """``solewatch COMMAND: interrupted`` (Ctrl-C), ``terminated`` (SIGTERM) or ``the terminal closed`` (a
    hangup) on stderr; 128 + the signal (130, 143, 129)."""
    sig = {"SIGTERM": signal.SIGTERM, "SIGHUP": HANGUP}.get(exc.args[0] if exc.args else None) or signal.SIGINT
    words = {signal.SIGTERM: "terminated", HANGUP: HANGUP_WORDS}.get(sig, "interrupted")
    print(f"solewatch{'' if command is None else ' ' + command}: {words}", file=sys.stderr, flush=True)
    return 128 + sig


def _main(argv: Sequence[str] | None) -> int:
    _printable_streams()
    args, extra = _parser().parse_known_args(argv)
    if extra:  # said by the command's own parser: "solewatch replay: error: ... (see solewatch replay --help)"
        _command_parser(_parser(), args.command).error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        with radio_logs(verbose=getattr(args, "verbose", False)), warnings.catch_warnings():
            # missing data is NaN by design (docs/session-format.md): numpy's warnings about arithmetic on
            # it (an empty mean, 0/0) are expected and say nothing to the person at the terminal
            warnings.simplefilter("ignore", RuntimeWarning)
            # a raw log read around damaged bytes says so, once per span, as one line of this command's; so
            # does a session read as it is though something in it is off (SessionCaveat)
            warnings.simplefilter("always", SessionCaveat)
            held: list[str] = []
            warnings.showwarning = _warning_line(args.command, warnings.showwarning, held)
            code = int(args.func(args) or 0)
            for text in held:
                print(text, file=sys.stderr, flush=True)
            return code
    except SolewatchError as exc:
        print(f"solewatch {args.command}: error: {cli_message(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        return _interrupted(args.command, exc)
    except BrokenPipeError:
        # the reader of our output went away (`solewatch ... | head`): nothing more to say to it, and no
        # traceback; stdout goes to devnull so the interpreter's final flush cannot fail again (Python's
        # signal module documentation, "Note on SIGPIPE"); 141 = 128 + SIGPIPE, as a shell reports it
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except OSError as exc:
        # a path the system refuses however it is first touched (a name too long, a file where a folder must
        # be, a link to nothing): one line naming it (monitor.util.path_errors); one that names no path is a bug's
        from monitor.util.path_errors import path_error_line

        line = path_error_line(exc)
        if line is None:
            raise
        print(f"solewatch {args.command}: error: {line}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
