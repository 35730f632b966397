"""What the radio libraries log stays off the person's terminal unless ``--verbose`` asks for it.

bumble (the simulated radio), bleak and firmware_sim log through ``logging`` under their own names. A
process that configures no logging prints every WARNING of theirs on stderr (``logging.lastResort``): when
the simulated insoles' process dies under a monitor, bumble's "!!! Command ... timed out" for each command
the vanished controller leaves unanswered. Solewatch says what happened itself, in its own lines ("left
insole disconnected; reconnecting"); the libraries' records are for diagnosis.

bumble also calls ``logging.debug`` on the root logger itself (``gatt_server``: "not found ..." whenever a
client's discovery reaches past the last attribute, in every simulated session). A root logger without a
handler then gets ``logging.basicConfig``'s, and every other library's warning would print as
``WARNING:name:message`` for the rest of the process. While a command runs the root logger therefore has
a handler of its own that prints as ``logging.lastResort`` does (the message alone, WARNING and above, on
stderr), so nothing changes for the records of other libraries.

One idea: where the radio libraries' log records go while a command runs.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator

#: The loggers of the libraries under the link (each library logs under its package's name).
RADIO_LOGGERS = ("bumble", "bleak", "firmware_sim")
#: The lowest level ``--verbose`` shows: bumble's DEBUG records describe every HCI packet.
VERBOSE_LEVEL = logging.INFO


@contextlib.contextmanager
def radio_logs(verbose: bool = False) -> Iterator[None]:
    """While the block runs, the radio libraries' log records go nowhere, or with ``verbose`` to stderr
    (INFO and above, each with its logger's name). Their loggers are as before afterwards."""
    handler: logging.Handler
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(name)s: %(levelname)s: %(message)s"))
    else:
        handler = logging.NullHandler()
    root = logging.getLogger()
    stand_in = None
    if not root.handlers:  # as lastResort would print: a root logger with none is basicConfig'd by bumble
        stand_in = logging.StreamHandler(sys.stderr)
        stand_in.setLevel(logging.WARNING)
        root.addHandler(stand_in)
    saved = []
    for name in RADIO_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level, logger.propagate))
        logger.addHandler(handler)
        logger.propagate = False  # not to the root logger's handlers, nor to logging.lastResort
        if verbose:
            logger.setLevel(VERBOSE_LEVEL)
    try:
        yield
    finally:
        if stand_in is not None:
            root.removeHandler(stand_in)
        for logger, level, propagate in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate
