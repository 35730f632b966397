"""What a command over a session judges with, and where its events go: the session itself, the detection
parameters, the rider's normal, the ``--events`` file; each said in one line when it cannot be had."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from monitor.errors import UsageError

if TYPE_CHECKING:
    from monitor.session.model import Session


def load_saying_rebuild(session: Path, say: Callable[[str], None]) -> Session:
    """``load_session``, saying first only when it rebuilds the tables from the raw log (its rule: no frames
    or gaps table beside the log), long work for a long session; reading the tables is quick, so an error
    in them comes alone, and so does one of session.json or of the log (not one, an event that is not JSON:
    checked first, a quick pass, monitor.session.rawlog.raw_log_outline)."""
    from monitor.session.directory import check_session_dir, load_session
    from monitor.session.names import FRAMES_TABLE, GAPS_TABLE, RAW_LOG
    from monitor.session.rawlog import raw_log_outline

    path = Path(session)
    if (path / RAW_LOG).exists() and not ((path / FRAMES_TABLE).exists() and (path / GAPS_TABLE).exists()):
        check_session_dir(path)
        raw_log_outline(path / RAW_LOG)
        say(f"rebuilding the tables of {session} from its raw log ({RAW_LOG})")
    return load_session(session)


def detection_params(params_file, session_dir):
    """The Params a command over a recorded session uses, and how to say which: ``--params FILE`` if given,
    else the session's own (``params.json``, kept by ``solewatch live``), else the defaults."""
    from monitor.session.kept_inputs import kept_params
    from monitor.session.param_files import load_params
    from monitor.signal.params import DEFAULT_PARAMS

    if params_file is not None:
        return load_params(params_file), f"detection parameters from {params_file}"
    own = kept_params(session_dir)
    if own is not None:
        return own, "the live session's detection parameters (params.json)"
    return DEFAULT_PARAMS, "the default detection parameters (the session kept none)"


def detection_baseline(rider: str | None, session_dir: Path):
    """The rider's normal a command over a recorded session judges against: ``--rider NAME``'s (a
    UsageError for a rider with none kept), else the live session's own (baseline.json), else None (the
    session's first minutes)."""
    from monitor.cli.rider_kinds import session_kind
    from monitor.errors import UsageError
    from monitor.session.kept_inputs import kept_baseline
    from monitor.session.riders import load_rider_normals, rider_baseline_path

    if rider is not None:
        normals = load_rider_normals(rider)
        if normals is None:
            from monitor.util.path_errors import said_path

            raise UsageError(f"no normal kept for rider {rider} ({said_path(rider_baseline_path(rider))}): record a "
                             f"session with `solewatch live --rider {rider}` first")
        return normals.for_insole(session_kind(session_dir))  # None: kept for other insoles only
    return kept_baseline(session_dir)


def compared_inputs(params_file: Path | None, rider: str | None, session_dir: Path) -> tuple[dict, str]:
    """What ``report SESSION --compare B`` judges B (``session_dir``) with, as ``analyze B [--rider NAME] [--params
    FILE]`` judges it: the detection parameters (``--params FILE``, else B's own params.json, else the defaults),
    the rider's normal (``--rider NAME``'s, else B's own baseline.json) and B's own setup (:func:`analysis_setup`:
    its setup.json, else the rider's remembered one; ``--pedals`` and ``--shoes`` are SESSION's alone), as keyword
    arguments of monitor.cli.rider_analysis.rider_analysis; and the words saying whose parameters they are
    (:func:`detection_params`'s). The report advises for SESSION only; B's setup is said beside SESSION's, with
    what changed between them (monitor.analysis.compare_setup)."""
    params, used = detection_params(params_file, session_dir)
    return {"params": params, "baseline": detection_baseline(rider, session_dir),
            "setup": analysis_setup(None, None, rider, session_dir)}, used


def check_events_target(target: str | None, force: bool = False) -> None:
    """An ``--events`` FILE that is a non-empty regular file (an earlier ride's events) is kept: a UsageError
    unless ``force``; a directory, or a file of a session directory (one of its own files, beside its
    session.json: the raw log...), is a UsageError even with ``force``. Standard output ("-"), a device, a
    named pipe or an open descriptor's name (/dev/stdout, whatever the shell opened it on) are written into,
    never replaced: the rule of ``export -o`` and ``report -o`` (monitor.util.outputs.replaces_a_file)."""
    from monitor.session.export import session_of_own_file
    from monitor.util.outputs import replaces_a_file

    session = session_of_own_file(target) if target and target != "-" else None
    if session is not None:
        raise UsageError(f"--events {target}: is a session's own {Path(target).resolve().name} (session {session}); "
                         "choose another file name")
    if target and target != "-" and Path(target).is_dir():  # never written, forced or not
        raise UsageError(f"--events {target}: is a directory (expected a file for the events' JSON lines)")
    if target and target != "-" and not force and replaces_a_file(target) and Path(target).stat().st_size > 0:
        raise UsageError(f"--events {target}: the file exists (an earlier ride's events?); --force replaces it")


