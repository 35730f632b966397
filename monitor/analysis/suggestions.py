"""What to change: pattern -> likely cause -> adjustment, each rule with its evidence.

The rules follow the recommendation table of domain.md section 6; the tags are its sources and strengths
([n] S well established, M one or two studies, W weak). Solewatch does not diagnose: the referrals
(monitor.analysis.referrals) say when a person needs a clinician, not what they have. The tips the rules
name, and their words, are monitor.analysis.tips; the patterns' plain words monitor.analysis.pattern_names.
Their names are importable from here too, where the rest of the code takes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from monitor.analysis.pattern_names import PATTERN_SHORT, PATTERN_WORDS, pattern_short, pattern_words
from monitor.analysis.referrals import NOT_A_MEDICAL_DEVICE, referrals
from monitor.analysis.relief_asked import RELIEF, RELIEF_MAX_S, RELIEF_MIN_S, relief_words
from monitor.analysis.sources import known_tags
from monitor.analysis.strike import NON_REARFOOT
from monitor.analysis.tips import (
    CLEATED,
    HEELS_BACK_ACTIVITIES,
    SUGGESTIONS,
    Suggestion,
    evidence_for,
    has_cleats,
    heads_region,
    not_known,
    own_source,
    strength_for,
    studied_words,
    words,
)
from monitor.signal.activity_words import CYCLING_ACTIVITIES, is_cycling

__all__ = [
    # the tips (monitor.analysis.tips) and the relief they ask for (monitor.analysis.relief_asked), the referrals
    # (monitor.analysis.referrals), the patterns' words (monitor.analysis.pattern_names) and is_cycling
    # (monitor.signal.activity_words), as imported from here
    "CLEATED", "HEELS_BACK_ACTIVITIES", "NOT_A_MEDICAL_DEVICE", "PATTERN_SHORT", "PATTERN_WORDS", "RELIEF",
    "RELIEF_MAX_S", "RELIEF_MIN_S", "SUGGESTIONS", "Suggestion", "evidence_for", "has_cleats", "heads_region",
    "is_cycling", "not_known", "own_source", "pattern_short", "pattern_words", "referrals", "relief_words",
    "strength_for", "studied_words", "words",
    # the rules
    "CHECK", "GAIT", "MET_PAD_REGIONS", "NOT_KNOWN", "ON_FOOT", "OPTIMUM_STEPS_PER_MIN", "RULES", "Rule",
    "SWELLING_ONSET_S", "SWELLING_PATTERNS", "advice_pattern", "for_step_rate", "rule_for", "suggest",
]

GAIT = ("running", "walking")
#: An activity not known: the pipeline's "unknown", or none given (None).
NOT_KNOWN = (None, "unknown")

#: Activities off the bike that the focal-peak advice reads without a cleat or a runner's strike: a walk
#: (metatarsal pads cut the forefoot peak in walking [21] M, where in running they did not [2] M) and the
#: stepping machines (the detector's "elliptical_or_stair", and the session's words for them).
ON_FOOT = ("walking", "elliptical_or_stair", "elliptical", "stair_climber")
#: A focal peak's metatarsal pad: MTH1-2 ([22] M), MTH2-3 (the focal MTH2-3 row [7][21]), a region not named
#: (pads cut the forefoot peak [21] M); a pad sits behind the metatarsal heads, not under the hallux.
MET_PAD_REGIONS = ("mth1", "mth2_3", None)
#: The step rate the forefoot-striking runner's "step rate +5-10 %" (domain.md section 6 [2][13]) raises
#: toward: the optimum, ~170 steps/min at 3 m/s [12] M (domain.md section 2). The tip is for a run under it.
OPTIMUM_STEPS_PER_MIN = 170.0


@dataclass(frozen=True)
class Rule:
    """When a pattern (optionally in a region, for some activities, with some pedals, on a foot of some
    measured footstrike) shows, its likely cause and fixes."""

    pattern: str
    cause: str
    suggestions: tuple[str, ...]  # Suggestion keys, most useful first
    regions: tuple[str, ...] | None = None  # None: any region
    activities: tuple[str, ...] | None = None  # None: any activity
    evidence: str = ""
    pedals: tuple[str, ...] | None = None  # None: any pedals, declared or not
    #: None: any footstrike, measured or not; else the foot's measured footstrike
    #: (monitor.analysis.strike.foot_strike) must be one of these: a strike not measured matches none
    strikes: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        known_tags(self.evidence)  # every tag it prints is a listed source


#: A cause that is a condition of the foot (a forefoot varus, a dropping transverse arch, pronation) is a
#: possibility a clinician or fitter can check (CHECK): pressure data cannot establish it, and Solewatch does
#: not diagnose.
CHECK = "(a clinician or fitter can check)"

#: The rules, most specific first; :func:`suggest` takes the first that matches.
#: A session that started without a sign of the whole-forefoot patterns and shows them only after
#: SWELLING_ONSET_S is read as swelling (the creeping_load rule): the shoe did not change, the foot did.
RULES: tuple[Rule, ...] = (
    Rule("focal_mth", f"cleat too far forward, or possibly a dropping transverse arch {CHECK}",
         ("cleat_back", "met_pad"), regions=("mth2_3",), activities=CYCLING_ACTIVITIES, pedals=CLEATED,
         evidence="[7][17][21][23] W-M"),
    # The varus wedge is the seated-cycling row's [4][26]; domain.md gives a run, a walk or a machine none:
    # off the bike, the narrow shoe of the row and of the mechanism ("tight/narrow shoes" [17]) alone.
    Rule("focal_mth", f"a narrow shoe, or possibly a forefoot varus {CHECK}", ("varus_wedge", "wider_toe_box"),
         regions=("mth4_5",), activities=CYCLING_ACTIVITIES, evidence="[4][26] W"),
    Rule("focal_mth", "a narrow shoe", ("wider_toe_box",), regions=("mth4_5",), evidence="[17] W"),
    Rule("lateral_overload", f"a narrow shoe, or possibly a forefoot varus {CHECK}", ("varus_wedge", "wider_toe_box"),
         activities=CYCLING_ACTIVITIES, evidence="[4][26] W"),
    Rule("lateral_overload", "a narrow shoe", ("wider_toe_box",), evidence="[17] W"),
    Rule("focal_mth", f"high pedal force, or possibly pronation {CHECK}", ("higher_cadence", "arch_support"),
         regions=("mth1", "hallux"), activities=CYCLING_ACTIVITIES, evidence="[8][9][20] M"),
    # The forefoot-striking runner's row [2][13] for a run whose steps are measured midfoot or forefoot strikes;
    # a rearfoot strike (or one not measured) is no strike-pattern cause, and domain.md gives no other on foot:
    # its stiff-sole row is carbon cycling plates' [5][8] (conflicting), no likely cause in a running or walking
    # shoe. The forefoot cushioning that helped in running [2] (a metatarsal pad did not [2] M), and the
    # compliant sole, whose words off the bike say its evidence is cycling shoes'.
    Rule("focal_mth", "strike pattern", ("forefoot_cushioning", "step_rate"), activities=("running",),
         strikes=NON_REARFOOT, evidence="[2][13] M"),
    Rule("focal_mth", "not known from the pressure data", ("forefoot_cushioning", "compliant_sole"),
         activities=("running",), evidence="[2][5][8] W-M"),
    # A metatarsal pad only for a focal peak under the heads the evidence has pads for (MTH1-2 [22], MTH2-3
    # [7][21]): none under the hallux. No cleat where the pedals have none (flat pedals, toe clips), nor where
    # the activity is not known (no cleat tip is given there). The cause: the focal MTH2-3 row's dropping arch,
    # a condition of the foot in any activity; its stiff-sole row's rigid plate is of a sole known to be very
    # stiff (carbon and stiff cycling shoes [5][8], conflicting), which the pressure data do not show: its
    # compliant sole stays a tip "if the sole ... is very stiff", its cause none. A focal MTH1 peak is not the
    # MTH2-3 row's: domain.md's one row for MTH1 off the bike is the forefoot-striking runner's (above); a walk,
    # a stepping machine or an activity not known has no cause for it from the table (its pad [22] M).
    Rule("focal_mth", "not known from the pressure data", ("met_pad", "compliant_sole"), regions=("mth1",),
         activities=(*ON_FOOT, *NOT_KNOWN), evidence="[5][8][22] W-M"),
    Rule("focal_mth", f"possibly a dropping transverse arch {CHECK}", ("met_pad", "compliant_sole"),
         regions=MET_PAD_REGIONS, activities=(*ON_FOOT, *NOT_KNOWN), evidence="[5][8][21] W-M"),
    Rule("focal_mth", "not known from the pressure data", ("compliant_sole",), activities=(*ON_FOOT, *NOT_KNOWN),
         evidence="[5][8] W"),
    # A bike whose cleat may be forward (clipless or pedals not declared), with no row of its own for the region
    Rule("focal_mth", "a focal peak under a rigid plate or a forward cleat", ("met_pad", "compliant_sole"),
         regions=MET_PAD_REGIONS, pedals=CLEATED, evidence="[5][8][21] W-M"),
    Rule("focal_mth", "a focal peak under a rigid plate or a forward cleat", ("compliant_sole",),
         pedals=CLEATED, evidence="[5][8] W"),
    # A bike without cleats (flat pedals, toe clips): the focal MTH2-3 row's arch, as off the bike
    Rule("focal_mth", f"possibly a dropping transverse arch {CHECK}", ("met_pad", "compliant_sole"),
         regions=MET_PAD_REGIONS, evidence="[5][8][21] W-M"),
    Rule("focal_mth", "not known from the pressure data", ("compliant_sole",), evidence="[5][8] W"),
    Rule("cop_forward", "cleat too far forward", ("cleat_back", "met_pad"), activities=CYCLING_ACTIVITIES,
         pedals=CLEATED, evidence="[7][17][23] W-M"),
    Rule("cop_forward", "weight carried on the forefoot", ("heels_back", "unweight"),
         activities=HEELS_BACK_ACTIVITIES, evidence="[1] W"),
    # Elsewhere (a run, a walk, a bike without cleats) domain.md has no row for it: a break only.
    Rule("cop_forward", "weight carried on the forefoot", ("unweight",), evidence="[38] W"),
    # Toe clips declared: the table's own row for that setup ("Worse with toe clips or straps", dorsal
    # compression [16][19] W-M; cages and straps among the attached interfaces at greatest risk [16] M) comes
    # first, its toe straps or clipless pedals; the shoe's strap or dial (the tight-shoe row's [16][17] W) after.
    Rule("forefoot_share_high", "toe clips or straps pressing on the foot", ("no_toe_clips", "loosen_closure"),
         activities=CYCLING_ACTIVITIES, pedals=("toe-clips",), evidence="[16][19] W-M"),
    Rule("forefoot_share_high", "flat insole; forward cleat", ("arch_support", "midfoot_cleat"),
         activities=CYCLING_ACTIVITIES, pedals=CLEATED, evidence="[20][23] M"),
    Rule("forefoot_share_high", "flat insole", ("arch_support",), activities=CYCLING_ACTIVITIES,
         evidence="[20] M"),
    Rule("forefoot_share_high", "strike pattern", ("forefoot_cushioning", "step_rate"), activities=("running",),
         strikes=NON_REARFOOT, evidence="[2][13] M"),
    # A run not measured midfoot or forefoot: the high forefoot fraction row's insole [20], and the running
    # study's forefoot cushioning [2] (not a metatarsal pad, which failed in running [2] M).
    Rule("forefoot_share_high", "flat insole; little midfoot contact", ("arch_support", "forefoot_cushioning"),
         activities=("running",), evidence="[2][20] M"),
    Rule("forefoot_share_high", "flat insole; little midfoot contact", ("arch_support", "met_pad"),
         activities=("walking",), evidence="[20][21] M"),
    Rule("forefoot_share_high", "leaning forward; no unloading phase", ("heels_back", "unweight"),
         activities=HEELS_BACK_ACTIVITIES, evidence="[1] W"),
    # Any other activity (one not known): the insole, which domain.md's forefoot-fraction row puts first.
    Rule("forefoot_share_high", "flat insole", ("arch_support", "unweight"), evidence="[20][38] W-M"),
    Rule("continuous_forefoot_load", "leaning forward; no unloading phase", ("heels_back", "unweight"),
         activities=HEELS_BACK_ACTIVITIES, evidence="[1] W"),
    # On a bike the forefoot is never fully unloaded (domain.md section 1): unweight it now and then.
    Rule("continuous_forefoot_load", "no unloading phase", ("unweight",), evidence="[16][38] W"),
    Rule("residual_unloaded", "toe clips or straps pressing on the foot", ("no_toe_clips", "roomier_shoe"),
         activities=CYCLING_ACTIVITIES, pedals=("toe-clips",), evidence="[16][19] W-M"),
    Rule("residual_unloaded", "closure too tight; a narrow or low-volume shoe",
         ("loosen_closure", "roomier_shoe", "unweight"), evidence="[16][17][19][38] W"),
    Rule("creeping_load", "swelling; closure too tight", ("loosen_progressively", "unweight"),
         evidence="[16][17][38] W"),
    Rule("relief_rare", "too little unweighting", ("unweight",), evidence="[38] W"),
    Rule("no_relief", "too little unweighting", ("unweight",), evidence="[38] W"),
)
# No rule is for a one-sided pattern: the left-against-right check (monitor.analysis.unilateral) raises a
# lateral_overload, a focal_mth or a residual_unloaded, whose rules hold; checking that side against the other
# (``check_side``, domain.md's "Unilateral pattern" row) is the advice's (monitor.analysis.advice).

#: Patterns a shoe that fills up gives (docs/detection.md); seen first this late into a session that began
#: without them, they are read as swelling. 600 s (guess): a fit problem present from the start shows in the
#: first judged windows (about 1-2 minutes); swelling is a cause [16][17] W, with no time course in domain.md
#: (the simulator's builds over 20-30 minutes, a guess: docs/population.md).
SWELLING_PATTERNS = ("residual_unloaded", "creeping_load", "forefoot_share_high", "continuous_forefoot_load")
SWELLING_ONSET_S = 600.0


def advice_pattern(pattern: str | None, first_sign_s: float | None) -> str | None:
    """The pattern the advice is chosen for: a whole-forefoot pattern whose foot showed its first sign only
    ``first_sign_s`` >= SWELLING_ONSET_S into the session is swelling (``creeping_load``)."""
    if pattern in SWELLING_PATTERNS and first_sign_s is not None and first_sign_s >= SWELLING_ONSET_S:
        return "creeping_load"
    return pattern


def rule_for(pattern: str | None, region: str | None, activity: str | None,
             pedals: str | None = None, strike: str | None = None) -> Rule | None:
    """The first rule matching a detector pattern, region, activity, declared pedals and the foot's measured
    footstrike (``strike``: monitor.analysis.strike.foot_strike, None where not measured) (None when nothing
    matches). A rule's ``pedals`` None matches any; a tuple with None in it matches pedals not declared. A
    rule's ``strikes`` None matches any strike; a tuple matches a measured strike in it only."""
    for rule in RULES:
        if rule.pattern != pattern:
            continue
        if rule.regions is not None and region not in rule.regions:
            continue
        if rule.activities is not None and activity not in rule.activities:
            continue
        if rule.pedals is not None and pedals not in rule.pedals:
            continue
        if rule.strikes is not None and strike not in rule.strikes:
            continue
        return rule
    return None


