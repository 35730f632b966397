"""An activity given in another of its words gets its ``--activity`` word as a "did you mean": the label a
session's folder ends in (README.md: ``ride``, ``run``, ``walk``, ``elliptical``, ``stairs``), its name as a
view says it, what a session of it is. Had: ``record --activity stairs`` was refused with the choices alone,
while README.md promises a "did you mean" for a near miss and names ``stairs`` sessions."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SAMPLE = ROOT / "sessions/samples/sim-cleat-forward"


def _refused(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("given, meant", [("stairs", "stair_climber"), ("Stairs", "stair_climber"),
                                          ("stair climber", "stair_climber"), ("ride", "cycling"),
                                          ("cycling_seated", "cycling"), ("walk", "walking")])
@pytest.mark.parametrize("command", [("record", "--sim", "healthy-walk", "--duration", "5s"),
                                     ("live", "--sim", "healthy-walk", "--duration", "5s"),
                                     ("analyze", str(SAMPLE))])
def test_an_activity_in_another_of_its_words_is_given_its_option_word(capsys, command, given, meant):
    err = _refused(capsys, *command, "--activity", given)
    assert f"invalid choice: '{given.lower()}'; did you mean {meant}? (choose from" in err, err


def test_a_word_that_names_no_activity_gets_the_choices_alone(capsys):
    err = _refused(capsys, "record", "--sim", "healthy-walk", "--activity", "swimming")
    assert "did you mean" not in err and "(choose from 'cycling'" in err, err


def test_the_readme_says_what_stairs_is_told():
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert "`--activity stairs`: `did you mean stair_climber?`" in text


@pytest.mark.parametrize("given", ["rowing", "hiking", "biking", "skiing"])
def test_a_word_that_shares_only_the_ending_ing_gets_the_choices_alone(capsys, given):
    """``--activity rowing`` was answered "did you mean walking or running?": the ending "ing", which most
    activity words share, made it close to both (difflib's ratio 0.62)."""
    err = _refused(capsys, "record", "--sim", "healthy-walk", "--activity", given)
    assert "did you mean" not in err and "(choose from 'cycling'" in err, err


@pytest.mark.parametrize("given, meant", [("runing", "running"), ("walkng", "walking"), ("xunning", "running"),
                                          ("cyclin", "cycling"), ("eliptical", "elliptical")])
def test_a_near_miss_still_gets_its_activity(capsys, given, meant):
    err = _refused(capsys, "record", "--sim", "healthy-walk", "--activity", given)
    assert f"invalid choice: '{given}'; did you mean {meant}? (choose from" in err, err


def test_a_session_s_activity_field_gets_no_false_suggestion_either():
    from monitor.session.info import SESSION_ACTIVITIES
    from monitor.signal.activity_words import meant_activities

    assert meant_activities("rowing", SESSION_ACTIVITIES) == []
    assert meant_activities("Cyclng", SESSION_ACTIVITIES)[:2] == ["cycling", "cycling_seated"]
