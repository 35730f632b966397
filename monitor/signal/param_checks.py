"""Checking parameter overrides: unknown names with close matches, types, ranges, and the line of a JSON
name in the text it came from. Pure: reading a params file is monitor.session.param_files."""

from __future__ import annotations

import difflib
import json
import math
import numbers
import re
import sys
from dataclasses import fields, replace
from typing import Any

from monitor.errors import UsageError, cut, quote, quote_json
from monitor.signal.params import EXAMPLE, Params
from monitor.util.beyond_float import WholeBeyondFloat


def override_params(params: Params, data: dict[str, Any], *, where: str = "params",
                    source_text: str | None = None, check_ranges: bool = False, check_order: bool = True) -> Params:
    """A copy with the sections and fields in ``data`` replaced.

    An unknown section or parameter (the message names the closest known ones), a value of the wrong
    type (a number that is not finite, a fraction where a whole number goes) raises UsageError naming
    ``where``. A dict-valued parameter is replaced whole, so it must give every key of the default.
    With ``check_ranges`` (a params file, monitor.session.param_files.load_params; parameters by name or a
    params dict from Python, monitor.analysis.param_overrides), a value outside
    :func:`value_range` or a ``min_...`` not below its ``max_...`` is an error too, and, with ``check_order``,
    a pair of :data:`_ORDERED` out of its order (not held against a session's own params.json, which an
    earlier version may have recorded with: monitor.session.directory.session_params). ``source_text``, the
    JSON text ``data`` was read from, lets the message name the line.
    """
    locate = _Locator(where, source_text)
    if not isinstance(data, dict):
        raise UsageError(f"{where}: expected a JSON object of sections, e.g. {EXAMPLE}")
    sections = {f.name: getattr(params, f.name) for f in fields(params)}
    new = {}
    for name, values in data.items():
        if name not in sections:
            raise locate.error((name,), f"unknown section {quote(name)}{_section_hint(name, values, sections)}")
        if not isinstance(values, dict):
            raise locate.error((name,), f"section {name!r} must be an object of parameters, e.g. "
                                        f'{{"{name}": {{"{fields(sections[name])[0].name}": ...}}}}')
        section = sections[name]
        known = [f.name for f in fields(section)]
        checked = {}
        for key, value in values.items():
            if key not in known:
                raise locate.error((name, key), f"unknown parameter {name}.{cut(key)}"
                                                f"{_parameter_hint(key, name, sections)}")
            checked[key] = _checked(f"{name}.{key}", key, getattr(section, key), value, locate, (name, key),
                                    check_ranges)
        new[name] = replace(section, **checked)
        if check_ranges:
            _check_min_max(name, new[name], locate)
            _check_step_within_window(name, new[name], locate)
            if check_order:
                _check_ordered(name, new[name], locate)
    out = replace(params, **new)
    if check_ranges:
        _check_settle_covers_cycles(out, locate)
    return out


# ---------------------------------------------------------------------------- checking overrides

#: Parameters that are shares of a whole (0 .. 1) besides those named ``*_fraction``, ``*_quantile`` and
#: ``*_share``.
_UNIT_INTERVAL = {"forefoot_share_high", "cop_forward_y", "elliptical_min_heel_time", "min_periodicity"}
#: The longest duration a parameter may give (s): a day, longer than any session Solewatch is meant for
#: (guess); it bounds what a duration can cost (buffers and windows grow with it).
DAY_S = 86_400.0
#: Parameters with a range of their own: the mediolateral index runs from -1 (all MTH1) to +1 (all MTH4-5);
#: the others bound what a value costs, each with its reason:
#: - ``order``: the causal low-pass is a Butterworth filter; above order 8 its design loses precision
#:   and a huge order overflows (guess: the default is 2);
#: - ``lowpass_hz``: at least 0.5 Hz: a lower cut-off smooths away cycles of up to 3 s (cycles.max_stride_s),
#:   and near 0 the filter's design is singular (guess; found by tests/test_fuzz_files.py);
#: - ``tare_window_s``: an explicit tare averages the latest data; a minute is more than a still foot
#:   needs (guess: the default is 0.5 s), and 1e12 s asked for petabytes;
#: - ``step_s`` (activity and features windows): one window per step, so a step of 1e-9 s asked for
#:   1e9 windows per second of data; a step under 1 s adds cost, not information, to windows of 20 and
#:   60 s (guess).
_RANGES = {"ml_index_high": (-1.0, 1.0), "order": (1, 8), "lowpass_hz": (0.5, math.inf), "tare_window_s": (0.0, 60.0),
           "step_s": (1.0, DAY_S)}
