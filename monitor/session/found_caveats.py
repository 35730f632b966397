"""Which of an imported session's caveats an import finds again in a CSV export of it.

An export of an imported session writes its caveats into the layout JSON beside the CSV, so that a
re-import still says what the first import said of the original source (an assumed sensor area, a start in
local time). Some caveats, though, describe the data as the CSV itself shows them, and ``solewatch import
csv`` says those again from the file, in its own words and with its own numbers: the share of a foot's rows
without a sample, the rows added where a time axis skipped (empty rows in the CSV), a time axis jump too long
to fill, a sensor column never sampled, and sensor positions the layout marks as inferred. Carried too,
they would be said twice, with two numbers, and once more each time the session goes round. The one rule:
the export leaves out the caveats :func:`found_again` recognises, and the CSV import reads none of them
from a layout file (one written before this rule). Nor does it carry what an import said of the source's
events (OF_THE_EVENTS): a CSV export holds no events, and says so in a caveat of its own.
"""

from __future__ import annotations

import re

#: The forms of the caveats an import derives from the data themselves (monitor.importers: moticon's and
#: generic_csv's share of rows without a sample, base.py's fill and not-filled time-axis caveats and
#: never_sampled_caveat, generic_csv's positions marked inferred).
FOUND_AGAIN = (
    re.compile(r"^\w+: [\d.]+% of the file's (?:\w+ )?rows have no sample \(empty "),
    re.compile(r"^\w+: .+ marks the sensor positions as inferred$"),
    re.compile(r"^\w+: no sample in the whole file in columns? "),
    re.compile(r"time axis skips .+; NaN rows stand for them$"),
    re.compile(r"time axis jumps .+; not filled \(over "),
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
