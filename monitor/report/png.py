"""A figure as PNG bytes that are the same each time it is saved.

matplotlib's constrained layout places a figure's axes starting from where they are: the first draw moves
them from their grid cells, the next starts from there and moves them a little again (the number of tick
labels an axis gets depends on its length, a legend outside its axes follows them), until it settles
after three or four draws. So the same Figure saved twice gave different PNG bytes (the timeline, steps
and centre-of-pressure figures: about 7,500 pixels of 358,400 changed between the first and second save
of the timeline), and the PDF's copy of a figure, drawn after the HTML's, was not the HTML's.

``figure_png`` puts every axes back where it stood before the figure's first save through this module
(its grid cell, for a figure saved here first) and then saves: each save lays the figure out from the same
start and gives the same bytes. The PNG holds no date: matplotlib writes only its "Software" text.
"""

from __future__ import annotations

import io
from weakref import ReferenceType, WeakKeyDictionary, ref

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

#: Figure -> each axes with where it stood (figure fraction, before any layout of a save here) and whether
#: the layout engine places it. The axes by weak reference: an axes refers to its figure, and a value that
#: refers to its key keeps the key, so every figure saved here would live as long as the process.
_START: WeakKeyDictionary[Figure, list[tuple[ReferenceType[Axes], Bbox, bool]]] = WeakKeyDictionary()


def restore_start(fig: Figure) -> None:
    """Put ``fig``'s axes back where they stood before its first save through this module (recorded then)."""
    start = _START.setdefault(fig, [(ref(ax), ax.get_position(original=True).frozen(), ax.get_in_layout())
                                    for ax in fig.axes])
    for axes, where, in_layout in start:
        ax = axes()
        if ax is None:  # an axes removed from the figure since, and freed: nothing of it is drawn
            continue
        ax.set_position(where, which="both")  # which also takes the axes out of the layout ...
        ax.set_in_layout(in_layout)  # ... as it was


def figure_png(fig: Figure, dpi: float) -> bytes:
    """``fig`` as PNG bytes at ``dpi`` (white background), laid out from its start (module docstring):
    the same bytes each time for the same figure at the same size."""
    restore_start(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()
