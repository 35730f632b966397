"""Detection parameters by name: ``warn_after_s=240`` or ``"detector.warn_after_s": 240`` -> a Params.

Params (monitor.signal.params) is a dataclass of sections (``filter``, ``tare``, ``cycles``, ``activity``,
``features``, ``detector``, ``alerts``), each a dataclass of named defaults. A ``--params FILE`` JSON names
the section and the field; here a researcher may also give the field's name alone when only one section
has it (``warn_after_s``), or a whole section as a dict (``detector={"warn_after_s": 240}``). Three names
are in two sections and need theirs: ``window_s``, ``step_s`` (activity, features) and
``min_valid_fraction`` (activity, detector).

A dict-valued parameter (``forefoot_share_high``, ``focal_norm``, ...) given as a dict updates only the
keys it names: ``forefoot_share_high={"cycling": 0.80}`` leaves the other activities' limits alone. (A
``--params`` file replaces the whole dict; see docs/api.md.)

Unknown names, and unknown keys inside a dict-valued parameter, are UsageErrors that name the closest
known ones. Values are range-checked as a ``--params`` file's are (monitor.signal.param_checks.value_range
and its cross-checks: ``min_`` below ``max_``, ``step_s`` within ``window_s``, ``settle_s`` past the cycle
delay): a value a file would refuse is a UsageError with the same text. A ``Params`` given whole is taken as
it is: tools and tests build one with ``dataclasses.replace`` or ``Params.override``. Pure: no I/O.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from monitor.errors import UsageError, quote_value
from monitor.signal.param_checks import is_finite, real_number, shown_value
from monitor.signal.params import DEFAULT_PARAMS, Params
from monitor.util.arguments import kind_of


def sections(params: Params = DEFAULT_PARAMS) -> dict[str, Any]:
    """``{section name: section dataclass}`` in declaration order."""
    return {f.name: getattr(params, f.name) for f in fields(params)}


def parameter_names(params: Params = DEFAULT_PARAMS) -> list[str]:
    """Every parameter as ``"section.name"``, in declaration order."""
    return [f"{s}.{f.name}" for s, sec in sections(params).items() for f in fields(sec)]


def _flat_index(params: Params) -> dict[str, list[str]]:
    """``{field name: [sections that have it]}``."""
    out: dict[str, list[str]] = {}
    for s, sec in sections(params).items():
        for f in fields(sec):
            out.setdefault(f.name, []).append(s)
    return out


def _close(word: str, candidates: list[str]) -> list[str]:
    return difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)


def _unknown(key: str, params: Params) -> UsageError:
    dotted = parameter_names(params)
    flat = _flat_index(params)
    if "." in key:
        matches = _close(key, dotted)
        if not matches:
            matches = [f"{s}.{n}" for n in _close(key.rsplit(".", 1)[-1], list(flat)) for s in flat[n]]
    else:
        matches = [f"{s}.{n}" for n in _close(key, list(flat)) for s in flat[n]]
        matches += [s for s in _close(key, list(sections(params))) if s not in matches]
    hint = f"; close matches: {', '.join(matches)}" if matches else \
        " (monitor.parameter_table() lists them all)"
    return UsageError(f"unknown parameter {key!r}{hint}")


def _merged(name: str, default: Any, value: Any) -> Any:
    """``value`` checked against ``default``'s shape; a dict updates ``default``'s keys, recursively."""
    if isinstance(default, dict):
        if not isinstance(value, Mapping):
            raise UsageError(f"parameter {name} must be a dict (its keys: {', '.join(map(str, default))})")
        out = dict(default)
        for k, v in value.items():
            if k not in default:
                matches = _close(str(k), [str(d) for d in default])
                hint = f"; close matches: {', '.join(matches)}" if matches else \
                    f" (its keys: {', '.join(map(str, default))})"
                raise UsageError(f"unknown key {k!r} in parameter {name}{hint}")
            out[k] = _merged(f"{name}[{k!r}]", default[k], v)
        return out
    if real_number(default) is not None:
        number = real_number(value)
        if number is None:
            raise UsageError(f"parameter {name} must be a number, not {shown_value(value)}")
        value = number
        if not is_finite(value):
            raise UsageError(f"parameter {name} must be a finite number, not {shown_value(value)}")
        if isinstance(default, int) and not isinstance(value, int):
            if not float(value).is_integer():
                raise UsageError(f"parameter {name} must be a whole number, not {value!r}")
            value = int(value)
    return value


def activity_word_words(word: str) -> str:
    """What ``activity=WORD`` among the parameters is told, one line: the way to declare the activity,
    ``declared_activity=`` of monitor.analyze, with the word as the vocabulary spells it (in any case,
    monitor.signal.activity_words.spelt_activity; one it names none of: the first it may have meant), since
    ``activity`` there is the section of the activity recogniser's parameters, a dict (docs/api.md)."""
    from monitor.signal.activity_words import DECLARED_ACTIVITY, meant_activities, spelt_activity

    spelt = spelt_activity(word)
    meant = meant_activities(spelt, sorted(DECLARED_ACTIVITY))
    said = spelt if spelt in DECLARED_ACTIVITY or spelt == "unknown" or not meant else meant[0]
    return (f"activity={quote_value(word)}: to declare what the session is, give monitor.analyze "
            f"declared_activity={quote_value(said)} "
            "(activity= is the section of the activity recogniser's parameters, a dict, e.g. "
            "activity={'window_s': 30})")


