"""The one table of an activity's words: for each activity a session or the detector names, the word a view
says for it, what a session of it is called, who does it, whether it is on a bike (a relief asked for as
unweighting the foot there, as a break elsewhere: monitor.analysis.tips.words). Pure, no I/O.

Activities are the pipeline's labels (monitor.signal.activity: "cycling", "running", "walking",
"elliptical_or_stair", "unknown") or a session's words (session.json's ``activity``, ``--activity``:
"cycling_seated", "elliptical", "stair_climber"...). Every view takes its words from here: the live terminal
and phone views, the summaries of record, live and replay, analyze's lines, the report, the comparison, the
detector's reasons, the advice (monitor.analysis.suggestions) and the rider's marks (monitor.analysis.marks).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: The detector's class of the stepping machines (``elliptical_or_stair``) in a session's words: either of
#: the activities declared as "elliptical" and "stair climber", which the pressure does not tell apart.
MACHINE_WORD = "elliptical or stair climber"
#: The word for anyone whose activity names no one: a stepping machine, an activity not known, or feet
#: whose activities differ.
NEUTRAL_PERSON = "wearer"
#: What a session is called where its activity is not known; also the label of a recording that nothing
#: names (no scenario, no --activity, no --label): the directory ends in it, and a summary leaves it out.
DEFAULT_LABEL = "session"


@dataclass(frozen=True)
class ActivityWords:
    """One activity's words.

    ``detector``: the detector's class a declaration of it stands for (None: not declared, recognise it);
    ``name``: the activity as a view names it ("cycling", "elliptical", "elliptical or stair climber");
    ``noun``: what a session of it is ("12:00 of ride", "of stair climber"); ``person``: who does it (the JSON
    names ``rider_mark``, ``RiderBaseline`` stay as they are: an interface, docs/events-json.md);
    ``option``: its word for ``--activity`` of record and live (None: none); ``label``: the default label of a
    recording of it (the end of its directory's name; None: DEFAULT_LABEL); ``on_bike``: the advice speaks of
    a bike (cleats, straps, dials) and cadence is in rpm; ``relief_clock``: the feet stay on a pedal or a
    machine, or it is not known, so the views show the time since the last relief (a run or a walk unloads
    the foot every step); ``all_clear``: "ride on", "carry on", or None (nothing to add to "Nothing to do");
    ``looks_like``: what data of it look like, which a caution about a declared activity says
    (monitor.analysis.declared_check; "" for a declared word only);
    ``cycle``: one counted cycle of one foot, as its count and cadence (:func:`cadence_unit`) say it: a pedal
    stroke on a bike, a step on foot and on a stair climber, where the foot steps up, a stroke on an elliptical,
    where the foot goes round without leaving the pedal (and on a machine recognised, not declared)."""

    detector: str | None
    name: str
    noun: str
    person: str
    option: str | None
    label: str | None
    on_bike: bool = False
    relief_clock: bool = False
    all_clear: str | None = "carry on"
    looks_like: str = ""
    cycle: str = "step"


_STEPS = "(each foot leaves the floor once a stride)"


def _bike(name: str) -> ActivityWords:
    return ActivityWords("cycling", name, "ride", "rider", "cycling", "ride", on_bike=True, relief_clock=True,
                         all_clear="ride on", looks_like="pedalling (each foot stays on a pedal)", cycle="pedal stroke")


def _machine(name: str, option: str | None, label: str | None, cycle: str = "stroke") -> ActivityWords:
    return ActivityWords("elliptical_or_stair", name, name, NEUTRAL_PERSON, option, label, relief_clock=True,
                         looks_like="an elliptical or stair machine (each foot stays on it)", cycle=cycle)


#: Every activity's words, in the order of session.json's vocabulary (monitor.session.info.SESSION_ACTIVITIES).
#: Not known: a session (the detector has not recognised it, and a run, a walk or insoles served by
#: ``solewatch sim`` over ``--radio`` are no ride), with the relief clock as on a bike, the activity the
#: detector's rules take for an undeclared session (monitor.analysis.suggestions); a relief is asked for there
#: in words for either (monitor.analysis.tips.words).
ACTIVITY_WORDS: dict[str, ActivityWords] = {
    "unknown": ActivityWords(None, "unknown", DEFAULT_LABEL, NEUTRAL_PERSON, None, None, relief_clock=True,
                             all_clear=None),
    "cycling": _bike("cycling"),
    "cycling_seated": _bike("cycling seated"),
    "cycling_standing": _bike("cycling standing"),
    "running": ActivityWords("running", "running", "run", "runner", "running", "run", looks_like=f"running {_STEPS}"),
    "walking": ActivityWords("walking", "walking", "walk", "walker", "walking", "walk", looks_like=f"walking {_STEPS}"),
    "elliptical": _machine("elliptical", "elliptical", "elliptical"),
    "stair_climber": _machine("stair climber", "stair_climber", "stairs", cycle="step"),
    "elliptical_or_stair": _machine(MACHINE_WORD, None, None),
}

#: Where the detector's activities and the session's words fall for the advice's words: a bike has cleats,
#: straps or dials and reliefs; running, walking and the gym machines have laces and breaks.
CYCLING_ACTIVITIES = tuple(a for a, w in ACTIVITY_WORDS.items() if w.on_bike)
#: The stepping machines, declared ("elliptical", "stair_climber") or recognised ("elliptical_or_stair"): the
#: feet stay on a moving machine, so a break there begins by stepping off it (monitor.analysis.tips.words).
MACHINE_ACTIVITIES = tuple(a for a, w in ACTIVITY_WORDS.items() if w.detector == "elliptical_or_stair")
#: A declared activity (a session's word or a pipeline label) -> the detector's class it stands for.
DECLARED_ACTIVITY = {a: w.detector for a, w in ACTIVITY_WORDS.items() if w.detector is not None}
#: A recording's default label (the end of its directory's name) where no scenario names it, per
#: ``--activity`` word of record and live; else DEFAULT_LABEL.
ACTIVITY_LABELS = {a: w.label for a, w in ACTIVITY_WORDS.items() if w.option == a and w.label}


def words_of(activity: str | None) -> ActivityWords | None:
    """The row of ``activity`` (None and "" are "unknown"); None for a word not in the table."""
    return ACTIVITY_WORDS.get(activity or "unknown")


def is_cycling(activity: str | None) -> bool:
    """Whether the advice speaks of a bike (cleats, straps, dials, reliefs) for this activity."""
    return activity in CYCLING_ACTIVITIES


def cadence_unit(activity: str | None) -> str:
    """The unit of a cadence (cycles of both feet per minute, 2 per cycle of one foot) of ``activity`` (a
    pipeline label or a session word; None: not known): "rpm" on a bike, else its ``cycle`` counted per
    minute, "steps/min" on foot and on a stair climber, "strokes/min" on an elliptical or a machine not
    declared, so that a count of cycles and the cadence beside it say one word."""
    w = words_of(activity)
    if w is not None and w.on_bike:
        return "rpm"
    return f"{w.cycle if w is not None else 'step'}s/min"


def shows_relief_clock(activity: str | None) -> bool:
    """Whether a view shows the time since the foot's last relief for the detector's class ``activity``."""
    w = words_of(activity)
    return w is not None and w.relief_clock


def activity_name(activity: str | None) -> str:
    """The activity as a view names it: "cycling", "stair climber", "elliptical or stair climber" for the
    detector's class of the machines, "unknown"; a word not in the table with its underscores as spaces."""
    w = words_of(activity)
    return w.name if w is not None else str(activity).replace("_", " ")


def activity_word(activity: str | None, *, as_declared: bool = True) -> str:
    """What a session of ``activity`` (a session's word, "cycling_seated", "stair_climber", ..., or the
    detector's label; None: not known) is in a word: ride on a bike, run, walk, else the activity as
    declared ("12:00 of elliptical", "of stair climber"; the detector's "elliptical_or_stair" is
    MACHINE_WORD), else (not known, or not ``as_declared`` where the detector's class says another word)
    session. One word for a recording's notes, the summaries of record, live and replay, a rider's lines,
    the analysis and the report."""
    w = words_of(activity)
    if w is None:
        return str(activity).replace("_", " ") if as_declared else DEFAULT_LABEL
    if not as_declared and (w.detector is None or ACTIVITY_WORDS[w.detector].noun != w.noun):
        return DEFAULT_LABEL
    return w.noun


def activity_session(activity: str | None) -> str:
    """One session of ``activity`` (as :func:`activity_word` takes it) in words, as "this ..." says it: ride,
    run, walk, else "elliptical session", "stair climber session", "elliptical or stair climber session",
    else session ("this elliptical's first minutes" would name the machine, not the session)."""
    word = activity_word(activity)
    return word if word in ("ride", "run", "walk", DEFAULT_LABEL) else f"{word} session"


def activity_sessions(activity: str | None) -> str:
    """Sessions of ``activity`` (as :func:`activity_word` takes it) in words: rides, runs, walks, else
    "elliptical sessions", "stair climber sessions", "elliptical or stair climber sessions", else sessions."""
    return f"{activity_session(activity)}s"


def activity_option(activity: str) -> str | None:
    """The ``--activity`` word of record and live (the keys of ACTIVITY_LABELS) for a scenario's or a
    session's ``activity`` (``cycling_seated`` -> ``cycling``), None where they have none."""
    w = words_of(activity) if activity else None
    return w.option if w is not None else None


def option_named(word: str) -> str | None:
    """The ``--activity`` word of record and live for an activity named by another of its words: the label
    of its recordings ("stairs" -> stair_climber, "ride" -> cycling), its name as a view says it ("stair
    climber"), what a session of it is ("run" -> running) or its session word ("cycling_seated" -> cycling),
    in any case; None for a word that names none."""
    said = " ".join(str(word).lower().replace("_", " ").split())
    for key, w in ACTIVITY_WORDS.items():
        if w.option and said in {key.replace("_", " "), w.name, w.noun, (w.label or "").replace("_", " ")}:
            return w.option
    return None


def meant_activities(word: str, choices: Iterable[str]) -> list[str]:
    """Up to three of ``choices`` (activity words) that ``word``, not among them in lower case, may have
    meant ("did you mean"): the activity it names by another of its words first (:func:`option_named`:
    "stairs" -> stair_climber), then those spelt close to it (monitor.util.words.close_names), the ending
    "ing" most of them share left out ("rowing" is not close to "walking"); [] for none, and the error lists
    the choices alone. The rule of record's, live's and import's ``--activity`` and of an import's layout JSON
    ``activity``."""
    from monitor.util.words import close_names

    choices = list(choices)
    close = close_names(str(word).lower(), choices, shared_ending="ing")
    named = option_named(word)
    if named in choices and named not in close:
        close = [named, *close][:3]
    return close


def spelt_activity(word: str) -> str:
    """An activity word as the vocabulary spells it: in lower case, without the spaces around it ("Running" is
    running, " walking " walking). The one rule of ``--activity`` (record, live, import, analyze, report) and
    of the Python API's words (``monitor.analyze(declared_activity=)``, ``monitor.import_session(activity=)``);
    what it gives is then looked up as it is, a word it names none of getting :func:`meant_words`."""
    return word.strip().lower()


def meant_words(word: object, choices: Iterable[str]) -> str:
    """``"; did you mean running?"`` for the ``choices`` ``word`` may have meant (:func:`meant_activities`:
    ``run`` -> running, ``stairs`` -> stair_climber), ``""`` for none: what an unknown activity's error adds,
    on the command line (monitor.cli.main), in the Python API, a layout JSON and a session.json alike."""
    meant = meant_activities(str(word), choices)
    return f"; did you mean {' or '.join(meant)}?" if meant else ""


def activity_label(activity: str | None) -> str:
    """The default label of a session of ``activity`` (a session's word, ``cycling_seated`` as ``cycling``;
    None: not declared): ACTIVITY_LABELS, else DEFAULT_LABEL."""
    word = activity_option(activity or "")
    return DEFAULT_LABEL if word is None else ACTIVITY_LABELS[word]


def all_clear_words(activities: Iterable[str | None]) -> str:
    """"Nothing to do" in the words of the feet's activities: ": ride on" where one is on a bike, ": carry on"
    where one runs, walks or steps on a machine, else nothing added."""
    said = {w.all_clear for w in map(words_of, activities) if w is not None}
    said_one = "ride on" if "ride on" in said else "carry on" if "carry on" in said else None
    return "Nothing to do" + (f": {said_one}" if said_one else "")


def person(activities: Iterable[str | None]) -> str:
    """The word for the person in the session's activities (pipeline labels or session words, per foot;
    None or "unknown" when not known): "rider", "runner", "walker", else :data:`NEUTRAL_PERSON`."""
    said = {(w.person if (w := words_of(a)) is not None else NEUTRAL_PERSON) for a in activities
            if a and a != "unknown"}
    return said.pop() if len(said) == 1 else NEUTRAL_PERSON
