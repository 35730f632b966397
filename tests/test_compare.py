"""Before and after: verdicts, sentences, caveats, the figure and the HTML section (monitor.analysis.compare,
monitor.analysis.compare_text, monitor.report.plots.compare, monitor.report.compare_section)."""

from __future__ import annotations

import base64
import dataclasses
import io
import re

import matplotlib.image
import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from known_rider import rider_normal
from matplotlib.figure import Figure

from monitor.analysis.batch import analyze
from monitor.analysis.compare import TABLE_COLUMNS, VERDICTS, Comparison, compare
from monitor.analysis.compare_rules import DEFAULT_THRESHOLDS, JUDGED_REGIONS, Thresholds, verdict
from monitor.codebook import sensor_columns
from monitor.report.compare_section import compare_section_html
from monitor.report.plots.compare import plot_comparison
from monitor.session.model import Session
from monitor.session.offline import offline_session

FLIP = {"better": "worse", "worse": "better", "same": "same", "neutral": "neutral"}
MINUTES = 8  # long enough for cleat-forward's first warning (5:00) and one relief break (6:00)


@pytest.fixture(scope="module")
def cleat_forward():
    session = offline_session("cleat-forward", duration_s=MINUTES * 60, seed=2)
    return session, analyze(session, baseline=rider_normal(2))


@pytest.fixture(scope="module")
def cleat_back():
    """The same rider after the fix, judged against the same normal as :func:`cleat_forward`: its warnings
    then compare with that ride's (compare_caveats.same_normals)."""
    session = offline_session("healthy-ride", duration_s=MINUTES * 60, seed=3)
    return session, analyze(session, baseline=rider_normal(2))


@pytest.fixture(scope="module")
def moved(cleat_forward, cleat_back) -> Comparison:
    (sb, rb), (sa, ra) = cleat_forward, cleat_back
    return compare(rb, ra, sb, sa)


@pytest.fixture(scope="module")
def short_ride():
    session = offline_session("healthy-ride", duration_s=150, seed=4)
    return session, analyze(session)


def _row(table, foot, metric, region=None):
    rows = table[(table["foot"] == foot) & (table["metric"] == metric)]
    rows = rows[rows["region"].isna()] if region is None else rows[rows["region"] == region]
    assert len(rows) == 1, (foot, metric, region)
    return rows.iloc[0]


def _one_foot(session: Session, foot: str) -> Session:
    info = dataclasses.replace(session.info, layouts={foot: session.info.layouts[foot]},
                               session_id=session.info.session_id + f"-{foot}-only")
    frames = session.frames[session.frames["foot"] == foot].reset_index(drop=True)
    return Session(session.path, info, frames, session.gaps)


# ---------------------------------------------------------------------------------------------- verdicts


def test_moving_the_cleats_back_lowers_the_forefoot_load_and_counts_as_better(moved):
    table = moved.table()
    assert list(table.columns) == TABLE_COLUMNS
    assert set(table["verdict"]) <= set(VERDICTS)
    assert moved.feet == ("left", "right")
    for foot in ("left", "right"):
        share = _row(table, foot, "forefoot_share")
        assert share["after"] < share["before"] - 0.05 and share["verdict"] == "better"
        peak = _row(table, foot, "peak_kpa", "mth2_3")
        assert peak["change_pct"] < -20 and peak["verdict"] == "better"
        assert _row(table, foot, "pti_kpa_s", "mth2_3")["verdict"] == "better"
        first = _row(table, foot, "first_warning_s")
        assert first["before"] == pytest.approx(300, abs=30) and np.isnan(first["after"])
        assert first["verdict"] == "better"  # no warning beats any time
        assert _row(table, foot, "warning_count")["verdict"] == "better"
        # the rider's cadence is the same; heel values changed but are not judged
        assert _row(table, foot, "cadence_per_min")["verdict"] == "same"
        assert _row(table, foot, "peak_kpa", "heel_medial")["verdict"] in ("neutral", "same")
    assert "worse" not in set(table["verdict"])
    judged_heel = table[table["region"].isin(["heel_medial", "heel_lateral", "midfoot_medial",
                                              "midfoot_lateral"])]
    assert not judged_heel["verdict"].isin(["better", "worse"]).any()
    unjudged = table[table["metric"].isin(["cadence_per_min", "relief_count", "notice_count"])]
    assert len(unjudged) == 6 and not unjudged["verdict"].isin(["better", "worse"]).any()
    assert _row(table, "left", "notice_count")["verdict"] == "neutral"  # 1 notice before, none after


