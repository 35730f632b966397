"""Every source tag a view prints ("[16]") is in the sources it prints with it, and nothing else is: analyze's
text, the report's HTML references and its PDF text, the live and replay summary. The verdict of numb marks
with no pressure cause cites [18][36] with no tip to carry them; a tip cites its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.analysis.alerts import Alert
from monitor.analysis.batch import analyze
from monitor.analysis.marks import RiderMark, mark_alert
from monitor.analysis.sources import SOURCES
from monitor.live.delivery import Delivered
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.report.pdf import report_text_lines
from monitor.report.text import analysis_text
from monitor.session.offline import offline_session

TAG = re.compile(r"\[(\d+)\]")
LISTED = re.compile(r"^\s*\[(\d+)\] (.*)$")


def printed_and_listed(lines: list[str]) -> tuple[set[int], dict[int, str]]:
    """The tags printed outside the "Sources:" block of ``lines``, and that block's entries (number -> text)."""
    printed: set[int] = set()
    listed: dict[int, str] = {}
    in_sources = False
    for line in lines:
        if line.strip() == "Sources:":
            in_sources = True
            continue
        m = LISTED.match(line) if in_sources else None
        if m:
            listed[int(m.group(1))] = m.group(2)
            continue
        in_sources = False
        printed.update(int(n) for n in TAG.findall(line))
    return printed, listed


def assert_all_listed(lines: list[str]) -> set[int]:
    printed, listed = printed_and_listed(lines)
    assert printed == set(listed), (printed, listed, lines)
    assert all(SOURCES[n] == text for n, text in listed.items()), listed
    return printed


def assert_html_all_listed(html: str) -> set[int]:
    refs = re.search(r'<ul class="references">(.*?)</ul>', html, re.S)
    listed = set(map(int, re.findall(r'<li id="ref-(\d+)">', refs.group(1)))) if refs else set()
    rest = html if refs is None else html[:refs.start()] + html[refs.end():]
    printed = set(map(int, TAG.findall(rest)))
    assert printed == listed, (printed, listed)
    return printed


def _marked(result):
    result.marks = [RiderMark(50.0, "left", "numb", "terminal"), RiderMark(130.0, "right", "numb", "terminal")]
    return result


@pytest.fixture(scope="module", params=["marks-only", "warned-and-marked"])
def analysed(request):
    """A healthy run whose feet were both marked numb (no tip: [36] in the verdict alone, a run's referral), and a ride
    with a cleat too far forward marked numb too (tips and the verdict's tags)."""
    if request.param == "marks-only":
        session = offline_session("healthy-run", duration_s=360, seed=1)
    else:
        session = offline_session("cleat-forward", duration_s=300, seed=1)
    result = _marked(analyze(session))
    return request.param, session, result


def test_analyze_prints_every_tag_it_cites_in_its_sources(analysed):
    name, _, result = analysed
    text = analysis_text(result)
    printed = assert_all_listed(text.splitlines())
    if name == "marks-only":
        # a run: the referral cites [36] alone, no bike fitter; had: no "Sources:" at all
        assert 36 in printed and 18 not in printed and "see a clinician [36]" in text
    else:
        assert len(printed) > 2  # the tips' tags too


def test_the_report_lists_every_tag_it_cites(analysed):
    name, session, result = analysed
    data = report_data(session, result)
    printed = assert_html_all_listed(render_html(data, {}))
    assert printed == assert_all_listed(report_text_lines(data))
    if name == "marks-only":
        assert 36 in printed and 18 not in printed  # a run's referral; had: no References where nothing was to try


def test_every_tag_the_html_report_prints_links_to_its_reference(analysed):
    """Each [n] of the HTML report outside its References is a link to ``#ref-n`` (the verdict's [18][36] of
    numb marks with no pressure cause were plain text; the tips' tags were links)."""
    _, session, result = analysed
    html = render_html(report_data(session, result), {})
    refs = re.search(r'<ul class="references">(.*?)</ul>', html, re.S)
    rest = html[:refs.start()] + html[refs.end():]
    linked = re.findall(r'<a href="#ref-(\d+)">\[(\d+)\]</a>', rest)
    assert all(a == b for a, b in linked)
    assert len(linked) == len(TAG.findall(rest)) > 0, rest[:2000]


def _live(alerts: list[Alert]) -> list[str]:
    rec = RecordSummary(Path("s"), 360.0, {"left": {}, "right": {}}, 0)
    live = LiveSummary(rec, [Delivered(a, ("terminal",), "x") for a in alerts],
                       {"left": {"activity": "running"}, "right": {"activity": "running"}}, warn_after_s=180.0)
    return summary_text(live).splitlines()


def test_the_live_summary_lists_every_tag_it_cites():
    marks = [mark_alert(RiderMark(50.0, "left"), "running"), mark_alert(RiderMark(130.0, "right"), "running")]
    # on a run the marks' referral cites [36] alone (domain.md [36], walking; [18] is a bike fitter's); had: [18][36]
    # printed, no "Sources:"
    assert 36 in assert_all_listed(_live(marks))
    warned = Alert(40.0, "left", "alert", "warning", region="mth2_3", pattern="focal_mth")
    printed = assert_all_listed(_live([warned, marks[1]]))  # the left foot's tips, the right's marks
    assert {36} < printed and 18 not in printed  # a run: no bike fitter cited
