"""A session's raw-log spans skipped as damaged, as the analysis's JSON gives them
(docs/analyze-json.md, ``damaged_spans``)."""

from __future__ import annotations

from typing import Any

from monitor.session.model import Session


def damaged_spans_json(session: Session) -> tuple[dict[str, Any], ...]:
    """The session's raw-log spans skipped as damaged, JSON-ready: ``offset`` and ``n_bytes`` (bytes of the
    file), ``from_s`` / ``to_s`` the session seconds of the sound records before and after (None: the span
    starts the log / runs to its end)."""
    speed = session.info.speed

    def at(host_s: float | None) -> float | None:
        return None if host_s is None else round(host_s * speed, 3)

    return tuple({"offset": int(x.offset), "n_bytes": int(x.n_bytes), "from_s": at(x.after_host_s),
                  "to_s": at(x.before_host_s)} for x in session.damaged_spans)
