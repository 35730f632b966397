"""A declared activity word that is no activity is quoted cut (monitor.errors.quote_value, QUOTE_CHARS), as every
other value a caller gives: through ``monitor.analyze``'s ``declared_activity=`` and a word given as the
``activity`` params section (docs/api.md)."""

from __future__ import annotations

import pytest

from monitor.analysis.declared import declared_activity
from monitor.analysis.param_overrides import nested_overrides
from monitor.errors import QUOTE_CHARS, UsageError

LONG = "x" * 3000


def test_an_unknown_declared_activity_is_quoted_cut():
    with pytest.raises(UsageError) as exc:
        declared_activity(None, LONG)
    text = str(exc.value)
    assert f"declared_activity='{'x' * QUOTE_CHARS}...'" in text
    assert len(text) < 400


def test_a_word_given_as_the_activity_section_is_quoted_cut():
    with pytest.raises(UsageError) as exc:
        nested_overrides({"activity": LONG})
    text = str(exc.value)
    assert text.startswith(f"activity='{'x' * QUOTE_CHARS}...'")
    assert LONG not in text and len(text) < 400


def test_a_short_word_reads_whole():
    with pytest.raises(UsageError) as exc:
        declared_activity(None, "run")
    assert "declared_activity='run'" in str(exc.value) and "did you mean running?" in str(exc.value)
