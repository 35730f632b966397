"""How far past its duration a simulated ride's data run: the one margin the simulated insoles sample past
the session's length and a recording takes a foot's notifications past it.

One idea: the ride's end margin, shared by the insoles that send up to it (monitor.live.simulated) and the
recorder that takes them (monitor.live.recorder.record_session's ``past_end``), so that every frame the
simulated insoles send is recorded, and insoles that send on past it (`solewatch sim` for `--radio`) are
recorded no further.
"""

from __future__ import annotations

#: How far past the session's length the simulated insoles sample, and a recording takes a foot's notifications
#: (s of session time), so that every foot's data reach the length: the insoles stop on their own clock, at a
#: whole notification, and the link maps their frames to session time from their first arrivals (`record --sim
#: healthy-ride --speed 40 --duration 1m` ended both feet at 59.97 s without it, and the recording waited
#: SIM_STALL_HOST_S for data that never came). The recording still ends as the data reach the length (guess: a
#: few notifications).
RIDE_END_MARGIN_S = 0.5
