"""The rider's normal kept between sessions: a baseline per rider under the user's config directory, and
the one a live session ran with, kept in its session directory.

One idea: where a rider's normal is kept and how it reads back (the rider's file under the config directory,
a session's ``baseline.json``). The rider's declared setup, remembered beside it, is monitor.session.rider_setup's.

Per rider: ``$XDG_CONFIG_HOME/solewatch/riders/NAME.json`` (``~/.config/solewatch/riders/NAME.json``
without XDG_CONFIG_HOME, or with one that is not an absolute path), or under ``SOLEWATCH_CONFIG_DIR`` when it
is set (an absolute path; a relative one is refused). Per session:
``baseline.json`` beside ``session.json``, so a replay judges against the baseline the live session used.

A rider's normal is kept per insole kind (monitor.session.insole_kinds: insoles do not read alike, so a
normal judges sessions of its own kind only). ``riders/NAME.json`` is
``{"schema": "solewatch.rider/1", "normals": {KIND: BASELINE, ...}}``, each BASELINE a
monitor.signal.baseline.RiderBaseline.to_dict() with its ``insole``; a file written before kinds were kept
is one BASELINE (schema ``solewatch.baseline/1``) with no ``insole``, and still reads: as a normal of a kind
not known (any insole could have made it, ``--insole``), kept under ``"unknown"``. Such a normal judges an
activity of a session only where no normal of the session's kind holds that activity, and the start line
says so (:meth:`RiderNormals.unknown_used`). A session's ``baseline.json`` is one BASELINE.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from monitor.codebook import INSOLE_KINDS
from monitor.errors import UsageError, cut, quote
from monitor.session.info_fields import json_type
from monitor.session.insole_kinds import is_kind
from monitor.session.names import BASELINE_JSON
from monitor.session.rider_name import rider_name, rider_name_problem
from monitor.signal.baseline import RiderBaseline
from monitor.util.outputs import check_folder, through_links, write_json_atomic
from monitor.util.textfiles import parse_json, read_json, there


def config_dir() -> Path:
    """Solewatch's directory of the user's configuration: ``SOLEWATCH_CONFIG_DIR`` when set, else
    ``$XDG_CONFIG_HOME/solewatch``, else ``~/.config/solewatch``. An XDG_CONFIG_HOME that is not an absolute
    path is ignored, as the XDG Base Directory Specification says (a relative one would put the rider's
    normal under whichever directory a command is run from). A SOLEWATCH_CONFIG_DIR that is not an absolute
    path is a UsageError: it is Solewatch's own, set to be used, and read relative to the directory a command
    runs from it would keep a rider's normals in a different folder from each; the value is quoted cut
    (monitor.errors.quote), as a pasted paragraph can be long."""
    own = os.environ.get("SOLEWATCH_CONFIG_DIR")
    if own:
        if not os.path.isabs(own):
            raise UsageError(f"SOLEWATCH_CONFIG_DIR {quote(own)} is not an absolute path: read from the directory a "
                             "command runs from, it would keep the rider's normals and setup in a different "
                             "folder from each; set it to an absolute path")
        return Path(own)
    xdg = os.environ.get("XDG_CONFIG_HOME") or ""
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".config"
    return base / "solewatch"


def rider_baseline_path(name: str) -> Path:
    """Where rider ``name``'s baseline is kept; UsageError for a name that cannot be a file name."""
    problem = rider_name_problem(name)  # the rule of monitor.session.rider_name
    if problem:
        raise UsageError(problem)
    name = rider_name(name)
    return config_dir() / "riders" / f"{name}.json"


def check_rider_folder(name: str) -> None:
    """Before a session with rider ``name`` starts: UsageError for a name that cannot be a file name, and
    OutputError (one line naming the folder) when the folder the rider's normal is kept in cannot be
    written (read-only, permission denied, a file in its way), so that it is not found out after the ride.
    Nothing is made: the folder, if missing, is made when the normal is kept."""
    folder = rider_baseline_path(name).parent
    check_folder(folder, f"cannot keep rider {name}'s normal in {folder}")


