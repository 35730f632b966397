"""The tips of domain.md's recommendation table (section 6), each with its evidence, and their words.

Each tip (:class:`Suggestion`) is one adjustment of the table, with its source tags and strengths ([n] S well
established, M one or two studies, W weak); :func:`words` says it for an activity, the feet it is for, the
declared pedals and the region of the pattern. The rules that pick a pattern's tips are
monitor.analysis.suggestions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.analysis.relief_span import relief_source_words, relief_words
from monitor.analysis.sources import known_tags
from monitor.signal.activity_words import MACHINE_ACTIVITIES, is_cycling
from monitor.signal.patterns import HEAD_PATTERNS

#: Domain.md's "shift weight toward the heels" row is the elliptical's [1] W: the stepping machines (label and
#: session words) only. An activity not known (None, "unknown") may as well be a bike or a run, where the
#: heels row does not hold: it gets the advice any activity can take (a contoured insole [20] M, a break).
HEELS_BACK_ACTIVITIES = ("elliptical_or_stair", "elliptical", "stair_climber")
#: The declared pedals a cleat may be on (None: not declared); flat pedals and toe clips have none.
CLEATED = (None, "clipless")


def unclip_words(pedals: str | None) -> str:
    """How a foot comes off its pedal on the declared ``pedals`` (None: not declared), as the relief says it
    (``{unclip}``): a cleat is unclipped (on pedals not declared, if there is one); out of a toe clip, its strap
    loosened (domain.md's row: "toe clips or straps"); a flat pedal holds nothing ("")."""
    if pedals == "flat":
        return ""
    return " (slid out of its toe clip first, its strap loosened)" if pedals == "toe-clips" else \
        " (unclipped first if clipped in)"


@dataclass(frozen=True)
class Suggestion:
    """One concrete adjustment. ``short`` fits a live alert line; ``text`` is the report's sentence.

    The texts are for a rider on a bike; ``gait_short`` and ``gait_text`` (when given) are the same advice
    for running, walking and the gym machines (laces, not straps or dials; no cleats); ``either_short`` and
    ``either_text`` (when given) for an activity not known (:func:`not_known`), which may be a bike's or one
    on foot: words for either (neither a bike's relief nor a break, the shoe's strap, dial or laces);
    ``machine_short`` and ``machine_text`` (when given) for an elliptical or a stair climber (:func:`on_machine`).
    Placeholders name the
    feet the advice is for (:func:`words`): ``{cleats}`` ("both cleats", "the right cleat"), ``{shoes}``
    ("both shoes", "the right shoe"), ``{foot}`` ("both feet", "the right foot"), ``{heads}`` ("MTH1"),
    ``{relief}`` ("20-60 s": :func:`relief_words`), ``{relief_note}`` (that it is a guess and what the sources
    give: " (a guess; the sources give 15-30 s every 15-30 min, ... [38]; 20 s is the shortest relief Solewatch
    counts)", :func:`relief_source_words`), ``{unclip}`` (how the foot comes off the declared pedals,
    :func:`unclip_words`: " (unclipped first if clipped in)"; nothing on flat pedals).
    """

    key: str
    short: str
    text: str
    # source tags from domain.md: those its own words rest on (the entries of the recommendation-table row the
    # advice comes from that speak of it, and of the section 1-2 lines a detail beyond the row rests on, such as
    # cleat_back's saddle rule [25]), e.g. "[16][38]"; not the row's tags for its other advice
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
    #: The one activity on foot domain.md's evidence for it was measured in ("walking": the metatarsal pad, whose
    #: section 2 has walking studies, a failed running one and no cycling data): in any other activity (a bike,
    #: a stepping machine, one not known) its text says so (:func:`studied_words`) and it is graded weak, an
    #: inference carried there (:func:`strength_for`)
    studied_on_foot: str = ""
    #: The text for one foot where it differs (``cleat_back``: a saddle serves both legs, one cleat's move
    #: leaves it be)
    one_foot_text: str | None = None
    #: The text on a bike with toe clips where it differs (``roomier_shoe``: it follows ``no_toe_clips``,
    #: its rule's first, which says the higher-volume shoe already)
    toe_clips_text: str | None = None
    #: The tags ``toe_clips_text`` rests on where they are fewer than ``evidence``'s (:func:`evidence_for`)
    toe_clips_evidence: str | None = None
    #: Its words where the activity is not known (:func:`words`), where a bike's and those on foot differ
    either_short: str | None = None
    either_text: str | None = None
    #: Its words on a bike without cleats (flat pedals, toe clips) where those on foot do not fit a ride
    #: (``check_side``: the shoe's strap, dial or laces, not lacing alone; a bike fitter too)
    no_cleat_short: str | None = None
    no_cleat_text: str | None = None
    #: Its short text and text on a stepping machine (:func:`on_machine`) where ``gait_short`` and ``gait_text``
    #: do not fit a machine that moves under the feet (the break: step off it, or slow and stop it, first)
    machine_short: str | None = None
    machine_text: str | None = None
    #: The tags its bike ``text`` rests on where they are more than ``evidence``'s, which its words off the bike
    #: cite (``unweight``: the pedal force standing, [10], said on a bike alone; :func:`evidence_for`)
    bike_evidence: str | None = None

    def __post_init__(self) -> None:
        for tags in (self.evidence, self.bike_evidence, self.own_sources[1] if self.own_sources else None):
            known_tags(tags or "")  # every tag it prints is a listed source

#: What a tip's words say of its high arch, which none of domain.md's sources speaks of.
_ARCH_GUESS = "a guess: the sources say nothing of arches"

_S = [
    # loosening and thinner socks: relieved by removing shoes, straps at risk [16]; tight shoes, heat swelling
    # [17]; not the row's [38] (unloading times)
    Suggestion("loosen_closure", "Loosen {shoes}' strap or dial",
               "Loosen the forefoot strap or dial of {shoes}; try thinner socks.", "[16][17]", "weak",
               "Loosen {shoes}' forefoot laces",
               "Loosen the laces of {shoes} over the forefoot (or skip an eyelet there); try thinner socks.",
               studied_in="cycling", either_short="Loosen {shoes} over the forefoot",
               either_text="Loosen the strap, dial or laces of {shoes} over the forefoot; try thinner socks."),
    # tight or narrow shoes [17]; a higher-volume shoe [16][19] (domain.md gives no shoe length); with toe clips
    # a wider toe box alone, [17] (the higher-volume shoe is no_toe_clips' there). A high arch: domain.md says
    # nothing of arches and shoe volume, so the words say it is a guess.
    Suggestion("roomier_shoe", "A roomier shoe",
               "If loosening does not help, {shoes} may be too tight: try a wider toe box, or a higher-volume "
               f"shoe (with a high arch too, {_ARCH_GUESS}).", "[16][17][19]", "weak", studied_in="cycling",
               toe_clips_text="If loosening the straps does not help, {shoes} may be too tight: try a wider "
               "toe box.", toe_clips_evidence="[17]"),
    # a narrow shoe: "tight/narrow shoes" [17]; its row's [4][26] are the varus wedge's (the lateral load, wedges);
    # the high arch's taller shoe, a guess (domain.md says nothing of arches and shoe volume)
    Suggestion("wider_toe_box", "Try a wider or taller toe box",
               "Try shoes with a wider or taller toe box; with a high arch, perhaps a higher-volume (taller) "
               f"shoe ({_ARCH_GUESS}).", "[17]", "weak", studied_in="cycling"),
    # heat swelling, tight shoes [17]; relieved by removing shoes [16]; not the row's [38] (unloading times)
    Suggestion("loosen_progressively", "Swelling: loosen {shoes} a notch",
               "Feet swell as the session goes on: loosen the forefoot strap or dial of {shoes} a notch "
               "when the load creeps up, and again later (loosen progressively); thinner socks leave room.",
               "[16][17]", "weak",
               "Swelling: loosen {shoes}' laces",
               "Feet swell as the session goes on: loosen the laces of {shoes} a little when the load "
               "creeps up, and again later (loosen progressively); thinner socks leave room.",
               studied_in="cycling", either_short="Swelling: loosen {shoes} a notch",
               either_text="Feet swell as the session goes on: loosen the strap, dial or laces of {shoes} a "
               "little when the load creeps up, and again later (loosen progressively); thinner socks leave room."),
    # the cleat case [7] and the midfoot cleat's lower forefoot peak [23]; practitioners' 8-15 mm [17]; the saddle
    # rule [25]; not the row's [21] (metatarsal pads in walking). One cleat moved: the saddle rule [25] is for
    # both cleats (domain.md's unilateral row: check that side)
    Suggestion("cleat_back", "Move {cleats} back 2-10 mm",
               "Move {cleats} 2-10 mm rearward (practitioners use 8-15 mm); lower the saddle by as much for "
               "moves of 2-4 mm and by half the move beyond 4 mm.", "[7][17][23][25]", "weak",
               one_foot_text="Move {cleats} 2-10 mm rearward (practitioners use 8-15 mm); leave the saddle "
               "height as it is, since the saddle serves both legs (a guess: the saddle rule is for both cleats)."),
    # pads in walking [21][22] M; running ineffective [2] M; "Cycling: no data [gap]" (domain.md section 2): weak
    # and said to be walking's anywhere else (a bike, an elliptical or stair machine, an activity not known)
    Suggestion("met_pad", "Metatarsal pad just behind {heads}",
               "A metatarsal pad in {shoes} placed just behind (proximal to) {heads} (position "
               "matters more than shape).", "[21][22]", "moderate", studied_on_foot="walking"),
    # [20] is a cycling source: its rows in domain.md's table are riding's ("steady riding", "on climbs"); off
    # the bike its text says so and it is graded weak (:func:`strength_for`)
    Suggestion("arch_support", "Arch support, stopping short of toes",
               "A contoured insole in {shoes} that conforms to the arch and stops short of the toes, to bring "
               "the midfoot into contact.", "[20]", "moderate", studied_in="cycling"),
    Suggestion("midfoot_cleat", "Consider a rearward or midfoot cleat",
               "Consider a rearward or midfoot position for {cleats} (on a recumbent bike, forefoot peak, area "
               "and pressure-time integral fell with a midfoot cleat and offloading insole; a rearward cleat "
               "left VO2 unchanged).", "[23][24]", "moderate"),
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
    # {relief}: the relief asked for (:func:`relief_words`); {relief_note}: a guess, what [38] gives. It cites the
    # row's entries on relief: cyclists' pain relieved by stopping [16] M, wheelchair users' unloading times [38]
    # W; not the row's [17] (the mechanism). On a bike not the row's "stand": pedal force is up to 3x body weight
    # standing, ~0.5x seated (domain.md section 1, [10] M), which its text says and cites (``bike_evidence``); a
    # stop [16], or the foot off its pedal, as clipped in the forefoot is never fully unloaded (section 1, W)
    Suggestion("unweight", "Unweight the foot {relief}",
               "Unweight {foot} for {relief} every 15-30 minutes{relief_note}: stop (stopping relieved cyclists' "
               "foot pain [16]), or coast with the foot lifted off its pedal{unclip}; "
               "standing on the pedals does not unweight it (pedal force is up to 3x body weight standing, about "
               "0.5x seated [10]).", "[16][38]", "weak",
               # on foot a stop is the relief (docs/detection.md, "Gait"): walking on is none, and no one
               # stands with the weight off both feet. A run or a walk on a treadmill is declared running or
               # walking: its belt moves on under the feet, so the stop begins with it stopped or the feet off
               # it (domain.md has no treadmill row: the break's own [16][38] W, carried there, an inference)
               "Take a {relief} break",
               "Stop for {relief} every 15-30 minutes{relief_note}: sit, or stand and lift each foot in turn; "
               "on a treadmill, first slow the belt to a stop or step onto its side rails.",
               # cyclists relieved by stopping [16]; the times, wheelchair users' relief [38] (an analogy);
               # on the stepping machines the elliptical row's "take breaks" [1] W
               studied_in="cyclists and wheelchair users", own_sources=(HEELS_BACK_ACTIVITIES, "[1][38]"),
               bike_evidence="[10][16][38]",
               # an activity not known, a bike's or one on foot: domain.md's "stand or unweight" in words for
               # either (neither "Unweight the foot" nor a break): not standing, which loads a pedal (up to 3x body
               # weight [10]) and keeps a walker's weight on
               either_short="Take the weight off the foot {relief}",
               either_text="Take the weight off {foot} for {relief} every 15-30 minutes{relief_note}: lift each "
               "foot in turn, or stop and sit.",
               # an elliptical or a stair climber moves under the feet: no one sits or lifts a foot on it, so the
               # break begins off it (or with it stopped), and the short line an alert asks for now says so: the
               # elliptical row's "take breaks" [1] W (own_sources), its times the relief's [38] W
               machine_short="Slow down, step off for {relief}",
               machine_text="Step off the machine (or slow and stop it) first, then rest for {relief} "
               "every 15-30 minutes{relief_note}: sit, or stand and lift each foot in turn."),
    # off the bike it says its evidence [5][8] is cycling shoes alone: domain.md has no row on soles on foot
    Suggestion("compliant_sole", "A less rigid sole or cushioned insole",
               "If the sole of {shoes} is very stiff, a slightly more compliant sole or a cushioned contoured "
               "insole (the evidence conflicts).", "[5][8]", "weak", "Less rigid sole or insole (cycling data)",
               studied_in="cycling shoes"),
    Suggestion("forefoot_cushioning", "Forefoot-cushioning insole",
               "A forefoot-cushioning insole in {shoes} (a metatarsal pad alone did not help in running).",
               "[2]", "moderate"),
    # toward the optimum step rate [12]; a landing further back loads the heel and midfoot, not MTH1 [13][14]; not
    # the row's [2] (a metatarsal pad against forefoot cushioning). Its 5-10 % is the table's alone: domain.md's
    # forefoot-striking runner's row, whose [2][13] entries (section 2) say nothing of a step rate, and section 1
    # gives only the optimum [12]; the text says so, and a figure no study gives is graded weak (domain.md's W:
    # an inference)
    Suggestion("step_rate", "Raise step rate 5-10 %",
               "Raise the step rate by 5-10 % (the studies give an optimum near 170 steps/min at 3 m/s, not the "
               "5-10 %); if you move your landing further back, change the strike pattern gradually.",
               "[12][13][14]", "weak"),
    # the same row's gradual change, for a run not told to raise its step rate (:func:`for_step_rate`), with its
    # direction: landing further back, as rearfoot strikers load the heel and midfoot, not MTH1 [13][14] M (not
    # the row's [2]: a metatarsal pad against forefoot cushioning)
    Suggestion("strike_gradually", "Land further back, gradually",
               "If you move your landing further back (a forefoot strike toward the midfoot, a midfoot strike "
               "toward the heel), change the strike pattern gradually, not all at once.", "[13][14]",
               "moderate"),
    # the row's "take breaks" is the break that follows it in every rule (``unweight``): said once
    Suggestion("heels_back", "Shift weight toward the heels",
               "Shift weight toward the heels rather than leaning forward.",
               "[1]", "weak"),
    Suggestion("check_side", "Check {cleats}' position, shim",
               "Only {foot}: check the position, wedge and shim of {cleats} against the other side (cleat "
               "asymmetry, a leg-length difference); if it persists, see a bike fitter or a clinician.",
               "", "weak",
               "Check {shoes}: fit and lacing",
               "Only {foot}: check the fit and lacing of {shoes} against the other side; if it persists, see a "
               "clinician, who can check whether a leg-length difference or the foot's shape loads one side.",
               either_short="Check {shoes}: fit and closure",
               either_text="Only {foot}: check the fit and the strap, dial or laces of {shoes} against the other "
               "side; if it persists, see a clinician, who can check whether a leg-length difference or the "
               "foot's shape loads one side.",
               # no cleat (flat pedals, toe clips): the row's "check that side's cleat" carried to shoe and pedal
               no_cleat_short="Check {shoes}: fit and closure",
               no_cleat_text="Only {foot}: check the fit and the strap, dial or laces of {shoes}, and where it sits "
               "on its pedal, against the other side (a leg-length difference, the foot's shape); if it persists, "
               "see a bike fitter or a clinician."),
]
SUGGESTIONS: dict[str, Suggestion] = {s.key: s for s in _S}


#: Where domain.md's table puts a metatarsal pad: "just proximal to MTH2-3" (its focal MTH2-3 row, [21]).
PAD_REGION = "mth2_3"


def heads_region(pattern: str | None, region: str | None) -> str | None:
    """The region whose heads a tip names (``{heads}``, the metatarsal pad's: :func:`words`) for an alert of
    ``pattern`` (a detector pattern; None: none named) found under ``region`` (a codebook label, None: none): a
    pattern of one head's own (monitor.signal.patterns.HEAD_PATTERNS, or one not named); a whole-forefoot
    pattern's region is only where its load is heaviest, and its pad goes where domain.md's table puts one,
    :data:`PAD_REGION`."""
    return region if not pattern or pattern in HEAD_PATTERNS else PAD_REGION


#: The heads a pad goes just behind, by the pattern's region (short, text); another region or none: all of them.
_HEADS: dict[str, tuple[str, str]] = {"mth1": ("MTH1", "the 1st metatarsal head"), "mth4_5": (
    "MTH4-5", "the 4th-5th metatarsal heads"), "mth2_3": ("MTH2-3", "the 2nd-3rd metatarsal heads")}
_ANY_HEADS = ("the heads", "the metatarsal heads")


def words(s: Suggestion, activity: str | None, feet: tuple[str, ...] = (),
          pedals: str | None = None, region: str | None = None,
          relief_min_s: float | None = None) -> tuple[str, str]:
    """``(short, text)`` of a suggestion for an activity and the feet it is for.

    ``feet`` () speaks of both feet in general ("the cleats"); one foot names it ("the right cleat"); two say "both"; a
    bike's tip for one foot takes its ``one_foot_text`` where it has one (one cleat moved: the saddle stays), and on toe
    clips its ``toe_clips_text``; on an elliptical or a stair climber its ``machine_short`` and ``machine_text`` where
    it has them (:func:`on_machine`). Without cleats (running, walking, the gym machines, or a bike with flat pedals or
    toe clips) a cleat is the shoe, and a bike's tip takes its ``no_cleat_short`` and ``no_cleat_text`` where it has
    them; the relief's foot comes off the ``pedals`` as :func:`unclip_words` says (unclipped, out of its toe clip, or
    just lifted off a flat pedal). ``region``: the region whose heads the metatarsal pad is placed behind ("just
    behind MTH1"; a codebook label; None: not named), the pattern's own for a pattern of one head, MTH2-3 for one of
    the whole forefoot (:func:`heads_region`). ``relief_min_s``: the shortest relief counted under the session's
    params (s; None: the defaults'), the relief asked for (:func:`relief_words`)."""
    cycling = is_cycling(activity) and ("{cleats}" not in s.text or has_cleats(activity, pedals))
    short = s.short if cycling or s.gait_short is None else s.gait_short
    text = s.text if cycling or s.gait_text is None else s.gait_text
    if not_known(activity):  # a bike's or one on foot: words for either, where they differ
        short, text = s.either_short or short, s.either_text or text
    if is_cycling(activity) and not has_cleats(activity, pedals) and s.no_cleat_text is not None:
        short, text = s.no_cleat_short or short, s.no_cleat_text
    if on_machine(activity) and s.machine_text is not None:
        short, text = s.machine_short or short, s.machine_text
    if cycling and len(feet) == 1 and s.one_foot_text is not None:
        text = s.one_foot_text
    if is_cycling(activity) and pedals == "toe-clips" and s.toe_clips_text is not None:
        text = s.toe_clips_text
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
    relief = {"relief": relief_words(relief_min_s), "unclip": unclip_words(pedals),
              "relief_note": relief_source_words(relief_min_s, "pause" if on_foot(activity) else "relief")}
    return (_capital(short, _fill({**names, "heads": heads[0], **relief, "relief_note": ""})),
            _capital(text, _fill({**names, "heads": heads[1], **relief})))


def not_known(activity: str | None) -> bool:
    """Whether ``activity`` is not known: None, "" or "unknown" (monitor.signal.activity_words.words_of), a
    bike's or one on foot, whose tips take words for either (``either_short``, ``either_text``: :func:`words`)."""
    return (activity or "unknown") == "unknown"


def on_machine(activity: str | None) -> bool:
    """Whether ``activity`` is a stepping machine, declared or recognised (MACHINE_ACTIVITIES: "elliptical",
    "stair_climber", "elliptical_or_stair"), which moves under the feet: its tips take ``machine_short`` and
    ``machine_text``."""
    return activity in MACHINE_ACTIVITIES


def on_foot(activity: str | None) -> bool:
    """Whether ``activity`` is known and off the bike: a relief there is a pause (a stop, not unweighting)."""
    return not is_cycling(activity) and not not_known(activity)


def own_source(s: Suggestion, activity: str | None) -> bool:
    """Whether ``activity`` is off the bike with domain.md sources of its own for ``s`` (``own_sources``)."""
    return not is_cycling(activity) and s.own_sources is not None and activity in s.own_sources[0]


def evidence_for(s: Suggestion, activity: str | None, pedals: str | None = None) -> str:
    """The tags a tip cites in ``activity`` (None: not known) with the declared ``pedals``: off the bike those of
    the activity's own sources where domain.md has them (``own_sources``); on a bike with toe clips, where its
    words are ``toe_clips_text`` (:func:`words`), those they rest on (``toe_clips_evidence``); on a bike its
    ``bike_evidence`` where it has one; else the suggestion's ``evidence``: "[1][38]", "[16][38]"."""
    if is_cycling(activity) and pedals == "toe-clips" and s.toe_clips_text is not None and s.toe_clips_evidence:
        return s.toe_clips_evidence
    if is_cycling(activity) and s.bike_evidence:
        return s.bike_evidence
    return s.own_sources[1] if own_source(s, activity) and s.own_sources else s.evidence


def _beyond_its_walk(s: Suggestion, activity: str | None) -> bool:
    """Whether ``activity`` (None: not known) is not the one activity on foot ``s``'s evidence was measured in
    (``studied_on_foot``): a bike, a stepping machine, a run or an activity not known for the walking pad."""
    return bool(s.studied_on_foot) and activity != s.studied_on_foot


def studied_words(s: Suggestion, activity: str | None) -> str:
    """Where a tip's evidence comes from when ``activity`` (None: not known) is off the bike and it comes from
    cycling alone (``studied_in``), or is any activity but the one on foot it comes from (``studied_on_foot``),
    as its text says it: "the evidence for this comes from cycling only", "... from walking only"; "" for a
    tip with sources in the activity (none, or the activity's own: :func:`own_source`)."""
    if s.studied_on_foot:
        return f"the evidence for this comes from {s.studied_on_foot} only" if _beyond_its_walk(s, activity) else ""
    if is_cycling(activity) or not s.studied_in or own_source(s, activity):
        return ""
    return f"the evidence for this comes from {s.studied_in} only"


def strength_for(s: Suggestion, activity: str | None) -> str:
    """A tip's grade in ``activity`` (None: not known): "weak" wherever its text says its evidence comes from
    another activity only (:func:`studied_words`): in any activity but the one on foot it was measured in
    (``studied_on_foot``: carrying it to a pedal or a stepping machine is an inference, domain.md's [W]), and
    off the bike for evidence from cycling alone (``studied_in``: arch support's [20] M); else its ``strength``."""
    return "weak" if studied_words(s, activity) else s.strength


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


_PLACEHOLDER = re.compile(r"\{(cleats|shoes|foot|heads|relief_note|relief|unclip)\}")
