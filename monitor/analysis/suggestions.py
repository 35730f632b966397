"""What to change: pattern -> likely cause -> adjustment, each rule with its evidence, and the referrals.

The table follows the recommendation table of domain.md section 6; the tags are its sources and strengths
([n] S well established, M one or two studies, W weak). Solewatch does not diagnose: the referrals say when
a person needs a clinician, not what they have.
"""

from __future__ import annotations

from dataclasses import dataclass

CYCLING = "cycling"
GAIT = ("running", "walking")


@dataclass(frozen=True)
class Suggestion:
    """One concrete adjustment. ``short`` fits a live alert line; ``text`` is the report's sentence."""

    key: str
    short: str
    text: str
    evidence: str  # source tags from domain.md, e.g. "[7][17][21][23]"
    strength: str  # "weak", "moderate" or "strong": the weakest link of the evidence behind it


@dataclass(frozen=True)
class Rule:
    """When a pattern (optionally in a region, for some activities) shows, its likely cause and fixes."""

    pattern: str
    cause: str
    suggestions: tuple[str, ...]  # Suggestion keys, most useful first
    regions: tuple[str, ...] | None = None  # None: any region
    activities: tuple[str, ...] | None = None  # None: any activity
    evidence: str = ""


_S = [
    Suggestion("loosen_closure", "Loosen the forefoot strap or dial",
               "Loosen the laces, strap or dial over the forefoot; try thinner socks.",
               "[16][17]", "weak"),
    Suggestion("wider_toe_box", "Try a wider or taller toe box",
               "Try shoes with a wider or taller toe box; with a high arch, a higher-volume (taller) shoe.",
               "[16][17][26]", "weak"),
    Suggestion("cleat_back", "Move the cleats back 2-10 mm",
               "Move the cleats 2-10 mm rearward (practitioners use 8-15 mm); lower the saddle by as much for "
               "moves of 2-4 mm and by half the move beyond 4 mm.", "[17][23][25]", "weak"),
    Suggestion("met_pad", "Metatarsal pad just behind MTH2-3",
               "A metatarsal pad placed just proximal to the 2nd-3rd metatarsal heads (position matters more "
               "than shape; about 5 mm behind them).", "[21][22]", "moderate"),
    Suggestion("arch_support", "Arch support, stopping short of toes",
               "A contoured insole that conforms to the arch and stops short of the toes, to bring the "
               "midfoot into contact.", "[20]", "moderate"),
    Suggestion("midfoot_cleat", "Consider a rearward or midfoot cleat",
               "Consider a rearward or midfoot cleat position (forefoot peak, area and pressure-time integral "
               "fell with a midfoot cleat and offloading insole).", "[23][24]", "moderate"),
    Suggestion("varus_wedge", "Varus wedge or cleat rotation",
               "For lateral overload: a varus cleat wedge or in-shoe wedge, and check the cleat rotation.",
               "[4][26]", "weak"),
    Suggestion("higher_cadence", "Spin faster at the same power",
               "A higher cadence at the same power lowers the peak pedal force.", "[9]", "moderate"),
    Suggestion("no_toe_clips", "Clipless pedals or looser straps",
               "Swap toe clips and straps for clipless pedals, or loosen the straps; a higher-volume shoe.",
               "[16][19]", "moderate"),
    Suggestion("unweight", "Unweight the foot 15-60 s",
               "Stand up or unweight the foot for 15-60 s every 15-30 minutes.", "[16][38]", "weak"),
    Suggestion("compliant_sole", "A less rigid sole or cushioned insole",
               "If the sole is very stiff, a slightly more compliant sole or a cushioned contoured insole "
               "(the evidence conflicts).", "[5][8]", "weak"),
    Suggestion("forefoot_cushioning", "Forefoot-cushioning insole",
               "A forefoot-cushioning insole (a metatarsal pad alone did not help in running).", "[2]",
               "moderate"),
    Suggestion("step_rate", "Raise step rate 5-10 %",
               "Raise the step rate by 5-10 % and change the strike pattern gradually.", "[12][13]",
               "moderate"),
    Suggestion("heels_back", "Shift weight toward the heels",
               "On the elliptical or stair-climber, shift weight toward the heels and take short breaks.",
               "[1]", "weak"),
    Suggestion("check_side", "Check that side's cleat, wedge or shim",
               "One foot only: check that side's cleat position, wedge or shim (cleat asymmetry, leg-length "
               "difference).", "", "weak"),
]
SUGGESTIONS: dict[str, Suggestion] = {s.key: s for s in _S}

