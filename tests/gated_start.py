"""``solewatch ARGV`` whose session starts only once a file exists: ``python tests/gated_start.py GATE live
--sim ... --web ...``. Everything before the session's start runs as usual (the insoles found and connected,
the phone view served and its URL said); then the link's start (monitor.link.ble.PairLink.start, where the
session's time and a simulated ride's clock begin) waits until the file GATE exists.

A test that must be ready for the ride before it begins (a browser page connected before the ride's first
event) makes GATE once it is, whatever the host's speed: without the gate, the ride's first event came a
fixed few host seconds after the URL, and a host slow to open the page saw it come first.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

#: How often the start looks for the gate (host seconds): a poll, not a timing (the ride waits for it).
POLL_S = 0.02


def main(argv: list[str]) -> int:
    """``solewatch argv[1:]`` with the link's start held until the file ``argv[0]`` exists."""
    from monitor.cli import main as cli
    from monitor.link import ble

    gate = Path(argv[0])
    start = ble.PairLink.start

    async def gated(self, *args, **kwargs):
        while not gate.exists():
            await asyncio.sleep(POLL_S)
        return await start(self, *args, **kwargs)

    ble.PairLink.start = gated
    return cli.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
