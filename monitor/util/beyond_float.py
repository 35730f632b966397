"""A JSON whole number beyond float64's range as a reader that takes numbers that are not finite keeps it
(monitor.util.textfiles.parse_json without ``finite``): infinite as a float, so that every check of a
finite number refuses it, and known to be a whole number, so that the message says what was written
("a whole number beyond 1.8e308", monitor.signal.param_checks.shown_value), as the Python API says it of
such an int, not "inf" as of ``1e400``."""

from __future__ import annotations


class WholeBeyondFloat(float):
    """inf or -inf standing for a whole number written in full beyond float64's largest (about 1.8e308,
    sys.float_info.max)."""

    __slots__ = ()