#: The rules, most specific first; :func:`suggest` takes the first that matches.
RULES: tuple[Rule, ...] = (
    Rule("focal_mth", "cleat too far forward; transverse arch dropping", ("cleat_back", "met_pad"),
         regions=("mth2_3",), activities=(CYCLING,), evidence="[7][17][21][23] W-M"),
    Rule("focal_mth", "forefoot varus or a narrow shoe", ("varus_wedge", "wider_toe_box"),
         regions=("mth4_5",), evidence="[4][26] W"),
    Rule("lateral_overload", "forefoot varus or a narrow shoe", ("varus_wedge", "wider_toe_box"),
         evidence="[4][26] W"),
    Rule("focal_mth", "high pedal force; pronation", ("higher_cadence", "arch_support"),
         regions=("mth1", "hallux"), activities=(CYCLING,), evidence="[8][9][20] M"),
    Rule("focal_mth", "strike pattern", ("forefoot_cushioning", "step_rate"), activities=GAIT,
         evidence="[2][13] M"),
    Rule("focal_mth", "a focal peak under a rigid plate or a forward cleat", ("met_pad", "compliant_sole"),
         evidence="[5][8][21] W-M"),
    Rule("cop_forward", "cleat too far forward", ("cleat_back", "met_pad"), activities=(CYCLING,),
         evidence="[7][17][23] W-M"),
    Rule("cop_forward", "weight carried on the forefoot", ("heels_back", "unweight"),
         evidence="[1] W"),
    Rule("low_midfoot_contact", "flat insole under a high arch; forward cleat",
         ("arch_support", "midfoot_cleat"), evidence="[20][23] M"),
    Rule("forefoot_share_high", "flat insole; forward cleat", ("arch_support", "midfoot_cleat"),
         activities=(CYCLING,), evidence="[20][23] M"),
    Rule("forefoot_share_high", "strike pattern", ("forefoot_cushioning", "step_rate"), activities=GAIT,
         evidence="[2][13] M"),
    Rule("forefoot_share_high", "leaning forward; no unloading phase", ("heels_back", "unweight"),
         evidence="[1] W"),
    Rule("continuous_forefoot_load", "leaning forward; no unloading phase", ("heels_back", "unweight"),
         evidence="[1] W"),
    Rule("residual_unloaded", "shoe too tight in length, width or height", ("loosen_closure", "wider_toe_box"),
         evidence="[16][17] W"),
    Rule("dorsal_compression", "toe clips or straps pressing on the foot", ("no_toe_clips", "wider_toe_box"),
         evidence="[16][19] W-M"),
    Rule("creeping_load", "swelling; closure too tight", ("loosen_closure", "unweight"),
         evidence="[16][17][38] W"),
    Rule("relief_rare", "too little unweighting", ("unweight",), evidence="[38] W"),
    Rule("no_relief", "too little unweighting", ("unweight",), evidence="[38] W"),
    Rule("unilateral", "cleat asymmetry, leg-length difference or deformity", ("check_side",), evidence="W"),
)

#: When the person must see a clinician (domain.md section 6, last row; [18][36]).
REFERRALS: tuple[str, ...] = (
    "Numbness that persists once footwear and cleats have been ruled out needs a clinician: a Morton's "
    "neuroma shows on ultrasound, and the lower spine can be the cause. Anyone with diabetes or neuropathy "
    "should see a clinician first.",
    "Numbness with leg pain during or after exercise needs urgent care (acute compartment syndrome).",
)
NOT_A_MEDICAL_DEVICE = "Solewatch is not a medical device and does not diagnose."


#: The detector's patterns (monitor.signal.detector) in plain words, for reports (docs/detection.md).
PATTERN_WORDS: dict[str, str] = {
    "lateral_overload": "load shifted to the outer forefoot",
    "focal_mth": "a focal pressure peak under the metatarsal heads",
    "residual_unloaded": "pressure that stays on when the foot should be unloaded",
    "continuous_forefoot_load": "forefoot load with no let-up",
    "forefoot_share_high": "a high share of the load on the forefoot",
    "cop_forward": "the centre of pressure far forward",
    "creeping_load": "forefoot load creeping up over the session",
    "relief_rare": "reliefs too rare",
    "no_relief": "a long stretch without relief",
}


def pattern_words(pattern: str | None) -> str:
    """A detector pattern in plain words (its name with spaces if it has none)."""
    return PATTERN_WORDS.get(pattern or "", (pattern or "load").replace("_", " "))


def rule_for(pattern: str | None, region: str | None, activity: str | None) -> Rule | None:
    """The first rule matching a detector pattern, region and activity (None when nothing matches)."""
    for rule in RULES:
        if rule.pattern != pattern:
            continue
        if rule.regions is not None and region not in rule.regions:
            continue
        if rule.activities is not None and activity not in rule.activities:
            continue
        return rule
    return None


def suggest(pattern: str | None, region: str | None, activity: str | None) -> list[Suggestion]:
    """Suggestions for a pattern, most useful first; unweighting when no rule matches."""
    rule = rule_for(pattern, region, activity)
    keys = rule.suggestions if rule is not None else ("unweight",)
    return [SUGGESTIONS[k] for k in keys]
