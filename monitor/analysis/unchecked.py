"""The detector's patterns a foot's insole cannot check: the measure each reads is never there with its
sensors (its layout has none in the regions the pattern needs, or those sent no sample in the whole
session), so a session with no sign of them has not cleared them. Pure, no I/O.

What each pattern needs is monitor.signal.pattern_needs.PATTERN_NEEDS: the mediolateral index of
``lateral_overload`` MTH1 and MTH4-5 each; the focal ratios of ``focal_mth`` MTH1, MTH2-3, MTH4-5 and the
hallux each; the residual of ``residual_unloaded`` and ``continuous_forefoot_load`` one of those four; the
forefoot PTI of ``creeping_load`` one forefoot region; the forefoot share and centre of pressure of
``forefoot_share_high`` and ``cop_forward`` a sensor in every group (heel, midfoot, metatarsal heads, toes;
ORPHE INSOLE has none under the midfoot). A layout none of whose sensors lies in a region (every one
``unknown``) checks none of them: the verdict then says nothing could be checked
(monitor.analysis.advice, ``unchecked_all``).

The verdict (monitor.analysis.advice) and the report's "What to know" (monitor.report.quality_data) say it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from monitor.analysis.suggestions import PATTERN_WORDS
from monitor.codebook import ANALYSIS_REGIONS, SensorLayout, region_name
from monitor.session.insole_kinds import KIND_WORDS, insole_words
from monitor.signal.pattern_needs import EVERY_GROUP, PATTERN_NEEDS, lacking, unchecked
from monitor.signal.patterns import WARNING_PATTERNS
from monitor.signal.regions import GROUPS, RegionReducer
from monitor.signal.sensor_coverage import SensorCoverage
from monitor.util.words import listed

#: What the report calls each group of regions a layout may have no sensor in.
_GROUP_WORDS = {"heel": "the heel", "midfoot": "the midfoot", "metatarsal": "the metatarsal heads",
                "toes": "the toes"}
#: A pattern list said as "any sustained forefoot load" where it is every warning pattern.
_ALL_WORDS = "any sustained forefoot load"


def _reads(layout: SensorLayout, silent: Collection[str] = ()) -> tuple[set[str], list[str]]:
    """The regions of ``layout`` with a sensor, less those ``silent``, and its groups with a sensor."""
    return set(layout.region_masks()) - set(silent), RegionReducer(layout).groups_present


def unchecked_patterns(layout: SensorLayout, silent: Collection[str] = ()) -> tuple[str, ...]:
    """The detector's patterns ``layout`` cannot check, in the detector's order; () where it checks them all.
    ``silent``: the regions whose sensors sent no sample in the whole session (:func:`silent_regions`), as if
    the layout had none there."""
    return unchecked(*_reads(layout, silent))


def silent_regions(layout: SensorLayout, cov: SensorCoverage) -> tuple[str, ...]:
    """The analysis regions of ``layout`` none of whose own sensors had a sample in any of the foot's frames
    with data (``cov``: its SensorCoverage; an empty column of an import, a dead sensor alone in its region),
    in ANALYSIS_REGIONS order; () for a foot with no data. A region of a group that had no sample at all is
    left out: no frame of the foot was analysed then, which monitor.analysis.sensor_gaps says."""
    if not cov.n_read:
        return ()
    gone_groups = {g for g, n in cov.group_missing.items() if n == cov.n_read}
    return tuple(r for r in ANALYSIS_REGIONS if cov.region_missing.get(r, 0) == cov.n_read and r in
                 layout.region_masks() and not any(r in GROUPS[g] for g in gone_groups))


def feet_reads(pipes: Mapping[str, Any], no_data: Collection[str] = ()) -> tuple[dict, dict]:
    """``(layouts, silent)`` of the feet's pipelines (foot -> monitor.signal.pipeline.FootPipeline: its
    ``layout`` and ``coverage``), those of ``no_data`` left out: per foot its SensorLayout and its
    :func:`silent_regions`, as :func:`unchecked_words` and :func:`unchecked_all` take them."""
    feet = {f: pipe for f, pipe in pipes.items() if f not in no_data}
    return ({f: pipe.layout for f, pipe in feet.items()},
            {f: silent_regions(pipe.layout, pipe.coverage) for f, pipe in feet.items()})


def imported_layout(imported_from: Mapping[str, Any] | None) -> str | None:
    """The name of the layout JSON a generic CSV import was read with (session.json's ``imported_from``:
    its ``header.layout``), which :func:`unchecked_words` names; None for any other session."""
    imported = imported_from or {}
    header = imported.get("header") if imported.get("format") == "csv" else None
    name = header.get("layout") if isinstance(header, dict) else None
    return name if isinstance(name, str) and name else None


def _lacks(layout: SensorLayout, patterns: Collection[str], silent: Collection[str] = ()) -> tuple[list, list]:
    """The groups (GROUPS' keys) and the analysis regions not in them that ``patterns`` need and ``layout``
    (less ``silent``) has no sensor that reads in, in the order of GROUPS and ANALYSIS_REGIONS."""
    regions, groups = _reads(layout, silent)
    gone_groups = {g for p in patterns if PATTERN_NEEDS[p][0] == EVERY_GROUP for g in lacking(p, regions, groups)}
    gone = {r for p in patterns if PATTERN_NEEDS[p][0] != EVERY_GROUP for r in lacking(p, regions, groups)}
    in_gone_group = {r for g in gone_groups for r in GROUPS[g]}
    return ([g for g in GROUPS if g in gone_groups],
            [r for r in ANALYSIS_REGIONS if r in gone and r not in in_gone_group])


def missing_words(layout: SensorLayout) -> str:
    """Where ``layout`` has no sensor that the patterns it cannot check need: "no sensor under the midfoot",
    "no sensor under the hallux"; of a layout none of whose sensors lies in a region, "every sensor's region
    is unknown"; "" where it has them all."""
    patterns = unchecked_patterns(layout)
    if patterns and all(r == "unknown" for r in layout.regions):
        return "every sensor's region is unknown"
    groups, regions = _lacks(layout, patterns)
    gone = [_GROUP_WORDS[g] for g in groups] + [f"the {region_name(r)}" for r in regions]
    return f"no sensor under {listed(gone)}" if gone else ""


def unchecked_words(layouts: Mapping[str, SensorLayout], kind: str | None = None,
                    silent: Mapping[str, Collection[str]] | None = None, layout_file: str | None = None) -> str:
    """What the feet's insoles (``layouts``, per foot) cannot check, as one sentence or more: "ORPHE insoles
    cannot check for a high share of the load on the forefoot or the centre of pressure far forward (no
    sensor under the midfoot)."; per foot where the feet's layouts differ in it; "" where every foot's
    checks every pattern. ``kind``: the session's insole kind (monitor.session.insole_kinds.session_insole),
    whose words name the insoles ("Insoles of physionet imports", as the normal's words say them), except a
    generic CSV import's (``import:csv``), whose layout is its own file's, named by ``layout_file`` (its
    name, ``imported_from.header.layout``): "This insole's layout (ride.layout.json)", "The layout of this
    import" where none is known; None: the kind the layouts name (a live link's, a recording's); of several
    kinds, "These insoles". ``silent``: per foot, its regions whose sensors sent no sample in the whole
    session (:func:`silent_regions`): the patterns they alone leave unchecked are said after, in a sentence
    of their own ("The left and right insoles sent no sample from under the MTH1 in the whole session, so
    this session could not check for load shifted to the outer forefoot or ...")."""
    said = {foot: (unchecked_patterns(layout), missing_words(layout), layout.insole)
            for foot, layout in layouts.items()}
    said = {foot: s for foot, s in said.items() if s[0]}
    return " ".join(w for w in (_layout_words(layouts, said, kind, layout_file),
                                _silent_words(layouts, silent or {})) if w)


def _layout_words(layouts: Mapping[str, SensorLayout], said: dict, kind: str | None,
                  layout_file: str | None) -> str:
    if not said:
        return ""
    if len(said) == len(layouts) and len({s[:2] for s in said.values()}) == 1:
        patterns, missing, insole = next(iter(said.values()))
        kinds = {s[2] for s in said.values()}
        if kind is not None and kind.startswith("import:csv"):
            who = f"This insole's layout ({layout_file})" if layout_file else "The layout of this import"
        elif kind is not None:
            who = "These insoles" if "+" in kind else _capital(insole_words(kind))
        else:
            who = KIND_WORDS.get(insole or "", "These insoles") if len(kinds) == 1 else "These insoles"
        return _sentence(who, patterns, missing)
    return " ".join(_sentence(f"The {foot} insole", p, m) for foot, (p, m, _k) in said.items())


def _silent_words(layouts: Mapping[str, SensorLayout], silent: Mapping[str, Collection[str]]) -> str:
    """The sentences of what the feet's sensors that sent no sample (``silent``) alone leave unchecked."""
    said = {foot: gone for foot, layout in layouts.items() if (gone := silent_lacks(layout, silent.get(foot, ())))[0]}
    if not said:
        return ""
    same = len(set(said.values())) == 1
    groups = [(list(said), *next(iter(said.values())))] if same else [([f], *s) for f, s in said.items()]
    out = []
    for feet, patterns, regions in groups:
        who = f"The {listed(feet)} insole{'s' if len(feet) > 1 else ''}"
        where = listed([f"the {region_name(r)}" for r in regions])
        out.append(f"{who} sent no sample from under {where} in the whole session, so this session could not "
                   f"check for {_what(patterns)}.")
    return " ".join(out)


def silent_lacks(layout: SensorLayout, silent: Collection[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(patterns, regions)``: the detector's patterns ``layout`` checks but its regions ``silent`` (whose
    sensors sent no sample in the whole session, :func:`silent_regions`) leave unchecked, in the detector's
    order, and those of ``silent`` they need, in ANALYSIS_REGIONS order; ``((), ())`` where they leave none.
    The one rule the verdict (:func:`unchecked_words`) and the report (:func:`unchecked_caveat`) say."""
    more = tuple(p for p in unchecked_patterns(layout, silent) if p not in unchecked_patterns(layout))
    if not more:
        return (), ()
    return more, tuple(r for r in _lacks(layout, more, silent)[1] if r in silent)


def unchecked_all(layouts: Mapping[str, SensorLayout], silent: Mapping[str, Collection[str]] | None = None) -> bool:
    """Whether the feet's insoles (``layouts``, at least one) can check no warning pattern at all (their
    layouts, less ``silent``): the verdict can then find nothing, nor clear anything."""
    silent = silent or {}
    return bool(layouts) and all(unchecked_patterns(lay, silent.get(f, ())) == WARNING_PATTERNS
                                 for f, lay in layouts.items())


def unchecked_caveat(foot: str, layout: SensorLayout, silent: Collection[str] = ()) -> list[str]:
    """The report's "What to know" lines of what ``foot``'s insole cannot check: its layout's, then what its
    regions ``silent`` (sensors that sent no sample in the whole session, :func:`silent_regions`) alone leave
    unchecked (:func:`silent_lacks`, as the verdict says it); [] where it checks all."""
    out = []
    patterns = unchecked_patterns(layout)
    if patterns:
        out.append(f"{foot}: the insole cannot check for {_what(patterns)} ({missing_words(layout)}): "
                   f"{_not_ruled_out(patterns)}")
    more, regions = silent_lacks(layout, silent)
    if more:
        where = listed([f"the {region_name(r)}" for r in regions])
        out.append(f"{foot}: the insole sent no sample from under {where} in the whole session, so this session "
                   f"could not check for {_what(more)}: {_not_ruled_out(more)}")
    return out


def _not_ruled_out(patterns: tuple[str, ...]) -> str:
    them = "them" if len(patterns) > 1 else "it"
    return f"finding no sign of {them} does not rule {them} out"


def _what(patterns: tuple[str, ...]) -> str:
    """The patterns in words, "or" between them; every warning pattern as "any sustained forefoot load"."""
    if tuple(patterns) == WARNING_PATTERNS:
        return _ALL_WORDS
    return listed([PATTERN_WORDS[p] for p in patterns], "or")


def _sentence(who: str, patterns: tuple[str, ...], missing: str) -> str:
    return f"{who} cannot check for {_what(patterns)} ({missing})."


def _capital(words: str) -> str:
    """``words`` with a capital first letter: the start of a sentence ("Insoles of physionet imports")."""
    return words[:1].upper() + words[1:]