def test_the_table_says_why_a_row_is_neutral(moved):
    """docs/compare.md said a neutral row's `note` says which reason holds, and listed `c.table()`'s columns
    without one: the note was only `c.changes[i].note`."""
    from pathlib import Path

    table = moved.table()
    assert list(table["note"]) == [c.note for c in moved.changes]
    assert (table.loc[table["verdict"] != "neutral", "note"] == "").all()
    doc = (Path(__file__).resolve().parents[1] / "docs" / "compare.md").read_text()
    listed = re.search(r"c\.table\(\) +# pandas: ([a-z_, ]+)", doc).group(1)
    assert listed.split(", ") == TABLE_COLUMNS


def test_swapping_before_and_after_flips_better_and_worse(cleat_forward, cleat_back, moved):
    (sb, rb), (sa, ra) = cleat_forward, cleat_back
    back = compare(ra, rb, sa, sb).table()
    fwd = moved.table()
    assert len(back) == len(fwd)
    merged = fwd.merge(back, on=["foot", "metric", "region"], suffixes=("", "_swapped"), how="outer")
    assert len(merged) == len(fwd)
    assert (merged["verdict_swapped"] == merged["verdict"].map(FLIP)).all()
    both = merged.dropna(subset=["before", "after"])
    np.testing.assert_allclose(both["before"], both["after_swapped"])
    assert (merged["verdict"] == "better").sum() >= 10  # not a comparison of nothing


def test_identical_sessions_are_the_same_in_every_row(cleat_forward):
    session, result = cleat_forward
    comparison = compare(result, result, session, session)
    assert (comparison.table()["verdict"] == "same").all()
    assert len(comparison.table()) > 40
    sentences = comparison.sentences()
    assert sentences[0].startswith("No judged measure changed by more than its threshold")
    assert not any(s.startswith("Caveat") for s in sentences)
    assert len(sentences) == 1


def test_a_foot_missing_from_one_session_compares_the_other_and_says_so(cleat_forward, cleat_back):
    (sb, _), (sa, ra) = cleat_forward, cleat_back
    left_only = _one_foot(sb, "left")
    comparison = compare(analyze(left_only), ra, left_only, sa)
    assert comparison.feet == ("left",) and comparison.only_after == ("right",)
    assert set(comparison.table()["foot"]) == {"left"}
    sentences = comparison.sentences()
    assert "Right foot: only in the after session, so only the left foot is compared." in sentences
    assert not any(s.startswith(("Right foot: MTH", "Both feet")) for s in sentences)
    assert isinstance(plot_comparison(comparison), Figure)


def test_no_foot_in_common_is_said_and_nothing_is_compared(cleat_forward):
    session, _ = cleat_forward
    left, right = _one_foot(session, "left"), _one_foot(session, "right")
    comparison = compare(analyze(left), analyze(right), left, right)
    assert comparison.table().empty
    assert comparison.sentences()[0] == "No foot is in both sessions: there is nothing to compare."
    html = compare_section_html(comparison)
    assert "nothing to compare" in html and "<img" not in html


# ----------------------------------------------------------------------------------- the rule itself


@given(st.floats(1.0, 500.0), st.floats(1.0, 500.0),
       st.sampled_from(["peak_kpa", "pti_kpa_s", "forefoot_share", "reliefs_per_h", "warning_count",
                        "cadence_per_min", "first_warning_s"]),
       st.sampled_from(["mth2_3", "hallux", "heel_lateral", None]))
@example(100.0, 90.5, "peak_kpa", "mth2_3")  # 9.5 kPa: under 10 % of 100, over 10 % of 90.5
@example(25.0, 22.6, "pti_kpa_s", "mth1")
def test_the_rule_is_symmetric_in_before_and_after(before, after, metric, region):
    assert verdict(after, before, metric, region) == FLIP[verdict(before, after, metric, region)]
    assert verdict(before, before, metric, region) == "same"


