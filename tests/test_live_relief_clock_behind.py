"""The live relief clock never steps back as the analysis falls behind the session's time, nor jumps as it
catches up: it counts to each foot's newest analysed sample, whether the analysis keeps up or not, and the
views say when that is more than BEHIND_BOUND_S behind (monitor.live.analysis_lag).

Deterministic: the host's clock is a number the test sets before each block of frames is handed on and each
view is made (at 1x, host s = session s), so the lag is built, not waited for; the stale-data checks a view
posts are never made (a foot whose data wait is not a foot whose data stopped).
"""

from __future__ import annotations

import math
from types import SimpleNamespace

from test_live import _fake_link, _packets, _progress

from monitor.live.analysis_lag import BEHIND_BOUND_S
from monitor.live.config import LiveConfig
from monitor.live.delivery import Dispatcher
from monitor.live.session import LiveMonitor
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS

FEET = ("left", "right")
#: ``(now_s, analysed_to_s)`` of each view: keeping up to 50 s, then the analysis falls 9.9 s behind (under
#: the bound), then 10.5 s (beyond it), further, and catches up at 90 s
STEPS = ((50.0, 50.0), (60.9, 51.0), (62.0, 51.5), (75.0, 55.0), (90.0, 89.9), (92.0, 92.0))


async def _views():
    session = offline_session("cleat-forward", duration_s=100.0, seed=2)
    host = [0.0]
    link = _fake_link(session.info.layouts, 1.0)
    link.host_s = lambda: host[0]
    dispatcher = Dispatcher([])
    live = LiveMonitor(link, SimpleNamespace(label="t", activity=session.info.activity), duration_s=None,
                       params=DEFAULT_PARAMS, dispatcher=dispatcher, config=LiveConfig(), on_view=None,
                       on_notice=None, post_check=lambda: None)
    blocks, views = list(_packets(session, FEET)), []
    for now_s, analysed_to_s in STEPS:
        while blocks and blocks[0].t_s[-1] <= analysed_to_s:
            block = blocks.pop(0)
            host[0] = max(float(block.t_s[-1]), now_s - (analysed_to_s - float(block.t_s[-1])))
            live.on_frames(block)
        host[0] = now_s
        live.tick(_progress(now_s, FEET))
        views.append(live.last_view)
    await dispatcher.aclose()
    return views


async def test_the_relief_clock_never_steps_back_as_the_analysis_falls_behind_and_says_it_is_behind():
    views = await _views()
    said = [v.analysis_behind_s is not None for v in views]
    assert said == [False, False, True, True, False, False], [v.analysis_behind_s for v in views]
    for foot in FEET:
        clocks = [v.feet[foot].time_since_relief_s for v in views]
        assert all(math.isfinite(c) and c > 0.0 for c in clocks), clocks  # no relief in the ride's 50-92 s
        steps = [round(b - a, 1) for a, b in zip(clocks, clocks[1:])]
        # had: -9.4 s as the lag passed the bound (counted to 60.9 s, then to the analysed 51.5 s)
        assert min(steps) >= 0.0, (foot, clocks, steps)
        # never past the analysed data: at most the lag's 1 s more than the time the frames reach
        for view, (now_s, analysed_to_s), clock in zip(views, STEPS, clocks):
            assert clock <= clocks[0] + (analysed_to_s - STEPS[0][1]) + 1.0, (foot, now_s, clock)
    assert BEHIND_BOUND_S == 10.0  # the steps above straddle it
