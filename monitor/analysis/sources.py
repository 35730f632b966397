"""The sources the advice cites: domain.md's list, by number, and the lines that name those a text cites.

Pure. A tag is "[n]" in any text printed (a suggestion's evidence, the verdict's words); every tag printed
is listed with it (monitor.report.text, monitor.report.html, monitor.report.pdf, monitor.live.summary).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: The sources the suggestions and referrals cite, as the domain reference lists them (domain.md, Sources).
SOURCES: dict[int, str] = {
    1: 'Burnfield et al. 2007, MSSE 39:2012.',
    2: 'Hähni et al. 2016, J Foot Ankle Res 9:44.',
    4: 'Carbon orthosis in triathletes, abstract (Mendeley 7b022910-49af-301d-bc7a-9e5f894c4a29).',
    5: 'Jarboe & Quesada, U. Louisville conference paper; training4cyclists summary.',
    7: 'gebiomized.de 2017, cleat case study.',
    8: 'Hennig & Sanderson, J Appl Biomech (two footwear types).',
    9: 'Sanderson, Hennig & Black 2000, J Sports Sci 18:173.',
    10: 'Yeo & Bonanno 2014, J Foot Ankle Res 7:31.',
    12: 'JEB 2015;218:3406.',
    13: 'Wei et al. 2020, J Exerc Sci Fit 18:89.',
    14: 'PMC6231350 (strike pattern study).',
    16: 'Uden, Jones & Grimmer 2012, J Sci Cycling 1(2):28.',
    17: 'farc.com.au; Precision Bikes via davebyers.blogspot.com.',
    18: 'BikeFit via slocyclist.com.',
    19: 'Davis et al. 2011, MLTJ 1:20.',
    20: 'Bousie et al., JSAMS.',
    21: 'Lee et al. 2014, J Foot Ankle Res 7:18.',
    22: 'Foot Ankle Int 1994;15:654.',
    23: 'Klein et al. 2008, JAPMA 98:261.',
    24: 'Van Sickle & Hull 2007, J Biomech 40:1262.',
    25: 'Zinn, VeloNews Technical FAQ.',
    26: 'BikeFit blog (cleat wedges); Steve Hogg.',
    36: 'Bus et al. 2011, Diabetes Care 34:1595.',
    38: 'SCHN NSW; United Spinal; Physiopedia pressure-relief guidance.',
}


def known_tags(tags: str) -> str:
    """``tags`` (a tip's or a cause's evidence, "[2][13] M") as given, once every source number in it is in
    :data:`SOURCES`; ValueError naming the first that is not, so that no tag the tool prints goes unlisted
    (tests/test_sources_every_tag_listed.py checks every string of the tool's)."""
    for n in re.findall(r"\[(\d+)\]", tags):
        if int(n) not in SOURCES:
            raise ValueError(f"source [{n}] in {tags!r} is not in monitor.analysis.sources.SOURCES")
    return tags


def cited_sources(evidence: Iterable[str]) -> list[int]:
    """The source numbers cited in texts holding evidence tags such as "[16][17]" (a tip's evidence, or a
    whole printed line: the verdict cites [18][36] for numb marks with no pressure cause), ascending, each
    once. A number not in :data:`SOURCES` is none of the tool's (each of its tags is checked where it is
    written, :func:`known_tags`, and by tests/test_sources_every_tag_listed.py): the words of a printed line that
    the user gave (a label, the shoes declared), not a source, and not listed."""
    out: list[int] = []
    for tags in evidence:
        for n in re.findall(r"\[(\d+)\]", tags or ""):
            if int(n) in SOURCES and int(n) not in out:
                out.append(int(n))
    return sorted(out)


def source_lines(evidence: Iterable[str]) -> list[str]:
    """The lines that name the sources cited in ``evidence`` (:func:`cited_sources`: pass every line printed
    with them, so that each tag printed is listed), after a blank line (``Sources:``, then ``  [17] ...``), as
    the end of analyze, live and replay print them; none when nothing is cited."""
    cited = cited_sources(evidence)
    return ["", "Sources:", *(f"  [{n}] {SOURCES[n]}" for n in cited)] if cited else []
