"""What to change: pattern -> likely cause -> adjustment, each rule with its evidence, and the referrals.

The table follows the recommendation table of domain.md section 6; the tags are its sources and strengths
([n] S well established, M one or two studies, W weak). Solewatch does not diagnose: the referrals say when
a person needs a clinician, not what they have.

One idea: domain.md's recommendation table as code, its tips in the words of an activity and the rules that
pick its rows (its length is the table's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from monitor.analysis.strike import NON_REARFOOT
from monitor.signal.activity_words import CYCLING_ACTIVITIES, activity_word, is_cycling
from monitor.signal.params import FeatureParams

#: The shortest and the longest relief domain.md asks for: its 15-60 s ([16][17][38] W).
RELIEF_MIN_S, RELIEF_MAX_S = 15.0, 60.0


def relief_words(relief_min_s: float | None = None) -> str:
    """The relief asked for: domain.md's 15-60 s ([16][17][38] W), its lower end raised to ``relief_min_s`` (s,
    FeatureParams.relief_min_s of the params the session is judged with; None: the defaults'), the shortest
    unweighting counted as a relief, so that a relief asked for is a relief counted: "20-60 s"; "90 s" for a
    ``relief_min_s`` at or above domain.md's 60 s. Never lowered: a ``relief_min_s`` under 15 s still asks for
    domain.md's "15-60 s"."""
    lo_s = max(RELIEF_MIN_S, FeatureParams().relief_min_s if relief_min_s is None else relief_min_s)
    return f"{lo_s:.0f}-{RELIEF_MAX_S:.0f} s" if round(lo_s) < RELIEF_MAX_S else f"{lo_s:.0f} s"


#: The relief asked for under the default params (:func:`relief_words`).
RELIEF = relief_words()
GAIT = ("running", "walking")

#: Activities off the bike that the focal-peak advice reads without a cleat or a runner's strike: a walk
#: (metatarsal pads cut the forefoot peak in walking [21] M, where in running they did not [2] M) and the
#: stepping machines (the detector's "elliptical_or_stair", and the session's words for them).
ON_FOOT = ("walking", "elliptical_or_stair", "elliptical", "stair_climber")
#: Domain.md's "shift weight toward the heels" row is the elliptical's [1] W: the stepping machines (label and
#: session words) only. An activity not known (None, "unknown") may as well be a bike or a run, where the
#: heels row does not hold: it gets the advice any activity can take (a contoured insole [20] M, a break).
HEELS_BACK_ACTIVITIES = ("elliptical_or_stair", "elliptical", "stair_climber")
#: A focal peak's metatarsal pad: MTH1-2 ([22] M), MTH2-3 (the focal MTH2-3 row [7][21]), a region not named
#: (pads cut the forefoot peak [21] M); a pad sits behind the metatarsal heads, not under the hallux.
MET_PAD_REGIONS = ("mth1", "mth2_3", None)
#: The declared pedals a cleat may be on (None: not declared); flat pedals and toe clips have none.
CLEATED = (None, "clipless")
#: The step rate the forefoot-striking runner's "step rate +5-10 %" (domain.md section 6 [2][13]) raises
#: toward: the optimum, ~170 steps/min at 3 m/s [12] M (domain.md section 2). The tip is for a run under it.
OPTIMUM_STEPS_PER_MIN = 170.0


@dataclass(frozen=True)
class Suggestion:
    """One concrete adjustment. ``short`` fits a live alert line; ``text`` is the report's sentence.

    The texts are for a rider on a bike; ``gait_short`` and ``gait_text`` (when given) are the same advice
    for running, walking and the gym machines (laces, not straps or dials; no cleats). Placeholders name the
    feet the advice is for (:func:`words`): ``{cleats}`` ("both cleats", "the right cleat"), ``{shoes}``
    ("both shoes", "the right shoe"), ``{foot}`` ("both feet", "the right foot"), ``{heads}`` ("MTH1"),
    ``{relief}`` ("20-60 s": :func:`relief_words`).
    """

    key: str
    short: str
    text: str
    # source tags from domain.md: every tag of the recommendation-table row the advice comes from, and those of
    # the section 1-2 lines a detail beyond the row rests on (cleat_back's saddle rule [25]), e.g. "[16][17][38]"
    evidence: str
    strength: str  # "weak", "moderate" or "strong": the weakest link of the evidence behind it
    gait_short: str | None = None
    gait_text: str | None = None
    #: What domain.md's evidence for it was measured in where that is cycling alone ("cycling", "cycling shoes";
    #: "": it has sources on foot too): off the bike its text says so (:func:`words`, :func:`studied_words`)
    studied_in: str = ""
    #: Off the bike, the activities whose own domain.md sources say it, and those tags: cited there instead of
    #: ``evidence``, with nothing said of cycling (:func:`evidence_for`)
    own_sources: tuple[tuple[str, ...], str] | None = None


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


