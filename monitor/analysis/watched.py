"""The feet a session watched too briefly for its verdict to speak for them, whatever it found.

A verdict of "no sustained forefoot load found" reads as covering every foot, but it can only cover the load
a foot's data showed: a right insole that stopped sending 5 s into a 6-minute run left 0:05 of data, in
which no warning could come (a warning needs ``warn_after_s``, 5 minutes, of sustained load:
DetectorParams.warn_after_s); nor can a warning on the other foot speak for a foot watched for 2 minutes of
20. A foot with a few seconds less than the other (a dropout) is not named; a foot that sent no data at all
while the other sent some is named however short the session (0:00 of 1:00 is no dropout).
Pure: from each foot's runs of readings (monitor.session.absence.data_runs).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

from monitor.codebook import FEET
from monitor.session.absence import ABSENT_MIN_S, data_time_s
from monitor.session.lost_words import lost_foot_words
from monitor.util.timefmt import UNDER_A_SECOND, clock_text, span_words

#: A foot is named as watched briefly only when its time with data is at least this much (s) shorter than the
#: other foot's. A guess: above the few seconds a link's dropouts take from one foot (3 s of a 5-minute run
#: made a foot "too little to tell"), well below the 5 minutes a warning needs.
BRIEF_MARGIN_S = 60.0
#: A foot is named as watched briefly, whatever the other foot's time, when its time with data is under this
#: share of the session's length (a guess: 0:02 of an 8-minute ride, both feet alike, is a ride unwatched; a
#: dropout of 0:20 in 8:00 is not).
BRIEF_SHARE_OF_SESSION = 0.25
#: At most this many holes in a foot's data are said by their times, the longest (a guess: a short clause
#: is read); the rest are counted.
MAX_HOLES_SAID = 3
#: A hole shorter than this (s) is not said in words (a guess: the first frame of a link that came 1.2 s into
#: the session is no news beside "only 0:59 of data"); ``Brief.holes`` keeps it. Nor is a silence after a
#: foot's last reading this short said as "none after" (a foot that sent 1 s of every 7 had its last burst
#: 2 s before the end: it did not go silent).
MIN_HOLE_SAID_S = 10.0
#: A foot with at least this many holes shorter than MIN_HOLE_SAID_S is said to have sent its data
#: intermittently, with their count (a guess: a dropout or two is no pattern; 1 s of every 7 over 8 minutes
#: is 68).
MIN_HOLES_INTERMITTENT = 5
#: A foot whose time with data is more than this (s) shorter than the time a verdict says has its own time said
#: beside it (:func:`data_time_words`): the rounding a clock time shows, a second; less reads the same.
SAID_APART_S = 1.0
#: What follows "the right foot sent no data" of a replay stopped before its log's end: the rest was not read.
STOPPED_BEFORE = " before the replay stopped"


class Brief(NamedTuple):
    """A foot watched too briefly (:func:`briefly_watched`)."""

    #: its time with data (s, holes adding nothing)
    data_s: float
    #: session s of its last reading when another foot's data went on MIN_HOLE_SAID_S or more after it (the
    #: silence the words say: "none after 7:40"); None: it did not stop, or was silent for less at the end
    stopped_s: float | None
    #: ``(from_s, to_s)`` of each hole in its data, in time order: before its first reading (from 0) when
    #: that came more than ABSENT_MIN_S into the session, and between two of its runs
    holes: tuple[tuple[float, float], ...] = ()
    #: time (s) from its last reading to the last reading of any foot (0: none after it)
    tail_s: float = 0.0


def briefly_watched(data_runs: Mapping[str, Sequence[tuple[float, float]]] | None,
                    warn_after_s: float | None, session_s: float | None = None) -> dict[str, Brief]:
    """Per foot watched too briefly, in FEET order, its :class:`Brief`. A foot is watched too briefly when
    its time with data is shorter than ``warn_after_s`` (no warning could come on it: domain.md section 0,
    DetectorParams.warn_after_s) and at least BRIEF_MARGIN_S shorter than the longest foot's (less is a
    dropout, not a foot unwatched), in a session too short to tell as well (0:10 of a 4-minute ride is not the
    other foot's 3:59); a foot with no data at all (0 s) is so whenever another foot has some, however short
    the session. Empty when either argument is None (unknown)."""
    if not data_runs or warn_after_s is None:
        return {}
    have = {foot: data_time_s(runs) for foot, runs in data_runs.items()}
    longest = max(have.values(), default=0.0)
    end_s = max((runs[-1][1] for runs in data_runs.values() if runs), default=0.0)
    out: dict[str, Brief] = {}
    for foot in sorted(data_runs, key=lambda f: FEET.index(f) if f in FEET else len(FEET)):
        t = have[foot]
        short_of_session = session_s is not None and t < BRIEF_SHARE_OF_SESSION * session_s
        if t < warn_after_s and (longest - t >= BRIEF_MARGIN_S or t <= 0.0 < longest or short_of_session):
            runs = data_runs[foot]
            last = runs[-1][1] if runs else None
            lead = ((0.0, runs[0][0]),) if runs and runs[0][0] > ABSENT_MIN_S else ()
            holes = lead + tuple((a[1], b[0]) for a, b in zip(runs, runs[1:]))
            stopped = last if last is not None and end_s - last >= MIN_HOLE_SAID_S else None  # as words say it
            out[foot] = Brief(t, stopped, holes, end_s - last if last is not None else 0.0)
    return out


def gap_words(brief: Brief) -> str:
    """Where a foot's data (``brief``, :func:`briefly_watched`) was missing, in words: ", no data from 1:00 to
    2:00 and from 3:00 to 4:00, none after 5:00" ("" for neither); holes shorter than MIN_HOLE_SAID_S are left
    out, or counted as data sent intermittently (", intermittently (68 holes of 1-10 s)") when there are
    MIN_HOLES_INTERMITTENT of them; beyond MAX_HOLES_SAID the longest are said and the rest counted. "None
    after" its last reading only where the foot went silent: for MIN_HOLE_SAID_S or more, as a hole is
    said."""
    short = sum(1 for a, z in brief.holes if z - a < MIN_HOLE_SAID_S)
    bursts = (f", intermittently ({short} holes of {ABSENT_MIN_S:g}-{MIN_HOLE_SAID_S:g} s)"
              if short >= MIN_HOLES_INTERMITTENT else "")
    holes = [h for h in brief.holes if h[1] - h[0] >= MIN_HOLE_SAID_S]
    said = sorted(sorted(holes, key=lambda h: h[0] - h[1])[:MAX_HOLES_SAID])
    spans = [f"from {clock_text(a)} to {clock_text(b)}" for a, b in said]
    n = len(holes) - len(said)
    if n:
        spans.append(f"in {n} shorter hole{'' if n == 1 else 's'}")
    text = f", no data {', '.join(spans[:-1])} and {spans[-1]}" if len(spans) > 1 else \
        "".join(f", no data {x}" for x in spans)
    return bursts + text + (f", none after {clock_text(brief.stopped_s)}" if brief.stopped_s is not None else "")


def brief_words(foot: str, brief: Brief, warn_after_s: float, lost: Mapping[str, int] | None = None, *,
                stopped: bool = False) -> str:
    """A foot watched too briefly (``brief``, :func:`briefly_watched`) in words: "the right foot sent only
    0:05 of data, none after 0:05, too little to tell", its holes said (:func:`gap_words`: "no data from 1:00
    to 5:00", "intermittently (68 holes of 1-10 s)"); "no data" for a foot without a reading (no time with
    data, no hole before a reading, no stop after one: a single reading has a hole or a stop), unless
    ``lost`` (Session.log_lost: foot -> frames its close counted, none in the raw log rebuilt from) names it:
    then its data were lost from the log (monitor.session.lost_words.lost_foot_words), not unsent.
    ``stopped``: of a replay stopped before its log's end, "the right foot sent no data before the replay
    stopped" (what the rest of the log holds was not read)."""
    if brief.data_s <= 0 and brief.stopped_s is None and not brief.holes:
        if lost and lost.get(foot):
            return lost_foot_words(foot, lost[foot])
        return f"the {foot} foot sent no data{STOPPED_BEFORE if stopped else ''}"
    little = ", too little to tell" if brief.data_s < warn_after_s else ""  # said below it: not "5:00 of data"
    had = span_words(brief.data_s, short_of=warn_after_s)  # not "0:00" of data it sent
    only = "" if had == UNDER_A_SECOND else "only "  # "sent less than a second of data", not "only less"
    return f"the {foot} foot sent {only}{had} of data{gap_words(brief)}{little}"


