"""The session report: its numbers (monitor.report.data and the *_data modules it gathers) against hand-computed
values, its verdict, the HTML page (self-contained, in order), and `solewatch report` through
monitor.cli.main.main."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import re
import shutil
from html import escape
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pytest
from dev_full import needs_dev_full
from known_rider import rider_normal
from matplotlib.figure import Figure
from report_sessions import layout4, session_from_arrays

from monitor.analysis.batch import analyze
from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE, referrals
from monitor.cli.main import main
from monitor.report.cycles_data import cycle_curves
from monitor.report.data import report_data
from monitor.report.figures import FIGURES, report_figures
from monitor.report.frames_data import foot_frames
from monitor.report.html import figure_png, render_html
from monitor.report.maps_data import pressure_map
from monitor.report.pdf import A4_IN, MARGIN_IN, PER_PAGE, TITLE_IN, page_layout
from monitor.report.quality_data import data_quality
from monitor.report.text import analysis_text
from monitor.report.timeline_data import LEVEL_CODE
from monitor.report.verdict_data import top_suggestions, verdict
from monitor.session.offline import offline_session
from monitor.signal.types import Cycle
from monitor.util.timefmt import clock_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"
nan = np.nan


# ---------------------------------------------------------------------------- numbers by hand


@pytest.fixture(scope="module")
def tiny():
    """Five frames per foot of a four-sensor insole; the left foot has an unloaded frame, a frame with a
    dead sensor, a missing frame and a nearly unloaded one; gaps, link events, battery and counters."""
    t = np.arange(5) / 100.0
    left = np.array([[0, 0, 0, 0],
                     [100, 20, 40, 10],  # total force (100 + 20 + 40) x 0.1 + 10 x 0.05 = 16.5 N
                     [80, nan, 60, 20],  # (80 + 60) x 0.1 + 20 x 0.05 = 15 N
                     [nan, nan, nan, nan],
                     [1, 1, 1, 1]])  # 0.35 N
    right = np.full((5, 4), 10.0)
    gaps = [dict(foot="left", start_s=0.03, end_s=0.04, frames_missing=1, packets_lost=1,
                 reason="packets lost", filled=True),
            dict(foot="right", start_s=0.05, end_s=1.05, frames_missing=100, packets_lost=13,
                 reason="link down", filled=False)]
    events = [{"t_s": 0.0, "event": "battery", "foot": "left", "level_pct": 80},
              {"t_s": 0.01, "event": "disconnected", "foot": "left"},
              {"t_s": 0.02, "event": "reconnected", "foot": "left", "attempts": 1},
              {"t_s": 0.03, "event": "battery", "foot": "left", "level_pct": 75},
              {"t_s": 0.04, "event": "battery_low", "foot": "right", "level_pct": 12}]
    counters = {"left": {"packets_received": 10, "packets_lost": 1, "packets_corrupt": 2}}
    return session_from_arrays({"left": (t, left), "right": (t, right)},
                               {"left": layout4("left"), "right": layout4("right")},
                               gaps=gaps, events=events, counters=counters)


def test_pressure_map_by_hand(tiny):
    # loaded: total force >= 0.1 x the 95th percentile of the valid frames' totals [0, 16.5, 15, 0.35]
    # (16.275 N): frames 1 and 2 only
    m = pressure_map(foot_frames(tiny, "left"), tiny.info.layouts["left"])
    assert m.loaded_frames == 2 and m.valid_frames == 4
    np.testing.assert_allclose(m.mean_kpa, [90.0, 20.0, 50.0, 15.0])  # the dead sensor's NaN left out
    np.testing.assert_allclose(m.peak_kpa, [100.0, 20.0, 60.0, 20.0])


def test_pressure_map_is_the_same_in_any_chunking(monkeypatch):
    import monitor.report.maps_data as rd

    rng = np.random.default_rng(7)
    p = rng.uniform(0, 100, size=(1000, 4))
    p[rng.random(p.shape) < 0.05] = np.nan
    p[100:130] = np.nan
    p[500:520] = 0.0
    t = np.arange(1000) / 100.0
    s = session_from_arrays({"left": (t, p)}, {"left": layout4("left")})
    whole = pressure_map(foot_frames(s, "left"), s.info.layouts["left"])
    monkeypatch.setattr(rd, "CHUNK_FRAMES", 7)
    chunked = pressure_map(foot_frames(s, "left"), s.info.layouts["left"])
    np.testing.assert_allclose(chunked.mean_kpa, whole.mean_kpa, rtol=1e-12)
    np.testing.assert_array_equal(chunked.peak_kpa, whole.peak_kpa)
    assert (chunked.loaded_frames, chunked.valid_frames) == (whole.loaded_frames, whole.valid_frames) == \
        (whole.loaded_frames, 970)
    f32 = p.astype(np.float32)
    np.testing.assert_array_equal(whole.peak_kpa, np.nanmax(f32, axis=0))


def lost_right_foot():
    """A 20 s two-foot session whose right insole sends its last frame at 9.99 s and never comes back: no
    row of gaps.csv stands for the 10 s it is missing (a gap ends only when a packet comes again)."""
    t_left, t_right = np.arange(2001) / 100.0, np.arange(1000) / 100.0
    events = [{"t_s": 20.0, "event": "foot_lost", "foot": "right", "down_session_s": 10.0}]
    return session_from_arrays({"left": (t_left, np.full((t_left.size, 4), 50.0)),
                                "right": (t_right, np.full((t_right.size, 4), 50.0))},
                               {"left": layout4("left"), "right": layout4("right")}, events=events)


def test_a_foot_lost_before_the_end_has_its_missing_tail_counted():
    from monitor.report.html import _quality_rows

    session = lost_right_foot()
    q = data_quality(session, {f: foot_frames(session, f) for f in ("left", "right")})
    left, right = q.feet["left"], q.feet["right"]
    assert left.absent_frames == 0 and left.absent_spans == [] and left.missing_share == 0.0
    assert right.absent_frames == 1000 and right.absent_spans == [(pytest.approx(10.0), 20.0)]
    assert right.missing_share == pytest.approx(1000 / 2000)  # of the frames the foot should have sent
    assert [c for c in q.caveats if "no data" in c] == [
        "right: no data from 0:10 to the end of the session (0:10 of 0:20): counted as missing"]
    rows = {r[0]: r[1:] for r in _quality_rows(q)}
    assert rows["frames with no reading"] == ["0 of 2,001 (0.00 %)", "1,000 of 2,000 (50.00 %)"]


@pytest.mark.parametrize("said_lost", [False, True])
def test_a_reconnection_that_failed_counts_the_foot_lost_once_and_is_marked(said_lost):
    # the right insole's reconnection failed on an error the link did not expect, at its first attempt
    # or after the foot was lost: the foot was lost once, and the panel marks the failure (had: lost 0
    # times when nothing said `foot_lost` first, and no mark)
    from monitor.report.plots.quality import plot_data_quality

    session = lost_right_foot()
    events = [{"t_s": 10.0, "event": "disconnected", "foot": "right"}]
    events += [{"t_s": 15.0, "event": "foot_lost", "foot": "right", "down_session_s": 5.0}] * said_lost
    events += [{"t_s": 16.0, "event": "reconnection_failed", "foot": "right", "error": "RuntimeError: x",
                "down_session_s": 6.0, "note": "right insole lost: its reconnection failed (RuntimeError: x)"}]
    session.events[:] = events
    q = data_quality(session, {f: foot_frames(session, f) for f in ("left", "right")})
    assert (q.feet["right"].disconnects, q.feet["right"].foot_lost) == (1, 1)
    assert [e for _, e in q.feet["right"].link_events][-1] == "reconnection_failed"
    fig = plot_data_quality(q)
    assert "reconnection failed" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_a_refused_reconnection_is_in_the_report_s_list_and_marked():
    # the right insole came back describing another layout: its reconnection was refused (it is still tried),
    # and the report's list of every alert and event holds it with its note, the panel marks it (had: left
    # out of both, the link events listed being those of event_list.LINK_KINDS)
    from monitor.report.plots.quality import plot_data_quality

    note = "right insole refused at its reconnection (another layout than the session's); it is still tried"
    session = lost_right_foot()
    session.events[:] = [{"t_s": 10.0, "event": "disconnected", "foot": "right"},
                         {"t_s": 12.0, "event": "reconnection_refused", "foot": "right",
                          "error": "ValueError: another layout", "note": note + "\n"},
                         {"t_s": 15.0, "event": "foot_lost", "foot": "right", "down_session_s": 5.0}]
    data = report_data(session, analyze(session))
    assert [(e.kind, e.message) for e in data.link_events][1] == ("reconnection_refused", note)
    html = render_html(data, {})
    listed = html[html.index("Every alert and event"):]
    assert "reconnection refused" in listed and escape(note) in listed, listed
    q = data_quality(session, {f: foot_frames(session, f) for f in ("left", "right")})
    assert [e for _, e in q.feet["right"].link_events] == ["disconnected", "reconnection_refused", "foot_lost"]
    assert q.feet["right"].foot_lost == 1  # refused is not lost: the foot was lost once
    fig = plot_data_quality(q)
    assert "reconnection refused" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_pressure_map_of_a_foot_that_never_reads_is_nan(tiny):
    frames = foot_frames(tiny, "left")
    blank = type(frames)("left", frames.t_s, np.full_like(frames.pressure_kpa, np.nan))
    m = pressure_map(blank, tiny.info.layouts["left"])
    assert np.isnan(m.mean_kpa).all() and np.isnan(m.peak_kpa).all() and m.valid_frames == 0


def test_data_quality_by_hand(tiny):
    q = data_quality(tiny, {f: foot_frames(tiny, f) for f in ("left", "right")})
    left, right = q.feet["left"], q.feet["right"]
    assert (left.frames, left.missing_frames, left.partial_frames, left.unfilled_frames) == (5, 1, 1, 0)
    assert left.missing_share == pytest.approx(1 / 5)
    assert right.unfilled_frames == 100 and right.missing_share == pytest.approx(100 / 105)
    assert left.gaps == 1 and left.gap_s == pytest.approx(0.01) and left.gaps_by_reason == {"packets lost": 1}
    assert right.gap_spans == [(0.05, 1.05)] and right.gaps_by_reason == {"link down": 1}
    assert (left.disconnects, left.reconnects, left.foot_lost) == (1, 1, 0)
    assert left.battery == [(0.0, 80.0), (0.03, 75.0)] and right.battery_low == 1
    assert left.counters == {"packets_received": 10, "packets_lost": 1, "packets_corrupt": 2}
    assert [e for _, e in left.link_events] == ["disconnected", "reconnected"]
    assert q.duration_s == pytest.approx(0.04)
    # four sensors resolve four regions; the right foot's 105 frames lie past the session's 0.04 s
    layout_notes = [c for c in q.caveats if "frames received or missing" not in c]
    assert [c.split(":")[0] for c in layout_notes if "cannot check" not in c] == ["left", "right"]
    # no MTH1 nor MTH4-5 sensor: neither the lateral balance nor the focal peak is checked
    # (tests/test_unchecked_patterns.py, tests/test_unchecked_needs.py)
    said = ("cannot check for load shifted to the outer forefoot or a focal pressure peak under the metatarsal heads "
            "(no sensor under the MTH1 and the MTH4-5)")
    assert [c.split(":")[0] for c in layout_notes if said in c] == ["left", "right"]
    assert [c[:c.index(" (4)")] for c in q.caveats if "frames received or missing" in c] == [
        "right: 105 frames received or missing, 101 more than the session's 0:00 holds at 100 Hz"]
    # in the words of the rest of the report, not as code identifiers
    assert "cannot resolve the lateral heel, medial midfoot, MTH1, MTH4-5 and lesser toes (no sensor" in q.caveats[0]


def test_the_gaps_row_counts_gaps_by_their_cause(tiny):
    """The gaps cell read "1 (0.01 s): 1 packets lost", a count of gaps taken for a count of packets."""
    from monitor.report.html import _quality_rows

    q = data_quality(tiny, {f: foot_frames(tiny, f) for f in ("left", "right")})
    gaps = next(row for row in _quality_rows(q) if row[0] == "gaps")
    assert gaps[1:] == ["1 (0.01 s): 1 from packets lost", "1 (1.00 s): 1 from link down"], gaps


def test_imported_caveats_and_unresolved_regions_are_listed():
    t = np.arange(3) / 100.0
    p = np.ones((3, 4))
    s = session_from_arrays({"left": (t, p)}, {"left": layout4("left")},
                            imported_from={"format": "csv", "file": "x.csv", "header": {},
                                           "caveats": ["areas are a guess"]})
    q = data_quality(s, {"left": foot_frames(s, "left")})
    assert q.caveats[0] == "areas are a guess"
    assert any("cannot resolve" in c and "MTH1" in c and "lesser toes" in c for c in q.caveats)


def _ramp_session(amplitudes=(100.0, 200.0), missing_at=None):
    """100 Hz; cycle k = [k, k + 1) s; the MTH2 sensor rises linearly from 0 to amplitudes[k] in each."""
    t = np.arange(int(100 * len(amplitudes)) + 1) / 100.0
    p = np.zeros((t.size, 4))
    for k, a in enumerate(amplitudes):
        inside = (t >= k) & (t < k + 1)
        p[inside, 2] = a * (t[inside] - k)
    if missing_at is not None:
        p[missing_at] = np.nan
    cycles = [Cycle("left", "stroke", float(k), float(k + 1)) for k in range(len(amplitudes))]
    return session_from_arrays({"left": (t, p)}, {"left": layout4("left")}), cycles


def test_cycle_curves_by_hand():
    s, cycles = _ramp_session()
    c = cycle_curves(foot_frames(s, "left"), s.info.layouts["left"], cycles)
    assert c.kind == "stroke" and c.n_cycles == 2 and c.n_available == 2
    i = c.regions.index("mth2_3")
    phase = c.phase_pct[:100] / 100.0  # 100 % is the next cycle's first frame
    np.testing.assert_allclose(c.mean_kpa[i, :100], 150.0 * phase, atol=1e-9)  # mean of 100 f and 200 f
    np.testing.assert_allclose(c.sd_kpa[i, :100], 50.0 * phase, atol=1e-9)  # population sd
    np.testing.assert_allclose(c.mean_kpa[c.regions.index("heel_medial")], 0.0)
    # only MTH2 (x 0, y 0.7) carries load: the centre of pressure sits on it; none at the cycle's start
    assert np.isnan(c.cop_y[0])
    np.testing.assert_allclose(c.cop_y[1:100], 0.7)
    np.testing.assert_allclose(c.cop_x[1:100], 0.0, atol=1e-12)


def test_cycle_curves_leave_out_cycles_with_a_missing_frame_and_cap_the_count():
    s, cycles = _ramp_session((100.0, 200.0, 300.0), missing_at=150)
    c = cycle_curves(foot_frames(s, "left"), s.info.layouts["left"], cycles)
    assert c.n_available == 2  # cycle [1, 2) has a missing frame
    np.testing.assert_allclose(c.mean_kpa[c.regions.index("mth2_3"), 50], 0.5 * (100 + 300) / 2)
    capped = cycle_curves(foot_frames(s, "left"), s.info.layouts["left"], cycles, max_cycles=1)
    assert capped.n_cycles == 1 and capped.n_available == 2


def test_cycle_curves_use_the_stance_of_strides():
    s, _ = _ramp_session()
    strides = [Cycle("left", "stride", 0.0, 1.0, toe_off_s=0.5),
               Cycle("left", "stride", 1.0, 2.0, toe_off_s=1.5)]
    c = cycle_curves(foot_frames(s, "left"), s.info.layouts["left"], strides)
    assert c.kind == "stance"
    # stance [k, k + 0.5): the ramp reaches half its amplitude at toe-off
    np.testing.assert_allclose(c.mean_kpa[c.regions.index("mth2_3"), 100], 0.5 * 150.0)
    assert cycle_curves(foot_frames(s, "left"), s.info.layouts["left"], []) is None


# ---------------------------------------------------------------------------- a session with warnings


@pytest.fixture(scope="module")
def cleat():
    session = offline_session("cleat-forward", duration_s=480, seed=1)
    result = analyze(session, baseline=rider_normal(1))
    return session, result, report_data(session, result)


def test_the_verdict_names_the_foot_and_region_of_a_warning(cleat):
    _, result, data = cleat
    v = data.verdict
    assert "sustained forefoot load" in v.headline and "MTH2-3" in v.headline and "foot" in v.headline
    assert v.headline == analysis_text(result).splitlines()[0]
    assert v.alert_counts["left"]["warning"] >= 1 and v.alert_counts["right"]["warning"] >= 1
    assert v.where == {"left": ["MTH2-3"], "right": ["MTH2-3"]}  # under its head: a focal peak
    first = min(a.t_s for a in result.alerts if a.foot == "left" and a.level in ("warning", "alert"))
    assert v.first_warning_s["left"] == first
    assert [s.key for s in v.suggestions][:3] == ["unweight", "cleat_back", "met_pad"]  # the warning's break first
    assert v.referrals == referrals(["cycling"]) and v.disclaimer == NOT_A_MEDICAL_DEVICE


def test_the_suggestions_are_those_solewatch_analyze_lists(cleat):
    _, result, data = cleat
    text = analysis_text(result)
    for s in top_suggestions(result):
        assert f"{s.text} (evidence {s.strength}" in text


def test_the_per_foot_lines_say_one_relief_in_the_singular(cleat):
    # the 8-minute cleat-forward ride unweights once (at 6:00) on each foot
    _, result, data = cleat
    assert [result.summary()[f]["relief_count"] for f in ("left", "right")] == [1, 1]
    for line in data.verdict.foot_lines + analysis_text(result).splitlines():
        assert "1 reliefs" not in line
    assert all(", 1 relief, " in line for line in data.verdict.foot_lines)


def test_the_cycle_caption_counts_one_cycle_in_the_singular():
    from types import SimpleNamespace

    from monitor.report.html import _cycles_section

    curves = {"left": SimpleNamespace(n_cycles=1, n_available=1, n_total=1, n_missing=0, n_cut=0, kind="stroke"),
              "right": SimpleNamespace(n_cycles=300, n_available=1200, n_total=1200, n_missing=0, n_cut=0,
                                       kind="stroke")}
    html = _cycles_section(SimpleNamespace(curves=curves), {"cycles": b""})
    assert "left: 1 of 1 stroke; right: 300 of 1,200 strokes" in html


def test_the_pdf_text_counts_in_words(tiny):
    from monitor.report.pdf import report_text_lines

    text = "\n".join(report_text_lines(report_data(tiny, analyze(tiny))))
    assert "(s)" not in text
    assert "left: 0 notices, 0 warnings, 0 alerts;" in text
    assert "1 gap (0.01 s), 1 disconnection" in text  # the left foot of the tiny session


def test_the_pdf_text_lists_the_sources_its_suggestions_cite(cleat):
    from monitor.analysis.sources import SOURCES, cited_sources
    from monitor.report.pdf import report_text_lines

    _, _, data = cleat
    lines = report_text_lines(data)
    cited = cited_sources(s.evidence for s in data.verdict.suggestions)
    assert cited  # the cleat and metatarsal-pad suggestions cite the domain reference
    assert all(f"[{n}] {SOURCES[n]}" in lines for n in cited)
    assert lines.index("Sources:") < lines.index("When to see a clinician:")


def test_a_session_without_alerts_has_no_suggestion():
    session = offline_session("healthy-ride", duration_s=60, seed=1)
    result = analyze(session)
    v = verdict(result, ("left", "right"))
    # the per-foot lines are prose: a missing warning is said in words, not as a table's "-"
    for line in v.foot_lines + analysis_text(result).splitlines():
        assert "first warning -" not in line
    assert all(line.endswith(", no warning") for line in v.foot_lines)
    assert v.suggestions == [] and v.where == {"left": [], "right": []}
    assert v.alert_counts["left"] == {"notice": 0, "warning": 0, "alert": 0}


def test_timeline_follows_the_windows_and_assessments(cleat):
    _, result, data = cleat
    tl = data.timelines["left"]
    pipe = result.feet["left"]
    assert tl.t_s.tolist() == [w.t_s for w in pipe.windows_]
    assert tl.level.tolist() == [LEVEL_CODE[a.level] for a in pipe.assessments_]
    assert LEVEL_CODE["warning"] in tl.level and tl.reliefs == [tuple(r) for r in pipe.reliefs_]
    w = pipe.windows_[10]
    assert tl.forefoot_peak_kpa[10] == max(w.peak_kpa[r] for r in ("mth1", "mth2_3", "mth4_5", "hallux"))


def test_the_cleat_forward_maps_and_curves_peak_under_mth2_3(cleat):
    session, _, data = cleat
    layout = session.info.layouts["left"]
    mth23 = [i for i, r in enumerate(layout.regions) if r in ("mth2", "mth3")]
    assert int(np.nanargmax(data.maps["left"].peak_kpa)) in mth23
    c = data.curves["left"]
    assert c.kind == "stroke" and c.n_cycles == 300 and c.n_available > 600
    assert c.regions[int(np.nanargmax(c.mean_kpa.max(axis=1)))] == "mth2_3"


# ---------------------------------------------------------------------------- the HTML page


@pytest.fixture(scope="module")
def page(cleat):
    _, _, data = cleat
    images = {name: figure_png(fig, dpi=40) for name, fig in report_figures(data).items()}
    return render_html(data, images, compare_html='<p id="cmp-fragment">compared</p>'), images


def test_the_page_is_self_contained(page):
    html, _ = page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html.lower() and "@import" not in html and "url(" not in html
    srcs = re.findall(r'<img[^>]*\ssrc="([^"]*)"', html)
    # every figure but the steps' (a ride has no steps)
    assert len(srcs) == len(FIGURES) - 1 and all(s.startswith("data:image/png;base64,") for s in srcs)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert 'name="viewport"' in html and "max-width" in html and "img { width: 100%" in html


def test_every_embedded_png_decodes(page):
    html, images = page
    for src in re.findall(r'src="data:image/png;base64,([^"]*)"', html):
        img = mpimg.imread(io.BytesIO(base64.b64decode(src)), format="png")
        assert img.ndim == 3 and img.shape[0] > 50 and img.shape[1] > 50


def test_the_sections_come_in_order(page):
    html, _ = page
    marks = ['id="verdict"', "What to try", "When to see a clinician", '<section id="compare"',
             'id="cmp-fragment"',
             'id="heatmaps"', 'id="regions"', 'id="timeline"', 'id="cycles"', 'id="cop"', 'id="asymmetry"',
             'id="quality"']
    at = [html.index(m) for m in marks]
    assert at == sorted(at)


def test_the_verdict_section_says_what_happened_and_when_to_see_a_clinician(page, cleat):
    html, _ = page
    verdict_html = html[html.index('<section id="verdict"'):html.index('<section id="compare"')]
    assert "MTH2-3" in verdict_html and "first warning" in verdict_html and "5:00" in verdict_html
    # the cleat move and the break are weak; so is the metatarsal pad on a bike, studied walking alone [21][22]
    assert "evidence weak" in verdict_html and "evidence moderate" not in verdict_html
    assert "the evidence for this comes from walking only" in verdict_html
    assert "Move both cleats 2-10 mm rearward" in verdict_html
    # every evidence tag links to the report's own references
    tags = set(re.findall(r'href="#(ref-\d+)"', verdict_html))
    assert tags and all(f'id="{t}"' in verdict_html for t in tags)
    assert 'id="references"' in verdict_html and "Klein et al. 2008" in verdict_html
    unlinked = re.sub(r'<a href="#ref-\d+">(\[\d+\])</a>', r"\1", verdict_html)
    for r in referrals(["cycling"]):
        assert r.replace("'", "&#x27;") in unlinked
    assert '<a href="#ref-18">[18]</a><a href="#ref-36">[36]</a>' in verdict_html  # the referral's sources
    assert NOT_A_MEDICAL_DEVICE in verdict_html


def test_without_a_comparison_there_is_no_before_and_after(cleat):
    _, _, data = cleat
    html = render_html(data, {})
    assert "Before and after" not in html and "<img" not in html


def test_a_short_one_foot_session_without_cycles_still_makes_a_whole_report():
    t = np.arange(300) / 100.0
    p = np.ones((300, 4)) * 20.0
    s = session_from_arrays({"left": (t, p)}, {"left": layout4("left")})
    data = report_data(s, analyze(s))
    assert data.curves["left"] is None and data.asymmetry == {}
    figures = report_figures(data)
    assert list(figures) == [name for name in FIGURES if name not in ("asymmetry", "steps")]
    html = render_html(data, {name: figure_png(fig, dpi=30) for name, fig in figures.items()})
    assert "One foot only: no asymmetry." in html and "left: no complete cycle without missing data" in html
    assert len(re.findall("<img ", html)) == len(FIGURES) - 2


# ---------------------------------------------------------------------------- the command


@pytest.fixture
def sample(tmp_path):
    dst = tmp_path / "ride"
    shutil.copytree(SAMPLES / "sim-cleat-forward", dst)
    return dst


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def test_report_command_writes_html_and_pdf_and_prints_the_path(sample, tmp_path, capsys):
    pdf = tmp_path / "ride.pdf"
    code = main(["report", str(sample), "--pdf", str(pdf), "--compare", str(SAMPLES / "sim-healthy-ride")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.splitlines() == [str(sample / "report.html"), str(pdf)]
    assert "analysing" in err and "drawing the pressure maps" in err and "Traceback" not in err
    assert "figure: " not in err  # had: the figures' code names ("figure: cop") in a log's lines
    html = (sample / "report.html").read_text(encoding="utf-8")
    assert '<section id="compare"><h2>Before and after</h2>' in html and "sample-healthy-ride" in html
    data = pdf.read_bytes()
    # the text page, the two pages of "Before and after" (tests/test_report_pdf_compare.py), then a ride's
    # seven figures two or three to a page (the PDF had a page for each)
    assert data.startswith(b"%PDF") and _pdf_pages(data) == 1 + 2 + 3
    assert not _leftovers(sample, tmp_path)


def _leftovers(*dirs: Path) -> list[Path]:
    """Temporary files of a report being written."""
    return [p for d in dirs for p in d.iterdir() if ".writing-" in p.name]


def test_a_malformed_session_is_one_line_and_keeps_the_existing_report(sample, capsys):
    (sample / "report.html").write_text("the earlier report", encoding="utf-8")
    info = (sample / "session.json").read_text(encoding="utf-8")
    (sample / "session.json").write_text(info[: len(info) // 2], encoding="utf-8")
    code = main(["report", str(sample)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[-1].startswith("solewatch report: error: ") and "session.json" in lines[-1]
    assert "line" in lines[-1] and "Traceback" not in err
    assert [ln for ln in lines if "error" in ln] == [lines[-1]]
    assert (sample / "report.html").read_text(encoding="utf-8") == "the earlier report"


def test_a_failed_write_keeps_the_existing_report_and_leaves_nothing(sample, tmp_path, capsys, monkeypatch):
    import monitor.report.writer as report

    (sample / "report.html").write_text("the earlier report", encoding="utf-8")
    monkeypatch.setattr(report, "report_figures", lambda data, progress=None: {})

    def full_disk(path, data, figures, compare_pages=()):
        Path(path).write_bytes(b"%PDF-half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report, "write_pdf", full_disk)
    code = main(["report", str(sample), "--pdf", str(tmp_path / "new" / "r.pdf")])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.strip().splitlines()[-1] == (f"solewatch report: error: {tmp_path / 'new' / 'r.pdf'}: "
                                            "cannot write (No space left on device); nothing was left behind")
    assert (sample / "report.html").read_text(encoding="utf-8") == "the earlier report"
    assert not (tmp_path / "new").exists()  # the directory made for the PDF is removed again
    assert not _leftovers(sample, tmp_path)


@pytest.mark.parametrize("args, fragment", [
    (["-o", "{tmp}"], "is a directory"),
    (["-o", "{session}/frames.parquet"], "is the session's own frames.parquet"),
    (["--pdf", "{session}/session.json"], "is the session's own session.json"),
    (["-o", "{tmp}/r", "--pdf", "{tmp}/r"], "need different files"),  # no suffix: either kind
    (["--params", "{tmp}/missing.json"], "missing.json: cannot read"),
])
def test_bad_targets_and_params_are_one_line(sample, tmp_path, capsys, args, fragment):
    before = {p.name: p.read_bytes() for p in sample.iterdir()}
    code = main(["report", str(sample), *[a.format(tmp=tmp_path, session=sample) for a in args]])
    _, err = capsys.readouterr()
    assert code == 2 and fragment in err.strip().splitlines()[-1] and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in sample.iterdir()} == before


def test_missing_directories_above_the_report_are_made(sample, tmp_path, capsys, monkeypatch):
    import monitor.report.writer as report

    monkeypatch.setattr(report, "report_figures", lambda data, progress=None: {})
    out = tmp_path / "reports" / "2026" / "ride.html"
    assert main(["report", str(sample), "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE")


def test_params_change_the_analysis_behind_the_report(sample, tmp_path, capsys, monkeypatch):
    import monitor.report.writer as report

    monkeypatch.setattr(report, "report_figures", lambda data, progress=None: {})  # the words are enough
    params = tmp_path / "params.json"
    params.write_text(json.dumps({"alerts": {"raise_hold_s": 86_400}}), encoding="utf-8")
    code = main(["report", str(sample), "--params", str(params), "-o", str(tmp_path / "quiet.html")])
    assert code == 0, capsys.readouterr().err
    html = (tmp_path / "quiet.html").read_text(encoding="utf-8")
    assert "nothing found in 1:30 of data, too short to tell" in html  # the 90 s sample, its notices held back


def _files(*dirs: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for d in dirs for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("where", [("--pdf", "raw.swlog"), ("-o", "frames.parquet"), ("-o", "session.json")])
def test_a_report_never_replaces_a_file_of_the_compared_session(sample, tmp_path, capsys, where):
    option, name = where
    other = tmp_path / "after"
    shutil.copytree(SAMPLES / "sim-healthy-ride", other)
    before = _files(sample, other)
    code = main(["report", str(sample), "--compare", str(other), option, str(other / name), "--force"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("solewatch report: error: ")
    assert name in err and "Traceback" not in err
    assert _files(sample, other) == before  # nothing changed


@pytest.mark.parametrize("broken, fragment", [
    (lambda after: shutil.rmtree(after), "after: not a directory: nothing is there"),
    (lambda after: (after / "session.json").unlink(), "session.json: missing"),
    (lambda after: (after / "gaps.csv").write_text("foot,start\n", encoding="utf-8"), "gaps.csv"),
])
def test_a_compared_session_that_cannot_be_read_is_said_before_any_analysis(sample, tmp_path, capsys,
                                                                            monkeypatch, broken, fragment):
    # both sessions are checked and loaded before the first is analysed (had: SESSION analysed, some
    # seconds, then "B: not a directory" after three progress lines)
    import monitor.analysis.batch as batch

    def never(*args, **kwargs):
        raise AssertionError("analysed before both sessions were read")

    monkeypatch.setattr(batch, "analyze", never)
    other = tmp_path / "after"
    shutil.copytree(SAMPLES / "sim-healthy-ride", other)
    broken(other)
    code = main(["report", str(sample), "--compare", str(other)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "Traceback" not in err
    assert fragment in err.strip().splitlines()[-1], err
    assert err.strip().splitlines() == [err.strip().splitlines()[-1]]  # the error alone, no progress before it
    assert not (sample / "report.html").exists()


@pytest.mark.parametrize("broken, fragment", [
    (lambda s: (s / "frames.parquet").write_text("garbage", encoding="utf-8"), "frames.parquet: not a readable"),
    (lambda s: (s / "gaps.csv").write_text("foot,start\n", encoding="utf-8"), "gaps.csv: line 1"),
    (lambda s: (s / "setup.json").write_text("{", encoding="utf-8"), "setup.json: line 1"),
    (lambda s: (s / "fit_records.parquet").write_text("garbage", encoding="utf-8"),
     "fit_records.parquet: not a readable Parquet table"),
])
def test_a_session_whose_files_are_broken_is_one_error_line_with_no_progress_before_it(sample, capsys, broken,
                                                                                       fragment):
    """A report of a session whose tables cannot be read printed "loading SESSION" before its error: the
    files are read before any progress line, so the error comes alone. So are its setup.json and its
    ride's fit_records.parquet (had: read after the analysis, its "analysing with ..." line before the
    error)."""
    broken(sample)
    code = main(["report", str(sample)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [err.strip().splitlines()[-1]], err
    assert err.startswith("solewatch report: error: ") and fragment in err
    assert not (sample / "report.html").exists()


def test_a_session_rebuilt_from_its_raw_log_says_so_before_the_rebuild(sample, capsys):
    """Rebuilding the tables from the raw log is long work for a long session: it is said first."""
    (sample / "frames.parquet").unlink()
    (sample / "gaps.csv").unlink()
    assert main(["report", str(sample)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"rebuilding the tables of {sample} from its raw log (raw.swlog)"


@pytest.mark.parametrize("option", ["-o", "--pdf"])
def test_a_report_replaces_an_existing_file_only_with_force(sample, tmp_path, capsys, option):
    target = tmp_path / ("r.html" if option == "-o" else "r.pdf")
    target.write_text("someone's file", encoding="utf-8")
    code = main(["report", str(sample), option, str(target)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "--force" in err and len(err.strip().splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "someone's file"
    assert main(["report", str(sample), option, str(target), "--force"]) == 0
    assert target.read_bytes() != b"someone's file"


@pytest.mark.parametrize("names", [
    ("heatmaps", "regions", "timeline", "steps", "cycles", "cop", "asymmetry", "quality"),  # a run
    ("heatmaps", "regions", "timeline", "cycles", "cop", "asymmetry", "quality"),  # a ride
    ("heatmaps", "regions", "timeline", "cycles", "cop", "quality"),  # one foot
])
def test_the_pdf_puts_two_or_three_figures_on_a_page(names):
    # the report's figure sizes (inches)
    inches = {"heatmaps": (6.4, 8.6), "regions": (6.4, 3.8), "timeline": (6.4, 5.6), "steps": (6.4, 5.6),
              "cycles": (6.4, 3.6), "cop": (4.4, 4.8), "asymmetry": (6.4, 3.4), "quality": (6.4, 3.6)}
    figures = {name: Figure(figsize=inches[name]) for name in names}
    pages = page_layout(figures)
    assert [name for page in pages for name, _, _ in page] == list(names)
    assert all(2 <= len(page) <= PER_PAGE for page in pages)
    for page in pages:
        assert sum(h + TITLE_IN for _, _, h in page) <= A4_IN[1] - 2 * MARGIN_IN + 1e-9
        assert all(w <= A4_IN[0] - 2 * MARGIN_IN + 1e-9 for _, w, _ in page)
        assert all(h >= 0.25 * (A4_IN[1] - 2 * MARGIN_IN) for _, _, h in page)  # none made tiny


def test_a_layout_without_a_midfoot_sensor_says_the_share_cannot_be_measured_and_prints_no_nan():
    """The 4-sensor layout (heel, MTH1, MTH4-5, hallux) has no midfoot sensor, so its forefoot share is NaN
    (docs/detection.md): the text says so in words."""
    from firmware_sim.population import draw_rider, render
    from monitor.tools.population_sessions import ride_session

    ride = render(draw_rider(101, 1, activity="cycling", condition="healthy"), "four", rate_hz=50,
                  noise_sd_kpa=0.0, quant_step_kpa=0.0, duration_s=120.0, seed=0)
    text = analysis_text(analyze(ride_session(ride)))
    assert "forefoot share not measurable with this insole's sensors" in text
    assert "nan" not in text.lower()


def test_a_short_import_on_a_complete_insole_prints_neither_nan_nor_a_wrong_reason(tmp_path, capsys):
    """docs/import-csv.md's example walk is too short for a cadence or a forefoot share: the line leaves
    them out, and does not blame the insole's sensors (its layout has heel, midfoot and toes)."""
    data = Path(__file__).parent / "data" / "generic_csv"
    out = tmp_path / "walk"
    assert main(["import", "csv", str(data / "walk.csv"), "--layout", str(data / "layout.json"), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(out)]) == 0
    text = capsys.readouterr().out
    assert "nan" not in text.lower() and "not measurable" not in text, text


