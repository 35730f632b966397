"""The link's counts are said in the words of the insoles' transport: a BLE insole's packets are lost on the
radio, the Moticon OpenGo stream's UDP datagrams on the network (monitor.link.transport_words), in
``record``'s closing table, the live and replay summaries and the report; the session files keep their
counter names (``packets_lost``...). Had: `record --sim S --insole moticon-udp` said "radio lost" and
"packets: the insole's notifications", and the summary "packets lost on the radio", of a UDP stream.

The recordings run on the simulated insoles on a virtual clock (tests/virtual_clock.py)."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from test_record_honest import _record_with_fault

from monitor.analysis.streaming import notice_for
from monitor.link.transport_words import transport_of
from monitor.live.replay import replay_session, replay_text
from monitor.report.event_list import link_events
from monitor.report.frames_data import foot_frames
from monitor.report.html import _quality_rows
from monitor.report.quality_data import data_quality
from monitor.session.directory import load_session

pytestmark = pytest.mark.timeout(300)

LOST = 5


def _rows_named(session) -> dict[str, list[str]]:
    """The report's data-quality rows of ``session``: name -> its cells."""
    q = data_quality(session, {foot: foot_frames(session, foot) for foot in session.info.feet})
    return {row[0]: row[1:] for row in _quality_rows(q)}


@pytest.mark.parametrize(("insole", "words"), [
    ("moticon-udp", ("datagrams", "network lost", "datagrams lost on the network", "datagrams lost")),
    ("solewatch", ("packets", "radio lost", "packets lost on the radio", "packets lost"))], ids=["udp", "ble"])
def test_losses_are_said_in_the_words_of_the_insoles_transport(tmp_path, monkeypatch, capsys, insole, words):
    counted, column, summary_words, report_row = words
    rows, out, session = _record_with_fault(tmp_path, monkeypatch, capsys, f"lose:left@10s:{LOST}",
                                            "--insole", insole)
    assert all(layout.insole == insole for layout in session.info.layouts.values())
    assert session.info.stats["counters"]["left"]["packets_lost"] == LOST  # the file keeps its counter names
    lines = out.splitlines()
    table = lines[next(i for i, line in enumerate(lines) if line.startswith("Session recorded")) + 1:]
    head = " ".join(table[:next(i for i, line in enumerate(table) if line.startswith("left"))]).split()
    assert column.split()[0] in head and rows["left"][2] == LOST, out  # the header's words
    said = " ".join(out.split())
    assert f"{column}: never arrived" in said and f"between two {counted}" in said
    if insole == "moticon-udp":
        assert "radio" not in out and "notifications" not in out, out
        assert "datagrams: the Moticon app's UDP datagrams" in said
    replayed = replay_text(asyncio.run(replay_session(next(tmp_path.iterdir())))).splitlines()
    assert f"Link, left: {LOST} {summary_words}." in replayed, replayed
    assert insole != "moticon-udp" or not any("radio" in line for line in replayed)
    assert _rows_named(session)[report_row][0] == f"{LOST:,}"
    gaps = _rows_named(session)["gaps"][0]  # "1 (0.05 s): 1 from datagrams lost": the gap's reason alike
    assert f"from {report_row}" in gaps and (insole != "moticon-udp" or "packets" not in gaps), gaps


def test_a_foot_missing_from_the_moticon_stream_is_said_so_not_disconnected(tmp_path, monkeypatch, capsys):
    # had: "left insole disconnected; reconnecting" while the app's datagrams kept coming without the left
    # half: a UDP stream has no connection to lose or make again (the simulated left insole stops at 20 s)
    from virtual_clock import run_on_virtual_clock

    from monitor.cli.main import main

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["record", "--sim", "healthy-ride", "--speed", "30", "--duration", "60s", "--fault", "stop:left@20s",
                 "--insole", "moticon-udp", "--out", str(tmp_path), "--plain"])
    monkeypatch.undo()
    out, err = capsys.readouterr()
    assert code == 0, out + err
    session = load_session(next(tmp_path.iterdir()))
    assert "disconnected" in [e["event"] for e in session.events if e.get("foot") == "left"]  # the file's name
    assert "left insole: no data in the stream" in err, err
    assert "disconnected" not in out + err and "reconnecting" not in out + err, out + err
    said: list[str] = []
    asyncio.run(replay_session(session.path, on_notice=lambda n: said.append(n.text)))
    assert "left insole: no data in the stream" in said and not any("disconnected" in t for t in said), said
    words = transport_of(session.info.layouts)
    listed = [e.message for e in link_events(session.events, session.info.feet, words)]
    assert "left insole: no data in the stream" in listed, listed  # the report's list of events
    back = {"event": "reconnected", "foot": "left", "attempts": 0, "down_session_s": 2.0}  # its half back
    assert notice_for(21.0, back, words).text == ("left insole: data back in the stream (the insole was away 2.0 s); "
                                                  "the gap is recorded")
    assert link_events([{**back, "t_s": 21.0}], ["left"], words)[0].message == \
        "left insole: data back in the stream (the insole was away 2.0 s)"