_S = [
    Suggestion("loosen_closure", "Loosen {shoes}' strap or dial",
               "Loosen the forefoot strap or dial of {shoes}; try thinner socks.",
               "[16][17][38]", "weak",
               "Loosen {shoes}' forefoot laces",
               "Loosen the laces of {shoes} over the forefoot (or skip an eyelet there); try thinner socks.",
               studied_in="cycling"),
    # tight or narrow shoes [17]; a higher-volume shoe [16][19] (domain.md gives no shoe length)
    Suggestion("roomier_shoe", "A wider, higher-volume shoe",
               "If loosening does not help, {shoes} may be too tight: try a wider toe box, or a higher-volume "
               "shoe (with a high arch too).", "[16][17][19]", "weak", studied_in="cycling"),
    # a narrow shoe: "tight/narrow shoes" [17]; its row's [4][26] are the varus wedge's (the lateral load, wedges)
    Suggestion("wider_toe_box", "Try a wider or taller toe box",
               "Try shoes with a wider or taller toe box; with a high arch, a higher-volume (taller) shoe.",
               "[17]", "weak", studied_in="cycling"),
    Suggestion("loosen_progressively", "Swelling: loosen {shoes} a notch",
               "Feet swell as the session goes on: loosen the forefoot strap or dial of {shoes} a notch "
               "when the load creeps up, and again later (loosen progressively); thinner socks leave room.",
               "[16][17][38]", "weak",
               "Swelling: loosen {shoes}' laces",
               "Feet swell as the session goes on: loosen the laces of {shoes} a little when the load "
               "creeps up, and again later (loosen progressively); thinner socks leave room.",
               studied_in="cycling"),
    Suggestion("cleat_back", "Move {cleats} back 2-10 mm",
               "Move {cleats} 2-10 mm rearward (practitioners use 8-15 mm); lower the saddle by as much for "
               "moves of 2-4 mm and by half the move beyond 4 mm.", "[7][17][21][23][25]", "weak"),
    Suggestion("met_pad", "Metatarsal pad just behind {heads}",
               "A metatarsal pad in {shoes} placed just behind (proximal to) {heads} (position "
               "matters more than shape).", "[21][22]", "moderate"),
    # [20] is a cycling source: its rows in domain.md's table are riding's ("steady riding", "on climbs")
    Suggestion("arch_support", "Arch support, stopping short of toes",
               "A contoured insole in {shoes} that conforms to the arch and stops short of the toes, to bring "
               "the midfoot into contact.", "[20]", "moderate", studied_in="cycling"),
    Suggestion("midfoot_cleat", "Consider a rearward or midfoot cleat",
               "Consider a rearward or midfoot position for {cleats} (forefoot peak, area and pressure-time "
               "integral fell with a midfoot cleat and offloading insole).", "[23][24]", "moderate"),
    Suggestion("varus_wedge", "Varus wedge or cleat rotation",
               "For lateral overload: a varus wedge under {cleats} or in {shoes}, and check the cleat "
               "rotation.", "[4][26]", "weak",
               # on a bike without cleats (flat pedals, toe clips): the row's in-shoe wedge
               "Varus wedge in the shoe",
               "For lateral overload: a varus in-shoe wedge in {shoes}."),
    Suggestion("higher_cadence", "Spin faster at the same power",
               "A higher cadence at the same power lowers the peak pedal force.", "[9]", "moderate"),
    Suggestion("no_toe_clips", "Loosen the toe straps, or go clipless",
               "Toe clips and straps press on the top of the foot: loosen the straps on {foot}, or swap the "
               "toe clips for clipless pedals; a higher-volume shoe.", "[16][19]", "weak"),
    # {relief}: the relief asked for under the session's params (:func:`relief_words`)
    Suggestion("unweight", "Unweight the foot {relief}",
               "Stand up or unweight {foot} for {relief} every 15-30 minutes.", "[16][17][38]", "weak",
               # on foot a stop is the relief (docs/detection.md, "Gait"): walking on is none, and no one
               # stands with the weight off both feet
               "Take a {relief} break",
               "Stop for {relief} every 15-30 minutes (sit, or stand and lift each foot in turn).",
               # cyclists relieved by stopping [16][17]; the times, wheelchair users' relief [38] (an analogy);
               # on the stepping machines the elliptical row's "take breaks" [1] W
               studied_in="cyclists and wheelchair users", own_sources=(HEELS_BACK_ACTIVITIES, "[1][38]")),
    # off the bike it says its evidence [5][8] is cycling shoes alone: domain.md has no row on soles on foot
    Suggestion("compliant_sole", "A less rigid sole or cushioned insole",
               "If the sole of {shoes} is very stiff, a slightly more compliant sole or a cushioned contoured "
               "insole (the evidence conflicts).", "[5][8]", "weak", "Less rigid sole or insole (cycling data)",
               studied_in="cycling shoes"),
    Suggestion("forefoot_cushioning", "Forefoot-cushioning insole",
               "A forefoot-cushioning insole in {shoes} (a metatarsal pad alone did not help in running).",
               "[2]", "moderate"),
    Suggestion("step_rate", "Raise step rate 5-10 %",
               "Raise the step rate by 5-10 % and change the strike pattern gradually.", "[2][12][13]",
               "moderate"),
    # the same row's gradual change, for a run not told to raise its step rate (:func:`for_step_rate`)
    Suggestion("strike_gradually", "Change the strike pattern gradually",
               "Change the strike pattern gradually, not all at once.", "[2][13]", "moderate"),
    # the row's "take breaks" is the break that follows it in every rule (``unweight``): said once
    Suggestion("heels_back", "Shift weight toward the heels",
               "Shift weight toward the heels rather than leaning forward.",
               "[1]", "weak"),
    Suggestion("check_side", "Check {cleats}' position, shim",
               "Only {foot}: check the position, wedge and shim of {cleats} against the other side (cleat "
               "asymmetry, a leg-length difference); if it persists, see a bike fitter or a clinician.",
               "", "weak",
               "Check {shoes}: fit and lacing",
               "Only {foot}: check the fit and lacing of {shoes} against the other side (a leg-length "
               "difference or a deformity loads one side); if it persists, see a clinician."),
]
SUGGESTIONS: dict[str, Suggestion] = {s.key: s for s in _S}