#: The largest whole-number parameter (windows to confirm or clear, peaks remembered): a million, more
#: than a day holds of any of them (guess); 2**63 asked for more than a C size (found by
#: tests/test_fuzz_files.py).
MAX_COUNT = 1_000_000
#: Parameters whose range excludes its lower end.
_OPEN_BELOW = {"tare_window_s"}
#: Parameters a rule divides by, above 0 whatever their name: the normal focal ratios (each activity's and
#: region's; monitor.signal.detector_rules.focal_tier scores a region by its ratio over its normal one) and
#: the extreme tier's, normals of the same ratio (a normal of 0 would make every ratio extreme).
_DIVISORS = {"focal_norm", "focal_extreme_norm"}


def value_range(name: str, default: Any) -> tuple[float, float, bool]:
    """``(low, high, low_open)``: the values parameter ``name`` (its default ``default``) may take.

    Whole-number parameters are 1 .. MAX_COUNT; shares 0 .. 1; durations (``_s``), rates (``_hz``, ``_rpm``) and
    ratios above 0 (0 where the default is 0), durations at most :data:`DAY_S`; divisors (:data:`_DIVISORS`,
    each value of a dict of them) above 0; forces and pressures
    (``_n``, ``_kpa``) >= 0. A few have a range of their own (``_RANGES``).
    """
    if name in _RANGES:
        lo, hi = _RANGES[name]
        return lo, hi, name in _OPEN_BELOW
    if isinstance(default, int) and not isinstance(default, bool):
        return 1.0, MAX_COUNT, False
    if name in _UNIT_INTERVAL or name.endswith(("_fraction", "_quantile", "_share")):
        return 0.0, 1.0, False
    high = DAY_S if name.endswith("_s") else math.inf
    if name in _DIVISORS:
        return 0.0, high, True
    if default != 0 and (name.endswith(("_s", "_hz", "_rpm")) or "ratio" in name):
        return 0.0, high, True
    return 0.0, high, False


def _checked(dotted: str, name: str, default: Any, value: Any, locate: _Locator, at: tuple[str, ...],
             check_ranges: bool) -> Any:
    """``value`` for a parameter whose default is ``default``, checked (ints made int)."""
    if isinstance(default, dict):
        if not isinstance(value, dict):
            raise locate.error(at, f"{dotted} must be an object with the keys {', '.join(map(str, default))}")
        unknown = [k for k in value if k not in default]
        if unknown:
            k = unknown[0]
            raise locate.error((*at, k), f"{dotted}: unknown key {quote(k)}{_close(k, list(default))} (its keys: "
                                         f"{', '.join(map(str, default))})")
        missing = [k for k in default if k not in value]
        if missing:
            raise locate.error(at, f"{dotted} lacks {', '.join(map(str, missing))} (a params file replaces the "
                                   "whole object: give every key)")
        return {k: _checked(f"{dotted}.{k}", name, default[k], v, locate, (*at, k), check_ranges)
                for k, v in value.items()}
    if isinstance(default, bool) or not isinstance(default, (int, float)):
        return value
    number = real_number(value)
    if number is None:
        raise locate.error(at, f"{dotted} must be a number, not {shown_value(value)}")
    value = number
    if not is_finite(value):
        raise locate.error(at, f"{dotted} must be a finite number, not {shown_value(value)}")
    if isinstance(default, int):
        if not float(value).is_integer():
            raise locate.error(at, f"{dotted} must be a whole number, not {value!r}")
        value = int(value)
    if not check_ranges:
        return value
    lo, hi, lo_open = value_range(name, default)
    if value < lo or value > hi or (lo_open and value == lo):
        if hi == math.inf:
            rule = f"above {lo:g}" if lo_open else f"at least {lo:g}"
        else:
            rule = f"above {lo:g} and at most {hi:g}" if lo_open else f"from {lo:g} to {hi:g}"
        raise locate.error(at, f"{dotted} is {value!r}; it must be {rule} (default {default!r})")
    return value