def test_the_report_names_and_counts_a_foot_out_of_the_moticon_stream_so_not_disconnected(tmp_path, monkeypatch,
                                                                                             capsys):
    # had: the list of every event read "0:20 | left | disconnected | left insole: no data in the stream", the
    # data-quality table "disconnections / reconnections / lost", the PDF's text "1 disconnection" and the
    # figure's legend "disconnected" of a foot the Moticon app's datagrams came without (it stops at 20 s)
    from matplotlib.figure import Figure

    from monitor.analysis.batch import analyze
    from monitor.link.transport_words import RADIO
    from monitor.report.data import report_data
    from monitor.report.event_list import event_list_html
    from monitor.report.html import _table, render_html
    from monitor.report.pdf import report_text_lines
    from monitor.report.plots.quality import plot_data_quality

    _, _, session = _record_with_fault(tmp_path, monkeypatch, capsys, "stop:left@20s", "--insole", "moticon-udp")
    assert "disconnected" in [e["event"] for e in session.events if e.get("foot") == "left"]  # the file's name
    data = report_data(session, analyze(session))
    back = {"event": "reconnected", "foot": "left", "t_s": 50.0, "attempts": 0, "down_session_s": 30.0}
    links = [*data.link_events, *link_events([back], ["left"], transport_of(session.info.layouts))]
    listed = event_list_html([], links, _table)
    assert "<span>out of stream</span>" in listed and "<span>back in stream</span>" in listed, listed
    assert "disconnected" not in listed and "reconnected" not in listed, listed
    rows = _rows_named(session)
    assert rows["times out of the stream / times back / lost"] == ["1 / 0 / 1", "0 / 0 / 0"], rows
    page = render_html(data, {})
    assert "disconnect" not in page and "reconnect" not in page
    text = "\n".join(report_text_lines(data))
    assert "1 time out of the stream" in text and "0 times out of the stream" in text and "disconn" not in text, text
    left = data.quality.feet["left"]
    quality = dataclasses.replace(data.quality, feet={**data.quality.feet, "left": dataclasses.replace(
        left, link_events=[*left.link_events, (50.0, "reconnected")])})
    for q, said in ((quality, {"out of stream", "back in stream", "foot lost"}),
                    (dataclasses.replace(quality, transport=RADIO), {"disconnected", "reconnected", "foot lost"})):
        fig = Figure()
        plot_data_quality(q, axes=fig.subplots(2, 1))
        assert said <= {t.get_text() for t in fig.axes[0].get_legend().get_texts()}, said
    ble = {row[0] for row in _quality_rows(dataclasses.replace(quality, transport=RADIO))}
    assert "disconnections / reconnections / lost" in ble, ble  # a BLE insole's words stay a radio link's


@pytest.mark.parametrize(("insole", "frames_a_packet", "holds"), [
    ("ukaton", 1, "the insole's notifications, one frame (a reading of every sensor) each"),
    ("orphe", 2, "the insole's notifications, 2 frames (readings of every sensor) each at 100 Hz, 4 at 200 Hz")])
def test_the_record_key_says_how_many_frames_a_packet_of_the_insole_kind_holds(tmp_path, monkeypatch, capsys,
                                                                                insole, frames_a_packet, holds):
    # had: "packets: the insole's notifications, a few frames (readings of every sensor) each" of every BLE
    # insole, beside a Ukaton table of frames = packets = 11,999 (one sample a notification, docs/devices.md)
    rows, out, _session = _record_with_fault(tmp_path, monkeypatch, capsys, None, "--insole", insole)
    assert rows["left"][0] == frames_a_packet * rows["left"][1], out  # frames, packets
    said = " ".join(out.split())
    assert f"packets: {holds};" in said and "a few frames" not in said, out


def test_each_kind_s_key_says_its_protocol_s_frames_a_notification():
    from monitor.cli.console import record_key
    from monitor.link import moticon, orphe, ukaton
    from monitor.link.transport_words import transport_words

    solewatch = record_key(transport_words(["solewatch", "solewatch"]))
    assert "packets: the insole's notifications, 1 to 255 frames" in solewatch  # docs/protocol.md
    assert "notifications, one frame (a reading of every sensor) each;" in record_key(
        transport_of({"left": ukaton.layout("left"), "right": ukaton.layout("right")}))
    assert "2 frames" in record_key(transport_of({"left": orphe.layout("left")}))
    assert "datagrams: the Moticon app's UDP datagrams, one frame" in record_key(
        transport_of({"left": moticon.layout("left"), "right": moticon.layout("right")}))
    for mixed in (["orphe", "ukaton"], [None, None], []):  # kinds apart or not known: each kind's count
        assert "1 to 255 of the Solewatch profile, 2 or 4 of ORPHE, 1 of Ukaton" in record_key(transport_words(mixed))
