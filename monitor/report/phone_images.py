"""The report's figures drawn again for a phone: narrower, so that their text stays legible there.

A figure drawn W inches wide and shown D CSS px wide shows text of s pt at s/72 x D/W CSS px, whatever the
dpi. The report's figures are 6.4 in wide and their smallest text is 8 pt: on a 390-px phone (an image
about 372 px wide in the page's column) that is 6.5 px, too small to read. Drawn ``PHONE_WIDTH_IN`` (4.2 in)
wide, the same 8 pt shows at 9.8 px, above the 9 px taken as the least legible size (a guess: about the
smallest text phone interfaces use). The page (html.py's ``<picture>``) offers this drawing to screens up
to the width at which the desktop drawing's smallest text reaches ``DESKTOP_LEGIBLE_PX`` (``phone_media``:
39.25 rem, 628 px, for the 6.4-in figures with 8-pt text, whose desktop drawing showed 8.3 px at 512 px),
and never below the page's own narrow layout (``PHONE_MEDIA``, 32 rem); wider screens get the desktop
drawing, as before.

The page shows the phone drawing as wide as its column, up to about 1.4 times its 420 CSS px on a
screen 628 px wide (1.76 times for the comparison figure, up to 772 px), and a phone shows each CSS px with
2 to 3 device pixels: a drawing at the page's 100 dpi was stretched to every such screen and its text was
soft. It is drawn at ``PHONE_DENSITY`` times that dpi instead (840 px) and offered with that density
(``phone_srcset``: "2x", so it keeps its 420 CSS px): at least an image pixel to a device pixel on every
screen of density 1 up to the cut-offs and on a density-2 phone up to 439 px wide, 1.3 to 1.5 device
pixels to an image pixel on a density-3 phone (2.7 to 2.9 before).

For the narrower drawing a figure keeps its text sizes and its height (a figure without a layout engine,
the heatmaps, is scaled in height too: its feet keep their shape), and titles, x-axis labels and the
figure's title wrap to their axes' width (a legend keeps its columns: the report's fit 4.2 in, which
tests/test_phone_figures.py checks for every figure). The Figure is left as it was.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from matplotlib.figure import Figure
from matplotlib.text import Text

from monitor.report.png import figure_png

#: Width of the phone drawing (inches); see the module docstring for why 4.2.
PHONE_WIDTH_IN = 4.2
#: Image pixels of the phone drawing per CSS px (times the page's dpi, monitor.report.html.REPORT_DPI): 2,
#: a phone of density 2's device pixels, and more than the 1.76 CSS px to an image px of the widest screen
#: that gets a phone drawing (module docstring). 3, for density-3 phones, would add about 1.3 MB of base64 to
#: the 4-hour benchmark session's page instead of 0.6 MB (docs/report.md).
PHONE_DENSITY = 2
#: Screens the phone drawing is for at least: the page's own narrow layout (html.py's CSS, up to 32 rem).
PHONE_MEDIA = "(max-width: 32rem)"
#: The least size (CSS px) of a desktop drawing's smallest text on a screen wider than a phone's (a guess:
#: the 9 px of a phone, read at arm's length, plus a pixel for a screen read from further away).
DESKTOP_LEGIBLE_PX = 10.0
#: What a screen's width holds besides the page's column: html.py's ``main`` padding, 1 rem each side above
#: 32 rem, and a vertical scrollbar (15 to 17 px on a desktop that draws one: a guess; overlay scrollbars
#: take none), CSS px.
_OUTSIDE_COLUMN_PX = 2 * 16.0 + 17.0
_REM_PX = 16.0  # the browser's default font size, which media queries' rem are
#: Mean width of a character as a share of its font size (DejaVu Sans, matplotlib's default: a guess
#: from its widths, on the wide side so that a wrapped line fits).
_CHAR_WIDTH_EM = 0.6


def wrap_to_width(s: str, size_pt: float, width_pt: float) -> str:
    """``s`` at ``size_pt`` broken into lines of at most about ``width_pt`` (at spaces and hyphens, or
    within a word longer than a line: a session's name), at least 8 characters a line."""
    chars = max(8, int(width_pt / (_CHAR_WIDTH_EM * size_pt)))
    return s if len(s) <= chars else textwrap.fill(s, chars)


def _wrap(text: Text, width_pt: float) -> str | None:
    """``text``'s string wrapped to ``width_pt``, or None when it fits as it is."""
    s = text.get_text()
    if not s or "\n" in s:
        return None
    new = wrap_to_width(s, text.get_fontsize(), width_pt)
    return None if new == s else new


@contextmanager
def phone_layout(fig: Figure) -> Iterator[None]:
    """Inside: ``fig`` laid out ``PHONE_WIDTH_IN`` wide (module docstring); restored on leaving."""
    w_in, h_in = fig.get_size_inches()
    scale = PHONE_WIDTH_IN / w_in
    texts: list[tuple[Text, float]] = []  # a text and the width it may take (fraction of the figure)
    for ax in fig.axes:
        share = ax.get_position().width
        texts += [(t, share) for t in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label)]
    if fig._suptitle is not None:
        texts.append((fig._suptitle, 0.95))
    wrapped: list[tuple[Text, str]] = []
    for t, share in texts:
        new = _wrap(t, share * PHONE_WIDTH_IN * 72.0)
        if new is not None:
            wrapped.append((t, t.get_text()))
            t.set_text(new)
    try:
        height = h_in * scale if fig.get_layout_engine() is None else h_in
        fig.set_size_inches(PHONE_WIDTH_IN, height)
        yield
    finally:
        fig.set_size_inches(w_in, h_in)
        for t, s in wrapped:
            t.set_text(s)


