"""The top-level help, the commands' lines in it and README's opening speak of a session and name every activity
Solewatch serves, the gym machines and the treadmill with the bike and the run, and say where a gym machine is
declared (``--activity elliptical|stair_climber``, README's "On a gym machine"). Had: "Pressure insoles that catch
sustained forefoot load ...", "live: ride with live alerts: record, detect, and tell the rider", and a README
opening of "mid-ride or mid-run" and "after the ride, run or walk ends". The package's one-line description
(pyproject.toml) says what the tool does."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from monitor.cli.main import ACTIVITIES, build_parser
from monitor.signal.activity_words import activity_name

README = Path(__file__).resolve().parent.parent / "README.md"
PYPROJECT = README.parent / "pyproject.toml"
#: Where a run or a walk may be: not an activity word of its own (it is running or walking).
TREADMILL = "treadmill"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _commands(parser):
    return next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")


def test_the_top_level_help_names_every_activity_and_how_a_gym_machine_is_declared():
    parser = build_parser()
    said = _flat(parser.format_help())
    assert "session" in parser.description, parser.description
    missing = [w for w in [activity_name(a) for a in ACTIVITIES] + [TREADMILL] if w not in said]
    assert not missing, (missing, parser.description)  # had: none of them named
    assert "solewatch live --activity elliptical (or stair_climber" in said, said


def test_no_commands_line_speaks_to_a_rider_alone():
    """The list of commands under the top-level help: live's was "ride with live alerts: ... tell the rider"."""
    lines = {a.dest: a.help for a in _commands(build_parser())._choices_actions}
    assert [(name, line) for name, line in lines.items() if re.search(r"\b(ride|rider)s?\b", line)] == []
    assert "session" in lines["live"], lines["live"]


def test_readmes_opening_names_the_activities_and_points_to_the_gym_section():
    readme = README.read_text(encoding="utf-8")
    opening = _flat(readme.split("\n## ", 1)[0])  # what is read before the first section
    missing = [w for w in [activity_name(a) for a in ACTIVITIES if a != "cycling"] + ["bike", TREADMILL, "session"]
               if w not in opening]
    assert not missing, (missing, opening)
    assert "solewatch live --activity elliptical" in opening and "stair_climber" in opening
    assert "[On a gym machine](#on-a-gym-machine)" in opening, opening
    # the pointer leads to the paragraph that says how and why
    section = _flat(readme.split('<a id="on-a-gym-machine"></a>', 1)[1][:2000])
    assert section.startswith("**On a gym machine**") and "--activity stair_climber" in section, section
    assert "does not tell the two machines apart" in section and "own normal" in section, section


def test_the_package_description_says_what_the_tool_does():
    """pyproject.toml's one-line summary (what a package index shows): had "Pressure-insole monitor that catches
    sustained forefoot load before the foot falls asleep", nothing of the insoles streamed over BLE, the alerts or
    the reports."""
    said = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["description"]
    assert "\n" not in said, said
    for word in ("both pressure insoles", "BLE", "sustained forefoot pressure", "alerts", "reports"):
        assert word in said, (word, said)