def test_a_change_counts_only_above_its_threshold():
    # peak: more than 10 % of the mean of the two AND more than 5 kPa (guesses, docs/compare.md)
    assert verdict(100.0, 91.0, "peak_kpa", "mth2_3") == "same"  # 9 kPa is 9.4 % of 95.5
    assert verdict(100.0, 89.0, "peak_kpa", "mth2_3") == "better"  # 11 kPa is 11.6 % of 94.5
    assert verdict(10.0, 6.0, "peak_kpa", "mth2_3") == "same"  # 50 % but only 4 kPa
    assert verdict(100.0, 130.0, "peak_kpa", "heel_medial") == "neutral"
    assert verdict(0.80, 0.78, "forefoot_share") == "same"  # 2 percentage points
    assert verdict(0.80, 0.76, "forefoot_share") == "better"
    assert verdict(300.0, 420.0, "first_warning_s") == "better"  # later
    assert verdict(300.0, 330.0, "first_warning_s") == "same"
    assert verdict(6.0, 12.0, "reliefs_per_h") == "better"
    assert verdict(1.0, 2.0, "alert_count") == "worse"
    assert verdict(90.0, 100.0, "cadence_per_min") == "neutral"
    strict = Thresholds(relative=0.5)
    assert verdict(100.0, 70.0, "peak_kpa", "mth1", strict) == "same"
    assert verdict(100.0, 70.0, "peak_kpa", "mth1", DEFAULT_THRESHOLDS) == "better"


# -------------------------------------------------------------------------------------------- words


def test_the_sentences_name_the_numbers_most_important_first(moved):
    table = moved.table()
    sentences = moved.sentences()
    n_better = int((table["verdict"] == "better").sum())
    assert sentences[0].startswith(f"{n_better} measures better, 0 worse, ")
    assert sentences[1] == "Both feet: first warning at 5:00 before, none after: better."
    peak = _row(table, "left", "peak_kpa", "mth2_3")
    expected = (f"Left foot: MTH2-3 peak pressure fell from {peak['before']:.0f} to {peak['after']:.0f} kPa "
                f"({peak['change_pct']:.0f} %): better.")
    assert expected in sentences
    share = _row(table, "right", "forefoot_share")
    assert any(s.startswith("Right foot: forefoot share of the load fell from "
                            f"{100 * share['before']:.0f} % to {100 * share['after']:.0f} %") for s in sentences)

    def where(text):
        return next(i for i, s in enumerate(sentences) if text in s)

    assert (where("first warning") < where("warnings fell") < where("MTH2-3 peak pressure")
            < where("forefoot share") < where("MTH2-3 pressure-time integral") < where("hallux peak"))
    # every better or worse row is said, once per foot or once for both
    told = table[table["verdict"].isin(["better", "worse"])]
    said = sum(2 if s.startswith("Both feet") else 1 for s in sentences if s.endswith(("better.", "worse.")))
    assert said == len(told)


def test_sessions_of_another_activity_or_length_carry_caveats(cleat_forward, short_ride):
    (sb, rb), (ss, rs) = cleat_forward, short_ride
    run = offline_session("healthy-run", duration_s=150, seed=1)
    sentences = compare(rb, analyze(run), sb, run).sentences()
    assert any(s.startswith("Caveat: the sessions differ in activity (ride before, run after)")
               for s in sentences)
    assert any(s.startswith("Caveat: the sessions differ in length (8:00 before, 2:30 after, 3.2x)")
               for s in sentences)
    # a session that ended before the other's first warning cannot show it was better
    short = compare(rb, rs, sb, ss)
    assert _row(short.table(), "left", "first_warning_s")["verdict"] == "neutral"
    assert "Both feet: no warning after, but that session ended before the other's first warning (at 5:00): " \
           "cannot tell." in short.sentences()
    assert not any("differ in activity" in s for s in short.sentences())


def test_a_session_compared_with_itself_says_each_caveat_once(cleat_back):
    """Compared with itself, a session said each of its caveats twice, 'in the before session' and 'in the
    after session' (29 % of the left foot's data missing; too few cycles): each is now said once, of both."""
    sa, _ = cleat_back
    frames = sa.frames.copy()
    cols = sensor_columns(sa.info.layouts["left"].n_sensors)
    frames.loc[(frames["foot"] == "left") & (frames["t_s"] >= 60) & (frames["t_s"] < 200), cols] = np.nan
    holed = Session(sa.path, sa.info, frames, sa.gaps)
    # a few cycles a foot, of a 15-s session (15 s of a longer one is a foot watched too briefly: not compared)
    few = Session(sa.path, dataclasses.replace(sa.info, duration_s=15.0), frames[frames["t_s"] < 15.0], sa.gaps)
    for session in (holed, few):
        result = analyze(session)
        caveats = [s for s in compare(result, result, session, session).sentences() if s.startswith("Caveat")]
        assert caveats and len(set(caveats)) == len(caveats), caveats
        assert not any("before session" in s or "after session" in s for s in caveats), caveats
        assert all("in both sessions" in s for s in caveats), caveats
    result = analyze(holed)
    (missing,) = [s for s in compare(result, result, holed, holed).sentences() if "missing" in s]
    assert missing == "Caveat: 29 % of the left foot's data is missing in both sessions: its numbers rest on less data."


