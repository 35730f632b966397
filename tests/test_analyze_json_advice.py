"""`solewatch analyze --json` carries the verdict and "what to try" of the text output, from the same advice."""

from __future__ import annotations

from test_analyze import SAMPLES, _analyze_json, _cli


def _text_tips(text: str) -> list[str]:
    """The lines of the text output's "What to try:" list, without their "  - "."""
    lines = text.splitlines()
    start = lines.index("What to try:") + 1
    out = []
    for line in lines[start:]:
        if not line.startswith("  - "):
            break
        out.append(line.removeprefix("  - "))
    return out


def test_the_json_verdict_and_what_to_try_are_the_text_output_s_for_a_cleat_forward_ride():
    session = SAMPLES / "sim-cleat-forward"
    proc = _cli("analyze", str(session))
    assert proc.returncode == 0, proc.stderr
    doc = _analyze_json(session)
    assert doc["verdict"] == proc.stdout.splitlines()[0]
    assert doc["verdict"].startswith("Verdict:")
    tips = doc["what_to_try"]
    said = [f"{t['text']} (evidence {t['strength']}: {t['evidence'] or 'practitioner advice'})" for t in tips]
    assert said == _text_tips(proc.stdout)
    assert [t["key"] for t in tips][:2] == ["cleat_back", "met_pad"]  # the focal MTH2-3 row's, in its order
    assert tips[0]["feet"] == ["left", "right"]
    assert tips[0]["evidence"] == "[7][17][23][25]" and tips[0]["short"] == "Move both cleats back 2-10 mm"
    assert doc["referrals"][0].startswith("If numbness persists after the ride ends")
