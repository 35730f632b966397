"""A BLE insole's reconnection is said as the link's, not as its data back: the link can be back with no data
after it (a host lagging behind a simulation at 150x: "1:24 right insole back after 100.8 s; the gap is
recorded", then "right insole silent from 0:08 to the end"); its data back is the analysis's DATA BACK. The
Moticon stream's foot is back with its data, the datagram that brings it."""

from __future__ import annotations

from monitor.link.transport_words import NETWORK, RADIO
from monitor.report.event_list import _message


def test_a_ble_reconnection_says_the_link_is_back_not_the_data():
    line = RADIO.back_notice("right", 20.9)
    # had: "right insole back after 20.9 s; the gap is recorded"
    assert line == "right insole reconnected (the link was down 20.9 s); the gap is recorded once its data resume"
    assert RADIO.back_notice("right", 5.0, had_frames=False) == \
        "right insole reconnected (the link was down 5.0 s); down before its first data, so no gap is recorded"
    assert _message({"event": "reconnected", "down_session_s": 30.5, "attempts": 2}, "right", RADIO) == \
        "right insole reconnected (the link was down 30.5 s, 2 attempts)"


def test_a_moticon_foot_back_in_the_stream_is_back_with_its_data():
    assert NETWORK.back_notice("left", 2.0) == ("left insole: data back in the stream (the insole was away 2.0 s); "
                                                "the gap is recorded")