def test_the_heatmap_caption_counts_the_frames_with_a_reading_as_such(tiny):
    """The left foot's table has 5 rows, one with no reading: the data-quality table says 5 frames, so the
    heatmap caption, which counts the 4 that read, says so rather than "of 4 frames"."""
    data = report_data(tiny, analyze(tiny))
    html = render_html(data, {"heatmaps": b"\x89PNG"})
    m = data.maps["left"]
    assert (m.valid_frames, data.quality.feet["left"].frames) == (4, 5)
    assert f"left {m.loaded_frames:,} of the 4 frames with a reading" in html
    assert "of 4 frames)" not in html and "of 4 frames," not in html


def test_the_pdf_counts_lines_say_a_missing_warning_in_words(tiny, cleat):
    """The PDF's first page read 'left: 0 notices, 0 warnings, 0 alerts; first warning -; where: -' (a table's
    dashes in a sentence); the HTML's per-foot lines say 'no warning'."""
    from monitor.report.pdf import report_text_lines

    text = "\n".join(report_text_lines(report_data(tiny, analyze(tiny))))
    assert "left: 0 notices, 0 warnings, 0 alerts; no warning\n" in text + "\n"
    assert "first warning -" not in text and "where: -" not in text
    _, _, data = cleat
    lines = report_text_lines(data)
    counts = [ln for ln in lines if re.match(r"left: \d+ notices?, ", ln)]
    first = clock_text(data.verdict.first_warning_s["left"])
    assert len(counts) == 1 and counts[0].endswith(f"; first warning {first}; where: MTH2-3"), counts