def phone_png(fig: Figure, dpi: float) -> bytes | None:
    """``fig`` drawn for a phone as PNG bytes (white background), the same bytes each time
    (monitor.report.png); None for a figure already at most ``PHONE_WIDTH_IN`` wide, which a phone shows
    as it is."""
    if fig.get_size_inches()[0] <= PHONE_WIDTH_IN + 1e-9:
        return None
    with phone_layout(fig):
        return figure_png(fig, dpi)


def phone_srcset(png_data_uri: str) -> str:
    """A ``srcset`` offering a phone drawing made at ``PHONE_DENSITY`` times the page's dpi: shown as wide
    (CSS px) as the page's drawing would be, with ``PHONE_DENSITY`` image pixels to a CSS px."""
    return f"{png_data_uri} {PHONE_DENSITY}x"


def smallest_text_pt(fig: Figure) -> float | None:
    """The size (pt) of the smallest visible, non-empty text of ``fig`` (None: no text). Tick labels are
    made when the figure is drawn: call it after a save to count them."""
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes) if sizes else None


def phone_media(fig: Figure) -> str:
    """The media query of the screens that get ``fig``'s phone drawing: up to the width (rem, rounded up to
    a quarter) at which its desktop drawing, shown as wide as the page's column, shows its smallest text at
    ``DESKTOP_LEGIBLE_PX``: s pt shows at s/72 x D/W px on a drawing W in wide shown D px wide, so
    D = DESKTOP_LEGIBLE_PX x 72 x W / s. Never below ``PHONE_MEDIA``'s 32 rem."""
    pt = smallest_text_pt(fig)
    if pt is None:
        return PHONE_MEDIA
    shown_px = DESKTOP_LEGIBLE_PX * 72.0 * float(fig.get_size_inches()[0]) / pt
    quarters = math.ceil((shown_px + _OUTSIDE_COLUMN_PX) / _REM_PX * 4 - 1e-9)
    return f"(max-width: {max(32.0, quarters / 4):g}rem)"


class PhoneImages(dict):
    """Figure name -> PNG bytes of the desktop drawing, with ``phone``: name -> PNG bytes of the phone's,
    and ``media``: name -> the media query of the screens it is for (``PHONE_MEDIA`` when not given)."""

    def __init__(self, images: Mapping[str, bytes], phone: Mapping[str, bytes],
                 media: Mapping[str, str] | None = None):
        super().__init__(images)
        self.phone = dict(phone)
        self.media = dict(media or {})
