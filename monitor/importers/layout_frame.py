"""Whether a foot's layout is in the anatomical frame of docs/protocol.md: ``x`` from -0.5 at the medial
edge (the big toe's side) to +0.5 at the lateral edge on both feet, so the same anatomy has the same ``x``
on each. A left foot's ``x`` given in a geometric frame (left of the page negative) is mirrored: its MTH1
and hallux then lie on the outer edge, and the report draws them there. Pure, no I/O.

The check: where a foot has sensors labelled medial (MTH1, hallux) and lateral (MTH4, MTH5, MTH4-5, lesser
toes), the mean ``x`` of the medial ones lies below the mean ``x`` of the lateral ones. The mean, not each
sensor: a grid's sensels of the hallux and the lesser toes may meet (a pedar-like grid's columns).
"""

from __future__ import annotations

from collections.abc import Sequence

#: Sensor labels that lie on the medial side of the forefoot, and on its lateral side (docs/protocol.md's
#: region table).
MEDIAL_LABELS = ("mth1", "hallux")
LATERAL_LABELS = ("mth4", "mth5", "mth4_5", "lesser_toes")


def mirrored_words(x: Sequence[float], regions: Sequence[str]) -> str | None:
    """What is wrong where the sensors at ``x`` (normalised, -0.5 .. 0.5) labelled ``regions`` put the medial
    ones (MEDIAL_LABELS) at or lateral of the lateral ones (LATERAL_LABELS), by their mean ``x``: one clause
    that says the frame expected; None where they lie medial, or where the foot lacks either side's labels."""
    medial = [float(v) for v, r in zip(x, regions, strict=True) if r in MEDIAL_LABELS]
    lateral = [float(v) for v, r in zip(x, regions, strict=True) if r in LATERAL_LABELS]
    if not medial or not lateral:
        return None
    m, lat = sum(medial) / len(medial), sum(lateral) / len(lateral)
    if m < lat:
        return None
    return (f"the medial sensors (MTH1, hallux) lie at mean x {m:+.2f}, not medial of the lateral ones (MTH4-5, "
            f"lesser toes) at {lat:+.2f}: x is the anatomical frame, -0.5 the medial (big-toe) edge and +0.5 "
            "the lateral edge on both feet, not mirrored for the left (docs/import-csv.md)")
