"""When to see a clinician, in the words of the session's activities, and that Solewatch does not diagnose.

domain.md section 6's last row ([18][36]); the device does not diagnose. Its sources: [18] (BikeFit via
slocyclist.com, numbness that persists off the bike: a bike fitter's) and [36] (Bus et al. 2011, Diabetes
Care 34:1595: diabetic footwear, measured walking). Off the bike the referral cites [36] alone, which holds for
a foot in any shoe; [18] stays where the session may be on a bike: a foot cycling, or no foot's activity known.
A foot not known beside one known on foot (an insole that sent no data, or whose windows were not recognised,
on a run: [None, "running"], even with ``--activity running`` declared) is on the same rider, in the same
session: the session is the known foot's, a run, cited [36].
"""

from __future__ import annotations

from collections.abc import Iterable

from monitor.signal.activity_words import activity_word, is_cycling

#: The referral's sources where a foot may be on a bike, and on foot (the module's docstring).
BIKE_TAGS, ON_FOOT_TAGS = "[18][36]", "[36]"
#: What a session ends as in the referral, by the activity's words (monitor.signal.activity_words): a ride,
#: a run, a walk; anything else (a gym machine, feet's activities that differ, a walk then a run) a session.
_ENDS = ("ride", "run", "walk")
#: How the first referral begins, whatever the activity: what follows a mark's relief in its words
#: (monitor.live.shown.mark_words tells them apart by it).
REFERRAL_HEAD = "If numbness persists after the"


def referrals(activities: Iterable[str | None] = ()) -> tuple[str, ...]:
    """When to see a clinician, in the words of the session's ``activities`` (pipeline labels or session
    words, per foot; None when unknown): domain.md section 6's last row ([18][36]: numbness that persists off
    the bike, or any user with diabetes or neuropathy -> a clinician; the device does not diagnose), the end of
    the ride where a foot was on a bike, of the run or the walk where every known activity is one, else of the
    session (a foot not known, None or "unknown", is the other's: [None, "running"] ends as a run); cited
    [18][36] where the session may be on a bike (a foot cycling, or no foot's activity known), [36] on foot
    (:data:`BIKE_TAGS`, :data:`ON_FOOT_TAGS`). Then numbness with leg pain, a general caution that domain.md
    does not source."""
    noun, tags = _ends_and_tags(activities)
    return (
        f"{REFERRAL_HEAD} {noun} ends, see a clinician; anyone with diabetes or neuropathy "
        f"should too. Solewatch does not diagnose {tags}.",
        "Numbness with leg pain: see a clinician.",  # a general caution, with no source in domain.md
    )


def see_a_clinician(activities: Iterable[str | None] = ()) -> str:
    """The referral's trigger (:func:`referrals`' first, its end and tags as it says them for ``activities``)
    as the end of a sentence, which the verdict says after numb marks no sign of load explains: "if numbness
    persists after the ride ends, see a clinician [18][36]", "... after the run ends, ... [36]"."""
    noun, tags = _ends_and_tags(activities)
    return f"{REFERRAL_HEAD[:1].lower()}{REFERRAL_HEAD[1:]} {noun} ends, see a clinician {tags}"


def _ends_and_tags(activities: Iterable[str | None]) -> tuple[str, str]:
    """(what the session ends as, the referral's tags) for ``activities`` (:func:`referrals`): ("ride",
    "[18][36]"), ("run", "[36]"), ("session", "[18][36]") where no foot's activity is known; a foot not known
    beside a known one is left out: ("run", "[36]") for [None, "running"]."""
    acts = [a for a in activities if a and a != "unknown"]
    nouns = {activity_word(a) for a in acts}
    bike = any(is_cycling(a) for a in acts)
    noun = "ride" if bike else nouns.pop() if len(nouns) == 1 else "session"
    return noun if noun in _ENDS else "session", BIKE_TAGS if bike or not acts else ON_FOOT_TAGS


NOT_A_MEDICAL_DEVICE = "Solewatch is not a medical device and does not diagnose."