def test_the_missing_frames_name_the_count_their_share_is_of(tiny):
    """Data quality read 'frames 44,376' over 'frames with no reading 15,790 (26.24 %)' for a foot down 158 s:
    the share is of the 60,166 frames the foot should have sent (its rows and the unfilled gap's), not of the
    44,376 rows above it. The cell names that count; the PDF's line too. In the tiny session the right foot
    has 5 rows and a 100-frame unfilled gap."""
    from monitor.report.pdf import report_text_lines

    data = report_data(tiny, analyze(tiny))
    html = render_html(data, {})
    assert "100 of 105 (95.24\u00a0%)" in html and "1 of 5 (20.00\u00a0%)" in html  # unit kept on the line
    text = "\n".join(report_text_lines(data))
    assert ("right: 105 frames received or missing at the sample rate, 5 with a reading, 100 with no reading "
            "(95.24 %)") in text


def test_every_step_is_timed_to_the_tenth_of_a_second():
    """The run's 'Every step' table timed steps to the second: '0:01 left', '0:01 left' (two strides of one
    foot in the same second). Each step's time is its initial contact to 0.1 s."""
    from monitor.report.steps_section import _step_rows

    session = offline_session("healthy-run", duration_s=20, seed=1)
    data = report_data(session, analyze(session))
    rows, n = _step_rows(data)
    assert n > 20
    times = [(r[1], r[0]) for r in rows]
    assert len(set(times)) == len(times), "two steps of one foot at the same time"
    first_left = float(data.steps["left"].initial_contact_s[0])
    assert (rows[[r[1] for r in rows].index("left")][0]
            == f"0:{int(round(first_left * 10)) // 10:02d}.{int(round(first_left * 10)) % 10}")


