"""The advice says what the domain reference's rows say (/work/shared/docs/domain.md, recommendation table):
a metatarsal pad just behind (proximal to) the heads, with no distance the studies do not give for it [21];
a shoe tight from the start also gets the row's "stand or unweight 15–60 s every 15–30 min" [38] (from the
shortest unweighting the detector counts as a relief)."""

from __future__ import annotations

from monitor.analysis.suggestions import SUGGESTIONS, rule_for, suggest, words


def test_the_met_pad_goes_just_behind_the_heads_without_a_distance():
    _, text = words(SUGGESTIONS["met_pad"], "cycling", ("right",), "clipless", "mth2_3")
    assert "just behind (proximal to) the 2nd-3rd metatarsal heads" in text, text
    assert "mm" not in text and "proximal to" in text


def test_a_shoe_tight_from_the_start_gets_the_rows_unweighting_with_its_source():
    rule = rule_for("residual_unloaded", None, "cycling", "clipless")
    assert rule is not None and rule.cause == "closure too tight; a narrow or low-volume shoe"
    assert [s.key for s in suggest("residual_unloaded", None, "cycling", "clipless")] == \
        ["loosen_closure", "roomier_shoe", "unweight"]
    assert "[38]" in rule.evidence
    _, text = words(SUGGESTIONS["unweight"], "cycling", ("left",), "clipless")
    # the row's 15-60 s, from the shortest unweighting the detector counts as a relief (RELIEF, relief_min_s)
    assert text.startswith("Unweight the left foot for ") and " every 15-30 minutes" in text, text
    # what the row's one source with times gives beside the one asked for (had: "the sources give 15-60 s")
    assert "(a guess; the sources give 15-30 s every 15-30 min, or 1-2 min every 20-30 min" in text, text
