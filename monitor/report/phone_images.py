"""The report's figures drawn again for a phone: narrower, so that their text stays legible there.

A figure drawn W inches wide and shown D CSS px wide shows text of s pt at s/72 x D/W CSS px, whatever the
dpi. The report's figures are 6.4 in wide and their smallest text is 8 pt: on a 390-px phone (an image
about 372 px wide in the page's column) that is 6.5 px, too small to read. Drawn ``PHONE_WIDTH_IN`` (4.2 in)
wide, the same 8 pt shows at 9.8 px, above the 9 px taken as the least legible size (a guess: about the
smallest text phone interfaces use). The page offers this drawing to screens up to ``PHONE_MEDIA`` wide
(html.py's ``<picture>``) and the desktop drawing elsewhere: a desktop browser shows what it showed.

For the narrower drawing a figure keeps its text sizes and its height (a figure without a layout engine,
the heatmaps, is scaled in height too: its feet keep their shape), and titles, x-axis labels and the
figure's title wrap to their axes' width (a legend keeps its columns: the report's fit 4.2 in). The
Figure is left as it was.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from matplotlib.figure import Figure
from matplotlib.text import Text

from monitor.report.png import figure_png

#: Width of the phone drawing (inches); see the module docstring for why 4.2.
PHONE_WIDTH_IN = 4.2
#: Screens the phone drawing is for: the page's own narrow layout (html.py's CSS, up to 32 rem).
PHONE_MEDIA = "(max-width: 32rem)"
#: Mean width of a character as a share of its font size (DejaVu Sans, matplotlib's default: a guess
#: from its widths, on the wide side so that a wrapped line fits).
_CHAR_WIDTH_EM = 0.6


def _wrap(text: Text, width_pt: float) -> str | None:
    """``text``'s string wrapped to ``width_pt``, or None when it fits as it is."""
    s = text.get_text()
    chars = max(8, int(width_pt / (_CHAR_WIDTH_EM * text.get_fontsize())))
    if not s or "\n" in s or len(s) <= chars:
        return None
    return textwrap.fill(s, chars)


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


class PhoneImages(dict):
    """Figure name -> PNG bytes of the desktop drawing, with ``phone``: name -> PNG bytes of the phone's."""

    def __init__(self, images: Mapping[str, bytes], phone: Mapping[str, bytes]):
        super().__init__(images)
        self.phone = dict(phone)