#: The heads a pad goes just behind, by the pattern's region (short, text); another region or none: all of them.
_HEADS: dict[str, tuple[str, str]] = {"mth1": ("MTH1", "the 1st metatarsal head"), "mth4_5": (
    "MTH4-5", "the 4th-5th metatarsal heads"), "mth2_3": ("MTH2-3", "the 2nd-3rd metatarsal heads")}
_ANY_HEADS = ("the heads", "the metatarsal heads")


def words(s: Suggestion, activity: str | None, feet: tuple[str, ...] = (),
          pedals: str | None = None, region: str | None = None,
          relief_min_s: float | None = None) -> tuple[str, str]:
    """``(short, text)`` of a suggestion for an activity and the feet it is for.

    ``feet`` () speaks of both feet in general ("the cleats"); one foot names it ("the right cleat"); two
    say "both". Without cleats (running, walking, the gym machines, or a bike with flat pedals or toe clips)
    a cleat is the shoe. ``region``: the region the pattern was found under (a codebook label; None: not
    named), which the metatarsal pad is placed behind ("just behind MTH1"). ``relief_min_s``: the shortest
    relief counted under the session's params (s; None: the defaults'), the relief asked for
    (:func:`relief_words`)."""
    cycling = is_cycling(activity) and ("{cleats}" not in s.text or has_cleats(activity, pedals))
    short = s.short if cycling or s.gait_short is None else s.gait_short
    text = s.text if cycling or s.gait_text is None else s.gait_text
    said = studied_words(s, activity)
    text = f"{text.removesuffix('.')}; {said}." if said else text
    cleat = "cleat" if has_cleats(activity, pedals) else "shoe"
    if len(feet) == 1:
        names = {"cleats": f"the {feet[0]} {cleat}", "shoes": f"the {feet[0]} shoe", "foot": f"the {feet[0]} foot"}
    elif len(feet) >= 2:
        names = {"cleats": f"both {cleat}s", "shoes": "both shoes", "foot": "both feet"}
    else:
        names = {"cleats": f"the {cleat}s", "shoes": "the shoes", "foot": "the foot"}
    heads = _HEADS.get(region or "", _ANY_HEADS)
    relief = relief_words(relief_min_s)
    return (_capital(short, _fill({**names, "heads": heads[0], "relief": relief})),
            _capital(text, _fill({**names, "heads": heads[1], "relief": relief})))