def test_the_header_names_an_activity_in_words():
    """A stair-climber's header read "left elliptical_or_stair", the recogniser's code, where the lines below
    say "elliptical or stair"; it now says the declared activity as declared, as the lines below do."""
    session = offline_session("stair-climber", duration_s=90, seed=1)
    data = report_data(session, analyze(session))
    header = render_html(data, {}).split("</header>")[0]
    assert session.info.activity == "stair_climber"
    assert "left stair climber, right stair climber" in header


@pytest.mark.parametrize("scenario, noun", [("stair-climber", "step"), ("healthy-elliptical", "stroke")])
def test_a_stair_climber_s_cycles_are_steps_and_an_elliptical_s_strokes(scenario, noun):
    """The stair-climber's report called its steps strokes ("the mean over counted strokes", "118 of 118
    complete strokes", the figure's "left foot (118 strokes)"); on a stair machine a person takes steps.
    An elliptical's foot goes round on its pedal: its cycles stay strokes (docs/report.md)."""
    session = offline_session(scenario, duration_s=60, seed=1)
    data = report_data(session, analyze(session))
    html = render_html(data, {"regions": b"", "cycles": b""})  # the captions, without drawing
    other = {"step": "stroke", "stroke": "step"}[noun]
    assert f"the mean over counted {noun}s of" in html
    assert re.search(rf"left: \d+ of \d+ {noun}s[^;]*; right: \d+ of \d+ {noun}s", html), html
    assert not re.search(rf"of \d+ {other}", html) and f"counted {other}s" not in html
    fig = report_figures(data, only=("cycles",))["cycles"]
    titles = [ax.get_title() for ax in fig.axes]
    assert all(re.fullmatch(rf"(left|right) foot \(\d+ {noun}s\)", t) for t in titles[:2]), titles
    assert fig._suptitle.get_text().startswith(f"{noun} (% of the cycle"), fig._suptitle.get_text()