def for_step_rate(keys: Iterable[str], steps_per_min: float | None) -> tuple[str, ...]:
    """``keys`` (Suggestion keys) with the step-rate tip only where the run's step rate (``steps_per_min``, both
    feet; None or NaN: not known) is under :data:`OPTIMUM_STEPS_PER_MIN`, as a person reads it (whole steps:
    169.6 is 170): a runner at the optimum or above it is not told to raise it. In its place such a run (or
    one whose step rate is not known) keeps the rest of the tip, its row's "change strike gradually" [2][13]
    (``strike_gradually``)."""
    under = steps_per_min is not None and round(steps_per_min, 0) < OPTIMUM_STEPS_PER_MIN  # NaN compares False
    return tuple(k if k != "step_rate" or under else "strike_gradually" for k in keys)


def suggest(pattern: str | None, region: str | None, activity: str | None,
            pedals: str | None = None, steps_per_min: float | None = None,
            strike: str | None = None) -> list[Suggestion]:
    """Suggestions for a pattern, most useful first; unweighting when no rule matches; the step-rate tip only
    for a step rate (``steps_per_min``, both feet) under the optimum, the gradual change of the strike pattern
    in its place otherwise (:func:`for_step_rate`); the strike-pattern row only for a foot whose measured
    footstrike (``strike``, :func:`rule_for`) is midfoot or forefoot."""
    rule = rule_for(pattern, region, activity, pedals, strike)
    keys = rule.suggestions if rule is not None else ("unweight",)
    return [SUGGESTIONS[k] for k in for_step_rate(keys, steps_per_min)]
