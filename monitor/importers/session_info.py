"""The SessionInfo of an imported recording. Pure: nothing read or written.

A module of its own so that the streamed Moticon import (monitor.importers.moticon_stream) and the
whole-file writer (monitor.importers.session) make session.json the one same way, and neither loads
pandas for it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from monitor.codebook import SensorLayout
from monitor.errors import SessionFormatError
from monitor.session.info import LONGEST_SESSION_S, DeviceInfo, SessionInfo
from monitor.util.plain_text import spelt_out, spelt_out_all
from monitor.util.version import __version__


class ImportedHead(Protocol):
    """What session.json says of an imported recording: an ImportedRecording has all of it."""

    format: str
    path: Path
    layouts: dict[str, SensorLayout]
    devices: dict[str, DeviceInfo]
    start_utc: str
    header: dict[str, str]
    caveats: list[str]
    activity: str
    label: str

    @property
    def duration_s(self) -> float: ...


def session_info(rec: ImportedHead, session_id: str, *, activity: str | None = None) -> SessionInfo:
    """The SessionInfo of an imported recording (source "import"); ``activity`` overrides the recording's.
    SessionFormatError naming the file for a recording longer than any session (LONGEST_SESSION_S: a time
    past it is refused at its line, monitor.importers.text_checks.refuse_time_past_end; this is the rows'
    end from 0, the last row's sample period taking it past) or one that ends past the
    year 9999."""
    if rec.duration_s > LONGEST_SESSION_S:
        raise SessionFormatError(f"{rec.path}: its rows span {rec.duration_s:.3f} s, longer than any recording "
                                 f"(at most {LONGEST_SESSION_S:.0f} s, 366 days)")
    end_utc = None
    if rec.start_utc:
        start = datetime.fromisoformat(rec.start_utc.replace("Z", "+00:00"))
        try:
            end = start + timedelta(seconds=rec.duration_s)
        except OverflowError:
            raise SessionFormatError(f"{rec.path}: starts at {rec.start_utc} and lasts {rec.duration_s:g} s, "
                                     "which ends past the year 9999") from None
        end_utc = end.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return SessionInfo(
        session_id=session_id, start_utc=rec.start_utc, software_version=__version__, source="import",
        layouts=dict(rec.layouts), devices=dict(rec.devices), label=spelt_out(rec.label or rec.path.stem),
        activity=activity or rec.activity,  # the label and note plain text, as session.json's reader holds them
        speed=1.0, notes=[f"imported from {spelt_out(rec.path.name)} ({rec.format}); see imported_from.caveats"],
        end_utc=end_utc, duration_s=round(rec.duration_s, 3),
        # the file's header fields and the caveats (which quote it) plain text, as the label (plain_text)
        imported_from={"format": rec.format, "file": rec.path.name, "header": spelt_out_all(dict(rec.header)),
                       "caveats": spelt_out_all(list(rec.caveats)), **_named_kind(rec)},
    )


def _named_kind(rec: ImportedHead) -> dict[str, str]:
    """``imported_from.insole_kind`` where the source names the session's insole kind (an ImportedRecording's
    ``insole_kind``, a layout JSON's; a streamed import has none), else nothing."""
    kind = getattr(rec, "insole_kind", None)
    return {"insole_kind": kind} if kind else {}