#: The suffixes each of the report's files may have (any case); a name without a suffix takes either.
REPORT_SUFFIXES = {"-o": (".html", ".htm"), "--pdf": (".pdf",)}


def check_report_names(out: Path | None, pdf: Path | None) -> None:
    """``report``'s targets: :func:`check_pdf_target`, and a UsageError for a name whose suffix is not its
    file's (``-o r.pdf`` wrote HTML under a PDF's name without a word, ``--pdf p.html`` a PDF under an HTML
    page's), as ``export`` refuses one, saying which option writes that kind (the other option's target as
    given, where it is); a device or a pipe (``-``, /dev/stdout) has no name to check, and a
    session's own file is said as such where the targets are checked (monitor.report.writer)."""
    from monitor.session.export import session_of_own_file
    from monitor.util.outputs import is_special

    check_pdf_target(pdf)
    for option, target, what, other, given in (("-o", out, "HTML", "--pdf", pdf), ("--pdf", pdf, "a PDF", "-o", out)):
        suffix = Path(target).suffix if target is not None and str(target) != "-" else ""
        if suffix and suffix.lower() not in REPORT_SUFFIXES[option] and not is_special(Path(target)) \
                and session_of_own_file(target) is None:
            # the other option writes that kind: under this name, or, given already, under its own
            writer = f"{other} {target}" if given is None else f"{other}, given as {given},"
            also = f" ({writer} writes that)" if suffix.lower() in REPORT_SUFFIXES[other] else ""
            raise UsageError(f"{option} {target}: writes {what}, not {suffix}{also}; name it "
                             f"{REPORT_SUFFIXES[option][0]}")


def check_pdf_target(pdf: Path | None) -> None:
    """A ``--pdf`` target that is standard output (``--pdf -``) while standard output is a terminal is a
    UsageError: a PDF's bytes there are noise to the person and no file, as gzip and pandoc refuse binary to
    a terminal. Redirected (``> ride.pdf``, a pipe) it is written there, the HTML to its own target."""
    check_binary_target("--pdf", pdf, "a PDF", "ride.pdf")


def check_binary_target(option: str, target: Path | None, what: str, example: str) -> None:
    """A ``target`` for binary bytes (``what``: "a PDF", "a Parquet file") that is a terminal
    (:func:`is_terminal`) is a UsageError naming ``option`` and how to write it instead (``example``, a file
    name): a redirection of the stream it is, or a file. A file, a pipe or ``/dev/null`` is written."""
    from monitor.util.outputs import standard_stream_of

    if target is None or not is_terminal(target):
        return
    given = "-" if str(target) == "/dev/stdout" else str(target)
    fd = standard_stream_of(target)
    where = "standard output is a terminal" if given == "-" else "is a terminal"
    redirect = {1: f"redirect it (> {example}) or ", 2: f"redirect it (2> {example}) or "}.get(fd, "")
    raise UsageError(f"{option} {given}: {where}, which cannot show {what}; {redirect}name a file "
                     f"({option} {example})")


def is_terminal(target: Path) -> bool:
    """Whether ``target`` is a terminal this process writes to: one of its standard streams (by device and
    inode) open on one, another name of such a terminal (the same character device: ``/dev/pts/3``), or its
    controlling terminal (``/dev/tty``) while a standard stream is one. No device is opened (an open alone
    may reset a board on a serial port); on Windows only the standard streams are known."""
    import os
    import stat

    from monitor.util.outputs import standard_stream_of

    fd = standard_stream_of(target)
    if fd is not None:
        return os.isatty(fd)
    if os.name == "nt":
        return False
    try:
        there = os.stat(target)
    except (OSError, ValueError):
        return False
    if not stat.S_ISCHR(there.st_mode):
        return False
    ttys = [os.fstat(n).st_rdev for n in (0, 1, 2) if os.isatty(n)]  # False for a closed one
    if there.st_rdev in ttys:
        return True
    try:
        return bool(ttys) and os.path.samefile(target, os.ctermid())
    except OSError:
        return False