def own_source(s: Suggestion, activity: str | None) -> bool:
    """Whether ``activity`` is off the bike with domain.md sources of its own for ``s`` (``own_sources``)."""
    return not is_cycling(activity) and s.own_sources is not None and activity in s.own_sources[0]


def evidence_for(s: Suggestion, activity: str | None) -> str:
    """The tags a tip cites in ``activity`` (None: not known): off the bike those of the activity's own sources
    where domain.md has them (``own_sources``), else the suggestion's ``evidence``: "[1][38]", "[16][17][38]"."""
    return s.own_sources[1] if own_source(s, activity) and s.own_sources else s.evidence


def studied_words(s: Suggestion, activity: str | None) -> str:
    """Where a tip's evidence comes from when ``activity`` (None: not known) is off the bike and it comes from
    cycling alone (``studied_in``), as its text says it: "the evidence for this comes from cycling only"; ""
    on a bike, and for a tip with sources on foot (none, or the activity's own: :func:`own_source`)."""
    if not s.studied_in or is_cycling(activity) or own_source(s, activity):
        return ""
    return f"the evidence for this comes from {s.studied_in} only"


def has_cleats(activity: str | None, pedals: str | None) -> bool:
    """Whether the foot may be on a cleat: a bike whose pedals are clipless or not declared (flat pedals and
    toe clips have none; nor has any activity off the bike)."""
    return is_cycling(activity) and pedals in CLEATED


def _fill(names: dict[str, str]):
    return lambda m: names[m.group(1)]


def _capital(text: str, fill) -> str:
    out = _PLACEHOLDER.sub(fill, text)
    out = re.sub(r"\b(shoe|cleat|foot)' ", r"\1's ", out)  # "{shoes}' strap" of one shoe
    return out[:1].upper() + out[1:]


_PLACEHOLDER = re.compile(r"\{(cleats|shoes|foot|heads|relief)\}")

#: The rules, most specific first; :func:`suggest` takes the first that matches.
#: A session that started without a sign of the whole-forefoot patterns and shows them only after
#: SWELLING_ONSET_S is read as swelling (the creeping_load rule): the shoe did not change, the foot did.
RULES: tuple[Rule, ...] = (
    Rule("focal_mth", "cleat too far forward; transverse arch dropping", ("cleat_back", "met_pad"),
         regions=("mth2_3",), activities=CYCLING_ACTIVITIES, pedals=CLEATED,
         evidence="[7][17][21][23] W-M"),
    # The varus wedge is the seated-cycling row's [4][26]; domain.md gives a run, a walk or a machine none:
    # off the bike, the narrow shoe of the row and of the mechanism ("tight/narrow shoes" [17]) alone.
    Rule("focal_mth", "forefoot varus or a narrow shoe", ("varus_wedge", "wider_toe_box"),
         regions=("mth4_5",), activities=CYCLING_ACTIVITIES, evidence="[4][26] W"),
    Rule("focal_mth", "a narrow shoe", ("wider_toe_box",), regions=("mth4_5",), evidence="[17] W"),
    Rule("lateral_overload", "forefoot varus or a narrow shoe", ("varus_wedge", "wider_toe_box"),
         activities=CYCLING_ACTIVITIES, evidence="[4][26] W"),
    Rule("lateral_overload", "a narrow shoe", ("wider_toe_box",), evidence="[17] W"),
    Rule("focal_mth", "high pedal force; pronation", ("higher_cadence", "arch_support"),
         regions=("mth1", "hallux"), activities=CYCLING_ACTIVITIES, evidence="[8][9][20] M"),
    # The forefoot-striking runner's row [2][13] for a run whose steps are measured midfoot or forefoot strikes;
    # a rearfoot strike (or one not measured) is no strike-pattern cause: the stiff-sole row [5][8], with the
    # forefoot cushioning that helped in running [2] (a metatarsal pad did not [2] M).
    Rule("focal_mth", "strike pattern", ("forefoot_cushioning", "step_rate"), activities=("running",),
         strikes=NON_REARFOOT, evidence="[2][13] M"),
    Rule("focal_mth", "a rigid sole concentrating load", ("forefoot_cushioning", "compliant_sole"),
         activities=("running",), evidence="[2][5][8] W-M"),
    # A metatarsal pad only for a focal peak under the heads the evidence has pads for (MTH1-2 [22], MTH2-3
    # [7][21]): none under the hallux. No cleat where the pedals have none (flat pedals, toe clips).
    Rule("focal_mth", "transverse arch dropping, or a rigid sole concentrating load", ("met_pad", "compliant_sole"),
         regions=MET_PAD_REGIONS, activities=ON_FOOT, evidence="[5][8][21] W-M"),
    Rule("focal_mth", "a rigid sole concentrating load", ("compliant_sole",), activities=ON_FOOT,
         evidence="[5][8] W"),
    Rule("focal_mth", "a focal peak under a rigid plate or a forward cleat", ("met_pad", "compliant_sole"),
         regions=MET_PAD_REGIONS, pedals=CLEATED, evidence="[5][8][21] W-M"),
    Rule("focal_mth", "a focal peak under a rigid plate or a forward cleat", ("compliant_sole",),
         pedals=CLEATED, evidence="[5][8] W"),
    Rule("focal_mth", "transverse arch dropping, or a rigid sole concentrating load", ("met_pad", "compliant_sole"),
         regions=MET_PAD_REGIONS, evidence="[5][8][21] W-M"),
    Rule("focal_mth", "a rigid sole concentrating load", ("compliant_sole",), evidence="[5][8] W"),
    Rule("cop_forward", "cleat too far forward", ("cleat_back", "met_pad"), activities=CYCLING_ACTIVITIES,
         pedals=CLEATED, evidence="[7][17][23] W-M"),
    Rule("cop_forward", "weight carried on the forefoot", ("heels_back", "unweight"),
         activities=HEELS_BACK_ACTIVITIES, evidence="[1] W"),
    # Elsewhere (a run, a walk, a bike without cleats) domain.md has no row for it: a break only.
    Rule("cop_forward", "weight carried on the forefoot", ("unweight",), evidence="[38] W"),
    Rule("low_midfoot_contact", "flat insole under a high arch; forward cleat",
         ("arch_support", "midfoot_cleat"), activities=(*CYCLING_ACTIVITIES, None, "unknown"), pedals=CLEATED,
         evidence="[20][23] M"),
    Rule("low_midfoot_contact", "flat insole under a high arch", ("arch_support",), evidence="[20] M"),
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
    Rule("unilateral", "cleat asymmetry, leg-length difference or deformity", ("check_side",),
         activities=(*CYCLING_ACTIVITIES, None, "unknown"), pedals=CLEATED, evidence="W"),
    Rule("unilateral", "leg-length difference or deformity", ("check_side",), evidence="W"),
)

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