def data_time_words(data_s: float, data_runs: Mapping[str, Sequence[tuple[float, float]]] | None,
                    warn_after_s: float | None, unspoken: Collection[str] = (), read_s: float | None = None,
                    read_as: str = "read") -> str:
    """A session's time with data as a verdict of nothing found in a session too short to tell says it, the
    end of live and replay too: "1:00 of data" (``data_s``, s, the longest foot's, shown short of
    ``warn_after_s``, s: 4:59, not 5:00), then each foot of ``data_runs`` (per foot, its runs of readings; None:
    unknown) whose own time with data is more than SAID_APART_S shorter: "1:00 of data (the left foot 0:44)",
    so that one foot's minute is not said of both. A foot of ``unspoken`` (watched too briefly, or not
    analysed: :func:`unspoken`) is left out: its own clause says it. ``read_s``: the length a summary's head says
    (s): of a replay stopped part-way, the session time it read to; of a whole replay or a live session, its
    length recorded. Where the data time is shorter and reads otherwise, it is said as part of it, "0:01 of
    data of the 0:02 read" (the data began after the session's start), ``read_as`` the word for it ("read",
    "recorded": "0:59 of data of the 1:00 recorded"), not as a second length of the same session."""
    had = span_words(data_s, short_of=warn_after_s)  # "less than a second of data", not "0:00" of some
    read = "" if read_s is None else span_words(read_s)  # as the replay's head says it
    of_read = f" of the {read} {read_as}" if read and read != had and data_s < read_s else ""
    apart = []
    for foot in sorted(data_runs or {}, key=lambda f: FEET.index(f) if f in FEET else len(FEET)):
        t = data_time_s((data_runs or {})[foot])
        own = span_words(t, short_of=warn_after_s)
        if foot not in unspoken and data_s - t > SAID_APART_S and own != had:
            apart.append(f"the {foot} foot {own}")
    return f"{had} of data{of_read}" + (f" ({', '.join(apart)})" if apart else "")


