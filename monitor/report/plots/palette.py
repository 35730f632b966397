"""The report figures' colours, in one place: the feet, the detector's levels and reliefs, the footstrike
types and the analysis regions. Each set is told apart by people with normal colour vision and by
deuteranopes alike (tests/test_plot_palette.py checks each pair under the deuteranopia simulation of
Machado, Oliveira and Fernandes 2009, "A physiologically-based model for simulation of color vision
deficiency", IEEE TVCG 15(6)), with the colours of Okabe and Ito (2008, "Color Universal Design") and of
Paul Tol's qualitative schemes (personal.sron.nl/~pault). The levels differ in hue and in lightness, lightest
for none and darkest for alert, so that they read in grey print too; no level shares its colour with a foot,
whose lines run beside the alerts' lines in the timeline."""

from __future__ import annotations

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