#: What a session ends as in the referral, by the activity's words (monitor.signal.activity_words): a ride,
#: a run, a walk; anything else (a gym machine, feet's activities that differ, a walk then a run) a session.
_ENDS = ("ride", "run", "walk")


def referrals(activities: Iterable[str | None] = ()) -> tuple[str, ...]:
    """When to see a clinician, in the words of the session's ``activities`` (pipeline labels or session
    words, per foot; None when unknown): domain.md section 6's last row ([18][36]: numbness that persists off
    the bike, or any user with diabetes or neuropathy -> a clinician; the device does not diagnose), the end of
    the ride where a foot was on a bike, of the run or the walk where every known activity is one, else of the
    session. Then numbness with leg pain, a general caution that domain.md does not source."""
    acts = [a for a in activities if a and a != "unknown"]
    nouns = {activity_word(a) for a in acts}
    noun = "ride" if any(is_cycling(a) for a in acts) else nouns.pop() if len(nouns) == 1 else "session"
    noun = noun if noun in _ENDS else "session"
    return (
        f"If numbness persists after the {noun} ends, see a clinician; anyone with diabetes or neuropathy "
        "should too. Solewatch does not diagnose [18][36].",
        "Numbness with leg pain: see a clinician.",  # a general caution, with no source in domain.md
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


#: The same, short enough for a terminal cell or a banner (monitor.cli.console_live).
PATTERN_SHORT: dict[str, str] = {
    "lateral_overload": "outer forefoot overload",
    "focal_mth": "focal peak",
    "residual_unloaded": "pressure stays on",
    "continuous_forefoot_load": "no let-up",
    "forefoot_share_high": "forefoot-heavy",
    "cop_forward": "weight far forward",
    "creeping_load": "load creeping up",
    "relief_rare": "too few reliefs",
    "no_relief": "no relief lately",
}


def pattern_short(pattern: str | None) -> str:
    """A detector pattern in a few plain words, for a terminal ("" for none)."""
    return PATTERN_SHORT.get(pattern or "", (pattern or "").replace("_", " "))


def pattern_words(pattern: str | None) -> str:
    """A detector pattern in plain words (its name with spaces if it has none)."""
    return PATTERN_WORDS.get(pattern or "", (pattern or "load").replace("_", " "))


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