def test_step_counts_have_their_thousands_separated():
    """A run's steps read "1020" and "Every step (2039)" where every other count of the report reads
    "1,019"."""
    from monitor.report.html import _figure, _table
    from monitor.report.steps_section import steps_section_html

    session = offline_session("healthy-run", duration_s=400, seed=1)
    data = report_data(session, analyze(session))
    left = data.steps["left"]  # a 12-minute run's count: each step twice
    data.steps["left"] = dataclasses.replace(left, **{f.name: np.concatenate([getattr(left, f.name)] * 2)
                                                      for f in dataclasses.fields(left)
                                                      if isinstance(getattr(left, f.name), np.ndarray)})
    n_left = len(data.steps["left"])
    assert n_left > 1000
    html = steps_section_html(data, lambda name, caption: _figure(name, {}, caption), _table)
    assert f"Every measured step ({n_left + len(data.steps['right']):,})" in html
    assert re.search(rf"<td>steps measured</td>\s*<td[^>]*>{n_left:,}</td>", html)


def test_a_walks_step_table_counts_only_measured_steps():
    """The Moticon walk's table of every step began with a step of each foot that had no measurement
    (contact, strike index, strike and impulse all "-"), and counted it: "Every step (14)", "steps 7".
    The table lists the measured steps, the count is of them, and the others are said."""
    from monitor.report.html import _figure, _table
    from monitor.report.steps_section import steps_section_html
    from monitor.session.directory import open_session

    session = open_session(Path(__file__).resolve().parents[1] / "sessions" / "samples" / "moticon-walk")
    data = report_data(session, analyze(session))
    html = steps_section_html(data, lambda name, caption: _figure(name, {}, caption), _table)
    table = html.split("<details>")[1]
    rows = re.findall(r"<tr><td>([^<]*)</td><td>(left|right)</td>((?:<td[^>]*>[^<]*</td>)+)</tr>", table)
    assert rows
    for _, _, cells in rows:
        values = re.findall(r"<td[^>]*>([^<]*)</td>", cells)
        assert values != ["-"] * 4, "a step without a measurement in the table"
    assert f"Every measured step ({len(rows)})" in html
    for foot in ("left", "right"):
        n = sum(1 for _, f, _ in rows if f == foot)
        unmeasured = len(data.steps[foot]) - n
        assert unmeasured > 0  # the walk's first step of each foot
        cell = re.search(r"<td>steps measured</td>((?:\s*<td[^>]*>[^<]*</td>)+)", html).group(1)
        assert f"{n} (and {unmeasured} not measured)" in cell
    assert "found but not measured" in html