def test_much_missing_data_and_another_insole_carry_caveats(cleat_back, short_ride):
    sa, ra = cleat_back
    frames = sa.frames.copy()
    cols = sensor_columns(sa.info.layouts["left"].n_sensors)
    hole = (frames["foot"] == "left") & (frames["t_s"] >= 60) & (frames["t_s"] < 200)
    frames.loc[hole, cols] = np.nan
    holed = Session(sa.path, sa.info, frames, sa.gaps)
    sentences = compare(ra, analyze(holed), sa, holed).sentences()
    assert "Caveat: 29 % of the left foot's data is missing in the after session: its numbers rest on less " \
           "data." in sentences
    assert not any("right foot's data" in s for s in sentences)

    ss, _ = short_ride
    bigger = {foot: dataclasses.replace(lay, area_mm2=lay.area_mm2 * 1.5) for foot, lay in ss.info.layouts.items()}
    other = Session(ss.path, dataclasses.replace(ss.info, layouts=bigger), ss.frames, ss.gaps)
    caveats = [s for s in compare(analyze(ss), analyze(other), ss, other).sentences() if s.startswith("Caveat")]
    assert caveats == ["Caveat: different insoles on both feet (the sensor layouts differ): their peak "
                       "pressures and pressure-time integrals are reported, not judged."]


def test_an_uncalibrated_insole_against_another_says_its_pressures_are_not_kpa(short_ride):
    ss, rs = short_ride
    counts = {foot: dataclasses.replace(lay, calibrated=False, area_mm2=lay.area_mm2 * 1.5)
              for foot, lay in ss.info.layouts.items()}
    other = Session(ss.path, dataclasses.replace(ss.info, layouts=counts), ss.frames, ss.gaps)
    caveats = [s for s in compare(rs, analyze(other), ss, other).sentences() if s.startswith("Caveat")]
    assert caveats == [
        "Caveat: different insoles on both feet (the sensor layouts differ): their peak pressures and "
        "pressure-time integrals are reported, not judged.",
        "Caveat: the after session's insole sends nominal units, not kPa, on both feet: its pressures "
        "do not compare with another insole's."]
    same = compare(analyze(other), analyze(other), other, other).sentences()
    assert not any("uncalibrated" in s for s in same)  # one insole against itself compares


def test_a_rides_cadence_in_rpm_is_not_set_against_a_walks_in_steps_per_minute(short_ride):
    ss, rs = short_ride
    walk = offline_session("healthy-walk", duration_s=60, seed=5)
    c = compare(rs, analyze(walk), ss, walk)
    assert c.before.activity == {"left": "cycling", "right": "cycling"}
    assert c.after.activity == {"left": "walking", "right": "walking"}
    table = c.table()
    assert table[table["metric"] == "cadence_per_min"].empty  # 90 rpm against 110 steps/min says nothing
    assert any(s.startswith("Caveat: the sessions differ in activity") for s in c.sentences())
    assert "rpm" not in compare_section_html(c).split("sw-compare-thresholds")[0].split("<tbody>")[1]
    same = compare(rs, rs, ss, ss).table()
    assert len(same[same["metric"] == "cadence_per_min"]) == 2  # a ride against a ride keeps its row


def test_a_foot_lost_before_the_end_carries_the_missing_data_caveat(short_ride):
    # the right insole's last frame comes at 1:40 of a 2:30 session: no gap stands for the last 50 s
    ss, rs = short_ride
    # (1:40 of 2:30: less than a minute short of the left foot's, so it is compared, not watched too briefly)
    frames = ss.frames[(ss.frames["foot"] == "left") | (ss.frames["t_s"] < 100)].reset_index(drop=True)
    lost = Session(ss.path, ss.info, frames, ss.gaps)
    c = compare(rs, analyze(lost), ss, lost)
    assert c.after.missing_fraction["right"] == pytest.approx(1 / 3)
    assert c.after.missing_fraction["left"] == pytest.approx(0.0)
    assert "Caveat: 33 % of the right foot's data is missing in the after session: its numbers rest on less " \
           "data." in c.sentences()


