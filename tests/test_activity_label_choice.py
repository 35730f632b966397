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
