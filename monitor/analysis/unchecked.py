"""The detector's patterns an insole's layout cannot check: the measure each reads is never there with its
sensors, whatever the data, so a session with no sign of them has not cleared them. Pure, no I/O.

* ``forefoot_share_high`` and ``cop_forward`` read the forefoot share and the centre of pressure along the
  foot, which need a sensor in every group of regions: heel, midfoot, metatarsal heads and toes
  (monitor.signal.regions.RegionReducer.complete; ORPHE INSOLE has none under the midfoot);
* ``focal_mth`` reads each metatarsal head's peak over the other forefoot regions', only on a layout that
  resolves all four of them (monitor.signal.baseline.focal_ratios).

The verdict (monitor.analysis.advice) and the report's "What to know" (monitor.report.quality_data) say it.
"""

from __future__ import annotations

from collections.abc import Mapping

from monitor.analysis.suggestions import PATTERN_WORDS
from monitor.codebook import FOREFOOT_REGIONS, SensorLayout, region_name
from monitor.session.insole_kinds import KIND_WORDS, insole_words
from monitor.signal.regions import GROUPS, RegionReducer
from monitor.util.words import listed

#: What the report calls each group of regions a layout may have no sensor in.
_GROUP_WORDS = {"heel": "the heel", "midfoot": "the midfoot", "metatarsal": "the metatarsal heads",
                "toes": "the toes"}


def unchecked_patterns(layout: SensorLayout) -> tuple[str, ...]:
    """The detector's patterns ``layout`` cannot check, in the detector's order; () where it checks them all."""
    out: list[str] = []
    if not RegionReducer(layout).complete:
        out += ["forefoot_share_high", "cop_forward"]
    masks = layout.region_masks()
    if any(r not in masks for r in FOREFOOT_REGIONS):
        out.insert(0, "focal_mth")
    return tuple(out)


def missing_words(layout: SensorLayout) -> str:
    """Where ``layout`` has no sensor that the patterns it cannot check need: "no sensor under the midfoot",
    "no sensor under the hallux"; "" where it has them all."""
    groups = [g for g in GROUPS if g not in RegionReducer(layout).groups_present]
    masks = layout.region_masks()
    gone = [_GROUP_WORDS[g] for g in groups]
    gone += [f"the {region_name(r)}" for r in FOREFOOT_REGIONS
             if r not in masks and not any(r in GROUPS[g] for g in groups)]
    return f"no sensor under {listed(gone)}" if gone else ""


def unchecked_words(layouts: Mapping[str, SensorLayout], kind: str | None = None) -> str:
    """What the feet's insoles (``layouts``, per foot) cannot check, as one sentence or more: "ORPHE insoles
    cannot check for a high share of the load on the forefoot or the centre of pressure far forward (no
    sensor under the midfoot)."; per foot where the feet's layouts differ in it; "" where every foot's
    checks every pattern. ``kind``: the session's insole kind (monitor.session.insole_kinds.session_insole),
    whose words name the insoles ("Insoles of physionet imports", as the normal's words say them; an import's
    layout names no insole of its own); None: the kind the layouts name (a live link's, a recording's); of
    several kinds, "These insoles"."""
    said = {foot: (unchecked_patterns(layout), missing_words(layout), layout.insole)
            for foot, layout in layouts.items()}
    said = {foot: s for foot, s in said.items() if s[0]}
    if not said:
        return ""
    if len(said) == len(layouts) and len({s[:2] for s in said.values()}) == 1:
        patterns, missing, insole = next(iter(said.values()))
        kinds = {s[2] for s in said.values()}
        if kind is not None:
            who = "These insoles" if "+" in kind else _capital(insole_words(kind))
        else:
            who = KIND_WORDS.get(insole or "", "These insoles") if len(kinds) == 1 else "These insoles"
        return _sentence(who, patterns, missing)
    return " ".join(_sentence(f"The {foot} insole", p, m) for foot, (p, m, _k) in said.items())


def unchecked_caveat(foot: str, layout: SensorLayout) -> list[str]:
    """The report's "What to know" line of what ``foot``'s insole cannot check; [] where it checks all."""
    patterns = unchecked_patterns(layout)
    if not patterns:
        return []
    what = listed([PATTERN_WORDS[p] for p in patterns], "or")
    them = "them" if len(patterns) > 1 else "it"
    return [f"{foot}: the insole cannot check for {what} ({missing_words(layout)}): finding no sign of {them} "
            f"does not rule {them} out"]


def _sentence(who: str, patterns: tuple[str, ...], missing: str) -> str:
    what = listed([PATTERN_WORDS[p] for p in patterns], "or")
    return f"{who} cannot check for {what} ({missing})."


def _capital(words: str) -> str:
    """``words`` with a capital first letter: the start of a sentence ("Insoles of csv imports")."""
    return words[:1].upper() + words[1:]