def test_without_the_sessions_durations_and_missing_data_come_from_the_pipeline(cleat_forward, short_ride):
    (sb, rb), (ss, rs) = cleat_forward, short_ride
    with_sessions, without = compare(rb, rs, sb, ss), compare(rb, rs)
    assert with_sessions.before.duration_s == pytest.approx(480.0)
    assert without.before.duration_s == pytest.approx(480.0, abs=15.0)
    assert without.before.missing_fraction["left"] == pytest.approx(0.0, abs=0.01)
    assert any("differ in length" in s for s in without.sentences())


# --------------------------------------------------------------------------------- figure and HTML


def test_the_figure_pairs_before_and_after_bars_and_marks_verdicts(moved):
    fig = plot_comparison(moved)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    peaks = [c for c in moved.changes if c.metric == "peak_kpa"]
    assert len(ax.patches) == 2 * len(peaks)
    marks = [t.get_text() for t in ax.texts]
    assert marks.count("\u25bc") == sum(c.verdict == "better" for c in peaks)
    assert marks.count("\u25b2") == sum(c.verdict == "worse" for c in peaks) == 0
    heights = sorted(p.get_height() for p in ax.patches)
    assert heights == pytest.approx(sorted([c.before for c in peaks] + [c.after for c in peaks]))
    other = Figure()
    own = other.add_subplot()
    assert plot_comparison(moved, ax=own) is other



def test_the_phone_drawing_stacks_a_panel_per_foot_with_the_same_bars(moved):
    """The figure was drawn only 10 in wide with a four-column legend (its 8 pt about 4 CSS px on a
    390-px phone); the phone's drawing is 4.2 in wide, a panel per foot, the legend in one column, and the
    page offers it to narrow screens through a <picture>."""
    from monitor.report.phone_images import PHONE_WIDTH_IN
    from monitor.report.plots.compare import plot_comparison_phone

    fig = plot_comparison_phone(moved)
    assert fig.get_size_inches()[0] == pytest.approx(PHONE_WIDTH_IN)
    assert len(fig.axes) == len(moved.feet) == 2
    peaks = [c for c in moved.changes if c.metric == "peak_kpa"]
    for ax, foot in zip(fig.axes, moved.feet):
        assert len(ax.patches) == 2 * sum(c.foot == foot for c in peaks)
        assert [t.get_text() for t in ax.texts].count(f"{foot} foot") == 1
    assert fig.axes[0].get_ylim() == fig.axes[1].get_ylim()
    legend = fig.legends[0]
    assert legend._ncols == 1 and len(legend.get_texts()) == 4
    html = compare_section_html(moved)
    assert html.count('<source media="(max-width: 48.25rem)" srcset="data:image/png;base64,') == 1  # phone_media
    assert "<picture>" in html and "</picture>" in html

def test_the_html_section_is_self_contained_and_its_image_decodes(moved):
    html = compare_section_html(moved)
    assert not re.search(r"https?://", html, re.IGNORECASE)
    assert "<script" not in html.lower() and "@import" not in html and "url(" not in html
    srcs = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(srcs) == 1
    image = matplotlib.image.imread(io.BytesIO(base64.b64decode(srcs[0])), format="png")
    assert image.ndim == 3 and image.shape[0] > 200 and image.shape[1] > 400
    assert html.count('<tr class="sw-verdict-') == len(moved.changes)
    assert html.count('class="sw-better"') == moved.counts()["better"]
    assert "Left foot: MTH2-3 peak pressure fell from" in html
    assert "<li" in html and "<table" in html and html.startswith("<section") and html.endswith("</section>")


