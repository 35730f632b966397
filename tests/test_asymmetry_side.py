"""The report's "Left and right" names a side only when the session's own windows say it clearly: the 95 %
t-interval of the mean per-window asymmetry index excludes 0; "even" when it holds 0; too short to tell
with fewer than 5 pairs of windows (monitor.analysis.asymmetry, docs/report.md)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pytest

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.session.offline import offline_session

#: Fewer pairs of windows than this cannot tell (monitor.analysis.asymmetry.MIN_WINDOWS).
MIN_WINDOWS = 5


def _analysed(scenario: str, duration_s: float):
    session = offline_session(scenario, duration_s=duration_s, seed=1)
    result = analyze(session)
    return result, render_html(report_data(session, result), {})


def _row(html: str, name: str) -> list[str]:
    """The cells of the "Left and right" table's row ``name``, tags stripped."""
    section = html[html.index('id="asymmetry-section"'):]
    section = section[:section.index("</section>")]
    for tr in re.findall(r"<tr>(.*?)</tr>", section):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row {name!r} in {section}")


@pytest.fixture(scope="module")
def healthy():
    return _analysed("healthy-ride", 600.0)


@pytest.fixture(scope="module")
def one_sided():
    return _analysed("one-sided", 600.0)


def test_a_healthy_ride_with_a_small_index_reads_even(healthy):
    result, html = healthy
    a = result.asymmetry()
    assert a["forefoot_share_pct"] != 0.0  # a small index, as measurement gives: no longer a side of its own
    assert a["windows"] >= MIN_WINDOWS
    lo, hi = a["forefoot_share_interval_pct"]
    assert lo <= 0.0 <= hi and a["forefoot_share_side"] == "even"
    cells = _row(html, "forefoot share")
    assert cells[1] == f"{a['forefoot_share_pct']:+.1f}"  # the index shown as before
    assert cells[2] == f"{lo:+.1f} to {hi:+.1f}"
    assert cells[3] == "even (within the spread between windows)"


def test_a_ride_loading_the_right_forefoot_more_reads_more_right(one_sided):
    result, html = one_sided
    a = result.asymmetry()
    lo, hi = a["forefoot_share_interval_pct"]
    assert hi < 0.0 and a["forefoot_share_side"] == "right"
    assert a["pti_side"]["mth2_3"] == "right" and a["pti_interval_pct"]["mth2_3"][1] < 0.0
    assert _row(html, "forefoot share")[3] == "more right"
    assert _row(html, "PTI MTH2-3")[3] == "more right"


def test_a_short_ride_cannot_tell():
    result, html = _analysed("healthy-ride", 150.0)
    a = result.asymmetry()
    assert a["forefoot_share_pct"] is not None and a["windows"] < MIN_WINDOWS
    assert a["forefoot_share_interval_pct"] is None and a["forefoot_share_side"] is None
    assert set(a["pti_side"].values()) == {None}
    cells = _row(html, "forefoot share")
    assert cells[2] == "-" and cells[3] == "too short to tell"
    n = a["windows"]  # had "over its 1 pairs", "over its 0 pairs", and a black line said where none is drawn
    assert ("the session has no pair of" if n == 0 else "over its 1 pair of" if n == 1
            else f"over its {n} pairs of") in html
    drawn = render_html(report_data(offline_session("healthy-ride", duration_s=150.0, seed=1), result),
                        {"asymmetry": b"\x89PNG"})  # with the figure, so its caption is there
    assert "A bar is in a foot's colour" in drawn and "the black line" not in drawn  # no interval, no line


def test_the_rule_counts_its_pairs_in_words():
    from monitor.analysis.asymmetry import rule_words
    assert "over its 1 pair of judged" in rule_words(1)
    assert "over its 7 pairs of judged" in rule_words(7) and "over its pairs of judged" in rule_words(None)


