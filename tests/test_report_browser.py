"""The report in a real browser: headless Chromium (Debian's package) driven by playwright.

For an imported sample session (through `solewatch report`) and a simulated ride with warnings (through
monitor.report.writer.write_report): no console error, no request but the file itself, every image decodes, the
page fits a phone's width, and a screenshot of the heatmaps shows many colours in two mirror-like halves.
At 400 px the "Before and after" table keeps its change and verdict columns in view. At 390 px the
figures' smallest text is at least 9 CSS px (the phone drawings of monitor.report.phone_images), and so is
the "Before and after" figure's of a report written with --compare (its phone drawing,
monitor.report.plots.compare); from 512 px on, at least 10 px (the phone drawings up to where the desktop
drawings reach it); on a desktop the figures are the desktop drawings, as legible. The phone drawings are
sharp where they are shown: an image pixel to each device pixel on screens of density 1 and 2.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import struct
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pytest
from matplotlib.text import Text

from monitor.analysis.batch import analyze
from monitor.analysis.compare import compare
from monitor.cli.main import main
from monitor.report.compare_section import compare_section_html
from monitor.report.data import report_data
from monitor.report.figures import FIGURES, plain_text, report_figures
from monitor.report.html import REPORT_DPI, render_html
from monitor.report.plots.compare import plot_comparison
from monitor.report.writer import write_report
from monitor.session.directory import load_session, open_session
from monitor.session.offline import offline_session

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
SKIP = ("headless Chromium is needed for the report's browser test: install Debian's chromium package "
        "(apt-get install chromium; `make test` does, .ci/system-tools) and the dev extra's playwright")

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_playwright = None

pytestmark = pytest.mark.skipif(sync_playwright is None or not CHROMIUM.exists(), reason=SKIP)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """name -> path of a written report: an imported walk (the CLI) and an 8-minute ride with warnings."""
    tmp = tmp_path_factory.mktemp("reports")
    walk = tmp / "moticon-walk"
    shutil.copytree(ROOT / "sessions" / "samples" / "moticon-walk", walk)
    assert main(["report", str(walk)]) == 0
    session = offline_session("cleat-forward", duration_s=480, seed=1)
    result = analyze(session)
    ride = write_report(session, result, tmp / "cleat-forward.html")
    healthy = offline_session("healthy-ride", duration_s=120, seed=1)
    compared = tmp / "compared.html"  # the page without its own figures, the comparison with its one
    compared.write_text(render_html(report_data(session, result), {}, compare_html=compare_section_html(
        compare(result, analyze(healthy), session, healthy))), encoding="utf-8")
    with_compare = tmp / "with-compare"  # the CLI's report of a ride compared with another
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-cleat-forward", with_compare)
    other = ROOT / "sessions" / "samples" / "sim-healthy-ride"
    assert main(["report", str(with_compare), "--compare", str(other)]) == 0
    return {"walk": walk / "report.html", "ride": ride, "compared": compared,
            "with-compare": with_compare / "report.html"}


#: The figures of each report: a walk has steps, a ride none.
N_FIGURES = {"walk": len(FIGURES), "ride": len(FIGURES) - 1}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM),
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def _open(browser, path: Path, width: int = 1000, density: float = 1.0):
    """Load ``path`` on a screen ``width`` CSS px wide of ``density`` device px per CSS px; return the page
    and what happened: console errors, requests, aborted requests."""
    page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=density)
    seen = {"errors": [], "requests": [], "aborted": []}
    url = path.resolve().as_uri()
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            seen["aborted"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    return page, seen, url


@pytest.mark.parametrize("name", ["walk", "ride"])
def test_the_report_loads_with_no_error_and_no_request_but_itself(browser, reports, name):
    page, seen, url = _open(browser, reports[name])
    try:
        assert seen["errors"] == []
        assert seen["requests"] == [url] and seen["aborted"] == []
        assert page.evaluate("document.scripts.length") == 0
        assert page.title().startswith("Solewatch report")
    finally:
        page.close()


@pytest.mark.parametrize("name", ["walk", "ride"])
def test_every_image_decodes(browser, reports, name):
    page, _, _ = _open(browser, reports[name])
    try:
        sizes = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, "
                              "i.naturalHeight, i.getBoundingClientRect().width])")
    finally:
        page.close()
    assert len(sizes) == N_FIGURES[name]
    assert all(done and w > 0 and h > 0 and shown > 0 for done, w, h, shown in sizes)
    html = reports[name].read_text(encoding="utf-8")
    pngs = re.findall(r'src="data:image/png;base64,([^"]*)"', html)
    assert len(pngs) == N_FIGURES[name]
    for png in pngs:
        img = mpimg.imread(io.BytesIO(base64.b64decode(png)), format="png")
        assert img.shape[0] > 100 and img.shape[1] > 100


@pytest.mark.parametrize("name", ["walk", "ride"])
def test_the_page_fits_a_phone(browser, reports, name):
    page, _, _ = _open(browser, reports[name], width=390)
    try:
        scroll_w, inner_w = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        img_w = page.evaluate("Math.max(...Array.from(document.images)"
                              ".map(i => i.getBoundingClientRect().right))")
    finally:
        page.close()
    assert scroll_w <= inner_w and img_w <= inner_w


def _colourful(rgb: np.ndarray) -> np.ndarray:
    """Pixels with a clear hue (the heatmap's colours; not white, grey or black text)."""
    return (rgb.max(axis=-1) - rgb.min(axis=-1)) > 0.2


@pytest.mark.parametrize("name", ["walk", "ride"])
def test_a_screenshot_shows_the_two_feet_in_many_colours_mirror_like(browser, reports, name, tmp_path):
    page, _, _ = _open(browser, reports[name])
    try:
        shot = page.locator("#heatmaps img").screenshot()
    finally:
        page.close()
    rgb = mpimg.imread(io.BytesIO(shot), format="png")[..., :3]
    non_white = rgb[rgb.min(axis=-1) < 0.9]
    distinct = np.unique((non_white * 31).round().astype(int), axis=0)
    assert len(distinct) > 100, len(distinct)
    w = rgb.shape[1]
    left, right = rgb[:, : w // 2], rgb[:, w - w // 2:][:, ::-1]
    lc, rc = _colourful(left), _colourful(right)
    # the colour bar sits in the middle and is mirror-symmetric in itself; the insoles are mirror images
    assert lc.sum() > 0.1 * lc.size
    iou = (lc & rc).sum() / (lc | rc).sum()
    assert iou > 0.85, iou
    if name == "ride":  # the simulated feet are loaded alike: the colours mirror too
        both = lc & rc
        assert np.abs(left[both] - right[both]).mean() < 0.08


def test_the_compare_table_keeps_change_and_verdict_in_view_at_400_px(browser, reports):
    page, seen, _ = _open(browser, reports["compared"], width=400)
    try:
        cells = page.evaluate("""Array.from(document.querySelectorAll('table.sw-compare-table tbody tr'))
            .map(tr => [tr.querySelector('td.sw-col-5'), tr.querySelector('td[data-label=verdict]')]
            .map(td => { const r = td.getBoundingClientRect(); const s = getComputedStyle(td);
                         return [r.left, r.right, r.width, r.height, s.visibility, s.display]; }))""")
        inner_w = page.evaluate("window.innerWidth")
    finally:
        page.close()
    assert seen["errors"] == [] and len(cells) >= 10
    for change, verdict in cells:
        for left, right, width, height, visibility, display in (change, verdict):
            assert width > 0 and height > 0 and visibility == "visible" and display != "none"
            assert 0 <= left and right <= inner_w, (left, right, inner_w)


#: Where a table cell's line breaks between a number and its unit, the text around it (run in the page).
_UNIT_BREAKS = r"""() => {
  const out = [];
  for (const td of document.querySelectorAll('td')) {
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const re = /(\d) (%|s\b|kPa\b|ms\b)/g;
      for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
        const r = document.createRange();
        r.setStart(n, m.index); r.setEnd(n, m.index + 1);
        const digit = r.getBoundingClientRect();
        r.setStart(n, m.index + 2); r.setEnd(n, m.index + 3);
        if (r.getBoundingClientRect().top > digit.top + 2) out.push(n.data);
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("name", ["walk", "ride"])
def test_no_table_cell_breaks_a_number_from_its_unit_on_a_phone(browser, reports, name):
    """At 390 px the walk's "ground contact time" read "796" over "ms", and its missing frames "(3.66" over
    "%)": a number and its unit stay on one line."""
    page, _, _ = _open(browser, reports[name], width=390)
    try:
        breaks = page.evaluate(_UNIT_BREAKS)
    finally:
        page.close()
    assert breaks == []


#: The least text size taken as legible on a screen, CSS px (a guess: about the smallest text phone
#: interfaces use; 8-pt text on a 6.4-in figure shown 372 px wide was 6.5 px); on a screen wider than the
#: page's narrow layout (32 rem, 512 px), where a desktop drawing may be shown, 10 px
#: (monitor.report.phone_images.DESKTOP_LEGIBLE_PX).
LEGIBLE_PX = 9.0
DESKTOP_LEGIBLE_PX = 10.0


def _legible_px(width: int) -> float:
    return LEGIBLE_PX if width < 512 else DESKTOP_LEGIBLE_PX


@pytest.fixture(scope="module")
def smallest_text_pt():
    """name -> figure name -> the smallest font size (pt) of any text drawn in that figure of the report."""
    walk = open_session(ROOT / "sessions" / "samples" / "moticon-walk")
    ride = offline_session("cleat-forward", duration_s=480, seed=1)
    out = {}
    for name, session in (("walk", walk), ("ride", ride)):
        with plain_text():
            figures = report_figures(report_data(session, analyze(session)))
        out[name] = {fig_name: min(t.get_fontsize() for t in fig.findobj(Text)
                                   if t.get_visible() and t.get_text().strip())
                     for fig_name, fig in figures.items()}
    return out


@pytest.mark.parametrize("width", [390, 512, 600, 620, 640, 700, 1000])
@pytest.mark.parametrize("name", ["walk", "ride"])
def test_the_figures_smallest_text_is_legible_on_a_phone_and_a_desktop(browser, reports, smallest_text_pt,
                                                                          name, width):
    """At 390 px the figures (6.4 in wide, 640 px, shown 372 px wide) showed their 8-pt tick labels and
    legends at 6.5 CSS px; at 600 px, past the phone drawings' 32 rem, the desktop drawings showed them at
    9.9 px (8.3 px at 513 px). Shown size = pt x dpi/72 x (shown width / image width), measured in the
    page: at least 9 px on a phone, 10 px on a wider screen."""
    page, _, _ = _open(browser, reports[name], width=width)
    try:
        shown = page.evaluate("""Array.from(document.querySelectorAll('figure[id]')).map(f => {
            const i = f.querySelector('img');
            return [f.id, i.naturalWidth, i.getBoundingClientRect().width, i.currentSrc === i.src]; })""")
    finally:
        page.close()
    assert len(shown) == N_FIGURES[name]
    sizes = {fig: smallest_text_pt[name][fig] * REPORT_DPI / 72 * displayed / natural
             for fig, natural, displayed, _ in shown}
    assert min(sizes.values()) >= _legible_px(width), sizes
    if width == 1000:  # a desktop shows the desktop drawings, at the size they had
        assert all(desktop for *_, desktop in shown)


def _smallest_pt(fig) -> float:
    return min(t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip())


@pytest.mark.parametrize("width", [390, 600, 750, 1000])
def test_the_comparison_figures_smallest_text_is_legible_on_a_phone_and_a_desktop(browser, reports, width):
    """The "Before and after" figure was drawn only 10 in wide (1000 px) with an 8-pt legend in four columns:
    on a 390-px phone, shown about 372 px wide, that legend was about 4 CSS px, and 8.5 px on a desktop;
    then 9 pt, about 7 px at 600 px and 9.6 px in the widest column: at least 10 px past 512 px."""
    samples = ROOT / "sessions" / "samples"
    before, after = load_session(samples / "sim-cleat-forward"), load_session(samples / "sim-healthy-ride")
    comparison = compare(analyze(before), analyze(after), before, after)
    page, seen, _ = _open(browser, reports["with-compare"], width=width)
    try:
        natural, displayed, desktop = page.evaluate("""(() => {
            const i = document.querySelector('#compare figure img');
            return [i.naturalWidth, i.getBoundingClientRect().width, i.currentSrc === i.src]; })()""")
    finally:
        page.close()
    assert seen["errors"] == [] and displayed > 0
    with plain_text():
        if desktop:
            fig = plot_comparison(comparison)
        else:  # the phone drawing, which only the new code has
            from monitor.report.plots.compare import plot_comparison_phone
            fig = plot_comparison_phone(comparison)
    assert natural == pytest.approx(fig.get_size_inches()[0] * 100, abs=1)  # the page's dpi (compare_section)
    shown_px = _smallest_pt(fig) * 100 / 72 * displayed / natural
    assert shown_px >= _legible_px(width), (width, shown_px)
    assert desktop == (width == 1000)  # a desktop shows the desktop drawing


def _png_width_px(data_uri: str) -> int:
    """The width (pixels) of a PNG given as a data: URI (its IHDR chunk, bytes 16-20)."""
    return struct.unpack(">I", base64.b64decode(data_uri.split(",", 1)[1])[16:20])[0]


#: (report, screen width in CSS px, its density): screens of density 1 from the page's narrow layout to the
#: phone drawings' cut-offs (39.25 rem for the report's figures, 48.25 rem for the comparison's), and phones
#: of density 2 and 3.
_SHARP_CASES = [("walk", 600, 1), ("ride", 620, 1), ("walk", 390, 2), ("walk", 390, 3),
                ("with-compare", 750, 1), ("with-compare", 770, 1), ("with-compare", 390, 2)]


@pytest.mark.parametrize(("name", "width", "density"), _SHARP_CASES)
def test_the_phone_drawings_are_sharp_where_they_are_shown(browser, reports, name, width, density):
    """The phone drawings, 420 px at the page's 100 dpi, were stretched to the column: about 1.4 times at
    628 px, 1.76 times for the comparison figure at 772 px, and 1.8 to 2.9 times on a phone of density 2 or
    3 (each CSS px two or three device pixels), their text soft. Drawn at twice the dpi and offered as "2x",
    each is shown with at least as many image pixels as device pixels on a screen of density 1 or 2, and
    at most 1.5 device pixels to an image pixel on one of density 3."""
    page, seen, _ = _open(browser, reports[name], width=width, density=density)
    try:
        shown = page.evaluate("""Array.from(document.querySelectorAll('picture img')).map(i =>
            [i.currentSrc, i.currentSrc === i.src, i.getBoundingClientRect().width])""")
    finally:
        page.close()
    assert seen["errors"] == []
    phone = [(_png_width_px(src), displayed) for src, desktop, displayed in shown if not desktop]
    assert phone, "no phone drawing at this width"  # the cases are all below a phone drawing's cut-off
    most = 1.0 if density <= 2 else 1.5  # device pixels to an image pixel
    for image_px, displayed in phone:
        assert displayed * density / image_px <= most, (image_px, displayed, density)