def nested_overrides(overrides: Mapping[str, Any], params: Params = DEFAULT_PARAMS) -> dict[str, dict[str, Any]]:
    """``{"warn_after_s": 240, "features.window_s": 30, "alerts": {"quiet_s": 60}}`` ->
    ``{"detector": {"warn_after_s": 240}, "features": {"window_s": 30}, "alerts": {"quiet_s": 60}}``.

    Raises UsageError for an unknown name, a name in two sections, or a name given twice.
    """
    secs = sections(params)
    flat = _flat_index(params)
    out: dict[str, dict[str, Any]] = {}
    given: dict[str, str] = {}  # "section.name" -> the key that set it

    def put(section: str, name: str, value: Any, key: str) -> None:
        dotted = f"{section}.{name}"
        if dotted in given:
            raise UsageError(f"parameter {dotted} given twice ({given[dotted]!r} and {key!r})")
        given[dotted] = key
        out.setdefault(section, {})[name] = value

    for key, value in overrides.items():
        if not isinstance(key, str):
            raise UsageError(f"parameter names are strings, not {key!r}")
        if key in secs:
            if key == "activity" and isinstance(value, str):  # the word of import_session and --activity
                raise UsageError(activity_word_words(value))
            if not isinstance(value, Mapping):
                raise UsageError(f"section {key!r} takes a dict of its parameters, not {value!r}")
            known = {f.name for f in fields(secs[key])}
            for name, v in value.items():
                if name not in known:
                    raise _unknown(f"{key}.{name}", params)
                put(key, name, v, f"{key}={{{name!r}: ...}}")
        elif "." in key:
            section, _, name = key.partition(".")
            if section not in secs or name not in {f.name for f in fields(secs[section])}:
                raise _unknown(key, params)
            put(section, name, value, key)
        elif key in flat:
            if len(flat[key]) > 1:
                options = ", ".join(f"{s}.{key}" for s in flat[key])
                raise UsageError(f"parameter {key!r} is in several sections ({options}); name one, e.g. "
                                 f"**{{{flat[key][-1] + '.' + key!r}: ...}}")
            put(flat[key][0], key, value, key)
        else:
            raise _unknown(key, params)
    return out


def with_overrides(base: Params, overrides: Mapping[str, Any]) -> Params:
    """``base`` with the named parameters replaced (see :func:`nested_overrides` for the names), each in the
    range a ``--params`` file allows (UsageError otherwise, naming the parameter and its range)."""
    nested = nested_overrides(overrides, base)
    secs = sections(base)
    checked = {s: {n: _merged(f"{s}.{n}", getattr(secs[s], n), v) for n, v in values.items()}
               for s, values in nested.items()}
    return base.override(checked, where="parameters", check_ranges=True) if checked else base


def resolve_params(params: Any = None, overrides: Mapping[str, Any] | None = None) -> Params:
    """The Params an analysis runs with.

    Parameters
    ----------
    params : None, Params or dict
        None: the defaults (DEFAULT_PARAMS). A Params: itself. A dict: a ``--params`` file's content
        (``{"detector": {"warn_after_s": 240}}``, applied and range-checked as the CLI applies a file). A
        file's path is read by
        ``monitor.make_params`` (reading files is not this module's: analysis does no I/O).
    overrides : dict
        Parameters by name on top of ``params`` (see :func:`nested_overrides`).
    """
    if params is None:
        base = DEFAULT_PARAMS
    elif isinstance(params, Params):
        base = params
    elif isinstance(params, Mapping):
        base = DEFAULT_PARAMS.override(dict(params), where="params", check_ranges=True)
    else:
        raise UsageError(f"params must be None, a Params, a dict or a JSON file path, not {kind_of(params)}")
    return with_overrides(base, overrides or {})
