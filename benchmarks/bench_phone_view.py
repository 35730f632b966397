"""The phone view's two latencies, in a real browser: how soon a page opened mid-ride draws both feet, and how
soon the banner of a ride's first event shows after its JSON event. Targets (docs/phone-view.md, "Tested"):
both feet within 2 s of the page's arrival, the banner within 1 s of the event's JSON line.

Each ride is `solewatch live --sim cleat-forward --speed 20 --web 127.0.0.1:0` as a process, its start held
until a first page is connected (tests/gated_start.py), opened in headless Chromium (Debian's package, driven
by playwright) at 360x640 with tests/test_phone_view.py's pages, which record what they showed and when:

- feet: PAGES_PER_RIDE more pages opened one after another mid-ride; from the page's arrival (the
  navigation's responseEnd, performance.now()'s clock: the page's request is the browser's own work) to
  both feet first drawn;
- banner: on the first page, from the first event's `utc` in the events file to its banner's appearance
  (Date.now()), both the wall clock of this machine. `utc` is when the line was written (docs/events-json.md),
  which is once the event's channels answered, the phone's among them (a state that tells it sent to a
  page): the banner can show before it, and a figure below 0 says it did.

The test checks the same pages by counting states, not timing them (no test depends on the host's speed,
docs/performance.md); this measures the times, in wall time, so a busy host reads longer: the 1-minute load
average before and after is printed with them. Prints JSON lines for benchmarks/run_all.py. BENCH_PHONE_RIDES
(default 5) and BENCH_PHONE_PAGES (default 3 a ride) change the repeats.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_phone_view import CHROMIUM, _epoch_ms, _Live, _open, _wait  # noqa: E402

RIDES = int(os.environ.get("BENCH_PHONE_RIDES", "5"))
PAGES_PER_RIDE = int(os.environ.get("BENCH_PHONE_PAGES", "3"))
SPEED = 20  # the ride's --speed in _Live, as the test runs it
FEET_TARGET_MS = 2000.0  # docs/phone-view.md: both feet within 2 s of a page's arrival
BANNER_TARGET_MS = 1000.0  # docs/phone-view.md: the banner within 1 s of its JSON event


def one_ride(browser, out: Path) -> tuple[list[float], float, dict]:
    """One ride: the feet latencies of its mid-ride pages (ms) and its first event's banner latency (ms)."""
    live = _Live(out)
    try:
        url = live.wait_url()
        netloc = urlsplit(url).netloc
        seen = {"requests": [], "aborted": [], "errors": []}
        page = _open(browser, url, netloc, seen)
        _wait(page, "window.__seen.open_at !== null", 30)
        live.open_gate()
        _wait(page, "window.__seen.feet_ms !== null", 30)
        feet = []
        for _ in range(PAGES_PER_RIDE):
            other = _open(browser, url, netloc, seen)
            _wait(other, "window.__seen.feet_ms !== null", 30)
            feet_ms, arrived_ms = other.evaluate(
                "[window.__seen.feet_ms, performance.getEntriesByType('navigation')[0].responseEnd]")
            feet.append(feet_ms - arrived_ms)
            other.close()
        _wait(page, "window.__seen.banners.length > 0", 120)
        banners = page.evaluate("window.__seen.banners")
        page.close()
        live.end()
        code = live.wait()
        if code != 0:
            raise SystemExit(f"bench_phone_view: the ride ended with exit code {code}:\n{''.join(live.lines)}")
        events = [json.loads(line) for line in live.events.read_text().splitlines()]
        first = next(e for e in events if e["kind"] != "rider_mark")
        shown = [b for b in banners if b["kind"] == first["kind"] and abs(float(b["t"]) - first["t_s"]) < 1e-6]
        if not shown:
            raise SystemExit(f"bench_phone_view: the first event's banner never showed: {first}, {banners}")
        return feet, shown[0]["at"] - _epoch_ms(first["utc"]), first
    finally:
        if live.proc.poll() is None:
            live.proc.kill()


def commit() -> str:
    """The repository's commit measured (its short hash, "+changes" when monitor/ differs from it)."""
    root = Path(__file__).resolve().parents[1]
    git = ["git", "-C", str(root)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    changed = subprocess.run([*git, "status", "--porcelain", "--", "monitor"], capture_output=True, text=True)
    return (head or "unknown") + ("+changes" if changed.stdout.strip() else "")


def row(name: str, samples: list[float], target_ms: float, rides: int, load: tuple[float, float]) -> dict:
    median, worst = statistics.median(samples), max(samples)
    return {
        "name": name,
        "headline": f"median {median:.0f} ms, worst {worst:.0f} ms (target {target_ms:.0f} ms; "
                    f"{len(samples)} samples, load {load[1]:.1f})",
        "median_ms": round(median, 1), "worst_ms": round(worst, 1), "target_ms": target_ms,
        "met_target": worst <= target_ms, "samples": len(samples), "rides": rides, "speed": SPEED,
        "samples_ms": [round(x, 1) for x in samples], "commit": commit(),
        "load_average_1min_start": round(load[0], 1), "load_average_1min": round(load[1], 1),
    }


def main() -> None:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"bench_phone_view: headless Chromium is needed at {CHROMIUM} (apt-get install chromium)")
    load_start = os.getloadavg()[0]
    feet: list[float] = []
    banner: list[float] = []
    kinds: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            for k in range(RIDES):
                with tempfile.TemporaryDirectory() as tmp:
                    ride_feet, ride_banner, first = one_ride(browser, Path(tmp))
                feet += ride_feet
                banner.append(ride_banner)
                kinds.append(f"{first['kind']} {first.get('level')}")
                print(f"ride {k + 1}/{RIDES}: feet {[round(x) for x in ride_feet]} ms, banner "
                      f"{ride_banner:.0f} ms ({kinds[-1]})", file=sys.stderr)
        finally:
            browser.close()
    load = (load_start, os.getloadavg()[0])
    b = row(f"phone view: the banner of a ride's first event after its JSON line (live --sim at {SPEED}x, "
            "headless Chromium)", banner, BANNER_TARGET_MS, RIDES, load)
    b["first_events"] = sorted(set(kinds))
    print(json.dumps(b), flush=True)
    print(json.dumps(row(f"phone view: both feet drawn after a page's arrival mid-ride (live --sim at {SPEED}x, "
                         "headless Chromium)", feet, FEET_TARGET_MS, RIDES, load)), flush=True)


if __name__ == "__main__":
    main()
