"""A value quoted back in a message is cut to monitor.errors.QUOTE_CHARS characters and ``...`` by the shared
helpers, its closing quote kept. Had: the phone view's refusals, a raw log event's foot and a parameter's
value cut by hand (``json.dumps(value)[:40]``: the closing quote lost, ``"aaaa`` with no ``...``), a
number that is not finite cut at 20 characters, and a mark's foot from the phone quoted whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.errors import QUOTE_CHARS, SessionFormatError, quote_json

LONG = "a" * 300
#: ``LONG`` as a JSON-worded message says it: cut, closed
SAID = '"' + "a" * QUOTE_CHARS + '..."'


def test_quote_json_cuts_inside_the_quotes_and_writes_the_rest_as_json():
    assert quote_json("mark") == '"mark"' and quote_json(None) == "null" and quote_json(["left"]) == '["left"]'
    assert quote_json(LONG) == SAID
    assert quote_json([LONG]) == json.dumps([LONG])[:QUOTE_CHARS] + "..."
    assert quote_json(10**5000) == "a int too large to write out"


@pytest.fixture
def phone():
    from monitor.live.web.server import PhoneView

    marked: list[str] = []

    def on_mark(foot):
        from monitor.analysis.marks import mark_event

        mark_event(foot, "web")
        marked.append(foot)

    view = PhoneView("127.0.0.1", 0, on_mark=on_mark)
    try:
        yield view
    finally:
        view._sock.close()
    assert marked == []


@pytest.mark.parametrize("message, said", [
    # had: the key "aaaa... (39 characters, no closing quote) and 267 characters of a 300-character foot
    ('{"type": "mark", "%s": 1, "%s": 2}' % (LONG, LONG), f"the key {SAID} is given twice"),
    ('{"type": "%s"}' % LONG, f'type {SAID}, not "mark"'),
    ('{"type": "mark", "foot": "%s"}' % LONG, "not '" + "a" * QUOTE_CHARS + "...'"),
    ('{"type": "mark", "foot": ["%s"]}' % LONG, "not '[\"" + "a" * (QUOTE_CHARS - 2) + "...'"),
])
def test_a_phone_message_quotes_its_value_cut_and_closed(phone, message, said):
    reply = phone._message(message)
    assert reply["type"] == "error" and said in reply["text"], reply
    assert len(reply["text"]) < 200, f"{len(reply['text'])} characters: {reply['text'][:300]}"


def test_a_raw_log_events_foot_is_quoted_cut_and_closed():
    from monitor.session.rawlog import KIND_EVENT, RawRecord, record_event

    payload = json.dumps({"event": "connected", "foot": LONG}).encode()
    with pytest.raises(SessionFormatError) as caught:
        record_event(Path("raw.swlog"), RawRecord(KIND_EVENT, None, 1.0, payload, 3, 64))
    # had: whose foot "aaaa... (40 characters, the closing quote lost)
    assert f'whose foot {SAID} is not "left", "right" or null' in str(caught.value), str(caught.value)


def test_a_number_that_is_not_finite_is_quoted_to_quote_chars():
    from monitor.util.textfiles import NotFiniteNumber, json_problem, parse_json

    number = "1" + "0" * 400
    with pytest.raises(NotFiniteNumber) as caught:
        parse_json('{"a": %s}' % number)
    said = json_problem(caught.value)
    # had: its first 20 characters, a hand-kept cut the other messages do not share
    assert f"the number {number[:QUOTE_CHARS]}... (401 characters) is not a finite number" in said, said


def test_a_parameters_text_value_is_quoted_cut_and_closed():
    from monitor.signal.param_checks import shown_value

    # had: "aaaa... (40 characters, the closing quote lost), and a list's JSON cut without ...
    assert shown_value(LONG) == SAID
    assert shown_value([LONG]) == json.dumps([LONG])[:QUOTE_CHARS] + "..."
    assert shown_value("480") == '"480"' and shown_value(True) == "true" and shown_value(float("nan")) == "nan"


def test_an_insole_kind_a_caller_gives_is_quoted_cut(tmp_path, monkeypatch):
    from monitor.errors import UsageError
    from monitor.session.riders import load_rider_baseline

    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    with pytest.raises(UsageError) as caught:
        load_rider_baseline("ana", insole=LONG)
    # had: the whole value, 395 characters for a 300-character insole
    assert "insole '" + "a" * QUOTE_CHARS + "...' is no insole kind" in str(caught.value), str(caught.value)[:300]


def test_a_scenario_that_is_not_a_name_and_a_blank_study_path_are_quoted_cut():
    from monitor.errors import UsageError
    from monitor.session.offline import resolve_scenario
    from monitor.studies.sources import find_sessions

    with pytest.raises(UsageError) as caught:
        resolve_scenario([LONG])
    # had: the whole list, 345 characters
    assert "scenario ['" + "a" * (QUOTE_CHARS - 2) + "... is not a name" in str(caught.value), str(caught.value)[:300]
    with pytest.raises(UsageError) as caught:
        find_sessions([" " * 300])
    # had: 300 blanks quoted whole
    assert len(str(caught.value)) < 200, f"{len(str(caught.value))} characters"