def events_target_of(target: str | None) -> str | None:
    """The ``--events`` target as written: ``-`` for a name of the file standard output is open on
    (``--events /dev/stdout``, monitor.util.outputs.is_standard_output), so that the JSON lines go through
    standard output itself, the rest to stderr, as with ``--events -``; else ``target`` as it is."""
    from monitor.util.outputs import is_standard_output

    return "-" if target and target != "-" and is_standard_output(target) else target


def open_events(target: str | None):
    """The ``--events`` sink (None without the option); missing folders above a file are made, as ``export
    -o`` and ``report -o`` make them (and removed again when the file cannot be opened); a file that cannot
    be written is a UsageError."""
    from monitor.errors import OutputError
    from monitor.live.delivery import EventsSink
    from monitor.util.outputs import make_parents, remove_dirs

    if not target:
        return None
    made: list[Path] = []
    try:
        if target != "-":
            made = make_parents(Path(target))
        return EventsSink.open(target)
    except OutputError as exc:  # something above the file is a file
        raise UsageError(f"--events {exc}") from None
    except OSError as exc:
        remove_dirs(made)
        raise UsageError(f"cannot write --events {target}: {exc.strerror or exc}") from None


@dataclass(frozen=True)
class RecordingSetup:
    """The setup of a recording: ``setup`` (``{"pedals", "shoes"}``, each None when never declared; with
    ``remembered``, the keys taken from earlier sessions, where any were), whether ``--pedals`` or
    ``--shoes`` declared it now, for ``rider`` (None: the rider not named); ``on_foot``: the session was
    declared on foot (its setup is remembered apart from a bike's); ``memory``: the remembered file as read;
    ``activity_declared``: the session's activity was declared (else it may prove to be on foot)."""

    setup: dict
    rider: str | None
    declared: bool
    on_foot: bool = False
    memory: dict | None = None
    now: tuple[str | None, str | None] = (None, None)  # --pedals and --shoes as given
    activity_declared: bool = True

    def of(self, activity: str | None) -> RecordingSetup:
        """The same declaration for a session of ``activity`` (the recording's, once it is known: a
        simulation's scenario declares its own)."""
        return _setup_of(*self.now, self.rider, self.memory or {"pedals": None, "shoes": None}, activity)

    def kept(self, warn: Callable[[str], None]) -> dict | None:
        """The setup the session keeps (``setup.json``; None when it says nothing); one declared now is
        remembered for the rider's next sessions here (of its kind: on foot, or not), as a ``{"pedals",
        "shoes"}`` object even when it says nothing (``--shoes ""``, ``--pedals none``: a ``null`` there, the
        remembered ones forgotten; a ``null`` file refused every later recording), once the insoles are
        connected and the session starts (a scan that found nothing, a radio that could not be reached, a stop
        before the session remember nothing). A setup that cannot be remembered now is said through ``warn``
        in one line, and the session goes on."""
        from monitor.session.rider_setup import remember_setup

        if self.declared:
            try:
                remember_setup(self.rider, {k: self.setup[k] for k in ("pedals", "shoes")},
                               on_foot=self.on_foot, memory=self.memory)
            except OSError as exc:
                warn(f"warning: cannot remember the setup: {exc.strerror or exc}; the session keeps it")
        return self.setup if self.setup.get("pedals") or self.setup.get("shoes") else None

    def remembered_line(self) -> str | None:
        """One line for the person when the session takes a setup remembered from earlier sessions (nothing
        declared now), since it changes the advice; None otherwise. With no activity declared, remembered
        pedals (and the shoes beside them) are a bike's, which a session found on foot leaves out
        (monitor.analysis.advice.Setup.on), and the line says so: "(a bike's: left off if the session is found
        on foot; --pedals and --shoes change it)"."""
        if self.declared or not (self.setup.get("pedals") or self.setup.get("shoes")):
            return None
        said = ", ".join(f'{key} "{self.setup[key]}"' for key in ("pedals", "shoes") if self.setup[key])
        whose = f"rider {self.rider}'s setup" if self.rider is not None else "setup"
        bikes = not self.activity_declared and self.setup.get("pedals") and "pedals" in self.setup.get("remembered", ())
        note = "a bike's: left off if the session is found on foot; " if bikes else ""
        return f"{whose} from earlier sessions: {said} ({note}--pedals and --shoes change it)"