def no_sample_words(feet: Sequence[str], *, stopped: bool = False) -> str:
    """What a verdict says of a session none of whose ``feet`` (those recorded) sent a pressure sample: "both
    feet sent no data (no pressure sample from either insole in the session)", naming the feet as a foot that
    sent none beside one that sent some is named; with one foot recorded, "no pressure sample from the left
    insole in the session". ``stopped``: of a replay stopped before it read a pressure sample, "the replay
    stopped before any pressure sample was read" (what the rest of its log holds was not read)."""
    if stopped:
        return "the replay stopped before any pressure sample was read"
    if len(feet) > 1:
        return "both feet sent no data (no pressure sample from either insole in the session)"
    return f"no pressure sample from the {feet[0]} insole in the session"


def no_sample_at_all(data_runs: Mapping[str, Sequence[tuple[float, float]]] | None) -> bool:
    """Whether ``data_runs`` (per foot, its runs of readings; None: unknown) has feet and none of them a
    reading."""
    return bool(data_runs) and not any(data_runs.values())


#: What a session's length says where it holds no data (:func:`holds_no_data`), instead of "0:00 of ride":
#: every view says it in these words.
NO_DATA_HELD = "no data, no insole sent a frame"
#: What follows the length of a longer session none of whose feet sent a pressure sample, instead of "of ride"
#: (:func:`no_sample_length`): "0:30 with no data, no insole sent a pressure sample".
NO_SAMPLE_HELD = "with no data, no insole sent a pressure sample"


def holds_no_data(duration_s: float | None,
                  data_runs: Mapping[str, Sequence[tuple[float, float]]] | None) -> bool:
    """Whether a session holds no data: none of its feet (``data_runs``, per foot its runs of readings) sent a
    pressure sample, and it lasted less than the second a clock time says (``duration_s``, s; None: 0 s), so
    that its length would read "0:00": a simulation whose insoles linked and sent no frame holds 0 s (and so
    does its CSV export imported back). Its summary says :data:`NO_DATA_HELD`, not a ride of
    0:00 under the declared activity's name."""
    return no_sample_at_all(data_runs) and (duration_s or 0.0) < 1.0


def no_sample_length(duration_s: float | None, data_runs: Mapping[str, Sequence[tuple[float, float]]] | None,
                     length: str) -> str | None:
    """What a session's length says where none of its feet (``data_runs``, per foot its runs of readings; None:
    unknown) sent a pressure sample, in the words of every view (the end of live, ``record``, a replay,
    ``analyze`` and the report's header): :data:`NO_DATA_HELD` for one of less than a second
    (:func:`holds_no_data`), else its ``length`` (the clock time said, "0:30") and :data:`NO_SAMPLE_HELD`:
    "0:30 with no data, no insole sent a pressure sample", never "0:30 of ride" of a ride with nothing in it.
    None where a foot sent a sample (or it is not known): the length is said as ever."""
    if not no_sample_at_all(data_runs):
        return None
    return NO_DATA_HELD if holds_no_data(duration_s, data_runs) else f"{length} {NO_SAMPLE_HELD}"


