"""Every tag a printed tip cites is in the sources printed with it, whatever the tip, activity, pedals, feet and
region, and each claim of the bike's relief prints the source it rests on. Had: "standing on the pedals loads
the forefoot more" with no tag, the pedal force of domain.md section 1 ([10] M: up to 3x body weight
standing, about 0.5x seated) cited in a comment alone, and [10] not among the sources the tool can print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.analysis.sources import SOURCES, source_lines
from monitor.analysis.suggestions import SUGGESTIONS, evidence_for, strength_for, words
from monitor.signal.activity_words import ACTIVITY_WORDS

TAG = re.compile(r"\[(\d+)\]")
LISTED = re.compile(r"^\s*\[(\d+)\] (.*)$")
ACTIVITIES = (*ACTIVITY_WORDS, "cycling", "running", "walking", "elliptical_or_stair", "unknown", None)
PEDALS = (None, "clipless", "flat", "toe-clips")
UNWEIGHT = SUGGESTIONS["unweight"]


def _printed(key: str, activity: str | None, feet: tuple[str, ...], pedals: str | None,
             region: str | None) -> tuple[str, str, list[str]]:
    """A tip as ``analyze`` prints it (monitor.report.text): its text, its evidence, and its line followed by the
    sources block printed with it."""
    s = SUGGESTIONS[key]
    text = words(s, activity, feet, pedals, region)[1]
    evidence = evidence_for(s, activity, pedals)
    line = f"  - {text} (evidence {strength_for(s, activity)}: {evidence or 'practitioner advice'})"
    return text, evidence, [line, *source_lines([line])]


@pytest.mark.parametrize("key", sorted(SUGGESTIONS))
def test_every_tag_a_printed_tip_cites_is_in_the_printed_sources(key):
    checked = 0
    for activity in ACTIVITIES:
        for pedals in PEDALS:
            for feet in ((), ("left",), ("left", "right")):
                for region in ("mth1", "mth2_3", "mth4_5", None):
                    text, evidence, lines = _printed(key, activity, feet, pedals, region)
                    listed = {int(m.group(1)): m.group(2) for ln in lines[1:] if (m := LISTED.match(ln))}
                    assert {int(n) for n in TAG.findall(lines[0])} == set(listed), (activity, pedals, lines)
                    assert all(SOURCES[n] == said for n, said in listed.items()), listed
                    # the tip cites every tag its words print
                    assert set(TAG.findall(text)) <= set(TAG.findall(evidence)), (activity, pedals, text, evidence)
                    checked += 1
    assert checked == len(ACTIVITIES) * len(PEDALS) * 3 * 4


@pytest.mark.parametrize("pedals", PEDALS)
def test_the_bike_relief_prints_the_source_of_standing_on_the_pedals(pedals):
    text, evidence, lines = _printed("unweight", "cycling", ("left",), pedals, None)
    standing = text[text.index("standing on the pedals"):]
    assert "[10]" in standing and "3x body weight" in standing, text  # had: no tag after the claim
    assert "[10]" in evidence, evidence  # had: "[16][38]"
    assert "  [10] Yeo & Bonanno 2014, J Foot Ankle Res 7:31." in lines, lines  # had: not among SOURCES


@pytest.mark.parametrize("activity", ["running", "walking", "elliptical", "unknown", None])
def test_off_the_bike_the_relief_says_nothing_of_pedals_nor_cites_their_force(activity):
    text, evidence, _ = _printed("unweight", activity, ("left",), None, None)
    assert "standing on the pedals" not in text and "[10]" not in text + evidence, (text, evidence)


DOMAIN_MD = Path("/work/shared/docs/domain.md")


@pytest.mark.skipif(not DOMAIN_MD.is_file(), reason="the shared domain reference is not on this machine")
def test_each_source_is_listed_as_domain_md_gives_it():
    listed = DOMAIN_MD.read_text(encoding="utf-8").split("\n## Sources", 1)[1]
    given = {int(m.group(1)): m.group(2) for m in re.finditer(r"^(\d+)\. (.*)$", listed, re.M)}
    assert {n: given.get(n) for n in SOURCES} == SOURCES