def test_pressures_of_another_activity_are_reported_not_judged(short_ride):
    """A run against a ride said '20 measures better' (its forefoot peaks 'fell' from 277 to 64 kPa) with a
    caveat at the end: pressures, forefoot share and reliefs of two activities are now reported, not judged
    (neutral), so the count names no better or worse pressure."""
    ss, rs = short_ride
    run = offline_session("healthy-run", duration_s=150, seed=1)
    c = compare(analyze(run), rs, run, ss)
    table = c.table()
    unjudged = table[table["metric"].isin(["peak_kpa", "pti_kpa_s", "forefoot_share", "reliefs_per_h"])]
    assert not unjudged.empty and set(unjudged["verdict"]) <= {"same", "neutral"}
    mth = unjudged[(unjudged["metric"] == "peak_kpa") & (unjudged["region"] == "mth2_3")]
    assert (mth["after"] < 0.5 * mth["before"]).all() and set(mth["verdict"]) == {"neutral"}
    assert c.counts()["better"] == 0 and c.counts()["worse"] == 0
    # it said "No judged measure changed by more than its threshold", though nothing was judged
    # one sentence, with one bracket: the sessions come before the count, not in a second bracket after
    assert re.fullmatch(r"Nothing judged better or worse in \S+ before, \S+ after: \d+ changes beyond their "
                        r"thresholds were reported, not judged \(another activity; the caveats say why\)\.",
                        c.sentences()[0]), c.sentences()[0]
    assert any(s.startswith("Caveat: the sessions differ in activity (run before, ride after)")
               for s in c.sentences())


# ------------------------------------------------------------------ what a session cannot tell


def test_warnings_of_a_session_that_ended_before_the_others_first_are_not_judged(cleat_forward, short_ride):
    """The 2:30 ride ended before the 8-min ride's warning at 5:00: the first-warning row said 'cannot tell'
    and the warnings row below it 'fell from 1 to 0: better'. The counts are now not judged either."""
    (sb, rb), (ss, rs) = cleat_forward, short_ride
    for c in (compare(rb, rs, sb, ss), compare(rs, rb, ss, sb)):
        for foot in ("left", "right"):
            row = next(x for x in c.changes if x.foot == foot and x.metric == "warning_count")
            assert {row.before, row.after} == {0.0, 1.0}
            assert row.verdict == "neutral" and "ended before" in row.note
        table = c.table()  # which the table says too (docs/compare.md: the row's note)
        assert table.loc[table["metric"] == "warning_count", "note"].str.contains("ended before").all()
        assert not any("warnings" in s and s.endswith(("better.", "worse.")) for s in c.sentences())


def test_a_foot_that_started_late_but_ran_past_the_others_warning_did_not_end_before_it(cleat_forward,
                                                                                          cleat_back):
    """A quiet ride whose left insole came in at 4:00 and ran to 8:00 (a 4-min span) was said to have
    ended before the other ride's first warning at 5:00: the span was taken for the time it ended. Its
    left foot's data ran to 8:00, but 4:00 of data is less than a warning needs: it was watched too briefly to
    tell, and is not compared (compare.watched_briefly); its right foot (0:00 to 8:00) had no warning: better."""
    (sb, rb), (sa, _) = cleat_forward, cleat_back
    late = dataclasses.replace(sa, frames=sa.frames[(sa.frames["foot"] != "left") | (sa.frames["t_s"] >= 240.0)])
    ra = analyze(late, baseline=rider_normal(2))  # the normal the ride before was judged against
    c = compare(rb, ra, sb, late)
    assert c.feet == ("right",) and set(c.watched_briefly) == {"left"}
    for foot in ("right",):
        first = next(x for x in c.changes if x.foot == foot and x.metric == "first_warning_s")
        assert first.before == pytest.approx(300.0, abs=30.0) and first.after is None
        assert first.verdict == "better" and "ended before" not in first.note, (foot, first)
        count = next(x for x in c.changes if x.foot == foot and x.metric == "warning_count")
        assert (count.before, count.after, count.verdict) == (1.0, 0.0, "better"), (foot, count)
    assert not any("ended before" in s for s in c.sentences())


def test_a_session_too_short_for_a_relief_does_not_judge_reliefs_per_hour(cleat_back, short_ride):
    """No relief in a 2:30 ride (the breaks come every 6 min) said 'reliefs fell from 7.5 to 0.0 per hour:
    worse': one relief in 2:30 is 24 per hour, so the change is within one relief and cannot be told."""
    (sa, ra), (ss, rs) = cleat_back, short_ride
    for c in (compare(ra, rs, sa, ss), compare(rs, ra, ss, sa)):
        row = next(x for x in c.changes if x.foot == "left" and x.metric == "reliefs_per_h")
        assert {round(row.before, 1), round(row.after, 1)} == {0.0, 7.5}
        assert row.verdict == "neutral" and "one relief" in row.note
        assert not any(s.startswith(("Both feet: reliefs", "Left foot: reliefs")) for s in c.sentences())


