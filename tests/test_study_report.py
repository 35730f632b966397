"""The cohort report (study.html): written by `solewatch study sessions/samples -o OUTDIR` with the tables
beside it, every field escaped, and in a real browser (as tests/test_report_browser.py opens the session
report) no console error, no request but the file itself, every image decoded, fitting a phone."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from monitor.cli.main import main
from monitor.report.study_data import study_data
from monitor.report.study_html import STUDY_FIGURES
from monitor.report.study_writer import study_report_html

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"
TABLES = ("sessions", "alerts", "windows", "errors")


@pytest.fixture(scope="module")
def samples_study(tmp_path_factory):
    out = tmp_path_factory.mktemp("study") / "out"
    assert main(["study", str(SAMPLES), "-o", str(out), "--workers", "1", "--plain"]) == 0
    return out


def test_the_command_writes_every_table_twice_and_the_report(samples_study, capsys):
    for name in TABLES:
        parquet = pd.read_parquet(samples_study / f"{name}.parquet")
        csv = pd.read_csv(samples_study / f"{name}.csv")
        assert list(parquet.columns) == list(csv.columns) and len(parquet) == len(csv)
    sessions = pd.read_parquet(samples_study / "sessions.parquet")
    assert sessions["session_id"].nunique() == 3 and len(sessions) == 6  # three sessions, two feet each
    assert set(sessions["device_kind"]) == {"sim", "moticon-udp:OpenGo insole size 7"}  # the insoles, not the file
    alerts = pd.read_parquet(samples_study / "alerts.parquet")
    assert len(alerts) and set(alerts["session_id"]) <= set(sessions["session_id"])  # the cleat-forward ride's
    assert sessions["n_alerts"].sum() == (alerts["kind"] == "alert").sum()
    assert (samples_study / "study.html").stat().st_size > 10_000


def test_a_study_run_again_takes_every_session_from_the_cache(samples_study, capsys):
    assert main(["study", str(SAMPLES), "-o", str(samples_study), "--workers", "1", "--plain"]) == 0
    assert "3 analysed (3 from the cache), 0 failed" in capsys.readouterr().err


def test_a_path_with_no_session_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["study", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no session directory" in err and not (tmp_path / "out").exists()


def test_every_field_is_escaped(generated_study):
    _, _, t = generated_study
    hostile = "<img src=x onerror=alert(1)>&"
    s = t.sessions.copy()
    s.loc[s["rider"] == "r00000", "rider"] = hostile
    s.loc[s["change"] != "", "change"] = hostile
    errors = pd.DataFrame({"source": [hostile], "reason": [hostile]})
    html = study_report_html(s, errors, title=hostile)
    assert hostile not in html and "&lt;img src=x onerror=alert(1)&gt;&amp;" in html


def test_before_after_pairs_follow_the_declared_changes(generated_study):
    _, _, t = generated_study
    data = study_data(t.sessions, t.errors)
    assert data.n_sessions == 40 and len(data.riders) == 8
    assert [(p.rider, p.before, p.after) for p in data.pairs] == \
        [(f"r0000{i}", f"r0000{i}-1", f"r0000{i}-2") for i in (0, 2, 4, 6)]
    dates = data.per_session.groupby("rider")["start_utc"].apply(list)
    assert all(d == sorted(d) for d in dates)


# ---------------------------------------------------------------------------- in a browser

# the session report's browser test holds the browser, how a page is opened and watched, and when to skip
from test_report_browser import CHROMIUM, SKIP, _open, browser, sync_playwright  # noqa: E402,F401


@pytest.mark.skipif(sync_playwright is None or not CHROMIUM.exists(), reason=SKIP)
@pytest.mark.parametrize("width", [1280, 1000, 390])
def test_the_study_report_in_a_browser(browser, samples_study, width):  # noqa: F811
    page, seen, url = _open(browser, samples_study / "study.html", width=width)
    try:
        assert seen["errors"] == [] and seen["requests"] == [url] and seen["aborted"] == []
        assert page.evaluate("document.scripts.length") == 0
        assert page.title().startswith("Solewatch study report")
        sizes = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, "
                              "i.naturalHeight, i.getBoundingClientRect().right])")
        scroll_w, inner_w = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        # on a laptop every table fits the page's column: none scrolls sideways on its own
        wide_tables = page.evaluate("Array.from(document.querySelectorAll('.table-wrap'))"
                                    ".filter(w => w.scrollWidth > w.clientWidth).length")
    finally:
        page.close()
    assert len(sizes) == len(STUDY_FIGURES) - 1  # the samples declare no change: no pairs figure
    assert all(done and w > 0 and h > 0 and right <= inner_w for done, w, h, right in sizes)
    assert scroll_w <= inner_w
    assert width < 1000 or wide_tables == 0


def _cohort(doses, riders=None) -> "study_data":
    """A study of one session per dose (kPa s per hour), one of them warned at 310 s; ``riders``: each
    session's rider ("" names none; default: none named)."""
    n = len(doses)
    sessions = pd.DataFrame({
        "session_id": [f"s{i}" for i in range(n)], "rider": riders or [""] * n,
        "start_utc": [f"2026-11-{i + 1:02d}T10:00:00Z" for i in range(n)], "date": [""] * n,
        "activity": ["cycling"] * n, "device_kind": ["sim"] * n, "change": [""] * n,
        "duration_s": [720.0] * n, "first_warning_s": [310.0] + [float("nan")] * (n - 1),
        "forefoot_dose_kpa_s_per_h": doses, "reliefs_per_h": [0.0] * (n - 1) + [5.0],
        "forefoot_share": [0.5 + 0.05 * i for i in range(n)]})
    return study_data(sessions)