def test_the_pdfs_steps_line_counts_the_steps_before_those_not_measured():
    """had: the PDF's Steps line read "left: 6 (and 1 not measured) steps, ground contact ..."."""
    from monitor.report.pdf import report_text_lines
    from monitor.session.directory import open_session

    session = open_session(Path(__file__).resolve().parents[1] / "sessions" / "samples" / "moticon-walk")
    data = report_data(session, analyze(session))
    lines = [ln for ln in report_text_lines(data) if "ground contact" in ln]
    # the walk's first step of each foot is found but not measured
    assert [ln.split(", ground contact")[0] for ln in lines] == [
        f"{foot}: {len(data.steps[foot]) - 1} steps (and 1 not measured)" for foot in ("left", "right")], lines


def test_a_foot_without_gaps_says_none_without_a_duration():
    """A foot without gaps read "0 (0.00 s)" in the data-quality table: a length to the hundredth of a
    second of nothing."""
    from monitor.report.html import _quality_rows

    session = lost_right_foot()
    q = data_quality(session, {f: foot_frames(session, f) for f in ("left", "right")})
    rows = {r[0]: r[1:] for r in _quality_rows(q)}
    assert rows["gaps"][0] == "0"


def test_the_list_of_every_alert_and_event_holds_the_link_events_in_time_order(cleat):
    """The folded "Every alert and event" list held the detector's alerts only: a reader looking for what
    happened when the right insole dropped out found nothing there, though the data-quality figure marks it.
    The link events (disconnected, reconnected, foot lost, reconnection failed, battery low) are listed with
    their time and foot, in time order with the alerts."""
    import copy
    from html import unescape

    session, result, _ = cleat
    session = copy.copy(session)
    session.events = [*session.events,
                      {"t_s": 200.0, "event": "disconnected", "foot": "right"},
                      {"t_s": 212.0, "event": "foot_lost", "foot": "right", "down_session_s": 12.0,
                       "note": "right insole lost; the session goes on with the left"},
                      {"t_s": 230.5, "event": "reconnected", "foot": "right", "attempts": 2,
                       "down_session_s": 30.5},
                      {"t_s": 420.0, "event": "battery_low", "foot": "left", "level_pct": 14},
                      {"t_s": 10.0, "event": "connected", "foot": "left"}]
    html = render_html(report_data(session, result), {})
    start = html.index("<summary>Every alert and event")
    listed = html[start:html.index("</details>", html.index("<summary>Every alert"))]
    rows = [[unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
            for tr in re.findall(r"<tr>(.*?)</tr>", listed) if "<td" in tr]
    times = [int(m) * 60 + int(s) for m, s in (r[0].split(":") for r in rows)]
    assert times == sorted(times)
    link = [r[:3] for r in rows if r[2] in ("disconnected", "foot lost", "reconnected", "battery low", "connected")]
    assert link == [["3:20", "right", "disconnected"], ["3:32", "right", "foot lost"],
                    ["3:50", "right", "reconnected"], ["7:00", "left", "battery low"]]
    messages = {r[2]: r[3].replace("\u00a0", " ") for r in rows}  # a number keeps its unit
    assert messages["foot lost"] == "right insole lost; the session goes on with the left"
    assert messages["reconnected"] == "right insole reconnected (the link was down 30.5 s, 2 attempts)"
    assert messages["battery low"] == "left insole's battery low (14 %)"
    n_alerts = len(result.alerts) + len(result.events)
    assert f"Every alert and event ({n_alerts + 4})" in listed


def test_every_frame_total_the_report_shows_is_labelled_and_they_add_up(tiny):
    """Data quality read "frames 72,032" (the table's rows, gaps' filled-in rows among them) over "frames with
    no reading ... of 72,150" (the frames expected) while the heatmap caption counted 70,552 "frames with a
    reading": three totals side by side that looked like errors. Each total is now named for what it counts,
    the caption's is the table's "frames with a reading", and expected = with a reading + with no reading;
    the PDF's line says the same."""
    from monitor.report.html import _quality_rows
    from monitor.report.pdf import report_text_lines

    data = report_data(tiny, analyze(tiny))
    rows = {r[0]: r[1:] for r in _quality_rows(data.quality)}
    assert [k for k in rows if k.startswith("frames")] == [
        "frames received or missing at the sample rate", "frames with a reading", "frames with no reading",
        "frames with some sensors missing"]
    assert rows["frames received or missing at the sample rate"] == ["5", "105"]
    assert rows["frames with a reading"] == [f"{data.maps[f].valid_frames:,}" for f in ("left", "right")] == ["4", "5"]
    assert rows["frames with no reading"] == ["1 of 5 (20.00 %)", "100 of 105 (95.24 %)"]
    html = render_html(data, {"heatmaps": b"\x89PNG"})
    assert "left 2 of the 4 frames with a reading" in html
    text = "\n".join(report_text_lines(data))
    assert ("right: 105 frames received or missing at the sample rate, 5 with a reading, 100 with no reading "
            "(95.24 %)") in text


def test_a_list_past_its_rows_says_where_the_rest_of_the_link_events_are():
    """Past MAX_ROWS the note sent the reader to `solewatch analyze`, which lists no link events."""
    from monitor.report.event_list import MAX_ROWS, LinkEvent, event_list_html

    links = [LinkEvent(float(i), "left", "disconnected", "left insole lost") for i in range(MAX_ROWS + 5)]
    html = event_list_html([], links, lambda head, rows: f"<table>{len(rows)}</table>")
    assert f"<table>{MAX_ROWS}</table>" in html and "... and 5 more" in html
    assert "link events are the session's <code>events</code> in Python, docs/api.md" in html


@needs_dev_full
@pytest.mark.parametrize("before", [None, "someone's report"])
def test_a_pdf_that_cannot_be_written_leaves_the_html_as_it_was(sample, tmp_path, capsys, before):
    """``-o r.html --pdf /dev/full --force``: the PDF fails (no space), and r.html is as it was, missing or
    the earlier file, as the error line says (had: r.html written, then 'nothing was left behind')."""
    html = tmp_path / "r.html"
    if before is not None:
        html.write_text(before, encoding="utf-8")
    code = main(["report", str(sample), "-o", str(html), "--pdf", "/dev/full", "--force"])
    _, err = capsys.readouterr()
    assert code == 2, err
    assert err.strip().splitlines()[-1].startswith("solewatch report: error: /dev/full: cannot write (No space"), err
    assert "nothing was left behind" in err
    if before is None:
        assert not html.exists()
    else:
        assert html.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["ride"] + ([html.name] if before else []))


