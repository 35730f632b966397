"""Which of an imported session's caveats an import finds again in a CSV export of it.

An export of an imported session writes its caveats into the layout JSON beside the CSV, so that a
re-import still says what the first import said of the original source (an assumed sensor area, a start in
local time). Some caveats, though, describe the data as the CSV itself shows them, and ``solewatch import
csv`` says those again from the file, in its own words and with its own numbers: the share of a foot's rows
without a sample, the rows added where a time axis skipped (empty rows in the CSV), a time axis jump too long
to fill, a sensor column never sampled, sensor positions the layout marks as inferred, and a rate the rows
step at off the layout's rate_hz. Carried too,
they would be said twice, with two numbers, and once more each time the session goes round. The one rule:
the export leaves out the caveats :func:`found_again` recognises, and the CSV import reads none of them
from a layout file (one written before this rule). Nor does it carry what an import said of the source's
events (OF_THE_EVENTS): a CSV export holds no events, and says so in a caveat of its own. A caveat that says
start_utc was left empty (a PhysioNet file carries no start, a Moticon export's start is local time of an
unknown zone) is carried, but a layout JSON that gives ``start_utc`` makes it say where the start came from
instead (:func:`with_start`).
"""

from __future__ import annotations

import re

#: The forms of the caveats an import derives from the data themselves (monitor.importers: moticon's and
#: generic_csv's share of rows without a sample, base.py's fill and not-filled time-axis caveats and
#: never_sampled_caveat, generic_csv's positions marked inferred and its rows' rate off rate_hz, data_caveats'
#: sensors that read 0 while loaded and pressures too small).
FOUND_AGAIN = (
    re.compile(r"^\w+: [\d.]+% of the file's (?:\w+ )?rows have no sample \(empty "),
    re.compile(r"^\w+: .+ marks the sensor positions as inferred$"),
    re.compile(r"^\w+: no sample in the whole file in columns? "),
    re.compile(r"time axis skips .+; NaN rows stand for them$"),
    re.compile(r"time axis jumps .+; not filled \(over "),
    re.compile(r"^\w+: sensors? .+ read 0 in every frame while the foot was loaded "),
    re.compile(r"^\w+: pressures look about 10x too small: "),
    re.compile(r"^\w+: the file's \w+ rows step at .+; the session keeps \d+ Hz$"),
)


#: The forms of the caveats that say what became of the source's events (monitor.importers.moticon: a
#: user-defined event group "kept as markers" in imported_events.csv): true of the first import, false of a
#: CSV export's, which carries no events (monitor.session.export.events_caveat says so instead).
OF_THE_EVENTS = (
    re.compile(r"^event group .+ is user-defined: kept as markers"),
)


def found_again(caveat: str) -> bool:
    """True when ``caveat`` is one an import finds again from a CSV export's data (see the module)."""
    return any(p.search(caveat) for p in FOUND_AGAIN)


def source_caveats(caveats: list[str]) -> list[str]:
    """``caveats`` without those :func:`found_again` recognises and those of the source's events
    (OF_THE_EVENTS), in their order: what an export carries."""
    return [str(c) for c in caveats if not found_again(str(c)) and not any(p.search(str(c)) for p in OF_THE_EVENTS)]


#: The end of a caveat saying the source gave no start_utc (monitor.importers.physionet, moticon_start), and
#: the words it ends with once a layout JSON gives one.
_START_LEFT_EMPTY = "start_utc is left empty"
_START_OF_LAYOUT = "start_utc is taken from the layout JSON"
_START_SAID = re.compile(rf"^(.*); (?:{_START_LEFT_EMPTY}|{_START_OF_LAYOUT})$", re.S)


def with_start(caveats: list[str], start_utc: str) -> list[str]:
    """``caveats`` as true of a session whose start is ``start_utc`` (ISO text, "" for unknown): a caveat ending
    "; start_utc is left empty" ends "; start_utc is taken from the layout JSON" when there is a start, and
    back; the others as they are, in their order."""
    tail = _START_OF_LAYOUT if start_utc else _START_LEFT_EMPTY
    return [_START_SAID.sub(lambda m: f"{m.group(1)}; {tail}", str(c)) for c in caveats]