def _overlapping_labels(fig, axis) -> list[tuple[str, str]]:
    """Neighbouring tick labels of ``axis`` (an Axis) whose boxes overlap, and labels cut by the figure's
    edge, as the page's PNG draws them."""
    from monitor.report.html import figure_png

    figure_png(fig)  # laid out as for the page (a plain draw can choose other ticks)
    lo, hi = sorted(axis.get_view_interval())
    shown = [t.label1 for t in axis.get_major_ticks()
             if lo <= t.get_loc() <= hi and t.label1.get_visible() and t.label1.get_text()]
    boxes = sorted(((t.get_window_extent(), t.get_text()) for t in shown), key=lambda b: b[0].x0)
    inside = fig.bbox
    return ([(a[1], b[1]) for a, b in zip(boxes, boxes[1:]) if a[0].x1 > b[0].x0]
            + [(text, "the figure's edge") for box, text in boxes if box.x0 < inside.x0 or box.x1 > inside.x1])


def test_the_cohort_histograms_have_readable_ticks_and_whole_counts():
    """Forefoot doses of 420,000-600,000 kPa s per hour ran their tick labels into one unreadable string
    (425000450000475000...), and a count axis read 0.2, 0.4 sessions."""
    from monitor.report.plots.study import plot_distributions

    fig = plot_distributions(_cohort([445000.0, 482000.0, 436000.0, 599000.0, 418000.0]))
    for ax in fig.axes:
        assert _overlapping_labels(fig, ax.xaxis) == [], ax.get_xlabel()
        counts = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
        assert all(float(t).is_integer() for t in counts), (ax.get_xlabel(), counts)


def test_every_trend_panel_spans_the_studys_dates():
    """Only one session warned: its time-to-first-warning panel had that one date to scale to and spread
    it over four years (2025-2029) beside panels of one week. The panels share the sessions' dates."""
    import matplotlib.dates as mdates

    from monitor.report.plots.study import plot_trends

    fig = plot_trends(_cohort([445000.0, 482000.0, 436000.0, 599000.0, 418000.0]))
    fig.canvas.draw()
    spans = [ax.get_xlim() for ax in fig.axes]
    assert all(span == pytest.approx(spans[0]) for span in spans), spans
    first, last = mdates.num2date(spans[0][0]), mdates.num2date(spans[0][1])
    assert (last - first).days < 10  # the cohort's sessions are 5 days apart at most


