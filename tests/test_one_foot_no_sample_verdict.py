"""A one-foot session whose one insole sent no pressure sample says whose verdict it is, as every other
one-foot verdict does (monitor.analysis.watched.of_feet_recorded): it read "Verdict: no pressure sample from
the left insole in the session: nothing to judge.", with no word that the right foot was not recorded."""

from __future__ import annotations

from test_foot_not_recorded import _left_only

from monitor.analysis.batch import analyze
from monitor.report.text import analysis_text

PREFIX = "Verdict (left foot only; the right foot was not recorded): "


def test_a_left_only_session_without_a_sample_says_it_is_of_the_left_foot():
    session = _left_only()
    f = session.frames
    session.frames = f.assign(**{c: float("nan") for c in f.columns if c.endswith("_kpa")})
    result = analyze(session)
    assert result.no_data == ("left",) and result.feet_not_recorded == ("right",)
    verdict = result.advice().verdict
    assert verdict == PREFIX + "no pressure sample from the left insole in the session: nothing to judge.", verdict
    assert analysis_text(result).splitlines()[0] == verdict
