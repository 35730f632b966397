"""A warning says the same thing wherever it is read: the live line and its replay's (monitor.cli.console_live,
monitor.live.shown), analyze's alert line (its message) and its JSON (the alert's suggestions, in order), and
the advice's "What to try": relief now first, then the fix after."""

from __future__ import annotations

from test_alerts import A, _run

from monitor.analysis.advice import RELIEF_KEY, advise
from monitor.analysis.alerts import AlertPolicy
from monitor.cli.console_live import format_event
from monitor.live.shown import now_and_after, todo_words


def _tight_shoe_run() -> list:
    """A run's left foot: pressure that stays on under MTH2-3 (a tight shoe), a notice, then a warning."""
    stream = [A(t, "none", pattern="residual_unloaded") for t in range(0, 60, 10)]
    stream += [A(t, "notice", pattern="residual_unloaded") for t in range(60, 120, 10)]
    stream += [A(t, "warning", pattern="residual_unloaded") for t in range(120, 200, 10)]
    return _run(AlertPolicy(), stream, activity="running")


def test_a_warning_says_its_break_then_its_fix_in_analyze_as_live_says_it():
    """had: live said "Take a 20-60 s break. After: Loosen the left shoe's forefoot laces" where analyze's line
    said only "Loosen the left shoe's forefoot laces" and its JSON put the break last."""
    notice, warning = _tight_shoe_run()
    assert (notice.level, warning.level) == ("notice", "warning")
    live = todo_words(warning)
    assert live == "Take a 20-60 s break. After: Loosen the left shoe's forefoot laces"
    assert warning.message.endswith(f": {live}"), warning.message
    assert f": {live}  [" in format_event(warning, ["terminal"])
    assert warning.suggestion_keys[0] == RELIEF_KEY
    assert warning.suggestions[0] == now_and_after(warning)[0] == "Take a 20-60 s break"
    assert warning.to_dict()["suggestions"][:2] == ["Take a 20-60 s break", "Loosen the left shoe's forefoot laces"]
    tips = advise([notice, warning], ["left"], {"left": "running"}).tips
    assert [t.key for t in tips][:len(warning.suggestion_keys)] == list(warning.suggestion_keys)


def test_a_notice_keeps_its_fix_first_and_its_break_last():
    notice, _ = _tight_shoe_run()
    assert notice.suggestion_keys == ("loosen_closure", "roomier_shoe", RELIEF_KEY)
    assert todo_words(notice) == "Nothing urgent now. After: Loosen the left shoe's forefoot laces"


def test_a_notice_says_nothing_urgent_then_its_fix_in_analyze_as_live_says_it():
    """had: live said "Nothing urgent now. After: Loosen the left shoe's forefoot laces" where analyze's line
    (the notice's message, the events file's) said only "Loosen the left shoe's forefoot laces"."""
    notice, _ = _tight_shoe_run()
    live = todo_words(notice)
    assert live == "Nothing urgent now. After: Loosen the left shoe's forefoot laces"
    assert notice.message == f"NOTICE left forefoot (heaviest under MTH2-3), pressure stays on: {live}", notice.message
    assert f": {live}  [" in format_event(notice, ["terminal"])


def test_a_notice_whose_first_suggestion_is_relief_asks_for_it_now_alike():
    stream = [A(t, "notice", pattern="no_relief") for t in range(0, 80, 10)]
    notice, = _run(AlertPolicy(), stream, activity="cycling")
    assert notice.suggestion_keys[:1] == (RELIEF_KEY,)
    assert notice.message.endswith(f": {todo_words(notice)}"), notice.message


def test_a_warning_whose_only_suggestion_is_relief_says_it_alone():
    stream = [A(t, "warning", pattern="no_relief") for t in range(0, 80, 10)]
    warning, = _run(AlertPolicy(), stream, activity="cycling")
    assert warning.suggestion_keys == (RELIEF_KEY,)
    assert todo_words(warning) == "Unweight the foot 20-60 s"
    assert warning.message.endswith(": Unweight the foot 20-60 s")
