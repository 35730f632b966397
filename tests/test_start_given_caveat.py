"""A start the layout JSON gives is not said to be left empty.

A CSV export of a PhysioNet import re-imported with ``"start_utc"`` added to its layout JSON kept the caveat
"the file carries no start time; start_utc is left empty" (while the report's header showed the time); a
Moticon export's "... of an unknown time zone; start_utc is left empty" likewise.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_importers import PHYSIONET

import monitor
from monitor.session import found_caveats

ROOT = Path(__file__).resolve().parents[1]
START = "2024-05-01T09:30:00.000Z"


def _reimported(source: Path, out: Path, start_utc: str | None):
    """The session imported back from the CSV export of ``source``, its layout JSON given ``start_utc``."""
    csv = monitor.export_frames(source, out / "frames.csv")
    layout_path = out / "frames.layout.json"
    layout = json.loads(layout_path.read_text(encoding="utf-8"))
    if start_utc is not None:
        layout["start_utc"] = start_utc
    layout_path.write_text(json.dumps(layout), encoding="utf-8")
    return monitor.import_session("csv", csv, out / "back", layout=layout_path)


def _start_caveats(session) -> list[str]:
    return [c for c in session.info.imported_from["caveats"] if "start_utc" in c]


@pytest.fixture(scope="module")
def physionet_session(tmp_path_factory):
    return monitor.import_session("physionet", PHYSIONET, tmp_path_factory.mktemp("p") / "GaCo01").path


def test_a_physionet_export_given_a_start_says_where_it_came_from(physionet_session, tmp_path):
    back = _reimported(physionet_session, tmp_path, START)
    assert back.info.start_utc == START
    assert _start_caveats(back) == ["the file carries no start time; start_utc is taken from the layout JSON"]


def test_a_moticon_export_given_a_start_no_longer_says_it_is_empty(tmp_path):
    first = monitor.load_session(ROOT / "sessions" / "samples" / "moticon-walk")
    (was,) = _start_caveats(first)
    assert was.endswith("of an unknown time zone; start_utc is left empty"), was
    back = _reimported(first.path, tmp_path / "given", START)
    assert _start_caveats(back) == [was.replace("start_utc is left empty", "start_utc is taken from the layout JSON")]
    again = _reimported(back.path, tmp_path / "taken-out", "")  # the start taken out of the layout again
    assert _start_caveats(again) == [was]


def test_without_a_start_the_caveat_stays():
    said = ["the file carries no start time; start_utc is left empty", "an assumed area"]
    assert found_caveats.with_start(said, "") == said
    assert found_caveats.with_start(said, START) == [
        "the file carries no start time; start_utc is taken from the layout JSON", "an assumed area"]
