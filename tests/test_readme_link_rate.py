"""README's "Reading the live view" says the link's rate in both transports' words, as the view and its key
say them (monitor.link.transport_words, monitor.cli.console_live.view_key): had "The link: `pkt/s`, packets
(notifications, each a few frames) a second from that foot's insole", as if every insole sent BLE packets,
while the Moticon stream's foot lines read `dgram/s`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.cli.console_live import view_key
from monitor.link.transport_words import NETWORK, RADIO

README = Path(__file__).resolve().parents[1] / "README.md"


def _link_bullet() -> str:
    """The bullet of README's "Reading the live view" that begins "- The link:", its white space one space."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Reading the live view"):]
    section = section[:section.index("\n### ")]
    start = section.index("- The link:")
    end = section.index("\n- ", start)
    return " ".join(section[start:end].split())


@pytest.mark.parametrize("words", [RADIO, NETWORK], ids=["ble", "moticon-stream"])
def test_the_link_bullet_says_each_transport_s_rate_as_the_key_says_it(words):
    bullet = _link_bullet()
    key = next(line for line in view_key(True, words) if line.startswith("link:"))
    said = f"{words.rate_unit} {words.rate_means}"
    assert said in key, key  # the view's key says it so
    assert f"`{said}`" in bullet, bullet


def test_the_link_bullet_names_both_rates_before_the_first_number():
    bullet = _link_bullet()
    first = bullet[:re.search(r"\d", bullet).start()]
    assert "`pkt/s`" in first and "`dgram/s`" in first, first
