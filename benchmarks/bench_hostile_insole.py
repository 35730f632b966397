"""The assembler's peak memory under 10^6 random notifications of a hostile insole pair (seeded).

A memory bound, not a speed: the figure does not depend on the host. tests/test_link_hostile.py runs the
same stream, 3 x 10^4 notifications long, in the suite; the promise (docs/reliability.md) is under 20 MB.
Prints one JSON line.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_link_hostile import assembler_peak_bytes  # noqa: E402

N = 1_000_000


def main() -> None:
    t0 = time.monotonic()
    peak, asm = assembler_peak_bytes(N, seed=11)
    print(json.dumps({"name": f"assembler memory under {N:,} random notifications (a hostile insole pair)",
                      "headline": f"peak {peak / 1e6:.2f} MB (target: under 20 MB)", "notifications": N,
                      "peak_mb": round(peak / 1e6, 2), "gaps": len(asm.gaps()),
                      "seconds": round(time.monotonic() - t0, 1)}))


if __name__ == "__main__":
    main()