def test_a_few_cycles_are_reported_not_judged(cleat_forward):
    """Two seconds of riding (1 or 2 strokes per foot) said '13 measures better': a stable mean needs about
    30 cycles per foot [41], so a foot with fewer in either session has its pressures reported, not judged,
    and a caveat says why."""
    sb, rb = cleat_forward
    blip = offline_session("healthy-ride", duration_s=2, seed=3)
    rblip = analyze(blip)
    assert all(v["cycles"] < 30 for v in rblip.summary().values())
    for c in (compare(rb, rblip, sb, blip), compare(rblip, rb, blip, sb)):
        table = c.table()
        pressures = table[table["metric"].isin(["peak_kpa", "pti_kpa_s", "forefoot_share"])]
        assert not pressures.empty and set(pressures["verdict"]) <= {"same", "neutral"}
        mth = pressures[(pressures["metric"] == "peak_kpa") & (pressures["region"] == "mth2_3")]
        assert set(mth["verdict"]) == {"neutral"}  # 92 against 65 kPa: a real change, but on 2 strokes
        assert any(s.startswith("Caveat: too few cycles") for s in c.sentences())
    # thirty seconds (44 strokes) is enough
    half = offline_session("healthy-ride", duration_s=30, seed=3)
    c = compare(rb, analyze(half), sb, half)
    assert _row(c.table(), "left", "peak_kpa", "mth2_3")["verdict"] == "better"
    assert not any(s.startswith("Caveat: too few cycles") for s in c.sentences())


@pytest.mark.parametrize("calibrated", [True, False])
def test_pressures_of_another_insole_are_reported_not_judged(cleat_forward, cleat_back, calibrated):
    """Peaks and PTI of two different insoles (sensor sizes, or counts rather than kPa) were judged:
    'MTH4-5 peak pressure fell from 54 to 48 kPa: better' against an uncalibrated insole, under a caveat
    that its pressures do not compare. Small sensors read about twice pedar's peaks (domain.md section 0):
    peaks and PTI now compare within one insole only; the forefoot share, a fraction, is still judged."""
    (sb, rb), (sa, _) = cleat_forward, cleat_back
    layouts = {foot: dataclasses.replace(lay, area_mm2=lay.area_mm2 * 1.5, calibrated=calibrated)
               for foot, lay in sa.info.layouts.items()}
    other = Session(sa.path, dataclasses.replace(sa.info, layouts=layouts), sa.frames, sa.gaps)
    ro = analyze(other)
    for c, share in ((compare(rb, ro, sb, other), "better"), (compare(ro, rb, other, sb), "worse")):
        table = c.table()
        pressures = table[table["metric"].isin(["peak_kpa", "pti_kpa_s"])]
        assert set(pressures["verdict"]) <= {"same", "neutral"}
        assert set(pressures[pressures["region"] == "mth2_3"]["verdict"]) == {"neutral"}
        assert all("different insoles" in x.note for x in c.changes
                   if x.metric in ("peak_kpa", "pti_kpa_s") and x.verdict == "neutral" and x.region in JUDGED_REGIONS)
        assert set(table[table["metric"] == "forefoot_share"]["verdict"]) == {share}
        assert "Caveat: different insoles on both feet (the sensor layouts differ): their peak pressures and " \
               "pressure-time integrals are reported, not judged." in c.sentences()


def test_a_forefoot_share_change_is_the_difference_of_the_values_shown():
    """"fell from 74 % to 64 % (-11 percentage points)" and "76 % -> 78 %" as "+1 percentage points": the change
    was the exact one rounded, not the difference of the rounded values shown beside it."""
    from monitor.analysis.compare import MetricChange
    from monitor.analysis.compare_text import format_change

    def said(before: float, after: float) -> str:
        return format_change(MetricChange("left", "forefoot_share", None, before, after, "better"))

    assert said(0.7449, 0.6351) == "-10 percentage points"  # shown 74 % and 64 %; exactly -10.98
    assert said(0.761, 0.775) == "+2 percentage points"  # shown 76 % and 78 %; exactly +1.4
    assert said(0.70, 0.71) == "+1 percentage point"
    assert said(0.704, 0.696) == "0 percentage points"