def covered_words(recorded: Sequence[str], brief: Mapping[str, object]) -> str:
    """" on the left foot": the feet of ``recorded`` a verdict of nothing found speaks for, when ``brief``
    (:func:`briefly_watched`) leaves some out; "" when it leaves none out, or all."""
    covered = [f for f in recorded if f not in brief]
    if not brief or not covered:
        return ""
    return " on both feet" if len(covered) > 1 else f" on the {covered[0]} foot"


def none_covered(recorded: Sequence[str], unspoken_feet: Mapping[str, object]) -> bool:
    """Whether a verdict speaks for none of the feet of ``recorded``: each was watched too briefly to tell or could
    not be analysed (``unspoken_feet``, :func:`unspoken`), so that nothing found is no word on any foot and there
    is nothing to judge: no foot was judged. The foot with the most data is never brief, so one of them was not
    analysed; the others may have sent no data or too little to tell ("the right foot sent only 1:00 of data,
    none after 1:00, too little to tell; the left foot was not analysed: ..., nothing to judge")."""
    return bool(recorded) and all(f in unspoken_feet for f in recorded)


def brief_clauses(brief: Mapping[str, Brief], warn_after_s: float | None,
                  lost: Mapping[str, int] | None = None, *, stopped: bool = False) -> str:
    """"; the right foot sent only 0:05 of data, none after 0:05, too little to tell" for each foot of
    ``brief`` (:func:`briefly_watched`), "" for none; ``lost``, ``stopped``: as :func:`brief_words`'."""
    return "".join(f"; {brief_words(f, b, warn_after_s or 0.0, lost, stopped=stopped)}" for f, b in brief.items())


def unspoken(brief: Mapping[str, Brief], unanalysed: Mapping[str, str] | None,
             warn_after_s: float | None, lost: Mapping[str, int] | None = None, *,
             stopped: bool = False) -> tuple[dict[str, object], str]:
    """The feet a verdict does not speak for, and the clauses naming them, said last: those watched too
    briefly (``brief``, :func:`briefly_watched`), then those too little of whose data could be analysed
    (``unanalysed``: foot -> the verdict's words, monitor.analysis.sensor_gaps.unanalysed_words), a foot in
    both named once, as watched too briefly. Neither is a side to compare with. ``lost``: the feet whose
    frames the raw log lost (Session.log_lost), said as such (:func:`brief_words`); ``stopped``: of a replay
    stopped before its log's end (:func:`brief_words`)."""
    unseen = {f: w for f, w in (unanalysed or {}).items() if f not in brief}
    said = brief_clauses(brief, warn_after_s, lost, stopped=stopped)
    return {**brief, **unseen}, said + "".join(f"; {w}" for w in unseen.values())


def brief_json(data_runs: Mapping[str, Sequence[tuple[float, float]]] | None,
               warn_after_s: float | None, lost: Mapping[str, int] | None = None,
               session_s: float | None = None) -> list[dict[str, object]]:
    """:func:`briefly_watched` JSON-ready (solewatch analyze --json's ``briefly_watched``, docs/analyze-json.md):
    per foot, ``foot``, ``data_s`` and ``stopped_s`` (s, 0.1 s places; ``stopped_s`` null: it did not stop, or
    not for MIN_HOLE_SAID_S: where the words say "none after", and only there),
    ``holes`` ([from_s, to_s] each) and ``words`` (as the verdict says it). ``stopped_s`` and a hole's
    ``from_s`` are frame times, from -1 s (a recording's first frames, EARLIEST_T_S), as the schema allows.
    ``lost``: the feet whose frames the raw log lost (Session.log_lost), whose ``words`` say so; ``session_s``:
    the session's length (s), as :func:`briefly_watched` takes it."""
    brief = briefly_watched(data_runs, warn_after_s, session_s)
    return [{"foot": foot, "data_s": round(b.data_s, 1),
             "stopped_s": None if b.stopped_s is None else round(b.stopped_s, 1),
             "holes": [[round(a, 1), round(z, 1)] for a, z in b.holes],
             "words": brief_words(foot, b, warn_after_s or 0.0, lost)}
            for foot, b in brief.items()]


def of_feet_recorded(verdict: str, recorded: Sequence[str], not_recorded: Sequence[str]) -> str:
    """``verdict`` ("Verdict: ...") of a session with no insole for the feet of ``not_recorded``, saying whose
    it is: "Verdict (left foot only; the right foot was not recorded): ..."; unchanged when every foot was
    recorded (or none was)."""
    if not not_recorded or not recorded or not verdict.startswith("Verdict: "):
        return verdict
    missing = " and the ".join(not_recorded)
    whose = f"({' and '.join(recorded)} foot only; the {missing} foot was not recorded)"
    return f"Verdict {whose}: " + verdict.removeprefix("Verdict: ")