def scenario_setup(kept: dict | None, scenario, given: tuple[str | None, str | None]) -> dict | None:
    """The setup a simulated session keeps (setup.json): ``kept`` (RecordingSetup.kept: ``--pedals`` and
    ``--shoes`` over the remembered; None: nothing) with the pedals and shoes the ``--sim`` ``scenario``
    (firmware_sim.scenarios.Scenario; None: not simulated here) declares in place of what was remembered, as
    ``--pedals`` and ``--shoes`` would declare them; what was ``given`` now (``(pedals, shoes)``) stays. They
    are the simulation's, not the rider's: nothing is remembered for later sessions."""
    declared = {"pedals": getattr(scenario, "pedals", None), "shoes": getattr(scenario, "shoes", None)}
    taken = {k: v for (k, v), now in zip(declared.items(), given) if v is not None and now is None}
    if not taken:
        return kept
    setup = {"pedals": None, "shoes": None, **(kept or {}), **taken}
    remembered = [k for k in setup.pop("remembered", []) if k not in taken]
    return {**setup, "remembered": remembered} if remembered else setup


def recording_setup(pedals: str | None, shoes: str | None, rider: str | None,
                    activity: str | None = None) -> RecordingSetup:
    """The setup a recording keeps (:class:`RecordingSetup`): ``--pedals`` and ``--shoes`` over what the
    rider (None: the rider not named) declared before for sessions of its kind: with ``activity`` declared
    on foot (running, walking, a stepping machine), the shoes declared for sessions on foot and no pedals;
    else the setup of rides (and of sessions whose activity was not declared, which a run may be: the keys
    taken from it are named in ``remembered``, and monitor.analysis.advice.Setup.on drops a bike's pedals
    and shoes on a session found on foot). A rider's file that cannot be read, or a folder it cannot be
    remembered in, is said before connecting (one line); nothing is written until the session starts
    (:meth:`RecordingSetup.kept`)."""
    from monitor.session.rider_setup import remembered_setups, rider_setup_path
    from monitor.util.outputs import check_folder

    if pedals is not None or shoes is not None:
        folder = rider_setup_path(rider).parent
        check_folder(folder, f"cannot remember the setup in {folder}")
    return _setup_of(pedals, shoes, rider, remembered_setups(rider), activity)


def _setup_of(pedals: str | None, shoes: str | None, rider: str | None, memory: dict,
              activity: str | None) -> RecordingSetup:
    from monitor.analysis.advice import given_setup
    from monitor.signal.activity_words import is_cycling

    on_foot = activity not in (None, "", "unknown") and not is_cycling(activity)  # "unknown": not declared
    base = {"pedals": None, **memory.get("on_foot", {"shoes": None})} if on_foot else \
        {"pedals": memory["pedals"], "shoes": memory["shoes"]}
    # the declared over the remembered as an analysis takes them (monitor.analysis.advice.given_setup)
    taken = given_setup({**base, "remembered": [k for k in ("pedals", "shoes") if base[k]]}, pedals, shoes)
    setup: dict = taken.to_dict()
    if taken.remembered:
        setup["remembered"] = list(taken.remembered)
    return RecordingSetup(setup, rider, pedals is not None or shoes is not None, on_foot, memory, (pedals, shoes),
                          activity not in (None, "", "unknown"))


def analysis_setup(pedals: str | None, shoes: str | None, rider: str | None, session_dir: Path):
    """The setup an analysis of a recorded session advises for (monitor.analysis.advice.Setup): ``--pedals``
    and ``--shoes`` over the session's own (setup.json), else over what ``--rider`` declared before (taken
    as remembered: Setup.on drops a bike's on a session found on foot)."""
    from monitor.analysis.advice import given_setup
    from monitor.session.kept_inputs import kept_setup
    from monitor.session.rider_setup import remembered_setup

    own = kept_setup(session_dir)
    if own is None:
        own = remembered_setup(rider) if rider is not None else {"pedals": None, "shoes": None}
        own["remembered"] = [k for k in ("pedals", "shoes") if own[k]]
    return given_setup(own, pedals, shoes)


def report_extras(pedals: str | None, shoes: str | None, session_dir: Path, rider: str | None = None):
    """What a report reads of a session besides its tables, before its first progress line (so a file that
    cannot be read is its error alone): the setup it advises for (:func:`analysis_setup`, ``rider``'s
    remembered one where the session kept none) and the ride's records (monitor.session.ride.read_ride; None
    without fit_records.parquet)."""
    from monitor.session.ride import read_ride

    return analysis_setup(pedals, shoes, rider, session_dir), read_ride(session_dir)


def events_stopped(exc: OSError) -> str:
    """What the person is told when the --events file fails mid-session (the session goes on)."""
    return (f"the events file stopped: {exc.strerror or exc}; alerts still reach the other channels "
            f"(exit code 1 at the end)")