@pytest.mark.parametrize("option, name", [("-o", "report.html"), ("--pdf", "report.pdf")])
def test_a_report_target_that_is_a_directory_is_said_with_a_file_name_of_its_kind(sample, tmp_path, capsys,
                                                                                   option, name):
    """``--pdf DIR`` is said with a PDF's name, as ``-o DIR`` with an HTML one (had: `e.g. DIR/report.html`
    for --pdf too)."""
    folder = tmp_path / "out"
    folder.mkdir()
    code = main(["report", str(sample), option, str(folder)])
    _, err = capsys.readouterr()
    assert code == 2 and err.strip() == (f"solewatch report: error: {folder}: is a directory; give a file name, "
                                         f"e.g. {folder / name}"), err


def test_the_report_says_the_setup_and_each_caveat_once():
    """had: the HTML's Verdict said "Declared setup: ..." and again "setup: ..." among the per-foot lines
    (analyze's second paragraph copied whole), and both the HTML and the PDF said a caveat there and again
    under Data quality."""
    from monitor.analysis.advice import Setup
    from monitor.report.pdf import report_text_lines

    session = offline_session("healthy-ride", duration_s=120, seed=1)
    result = analyze(session, activity="running", setup=Setup("toe-clips", "road shoes, 43"))
    caveat = result.mismatch_note
    assert caveat  # a ride declared a run: the caveat of a declared activity the data contradict
    data = report_data(session, result)
    html, text = render_html(data, {}), "\n".join(report_text_lines(data))
    said = ("Declared setup: toe clips and straps (not applied: a session on foot); "
            "shoes: road shoes, 43")
    assert html.count("road shoes, 43") == 1 and said in html
    assert text.count("road shoes, 43") == 1 and said in text
    assert html.count(caveat) == 1 and text.count(caveat) == 1
    assert [ln.split(":")[0] for ln in data.verdict.foot_lines] == ["left", "right"]