def test_a_session_with_no_pair_of_windows_says_so_plainly():
    """had: "the 95 % t-interval of the mean index over no pair of judged windows" on a short session."""
    from monitor.analysis.asymmetry import rule_words
    said = rule_words(0)
    assert said.startswith("No side is named: the session has no pair of judged windows"), said
    assert "over no pair" not in said and "mean index over such pairs" in said


def test_the_interval_and_the_side_by_hand():
    from monitor.analysis.asymmetry import side, t_interval

    v = np.array([1.0, 2.0, 3.0, 4.0, 5.0])  # mean 3, sd 1.581, t(0.975, 4) = 2.776
    lo, hi = t_interval(v)
    assert (lo, hi) == pytest.approx((3 - 2.776 * 1.5811 / 5 ** 0.5, 3 + 2.776 * 1.5811 / 5 ** 0.5), abs=1e-3)
    assert side((lo, hi)) == "left" and side((-hi, -lo)) == "right" and side((-1.0, 0.0)) == "even"
    assert t_interval(np.array([1.0, 2.0, np.nan, 3.0, 4.0])) is None  # 4 values with an index: too few
    assert side(None) is None


def _pipe(ends_s, judged=None):
    windows = [SimpleNamespace(t_s=t, window_s=60.0) for t in ends_s]
    judged = judged or [True] * len(ends_s)
    return SimpleNamespace(windows_=windows, assessments_=[SimpleNamespace(t_s=t, metrics={"judged": float(j)})
                                                           for t, j in zip(ends_s, judged)])


def test_pairs_are_judged_on_both_feet_at_the_same_time_and_never_overlap():
    from monitor.analysis.asymmetry import MIN_WINDOWS as min_windows
    from monitor.analysis.asymmetry import paired_windows

    assert min_windows == MIN_WINDOWS
    ends = [60.0 + 10.0 * k for k in range(20)]  # 60 s windows every 10 s
    left = _pipe(ends, [k != 6 for k in range(len(ends))])  # the left window ending at 120 s not judged
    right = _pipe(ends)
    pairs = paired_windows({"left": left, "right": right})
    assert [l.t_s for l, _ in pairs] == [60.0, 130.0, 190.0, 250.0]
    assert all(l.t_s == r.t_s for l, r in pairs)
    assert paired_windows({"left": left}) == []


def test_the_schema_holds_the_judged_sides_and_refuses_a_side_it_does_not_know(one_sided):
    import json
    from pathlib import Path

    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[1] / "docs" / "analyze-json.schema.json").read_text())
    doc = json.loads(json.dumps(one_sided[0].to_json_dict()))
    jsonschema.validate(doc, schema)
    assert doc["asymmetry"]["forefoot_share_side"] == "right"
    for bad in ({"forefoot_share_side": "more right"}, {"forefoot_share_interval_pct": [-16.6]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**doc, "asymmetry": {**doc["asymmetry"], **bad}}, schema)
    partial = {k: v for k, v in doc["asymmetry"].items() if k != "pti_side"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**doc, "asymmetry": partial}, schema)
    jsonschema.validate({**doc, "asymmetry": {}}, schema)  # one foot


def test_the_figure_colours_a_bar_only_where_a_side_is_named(healthy, one_sided):
    from matplotlib.colors import to_hex

    from monitor.report.plots.regions import EVEN_COLOUR, FOOT_COLOURS, plot_asymmetry

    for (result, _), want in ((healthy, EVEN_COLOUR), (one_sided, FOOT_COLOURS["right"])):
        a = result.asymmetry()
        ax = plot_asymmetry(a).axes[0]
        top = ax.containers[0][-1]  # the forefoot share, drawn at the top
        assert top.get_width() == pytest.approx(a["forefoot_share_pct"])
        assert to_hex(top.get_facecolor()) == to_hex(want)
        lines = ax.containers[1].lines[2][0].get_segments()  # the intervals' bars, in row order
        assert lines[-1][:, 0] == pytest.approx(a["forefoot_share_interval_pct"])
