"""The report figures' colours, in one place: the feet, the detector's levels and reliefs, the footstrike
types, the analysis regions and the cohort report's (sessions, riders, data quality); and the colour of text
written on a bar (:func:`text_colour_on`). Each set is told apart by people with normal colour vision and by
deuteranopes alike (tests/test_plot_palette.py checks each pair under the deuteranopia simulation of
Machado, Oliveira and Fernandes 2009, "A physiologically-based model for simulation of color vision
deficiency", IEEE TVCG 15(6)), with the colours of Okabe and Ito (2008, "Color Universal Design") and of
Paul Tol's qualitative schemes (personal.sron.nl/~pault). The levels differ in hue and in lightness, lightest
for none and darkest for alert, so that they read in grey print too; no level shares its colour with a foot,
whose lines run beside the alerts' lines in the timeline."""

from __future__ import annotations

import math

import matplotlib.colors as mcolors

FOOT_COLOURS = {"left": "#0072B2", "right": "#CC79A7"}  # Okabe-Ito blue, reddish purple
LEVEL_COLOURS = {"none": "#E8E8E8", "notice": "#F0E442", "warning": "#D55E00", "alert": "#882255"}
#: Reliefs under the level bands: Okabe-Ito sky blue (green, as before, was alert red's twin for deuteranopes).
RELIEF_COLOUR = "#56B4E9"
#: A window the detector does not judge (it holds less data than the alert policy acts on): grey hatching.
UNJUDGED_HATCH = "////"
UNJUDGED_EDGE = "0.55"
STRIKE_COLOURS = {"rearfoot": "#0072B2", "midfoot": "#999933", "forefoot": "#882255"}
#: One colour per analysis region (monitor.codebook.ANALYSIS_REGIONS), the same in every panel; the forefoot's
#: five, whose curves lie over each other, the five of these most apart.
REGION_COLOURS = {"heel_medial": "#882255", "heel_lateral": "#AA4499", "midfoot_medial": "#999933",
                  "midfoot_lateral": "#999999", "mth1": "#332288", "mth2_3": "#E69F00", "mth4_5": "#56B4E9",
                  "hallux": "#000000", "lesser_toes": "#117733"}
#: The cohort report's figures (monitor.report.plots.study): the sessions' histogram and before/after lines
#: (Okabe-Ito blue), the riders' means as ticks on the histogram's axis (vermillion).
STUDY_COLOURS = {"sessions": "#0072B2", "rider means": "#D55E00"}
#: Each rider's line in the cohort's trends, in turn: Okabe-Ito but yellow (too pale for a line on white) and
#: black (the crosses'), ordered so that each two neighbours, and the last and the first, are told apart.
RIDER_COLOURS = ("#0072B2", "#E69F00", "#56B4E9", "#CC79A7", "#D55E00", "#009E73")
#: Each rider's marker in the cohort's trends, in turn beside the colours: five shapes (none a cross, the mark of a
#: foot not analysed), so that as five and six have no common factor, rider i's (colour, marker),
#: (RIDER_COLOURS[i % 6], RIDER_MARKERS[i % 5]), is its own for the first RIDER_CUES = 30 riders.
RIDER_MARKERS = ("o", "s", "^", "D", "v")
RIDER_CUES = math.lcm(len(RIDER_COLOURS), len(RIDER_MARKERS))
#: The cross over the point of a session with a foot not analysed: black, apart from every rider's colour.
UNWATCHED_COLOUR = "#000000"
#: A session's bar in the cohort's data quality figure: with gaps (Okabe-Ito orange) or without (blue).
QUALITY_COLOURS = {"gaps": "#E69F00", "no gaps": "#0072B2"}
#: The words a caption or legend calls a palette colour by: Okabe and Ito's own names of their eight colours
#: (2008, "Color Universal Design", jfly.iam.u-tokyo.ac.jp/color), by #RRGGBB. A caption names a colour through
#: :func:`colour_word` only, so that the word follows the colour drawn (tests/test_caption_colours.py).
COLOUR_WORDS = {"#000000": "black", "#E69F00": "orange", "#56B4E9": "sky blue", "#009E73": "bluish green",
                "#F0E442": "yellow", "#0072B2": "blue", "#D55E00": "vermillion", "#CC79A7": "reddish purple"}
#: The names the quality figure's caption calls QUALITY_COLOURS by (Okabe and Ito's).
QUALITY_COLOUR_WORDS = {key: COLOUR_WORDS[c] for key, c in QUALITY_COLOURS.items()}


def colour_word(colour: str) -> str:
    """The word a caption calls ``colour`` (a "#RRGGBB" of :data:`COLOUR_WORDS`, any case) by: "sky blue" for
    RELIEF_COLOUR. A colour without a name there is a KeyError naming it: give it its name before a caption
    says it."""
    try:
        return COLOUR_WORDS[colour.upper()]
    except KeyError:
        raise KeyError(f"{colour!r} has no name in monitor.report.plots.palette.COLOUR_WORDS") from None


def relative_luminance(colour) -> float:
    """The relative luminance of ``colour`` (any matplotlib colour) by WCAG 2.x (www.w3.org/TR/WCAG21/
    #dfn-relative-luminance): 0 for black to 1 for white."""
    channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in mcolors.to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def text_colour_on(face) -> str:
    """The colour of text written on a patch of ``face`` (any matplotlib colour): white or black, whichever has
    the higher WCAG 2.x contrast ratio against it, ``(L1 + 0.05) / (L2 + 0.05)``; the higher of the two is 4.58:1
    or more on any face, past the 4.5:1 of level AA for normal text (olive #999933: black 7.0:1, white 3.0:1)."""
    lum = relative_luminance(face)
    return "white" if (1.05 / (lum + 0.05)) >= ((lum + 0.05) / 0.05) else "black"
