"""The live views say the link in the words of the insoles' transport (monitor.link.transport_words): the
Moticon app's UDP stream has datagrams, lost on the network, and a foot whose data came back in the stream,
never packets, a radio or a link that reconnects; a BLE insole's view keeps its packets and reconnects.

The claims, each a test that fails if it is wrong:

- the terminal view's foot lines, at 80 and 60 columns, say ``dgram/s`` and ``back N`` for the stream, not
  ``pkt/s`` and ``reconnects``/``recon``; a BLE insole's say ``pkt/s`` and ``reconnects``;
- the key printed above the view says datagrams lost on the network and data back in the stream for it;
- the phone view's line of a foot's link says "stream: no data" while its data are away from the stream
  (not DOWN while reconnecting), with the datagrams lost on the network; the page draws that line;
- the live session's snapshots carry the words of its insoles' layouts;
- README.md "Reading the live view" and docs/devices.md say the stream's words the view says.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from test_console_live import _foot, _screen, _view

from monitor.cli.console_live import LiveDisplay, view_key
from monitor.link.transport_words import NETWORK, RADIO
from monitor.live.web.state import page_state

ROOT = Path(__file__).resolve().parents[1]
RADIO_ONLY = re.compile(r"pkt/s|packet|reconnect|recon\b|radio", re.IGNORECASE)


def _link_lines(text: str) -> list[str]:
    """The foot panels' two link lines (rate, gaps, lost; reconnects and battery), as drawn."""
    lines = text.splitlines()
    i = next(i for i, ln in enumerate(lines) if "gap" in ln)
    return lines[i:i + 2]


@pytest.mark.parametrize("width", [80, 60])
def test_the_streams_foot_lines_say_datagrams_and_data_back(width):
    rate, last = _link_lines(_screen(_view(transport=NETWORK), width))
    assert not RADIO_ONLY.search(rate + last), (rate, last)
    assert ("dgram/s" in rate) if width == 80 else ("/s" in rate), rate
    assert last.count("back 0") == 2, last  # both feet: times the insole's data came back in the stream


@pytest.mark.parametrize("width", [80, 60])
def test_a_ble_insoles_foot_lines_keep_packets_and_reconnects(width):
    rate, last = _link_lines(_screen(_view(), width))
    assert ("pkt/s" in rate) if width == 80 else ("/s" in rate), rate
    assert last.count("reconnects 0" if width == 80 else "recon 0") == 2, last


def test_the_key_above_the_streams_view_says_datagrams_on_the_network():
    link = next(line for line in view_key(True, NETWORK) if line.startswith("link:"))
    assert not RADIO_ONLY.search(link), link
    assert "dgram/s" in link and "datagrams lost on the network" in link, link
    assert "back: times the insole's data came back in the stream" in link, link
    radio = next(line for line in view_key() if line.startswith("link:"))
    assert "pkt/s packets" in radio and "reconnects: times the link came back" in radio, radio


def test_the_display_prints_the_streams_key_above_the_view():
    out = io.StringIO()
    with LiveDisplay(Console(file=out, width=200, height=40, force_terminal=True), words=NETWORK) as display:
        display.update(_view(transport=NETWORK))
    text = out.getvalue()
    assert "datagrams lost on the network" in text and "reconnect" not in text


def test_the_phone_says_the_streams_foot_down_as_no_data_in_the_stream():
    feet = {"left": _foot("left", connected=False, packets_lost=3), "right": _foot("right", packets_lost=0)}
    stream = page_state(_view(feet=feet, current_alert=None, transport=NETWORK))["feet"]
    assert stream["left"]["link"] == "down"  # the state the page styles by keeps its name
    assert stream["left"]["link_text"] == "stream: no data, 3 lost on the network"
    assert stream["right"]["link_text"] == "stream: ok"
    radio = page_state(_view(feet=feet, current_alert=None))["feet"]
    assert radio["left"]["link_text"] == "link DOWN, 3 lost" and radio["right"]["link_text"] == "link ok"
    page = (ROOT / "monitor/live/web/static/app.js").read_text()
    assert "foot.link_text" in page and '" lost"' not in page  # the page draws the server's words


def test_the_live_sessions_snapshots_carry_the_words_of_its_insoles():
    import inspect

    from monitor.live import session

    source = inspect.getsource(session)
    assert "transport_of(layouts)" in source and "transport=self._transport" in source


def test_the_readme_and_devices_say_the_streams_live_words():
    readme = (ROOT / "README.md").read_text()
    live = readme[readme.index("### Reading the live view"):]
    live = live[:live.index("\n#", 1)]
    devices = (ROOT / "docs/devices.md").read_text()
    stream = devices[devices.index("## Moticon OpenGo live stream"):]
    for text in (" ".join(live.split()), " ".join(stream.split())):  # a line break reads as a space
        for words in (f"`{NETWORK.rate_unit}`", f"`{NETWORK.back_count}`", f"{NETWORK.packet}s lost on the network",
                      NETWORK.back_means, "`stream: no data`"):
            assert words in text, words
    assert f"`{RADIO.rate_unit}`" in live and f"`{RADIO.back_count}`" in live