def test_the_study_header_counts_in_the_singular():
    """A study of one rider's one session read "1 sessions · 1 riders · 0 before/after pairs"."""
    from monitor.report.study_html import render_study_html

    html = render_study_html(_cohort([445000.0], ["anna"]), {})
    assert "1 session · 1 rider · 0 before/after pairs · 0 failed" in html


@pytest.mark.parametrize(("riders", "said"), [
    (["", "", ""], "3 sessions · no rider named · "),
    (["anna", "", "bo"], "3 sessions · 2 riders; 1 session names none · "),
    (["anna", "", ""], "3 sessions · 1 rider; 2 sessions name none · "),
    (["anna", "bo", "bo"], "3 sessions · 2 riders · "),
])
def test_sessions_that_name_no_rider_are_not_counted_as_a_rider(riders, said):
    """Sessions naming no rider were counted as one more rider ("3 sessions · 1 rider")."""
    from monitor.report.study_html import render_study_html

    assert said in render_study_html(_cohort([445000.0, 482000.0, 436000.0], riders), {})


def test_a_riders_table_fits_a_laptop_window():
    """At a 1280-px window the table of each rider's sessions scrolled sideways (817 px of table in the
    page's 768-px column): a recorded session's id, "20261126T231211Z-sample-cleat-forward", broke only at
    its hyphens, an insole kind ("import:population") not at all, dates broke at theirs ("2026-" over
    "11-26") and the metric heads ran to 30 characters ("forefoot dose (kPa s per hour)"). Ids and kinds
    now also break after the id's date and after a colon, dates stay whole, every head is short; the
    browser test above checks that no table scrolls at 1280 px."""
    import re

    from monitor.report.study_html import render_study_html

    data = _cohort([445000.0, 482000.0], ["anna", "anna"])
    data.per_session["session_id"] = ["20261126T231211Z-sample-cleat-forward", "20261127T101500Z-sample-ride"]
    data.per_session["date"] = ["2026-11-26", "2026-11-27"]
    data.per_session["device_kind"] = ["import:population", "sim"]
    html = render_study_html(data, {})
    trends = html[html.index('<section id="trends"'):html.index('<section id="pairs"')]
    broken = "<span class=id>20261126T<wbr>231211Z-sample-cleat-forward</span>"
    assert broken in trends and broken in html[html.index('<section id="quality"'):]
    assert "<span class=id>import:<wbr>population</span>" in trends
    assert "<span class=date>2026-11-26</span>" in trends
    css = html[html.index("<style>"):html.index("</style>")]
    assert re.search(r"\.date\s*\{[^}]*white-space:\s*nowrap", css)
    heads = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", html)]
    assert heads and max(len(h) for h in heads) <= 23, max(heads, key=len)


def test_a_declared_machine_is_named_as_declared_in_the_table_and_the_report(tmp_path, capsys):
    """had: a declared elliptical and a declared stair climber both read `elliptical_or_stair` (the
    detector's class) in sessions.parquet's `activity` and in study.html's activity column."""
    import re

    from monitor.session.names import SESSION_JSON
    from monitor.session.offline import offline_session
    from monitor.session.writer import write_tables
    from monitor.util.outputs import write_json_atomic

    for scenario in ("healthy-elliptical", "stair-climber"):
        session = offline_session(scenario, duration_s=60.0, seed=1)
        path = tmp_path / "sessions" / scenario
        path.mkdir(parents=True)
        write_json_atomic(path / SESSION_JSON, session.info.to_json())
        write_tables(path, session.frames, session.gaps)
    out = tmp_path / "out"
    assert main(["study", str(tmp_path / "sessions"), "-o", str(out), "--workers", "1", "--plain"]) == 0
    capsys.readouterr()
    rows = pd.read_parquet(out / "sessions.parquet")
    assert sorted(rows["activity"]) == ["elliptical", "elliptical", "stair_climber", "stair_climber"]
    assert (rows["activity"] == rows["declared_activity"]).all()
    page = (out / "study.html").read_text()
    assert "elliptical_or_stair" not in page
    assert "stair_climber" not in page  # the words of every view
    cells = re.findall(r"<td>(elliptical|stair climber)</td>", page)
    assert sorted(cells) == ["elliptical", "stair climber"], cells
