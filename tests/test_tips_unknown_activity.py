"""Where the activity is not known (an undeclared session the recogniser did not name), "what to try" speaks in
words for a bike or a foot, as an alert's relief and a numb mark do: "Take the weight off the foot 20-60 s",
"Loosen the left shoe over the forefoot", not a break or laces, which are words on foot."""

from __future__ import annotations

import dataclasses
import json

import pytest

from monitor.analysis.advice import advise
from monitor.analysis.alert_todo import relief_now
from monitor.analysis.alerts import Alert
from monitor.analysis.batch import analyze
from monitor.analysis.marks import mark_now
from monitor.analysis.tips import SUGGESTIONS, not_known, on_machine, words
from monitor.importers import import_file
from monitor.report.text import analysis_text
from monitor.session.directory import load_session
from monitor.signal.activity_words import ACTIVITY_WORDS, is_cycling
from monitor.util.shared_data import shared_data_dir

#: 17 s of Moticon walking imported without --activity: too short to recognise (tests/test_analyze.py), unknown.
MOTICON = shared_data_dir() / "moticon_opengo" / "230927_102114.txt"
#: Words on foot: a break, laces alone (a bike's strap or dial, and a foot's laces, are said together).
ON_FOOT_WORDS = ("break", "forefoot laces", "Stop for", "shoe's laces", "fit and lacing", "shortest pause")


def _text_tips(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("What to try:") + 1
    return [line.removeprefix("  - ") for line in lines[start:] if line.startswith("  - ")]


@pytest.fixture(scope="module")
def unknown_result(tmp_path_factory):
    """The import's analysis, given a warning of pressure that stays on under the left foot (its rule: loosen
    the closure, a roomier shoe, a relief; checking that side, the other foot having none)."""
    out = import_file("moticon", MOTICON, tmp_path_factory.mktemp("imp") / "s")
    result = analyze(load_session(out))
    assert set(result.activities().values()) == {None}  # not declared, not recognised
    warning = Alert(12.0, "left", "alert", "warning", "mth2_3", "residual_unloaded", "closure too tight", (), (),
                    "WARNING")
    return dataclasses.replace(result, alerts=[warning])


def test_an_unknown_activity_s_tips_say_words_for_either_in_the_text_and_the_json(unknown_result):
    """Had: "Take a 20-60 s break", "Loosen the left shoe's forefoot laces", "Stop for 20-60 s ... (sit, or stand
    and lift each foot in turn)", the shortest "pause", "fit and lacing": a run's words for what may be a ride."""
    tips = json.loads(json.dumps(unknown_result.to_json_dict()))["what_to_try"]
    said = _text_tips(analysis_text(unknown_result))
    assert [t["key"] for t in tips] == ["unweight", "loosen_closure", "roomier_shoe", "check_side"], tips
    by_key = {t["key"]: t for t in tips}
    # the same words as the alert's relief and a numb mark's (monitor.analysis.alert_todo, monitor.analysis.marks)
    assert by_key["unweight"]["short"] == relief_now(None) == "Take the weight off the foot 20-60 s"
    assert by_key["loosen_closure"]["short"] == "Loosen the left shoe over the forefoot"
    assert mark_now("left", None) == "Take the weight off the foot 20-60 s; loosen the left shoe over the forefoot"
    assert by_key["unweight"]["text"].startswith("Take the weight off the left foot for 20-60 s"), by_key["unweight"]
    assert by_key["loosen_closure"]["text"].startswith("Loosen the strap, dial or laces of the left shoe over the "
                                                       "forefoot"), by_key["loosen_closure"]
    assert said == [f"{t['text']} (evidence {t['strength']}: {t['evidence'] or 'practitioner advice'})" for t in tips]
    for words_said in [*said, *(t["short"] for t in tips)]:
        for on_foot in ON_FOOT_WORDS:
            assert on_foot not in words_said, (on_foot, words_said)


@pytest.mark.parametrize("key", ["unweight", "loosen_closure", "loosen_progressively", "check_side"])
def test_a_known_activity_keeps_its_own_words(key):
    """A bike's words and a run's stay theirs; None and "unknown" say the same words for either."""
    s = SUGGESTIONS[key]
    assert words(s, None, ("left",)) == words(s, "unknown", ("left",))
    assert words(s, None, ("left",)) not in (words(s, "cycling", ("left",)), words(s, "running", ("left",)))
    assert words(s, "running", ("left",))[0] == words(s, "walking", ("left",))[0]
    assert relief_now("running") == "Take a 20-60 s break" and relief_now("cycling") == "Unweight the foot 20-60 s"


@pytest.mark.parametrize("activity", [*ACTIVITY_WORDS, None, "", "rowing"])
@pytest.mark.parametrize("relief_min_s", [None, 90.0])
def test_a_relief_now_is_the_tips_unweight_for_every_activity(activity, relief_min_s):
    """One rule for the relief an alert asks for now and the ``unweight`` tip: monitor.analysis.tips.words (a
    bike's words on a bike, words for either where the activity is not known, off a stepping machine on one, a
    break elsewhere), as
    docs/api.md says it, for every activity of the table, not known (None, ""), and a word not in it."""
    tip = words(SUGGESTIONS["unweight"], activity, relief_min_s=relief_min_s)[0]
    assert relief_now(activity, relief_min_s) == tip
    time = "90 s" if relief_min_s else "20-60 s"
    if is_cycling(activity):
        assert tip == f"Unweight the foot {time}"
    elif not_known(activity):
        assert tip == f"Take the weight off the foot {time}"
    elif on_machine(activity):  # a machine moves under the feet: off it first (had: "Take a 20-60 s break")
        assert tip == f"Slow down, step off for {time}"
    else:
        assert tip == f"Take a {time} break"


@pytest.mark.parametrize("activity, nudge", [(None, "reminders to take the weight off the foot"),
                                             ("unknown", "reminders to take the weight off the foot"),
                                             ("cycling", "reminders to unweight the foot"),
                                             ("running", "reminders to take a break")])
def test_a_verdict_of_reminders_alone_says_them_in_the_tips_words(activity, nudge):
    """A session whose alerts were reminders alone (no relief for 20 min) says them as its relief tip does: where
    no foot's activity is known, words for either. Had: "reminders to take a break", words on foot, beside the
    tip "Take the weight off the foot 20-60 s"."""
    reminder = Alert(1300.0, "left", "alert", "notice", None, "no_relief", None, (), (), "NOTICE")
    advice = advise([reminder], ("left", "right"), {"left": activity, "right": activity})
    assert f"Verdict: no sustained forefoot overload; {nudge}." in advice.verdict, advice.verdict
    assert advice.tips[0].short == relief_now(activity)