def _read(path: Path, kind: type = RiderBaseline, example: str = "a baseline written by solewatch (--rider)"):
    """A session's baseline.json: one RiderBaseline (``kind``: the class the file holds, read by its
    ``from_dict``); a file that is none is a UsageError naming it."""
    obj, _ = read_json(path, UsageError, example=example, finite=False)  # NaN: a measure the rides never had
    try:
        return kind.from_dict(obj, where=str(path))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


#: The schema of a rider's file of normals, one per insole kind; the key of a normal of a kind not known.
RIDER_SCHEMA = "solewatch.rider/1"
#: A rider's file written before normals were kept per insole kind: one baseline (RiderBaseline's schema).
OLD_RIDER_SCHEMA = "solewatch.baseline/1"
UNKNOWN_KIND = "unknown"


@dataclass(frozen=True)
class RiderNormals:
    """A rider's kept normals: ``by_kind[kind]`` -> RiderBaseline of that insole kind (None: a kind not
    known, kept before kinds were kept)."""

    by_kind: dict[str | None, RiderBaseline] = field(default_factory=dict)

    def kinds(self) -> list[str]:
        """The insole kinds a normal is kept for (a kind not known left out), sorted."""
        return sorted(k for k in self.by_kind if k is not None)

    def for_insole(self, kind: str | None) -> RiderBaseline | None:
        """The normal a session of insole ``kind`` is judged against: that kind's, with a normal of a kind
        not known filling the activities it lacks (RiderBaseline.merged: the kind's replace it); None where
        neither is kept."""
        own, unknown = self.by_kind.get(kind), self.by_kind.get(None)
        if own is None:
            return unknown
        return own if unknown is None else RiderBaseline(unknown.merged(own).feet, kind)

    def unknown_used(self, kind: str | None) -> list[str]:
        """The activities (sorted) a session of ``kind`` is judged on by a normal of a kind not known."""
        unknown, own = self.by_kind.get(None), self.by_kind.get(kind)
        if unknown is None:
            return []
        held = set(own.activities()) if own is not None else set()
        return [a for a in unknown.activities() if a not in held]

    def kept(self, baseline: RiderBaseline) -> RiderNormals:
        """These normals with ``baseline`` merged over the one of its kind (``baseline.insole``)."""
        old = self.by_kind.get(baseline.insole) or RiderBaseline(insole=baseline.insole)
        return RiderNormals({**self.by_kind, baseline.insole: old.merged(baseline)})

    def to_dict(self) -> dict:
        return {"schema": RIDER_SCHEMA, "normals": {UNKNOWN_KIND if k is None else k: b.to_dict()
                                                    for k, b in sorted(self.by_kind.items(), key=_kind_order)}}

    @classmethod
    def from_dict(cls, obj: object, where: str) -> RiderNormals:
        """A rider's file: RIDER_SCHEMA, or one baseline (written before kinds were kept; its ``insole``
        where it holds one, else a kind not known). ValueError naming what is wrong."""
        schema = obj.get("schema") if isinstance(obj, dict) else None
        if schema == OLD_RIDER_SCHEMA:
            one = RiderBaseline.from_dict(obj, where=where)
            return cls({one.insole: one})
        if schema != RIDER_SCHEMA:
            found = _found(obj, schema)
            raise ValueError(f"{where}: not a Solewatch rider file (schema {RIDER_SCHEMA}, or an older file's "
                             f"{OLD_RIDER_SCHEMA}; found {found})")
        normals = obj.get("normals")
        unknown = [k for k in obj if k not in ("schema", "normals")]
        if unknown or not isinstance(normals, dict):
            raise ValueError(f"{where}: expected {{\"schema\": \"{RIDER_SCHEMA}\", \"normals\": {{KIND: baseline}}}}")
        out: dict[str | None, RiderBaseline] = {}
        for key, value in normals.items():
            one = RiderBaseline.from_dict(value, where=f"{where}: normals.{cut(key)}")
            kind = None if key == UNKNOWN_KIND else key
            if one.insole != kind:
                raise ValueError(f"{where}: normals.{cut(key)}: its insole is {cut(one.insole or 'not given')}, "
                                 f"not {cut(key)}")
            out[kind] = one
        return cls(out)