def real_number(value: Any) -> int | float | None:
    """``value`` as a Python int or float when it is a real number: an int, a float, a numpy integer or
    floating (``np.int64(3)``, ``np.float32(400)``) or any other ``numbers.Real`` (an Integral as an int);
    None for anything else, True and False included (no count or duration)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    if isinstance(value, WholeBeyondFloat):  # a file's whole number beyond 1.8e308: said as one
        return value
    return int(value) if isinstance(value, numbers.Integral) else float(value)


def is_finite(value: int | float) -> bool:
    """Whether a number is finite as a float64 holds it: not NaN or infinite, and a whole number no larger
    than float64's largest (about 1.8e308), as a JSON file's whole numbers are read
    (monitor.util.textfiles.parse_json)."""
    return math.isfinite(value) if isinstance(value, float) else abs(value) <= sys.float_info.max


def shown_value(value: Any) -> str:
    """A value as a one-line message quotes it: its JSON (``nan`` for NaN, as Python writes it), its repr
    when it has no JSON, cut to monitor.errors.QUOTE_CHARS characters and ``...`` (a string inside its
    quotes: monitor.errors.quote_json); a whole number beyond a float's range is described, not
    written out (Python refuses to write one of over 4300 digits)."""
    if isinstance(value, WholeBeyondFloat) or (isinstance(value, int) and not isinstance(value, bool)
                                               and abs(value) > sys.float_info.max):
        # float64's largest, sys.float_info.max; as a file's is read
        return "a whole number below -1.8e308" if value < 0 else "a whole number beyond 1.8e308"
    if isinstance(value, float):
        return str(value)
    return quote_json(value)


def _check_min_max(section_name: str, section: Any, locate: _Locator) -> None:
    """``min_X`` below ``max_X`` for each such pair of a section."""
    names = {f.name for f in fields(section)}
    for name in sorted(names):
        if name.startswith("min_") and "max_" + name[4:] in names:
            lo, hi = getattr(section, name), getattr(section, "max_" + name[4:])
            if not lo < hi:
                raise locate.error((section_name, name), f"{section_name}.{name} ({lo!r}) must be below "
                                                         f"{section_name}.max_{name[4:]} ({hi!r})")


#: Pairs ``(lower, upper)`` of a section where the docs define ``lower`` as at most ``upper``: relief's
#: hysteresis (unloaded below relief_enter_kpa, loaded again above relief_exit_kpa; docs/detection.md), and a
#: pattern's population cut-off below its extreme tier (docs/detection.md, the tiers' table). A lower one
#: given per activity (forefoot_share_high) is held to the upper one in each of its activities.
_ORDERED = {"features": (("relief_enter_kpa", "relief_exit_kpa"),),
            "detector": (("focal_ratio", "focal_extreme"), ("ml_index_high", "ml_index_extreme"),
                         ("forefoot_share_high", "forefoot_share_extreme"))}


def _check_ordered(section_name: str, section: Any, locate: _Locator) -> None:
    """Each pair of :data:`_ORDERED` of the section in its order (equal is allowed; a lower one that is a
    dict, in each of its keys); the error is at the one of the pair the source gives (the upper one when it
    gives both or neither)."""
    for lower, upper in _ORDERED.get(section_name, ()):
        lows, hi = getattr(section, lower), getattr(section, upper)
        for key, lo in (lows.items() if isinstance(lows, dict) else [(None, lows)]):
            if lo <= hi:
                continue
            at_lower = (section_name, lower) if key is None else (section_name, lower, key)
            at = at_lower if locate.line((section_name, upper)) is None and locate.line(
                at_lower) is not None else (section_name, upper)
            raise locate.error(at, f"{'.'.join(at_lower)} ({lo!r}) must not exceed {section_name}.{upper} "
                                   f"({hi!r})")


def _check_step_within_window(section_name: str, section: Any, locate: _Locator) -> None:
    """``step_s`` at most ``window_s`` in a section that has both (windows that leave data out between
    them are not what the pipeline computes: monitor.signal.features, monitor.signal.activity)."""
    step, window = getattr(section, "step_s", None), getattr(section, "window_s", None)
    if step is not None and window is not None and not step <= window:
        name = "step_s" if locate.line((section_name, "step_s")) is not None else "window_s"
        raise locate.error((section_name, name), f"{section_name}.step_s ({step!r}) must be at most "
                                                 f"{section_name}.window_s ({window!r})")


def cycle_report_delay_s(cycles: Any) -> float:
    """The longest time (s) after its end at which a cycle detector reports a cycle, for CycleParams
    ``cycles``: a stroke once the longest stroke has gone by after its closing minimum without a next peak,
    plus the candidate window (monitor.signal.strokes); a stride once the stance at its end is a step, released
    within ``max_stride_s`` and ``min_swing_s`` before (monitor.signal.cycles)."""
    stroke_s = 60.0 / cycles.min_cadence_rpm + cycles.stroke_lookahead_fraction * 60.0 / cycles.max_cadence_rpm
    return max(stroke_s, cycles.max_stride_s + cycles.min_swing_s)


def _check_settle_covers_cycles(params: Params, locate: _Locator) -> None:
    """``features.settle_s`` longer than the cycle detectors' reporting delay: a window final before a
    cycle inside it is reported would leave it out, and streaming would no longer equal batch."""
    settle, delay = params.features.settle_s, cycle_report_delay_s(params.cycles)
    if not settle > delay:
        where = (("features", "settle_s") if locate.line(("features", "settle_s")) is not None
                 else ("cycles", "min_cadence_rpm"))
        raise locate.error(where, f"features.settle_s ({settle!r}) must be longer than the {delay:.3g} s after "
                                  f"which a cycle is reported (a stroke: 60 / cycles.min_cadence_rpm plus the "
                                  f"stroke window; a stride: cycles.max_stride_s plus cycles.min_swing_s)")


def _close(word: str, candidates: list[str]) -> str:
    matches = difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(matches)}?)" if matches else ""


#: The longest JSON text of a value the hint for a parameter given as a section repeats (a guess: a number or
#: a short list reads whole, a table of limits is written ``...``), so the message stays one line.
_HINT_VALUE_CHARS = 40


def _section_hint(name: str, value: Any, sections: dict[str, Any]) -> str:
    """For an unknown section ``name``: the sections that have a parameter of that name, with the shape it is
    given in (``{"detector": {"warn_after_s": 30}}``), else the closest sections' names and every section's."""
    owners = [s for s, sec in sections.items() if name in {f.name for f in fields(sec)}]
    if not owners:
        return f"{_close(name, list(sections))} (known: {', '.join(sections)})"
    try:
        shown = json.dumps(value, allow_nan=True)
    except (TypeError, ValueError, RecursionError):
        shown = "..."
    shown = shown if len(shown) <= _HINT_VALUE_CHARS else "..."
    shapes = " or ".join(f'{{"{s}": {{"{name}": {shown}}}}}' for s in owners)
    return f" (it is a key of {' and '.join(repr(s) for s in owners)}: {shapes})"


def _parameter_hint(key: str, section: str, sections: dict[str, Any]) -> str:
    """The sections that have this name, or close names in the section, or close names anywhere."""
    elsewhere = [s for s, sec in sections.items() if key in {f.name for f in fields(sec)}]
    if elsewhere:
        return f" (it is in section {' and '.join(elsewhere)}: {', '.join(f'{s}.{key}' for s in elsewhere)})"
    own = [f.name for f in fields(sections[section])]
    hint = _close(key, own)
    if hint:
        return hint.replace("did you mean ", f"did you mean {section}.").replace(" or ", f" or {section}.")
    dotted = [f"{s}.{f.name}" for s, sec in sections.items() for f in fields(sec)]
    matches = difflib.get_close_matches(f"{section}.{key}", dotted, n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(matches)}?)" if matches else ""


class _Locator:
    """Names the line of a JSON name in the text it was read from, for messages."""

    def __init__(self, where: str, text: str | None) -> None:
        self.where = where
        self.text = text

    def line(self, at: tuple[str, ...]) -> int | None:
        """The line of the last name of ``at``, found after each name before it; None if not found."""
        if not self.text:
            return None
        pos = 0
        for name in at:
            m = re.compile(r'"' + re.escape(str(name)) + r'"\s*:').search(self.text, pos)
            if m is None:
                return None
            pos = m.start()
        return self.text.count("\n", 0, pos) + 1

    def error(self, at: tuple[str, ...], message: str) -> UsageError:
        line = self.line(at)
        return UsageError(f"{self.where}: {'' if line is None else f'line {line}: '}{message}")
