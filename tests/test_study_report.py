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
    assert set(sessions["device_kind"]) == {"sim", "import:moticon"}
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
@pytest.mark.parametrize("width", [1000, 390])
def test_the_study_report_in_a_browser(browser, samples_study, width):  # noqa: F811
    page, seen, url = _open(browser, samples_study / "study.html", width=width)
    try:
        assert seen["errors"] == [] and seen["requests"] == [url] and seen["aborted"] == []
        assert page.evaluate("document.scripts.length") == 0
        assert page.title().startswith("Solewatch study report")
        sizes = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, "
                              "i.naturalHeight, i.getBoundingClientRect().right])")
        scroll_w, inner_w = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    finally:
        page.close()
    assert len(sizes) == len(STUDY_FIGURES) - 1  # the samples declare no change: no pairs figure
    assert all(done and w > 0 and h > 0 and right <= inner_w for done, w, h, right in sizes)
    assert scroll_w <= inner_w
