"""When to see a clinician, in the words of the session's activities, and that Solewatch does not diagnose.

domain.md section 6's last row ([18][36]); the device does not diagnose.
"""

from __future__ import annotations

from collections.abc import Iterable

from monitor.signal.activity_words import activity_word, is_cycling

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
    session. Then numbness with leg pain, a general caution that domain.md does not source."""
    acts = [a for a in activities if a and a != "unknown"]
    nouns = {activity_word(a) for a in acts}
    noun = "ride" if any(is_cycling(a) for a in acts) else nouns.pop() if len(nouns) == 1 else "session"
    noun = noun if noun in _ENDS else "session"
    return (
        f"{REFERRAL_HEAD} {noun} ends, see a clinician; anyone with diabetes or neuropathy "
        "should too. Solewatch does not diagnose [18][36].",
        "Numbness with leg pain: see a clinician.",  # a general caution, with no source in domain.md
    )


NOT_A_MEDICAL_DEVICE = "Solewatch is not a medical device and does not diagnose."