def _found(obj: object, schema: object) -> str:
    """What a rider's file holds instead of a rider file's schema, in JSON's words (session.json's:
    json_type): ``schema 'solewatch.rider/9'``, ``no schema``, ``a schema that is an array``, ``null``,
    ``a string``, ``a number``, ``true/false``, ``a JSON array``."""
    if isinstance(obj, list):
        return "a JSON array"
    if not isinstance(obj, dict):
        return json_type(obj)
    if schema is None:
        return "no schema"
    if isinstance(schema, str):
        return f"schema {quote(schema)}"
    return f"a schema that is {'an array' if isinstance(schema, list) else json_type(schema)}"


def _kind_order(item: tuple[str | None, RiderBaseline]) -> str:
    return "" if item[0] is None else item[0]


def load_rider_normals(name: str) -> RiderNormals | None:
    """Rider ``name``'s kept normals, or None for a rider not seen before."""
    path = rider_baseline_path(name)
    if not there(path):
        return None
    return _read(path, RiderNormals, "a rider's normal written by solewatch (--rider)")


def load_rider_baseline(name: str, insole: str | None = None) -> RiderBaseline | None:
    """Rider ``name``'s normal for sessions of insole kind ``insole`` (RiderNormals.for_insole), or None for
    a rider with none usable. ``insole`` None: the one kind kept (or the normal of a kind not known, where
    only that is kept); where several kinds are kept, a UsageError in one line naming them and asking for
    one (``insole=``), rather than one of them chosen: a normal judges sessions of its own kind only. An
    ``insole`` that is no kind (monitor.session.insole_kinds.is_kind: a misspelt ``"orhpe"``) is a UsageError
    too, not a None that would read as a rider with no normal of it."""
    if insole is not None and not is_kind(insole):
        raise UsageError(f"insole {quote(insole)} is no insole kind (one of {', '.join(INSOLE_KINDS)}, "
                         "or import:FORMAT)")
    normals = load_rider_normals(name)
    if normals is None:
        return None
    if insole is None:
        kinds = normals.kinds()
        if len(kinds) > 1:
            raise UsageError(f"rider {name} has a normal for each of {', '.join(kinds)}: say which insole kind "
                             f"(insole={kinds[0]!r}, ...)")
        insole = kinds[0] if kinds else None
    return normals.for_insole(insole)


def save_rider_baseline(name: str, baseline: RiderBaseline) -> Path:
    """Keep ``baseline`` for rider ``name`` under its insole kind (``baseline.insole``; None: a kind not
    known), merged over what was kept of that kind (activities learnt now replace the same activities of
    before, the others stay; other kinds' normals stay as they are); returns the file. A file that is a
    symbolic link (a configuration kept elsewhere, in a dotfiles folder) is written through: the file it
    names is replaced and the link stays (monitor.util.outputs.through_links, as write_whole does)."""
    path = rider_baseline_path(name)
    old = load_rider_normals(name) or RiderNormals()
    text = _readable_text(old.kept(baseline), path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(through_links(path), text)
    return path


def _readable_text(kept: RiderBaseline | RiderNormals, path: Path) -> str:
    """The JSON text ``kept`` (a session's baseline, or a rider's normals) is kept as at ``path``, once it is
    known to read back: a UsageError (what the reader would say of the file, naming ``path``) for one the
    reader would refuse (a measure outside its range), so that nothing is written that would stop every later
    session of the rider."""
    text = json.dumps(kept.to_dict(), indent=1) + "\n"
    try:
        type(kept).from_dict(parse_json(text, finite=False), where=str(path))  # as _read reads it
    except ValueError as exc:
        raise UsageError(f"{exc} (not written: it could not be read back)") from None
    return text


def session_baseline(session_dir: str | os.PathLike[str]) -> RiderBaseline | None:
    """The baseline a live session ran with (``baseline.json``), or None; as its live run judged against it
    (RiderBaseline.as_judged_live: one kept before the two stepping machines kept a normal each judged a
    declared machine session against the class's normal)."""
    from monitor.session.directory import read_info

    path = Path(session_dir) / BASELINE_JSON
    if not there(path):
        return None
    kept = _read(path)
    return kept.as_judged_live(read_info(Path(session_dir)).activity)


def write_session_baseline(session_dir: Path, baseline: RiderBaseline) -> None:
    path = Path(session_dir) / BASELINE_JSON
    write_json_atomic(path, _readable_text(baseline, path))
