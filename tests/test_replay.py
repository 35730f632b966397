"""Replay equals live: a session recorded by `solewatch live` on the simulated radio, replayed from its raw
log, gives the events the rider got, field for field and in the same order, faults included.

The live sessions use quick detection settings (a window every second, a warning after 80 s of load, a
repeat after 2 s) so that a couple of simulated minutes give dozens of events on both feet, interleaved.
"""

from __future__ import annotations

import asyncio
import gc
import json
import re
import shutil
import struct
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from known_rider import rider_normal
from test_judged_progress import as_clause
from virtual_clock import run_on_virtual_clock

import monitor.analysis.streaming as analysis_core
from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE
from monitor.cli.main import main
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.delivery import EventsSink
from monitor.live.replay import replay_session, replay_text
from monitor.live.session import link_haptic, mark_numb, run_live
from monitor.live.simulated import simulated_insoles
from monitor.live.summary import summary_text
from monitor.session.riders import session_baseline
from monitor.signal.params import DEFAULT_PARAMS
from monitor.util.timefmt import clock_text

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.timeout(300)

QUICK = {"features": {"step_s": 1.0}, "detector": {"warn_after_s": 80.0}, "alerts": {"quiet_s": 2.0}}
QUICK_PARAMS = DEFAULT_PARAMS.override(QUICK)
SPEED = 40.0
#: every field of an event line that does not depend on the wall clock or the channels
FIELDS = ("t_s", "foot", "kind", "level", "region", "pattern", "cause", "suggestions", "suggestion_keys",
          "message")


async def _live(out: Path, *, duration_s: float, faults=(), config=None, marks=()):
    """A live session; ``marks``: (host s after the start, foot, source) of the rider's numb-now presses."""
    out.mkdir(parents=True, exist_ok=True)
    events_path = out / "live-events.jsonl"
    async with simulated_insoles("cleat-forward", speed=SPEED, seed=1, faults=list(faults)) as sim:
        link = await open_pair(sim.backends, config or LinkConfig(speed=SPEED))
        for after_s, foot, source in marks:
            asyncio.get_running_loop().call_later(after_s, mark_numb, link, foot, source)
        sink = EventsSink.open(events_path)
        notices, said = [], []  # said: the notices and the delivered events, in the order the person read them

        def notice(n):
            notices.append(n)
            said.append((n.t_s, n.kind))

        summary = await run_live(link, sim.meta, duration_s=duration_s, out_dir=out / "sessions",
                                 params=QUICK_PARAMS, channels=[link_haptic(link)], events=sink,
                                 on_notice=notice, on_delivered=lambda d: said.append((d.alert.t_s, d.alert.kind)),
                                 baseline=rider_normal(1))  # kept: baseline.json
        sink.close()
    lines = [json.loads(line) for line in events_path.read_text().splitlines()]
    return SimpleNamespace(path=summary.record.path, summary=summary, lines=lines, notices=notices, said=said)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """Two live sessions: a plain ride (the rider marks each foot numb once), and one where the left insole drops and
    comes back and the right one goes away for good; on a virtual clock, so the host's load changes neither."""
    out = tmp_path_factory.mktemp("replay")
    plain = run_on_virtual_clock(_live(out / "plain", duration_s=120.0,
                                       marks=((1.0, "left", "terminal"), (2.2, "right", "web"))))
    # the drop and the stop come after the first judged windows (80 % of a minute of data), so both feet
    # have been assessed before the link's faults
    faults = run_on_virtual_clock(_live(out / "faults", duration_s=140.0,
                               faults=["drop:left@70s+3s", "stop:right@90s"],
                               config=LinkConfig(speed=SPEED, lost_after_session_s=10.0)))
    return SimpleNamespace(plain=plain, faults=faults, out=out)


def _replay(path, *, virtual=False, **kwargs):
    """A replay of ``path``; ``virtual``: on a virtual clock, so a paced replay keeps its pace on any host."""
    async def go():
        sink_path = Path(path).parent.parent / f"replay-{time.monotonic_ns()}.jsonl"
        sink = EventsSink.open(sink_path)
        notices = []
        summary = await replay_session(path, events=sink, on_notice=notices.append, **kwargs)
        sink.close()
        return SimpleNamespace(summary=summary, notices=notices,
                               lines=[json.loads(line) for line in sink_path.read_text().splitlines()])

    return run_on_virtual_clock(go()) if virtual else asyncio.run(go())


def _fields(lines):
    return [tuple(json.dumps(x[k]) for k in FIELDS) for x in lines]


def test_a_replay_gives_the_live_events_in_the_same_order(recorded):
    live = recorded.plain
    assert len(live.lines) >= 20  # enough to tell orders apart
    assert {x["foot"] for x in live.lines if x["level"] == "warning"} == {"left", "right"}
    # the two feet's events interleave: an order that depends on when each foot's frames were analysed
    feet = [x["foot"] for x in live.lines]
    assert sum(a != b for a, b in zip(feet, feet[1:])) >= 5
    # the rider's marks, where the presses came in the record stream
    marks = [(x["foot"], x["t_s"]) for x in live.lines if x["kind"] == "rider_mark"]
    assert [foot for foot, _ in marks] == ["left", "right"] and 0 < marks[0][1] < marks[1][1] < 120.0, marks
    thresholds = gc.get_threshold()
    for deferred in (True, False):  # as fast as possible, and batch by batch as live
        r = _replay(live.path, params=QUICK_PARAMS, deferred=deferred)
        assert gc.get_threshold() == thresholds and gc.get_freeze_count() == 0  # the collector as it was
        assert _fields(r.lines) == _fields(live.lines), deferred
        assert [a.t_s for a in r.summary.alerts] == [a.t_s for a in live.summary.alerts]  # to the bit
        assert all(x["delivered"] == ["events"] for x in r.lines)
    assert json.dumps(r.summary.pipeline, sort_keys=True) == json.dumps(live.summary.pipeline, sort_keys=True)
    assert r.summary.record.counters == live.summary.record.counters
    text = replay_text(r.summary)
    assert re.match(r"Replay: 2:0\d of ride \(cleat-forward, recorded at 40x\), as fast as possible", text)
    assert NOT_A_MEDICAL_DEVICE in text
    assert f"Session replayed from {live.path}" in text and "Move both cleats" in text


def test_a_session_with_a_drop_and_a_lost_foot_replays_to_the_same_events(recorded):
    live = recorded.faults
    kinds = {(x["foot"], x["kind"]) for x in live.lines}
    assert ("right", "data_stale") in kinds and ("left", "alert") in kinds
    assert [n.kind for n in live.notices if n.foot == "left"][:2] == ["disconnected", "reconnected"]
    assert any(n.kind == "foot_lost" and n.foot == "right" for n in live.notices)
    # the live monitor's stale-data checks are in the raw log, where a replay makes them again
    assert any(e["event"] == "stale_check" for e in load_session(live.path).events)
    for deferred in (True, False):
        r = _replay(live.path, params=QUICK_PARAMS, deferred=deferred)
        assert _fields(r.lines) == _fields(live.lines), deferred
        assert [(n.t_s, n.foot, n.kind, n.text) for n in r.notices] == [
            (n.t_s, n.foot, n.kind, n.text) for n in live.notices]
    # the recording wrote its gaps to gaps.csv; a replay writes nothing (had: "recorded in gaps.csv" too)
    assert r.summary.record.gaps == live.summary.record.gaps > 0
    assert f"Gaps in the data: {live.summary.record.gaps} (recorded in gaps.csv)." in summary_text(live.summary)
    assert f"Gaps in the data: {r.summary.record.gaps} (as the raw log gives them)." in replay_text(r.summary)


def test_a_replay_as_fast_as_possible_says_link_notices_in_turn_with_the_alerts(recorded):
    """The person reads the link's notices (disconnected, back, lost) and the alerts in the session's order,
    as fast as possible as when paced and as live said them (had, as fast as possible: each notice at once,
    before the alerts the analysis had given ahead of it, which waited for their delivery: the disconnection
    at 1:10 before the alerts of 0:50)."""
    live = recorded.faults
    said = {}
    for deferred in (True, False):
        order = []

        async def go():
            await replay_session(live.path, params=QUICK_PARAMS, deferred=deferred,
                                 on_notice=lambda n: order.append((n.t_s, n.kind)),
                                 on_delivered=lambda d: order.append((d.alert.t_s, d.alert.kind)))

        asyncio.run(go())
        said[deferred] = order
    kinds = [kind for _, kind in live.said]
    assert "disconnected" in kinds and "alert" in kinds[:kinds.index("disconnected")], kinds  # one to overtake
    assert said[True] == said[False] == live.said


def test_a_foot_lost_and_back_is_said_silent_from_its_last_frame_live_and_in_replay(tmp_path):
    # the left insole drops at 30 s of ride for 20 s at 40x: lost once 10 s of the right's data have come
    # since, and back. `live` and `replay` both say when its data stopped, not only when it was declared
    # lost (had: "left insole lost at 0:40, back at 0:5x", read as data up to 0:40)
    live = run_on_virtual_clock(_live(tmp_path, duration_s=80.0, faults=["drop:left@30s+20s"],
                                      config=LinkConfig(speed=SPEED, lost_after_session_s=10.0)))
    session = load_session(live.path)
    (gap,) = session.gaps[session.gaps["foot"] == "left"].itertuples()
    t_s = session.foot_frames("left")["t_s"].to_numpy()
    last_s = t_s[t_s < gap.start_s][-1]  # the left's last frame before the drop
    lost_s, back_s = (e["t_s"] for e in session.events
                      if e.get("foot") == "left" and e["event"] in ("foot_lost", "reconnected"))
    assert 29.0 < last_s <= 31.0 and lost_s - last_s >= 10.0 - 1e-6, (last_s, lost_s)
    note = f"left insole silent from {clock_text(last_s)}, lost at {clock_text(lost_s)}, back at {clock_text(back_s)}"
    assert note in live.summary.record.notes and note in summary_text(live.summary)
    r = _replay(live.path, params=QUICK_PARAMS)
    assert r.summary.record.notes == live.summary.record.notes and note in replay_text(r.summary)


def test_without_params_a_replay_uses_the_live_sessions_own(recorded, tmp_path, capsys):
    """The live session keeps its detection parameters (params.json, every parameter); a replay without
    --params uses them and gives the live events. A session without them is replayed with the defaults,
    and the command says which it used."""
    live = recorded.plain
    kept = json.loads((live.path / "params.json").read_text())
    assert DEFAULT_PARAMS.override(kept) == QUICK_PARAMS
    assert main(["replay", str(live.path), "--events", "-", "--plain"]) == 0
    out = capsys.readouterr()
    assert _fields([json.loads(line) for line in out.out.splitlines()]) == _fields(live.lines)
    assert "with the live session's detection parameters (params.json)" in out.err
    assert _fields(_replay(live.path).lines) == _fields(live.lines)  # the library's default too
    bare = tmp_path / "bare"
    shutil.copytree(live.path, bare)
    (bare / "params.json").unlink()
    assert main(["replay", str(bare), "--events", "-", "--plain"]) == 0
    out = capsys.readouterr()
    assert "the default detection parameters (the session kept none)" in out.err
    assert _fields([json.loads(line) for line in out.out.splitlines()]) != _fields(live.lines)


def test_a_replay_says_now_and_after_in_the_sessions_words(recorded, capsys):
    # had: "WARNING  MTH2-3, focal peak: Move the left cleat back 2-10 mm", the fix only: the line had no
    # activity to say relief now in (the banner's "Unweight the foot 20-60 s" on a bike)
    assert main(["replay", str(recorded.plain.path), "--plain"]) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if "  WARNING  " in line]
    assert warnings and all(": Unweight the foot 20-60 s. After: Move the " in line for line in warnings), warnings


def test_analyze_and_report_use_the_live_sessions_own_params(recorded, tmp_path, capsys):
    """`solewatch analyze`, `report` and `export --format fit` of a live session analyse it with the parameters
    it ran with (params.json) unless given --params: the report then says what the rider was told."""
    live = recorded.plain
    kept = session_baseline(live.path)  # the rider's normal the live session ran with (baseline.json)
    assert kept is not None
    expected = [(a.foot, a.level, a.t_s) for a in analyze(load_session(live.path), QUICK_PARAMS, baseline=kept).alerts]
    default = [(a.foot, a.level, a.t_s) for a in analyze(load_session(live.path), DEFAULT_PARAMS, baseline=kept).alerts]
    assert expected != default
    assert main(["analyze", str(live.path), "--json"]) == 0
    out = capsys.readouterr()
    got = [(a["foot"], a["level"], a["t_s"]) for a in json.loads(out.out)["alerts"]]
    assert got == [(f, lv, round(t, 3)) for f, lv, t in expected]
    assert "the live session's detection parameters (params.json)" in out.err
    # and the rider's normal it ran with, which it takes unasked as it takes the parameters: said as the verdict
    judged = json.loads(out.out)["judged_against"]["line"]  # says it, in the same words
    assert "(the live session's baseline.json)" in judged and as_clause(judged) in out.err
    defaults = tmp_path / "defaults.json"
    defaults.write_text("{}")
    assert main(["analyze", str(live.path), "--json", "--params", str(defaults)]) == 0
    got = [(a["foot"], a["level"], a["t_s"]) for a in json.loads(capsys.readouterr().out)["alerts"]]
    assert got == [(f, lv, round(t, 3)) for f, lv, t in default]
    assert main(["report", str(live.path), "-o", str(tmp_path / "r.html")]) == 0
    assert f"analysing with the live session's detection parameters (params.json){as_clause(judged)}" in \
        capsys.readouterr().err
    assert main(["export", str(live.path), "--format", "fit", "-o", str(tmp_path / "s.fit")]) == 0
    assert capsys.readouterr().out.rstrip().endswith(
        f"analysed with the live session's detection parameters (params.json){as_clause(judged)}")


def test_the_python_analyze_of_a_live_session_gives_the_alerts_of_solewatch_analyze(recorded, capsys):
    """monitor.analyze(path), as docs/api.md promises, runs as `solewatch analyze` does: with the session's own
    params.json and baseline.json unless told otherwise (had: the defaults and the first minutes, so the cleat
    ride that warned on the command line gave notices only from Python)."""
    import monitor

    live = recorded.plain
    assert main(["analyze", str(live.path), "--json"]) == 0
    cli = [(a["foot"], a["level"], a["t_s"]) for a in json.loads(capsys.readouterr().out)["alerts"]]
    assert cli

    def alerts(result):
        return [(a.foot, a.level, round(a.t_s, 3)) for a in result.alerts]

    assert alerts(monitor.analyze(live.path)) == cli
    assert alerts(monitor.analyze(str(live.path))) == cli
    assert alerts(monitor.analyze(monitor.load_session(live.path))) == cli  # a loaded session knows its path
    # the parameters kept with the normal kept; or each given, which wins
    assert alerts(monitor.analyze(live.path, QUICK_PARAMS)) == cli
    kept = session_baseline(live.path)
    assert alerts(monitor.analyze(live.path, DEFAULT_PARAMS)) == alerts(analyze(load_session(live.path),
                                                                            DEFAULT_PARAMS, baseline=kept))
    assert alerts(monitor.analyze(live.path, DEFAULT_PARAMS)) != cli


def test_the_python_analyze_takes_the_live_sessions_declared_setup_as_solewatch_analyze(recorded, tmp_path,
                                                                                         capsys):
    """Toe clips declared for the live session (its setup.json) change its analysis, from Python as on the
    command line: the whole JSON of `solewatch analyze --json` is monitor.analyze(path)'s."""
    import monitor

    session = tmp_path / "toe-clips"
    shutil.copytree(recorded.plain.path, session)
    (session / "setup.json").write_text(json.dumps({"pedals": "toe-clips", "shoes": "stiff road shoes"}))
    assert main(["analyze", str(session), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert json.loads(json.dumps(monitor.analyze(session).to_json_dict())) == cli
    assert monitor.analyze(session).setup.pedals == "toe-clips"
    assert monitor.analyze(session, pedals="flat").setup.pedals == "flat"  # given, it wins


def test_analyze_of_a_session_that_kept_nothing_says_nothing_and_report_names_its_first_minutes(tmp_path, capsys):
    sample = Path(__file__).parent.parent / "sessions" / "samples" / "sim-healthy-ride"
    assert main(["analyze", str(sample), "--json"]) == 0
    assert "judging" not in capsys.readouterr().err  # no params.json, no baseline.json: nothing taken unasked
    assert main(["report", str(sample), "-o", str(tmp_path / "r.html")]) == 0
    assert ", judged against this session's first minutes (no kept normal; record with `live --rider NAME` to keep " \
        "your normal)" in capsys.readouterr().err


def test_a_deferred_replay_that_cannot_place_a_window_starts_again_batch_by_batch(recorded, monkeypatch):
    live = recorded.faults
    real = analysis_core.AnalysisCore.run_deferred
    calls = []

    def flaky(self):
        calls.append(1)
        if len(calls) == 3:  # after two runs have delivered their events
            raise analysis_core.DeferredMismatch("test")
        real(self)

    monkeypatch.setattr(analysis_core.AnalysisCore, "run_deferred", flaky)
    monkeypatch.setattr("monitor.live.replay.DEFERRED_FRAMES", 2000)
    r = _replay(live.path, params=QUICK_PARAMS)
    assert len(calls) >= 3
    assert _fields(r.lines) == _fields(live.lines)  # nothing given twice, nothing left out
    assert len(r.notices) == len(live.notices)


def test_other_params_change_the_replayed_alerts(recorded, tmp_path, capsys):
    live = recorded.plain
    first = next(x["t_s"] for x in live.lines if x["level"] == "warning")
    params = tmp_path / "earlier.json"
    params.write_text(json.dumps({**QUICK, "detector": {"warn_after_s": 60.0}}))
    events = tmp_path / "events.jsonl"
    assert main(["replay", str(live.path), "--params", str(params), "--events", str(events), "--plain"]) == 0
    out = capsys.readouterr().out
    lines = [json.loads(line) for line in events.read_text().splitlines()]
    earlier = next(x["t_s"] for x in lines if x["level"] == "warning")
    assert earlier <= first - 15.0
    assert "WARNING" in out and "[delivered: terminal, events]" in out and "as fast as possible" in out
    # and the same params as live give the live events, through the command line too
    same = tmp_path / "same.json"
    same.write_text(json.dumps(QUICK))
    assert main(["replay", str(live.path), "--params", str(same), "--events", "-", "--plain"]) == 0
    stdout = capsys.readouterr().out.splitlines()
    assert _fields([json.loads(line) for line in stdout]) == _fields(live.lines)


def test_speed_paces_the_replay_by_the_recorded_host_times(recorded):
    live = recorded.plain
    host_s = live.summary.record.duration_s / SPEED  # about 3 s of recording
    speed = host_s / 1.5
    r = _replay(live.path, params=QUICK_PARAMS, speed=speed, virtual=True)
    assert abs(r.summary.wall_s - 1.5) < 0.01, r.summary.wall_s  # the host's clock: here a virtual one
    assert _fields(r.lines) == _fields(live.lines)
    fast = _replay(live.path, params=QUICK_PARAMS, virtual=True)
    assert fast.summary.wall_s < 0.1  # as fast as possible waits for nothing


def test_a_stop_ends_a_paced_replay_early(recorded):
    live = recorded.plain

    async def go():
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(0.5, stop.set)
        return await replay_session(live.path, params=QUICK_PARAMS, speed=1.0, stop=stop)

    s = run_on_virtual_clock(go())
    assert s.wall_s < 0.5 + 0.1
    assert s.stopped_at_s is not None and 19.0 < s.stopped_at_s < 21.0  # 0.5 s of a 40x recording
    assert all(a.t_s <= s.stopped_at_s + 1.0 for a in s.alerts)
    assert "Stopped at" in replay_text(s)
    # what was not replayed is not missing: the recording had none (a stop is not a silent insole)
    assert not any(live.summary.record.absent.values())
    assert not any(s.record.absent.values()), s.record.absent
    assert "frames missing" not in replay_text(s)


def _corrupt_copy(src: Path, dst: Path, *, cut_tail: bool) -> tuple[Path, int]:
    """A copy of the session whose raw log has its 20th record damaged (or its last record cut short)."""
    shutil.copytree(src, dst)
    raw = dst / "raw.swlog"
    data = bytearray(raw.read_bytes())
    if cut_tail:
        raw.write_bytes(bytes(data[:-7]))
        return dst, len(data) - 7
    pos = 8
    for _ in range(19):
        (n,) = struct.unpack_from("<I", data, pos)
        pos += 4 + n + 4
    data[pos + 20] ^= 0xFF
    raw.write_bytes(bytes(data))
    return dst, pos


@pytest.mark.parametrize("what", ["missing", "a file", "imported", "raw log a directory"])
def test_errors_are_one_line_and_exit_2(what, recorded, tmp_path, capsys):
    """A directory where the raw log is was said as "has no raw log ...; use `solewatch analyze` for
    imported sessions", of a recorded session: it is named as what it is. A missing path, or a file, was
    said in replay's own words ("no such session directory"); they are now those of analyze, report and
    export (monitor.session.directory.check_is_directory)."""
    if what == "missing":
        session = tmp_path / "nope"
        fragment = f"{session}: not a directory: nothing is there (expected a session directory)"
    elif what == "a file":
        session = tmp_path / "session.json"
        session.write_text("{}")
        fragment = f"{session}: not a directory but a file (expected the session directory that holds"
    elif what == "raw log a directory":
        session = tmp_path / "recorded"
        shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", session)
        (session / "raw.swlog").unlink()
        (session / "raw.swlog").mkdir()
        fragment = f"{session / 'raw.swlog'}: not a file"
    else:
        session = ROOT / "sessions" / "samples" / "moticon-walk"
        fragment = (f"{session} has no raw log (raw.swlog); replay needs a recorded session; use "
                    "`solewatch analyze` (monitor.analyze) for imported sessions")
    events = tmp_path / "events.jsonl"
    assert main(["replay", str(session), "--events", str(events), "--plain"]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("solewatch replay: error: ") and fragment in err[0], err
    assert "Traceback" not in captured.err and not captured.out
    assert not events.exists()  # nothing replayed, no events file made


def test_a_raw_log_damaged_in_the_middle_replays_around_the_damage(recorded, tmp_path, capsys):
    """A damaged 20th record was an error before anything was replayed; it is skipped with one warning line
    naming the byte, and the live events are given back (the few around the damage may differ)."""
    session, pos = _corrupt_copy(recorded.plain.path, tmp_path / "damaged", cut_tail=False)
    events = tmp_path / "events.jsonl"
    assert main(["replay", str(session), "--events", str(events), "--plain"]) == 0
    captured = capsys.readouterr()
    warned = [line for line in captured.err.splitlines() if "bytes damaged, skipped" in line]
    assert len(warned) == 1 and warned[0].startswith(
        f"solewatch replay: warning: {session / 'raw.swlog'}: byte {pos}: "), captured.err
    assert f"The raw log is damaged at byte {pos}" in captured.out
    lines = [json.loads(line) for line in events.read_text().splitlines()]
    assert abs(len(lines) - len(recorded.plain.lines)) <= 2


def test_a_raw_log_cut_short_at_its_end_replays_up_to_the_cut(recorded, tmp_path):
    session, _ = _corrupt_copy(recorded.plain.path, tmp_path / "cut", cut_tail=True)
    r = _replay(session, params=QUICK_PARAMS)
    assert r.summary.truncated_tail_bytes > 0
    live = _fields(recorded.plain.lines)
    assert len(live) - 2 <= len(r.lines) and _fields(r.lines) == live[:len(r.lines)]  # less the cut end's
    assert "cut short" in replay_text(r.summary)


def _cut_sample(tmp_path: Path, n_records: int, extra_bytes: int = 0) -> Path:
    """A copy of the sim-healthy-ride sample whose raw log holds its first ``n_records`` records (and
    ``extra_bytes`` of the next): a copy cut short, or a recorder killed after it wrote session.json."""
    session = tmp_path / "cut"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", session)
    raw = session / "raw.swlog"
    data = raw.read_bytes()
    pos = 8
    for _ in range(n_records):  # records: length (uint32), payload, checksum (docs/session-format.md)
        (n,) = struct.unpack_from("<I", data, pos)
        pos += 4 + n + 4
    raw.write_bytes(data[:pos + extra_bytes])
    return session


@pytest.mark.parametrize("cut_mid_record", [False, True], ids=["at-a-record", "mid-record"])
def test_a_raw_log_shorter_than_its_session_says_what_it_replays(tmp_path, capsys, cut_mid_record):
    """A session of 1:00 whose raw log holds its first 24 s (a copy cut short, a recorder killed after it
    wrote session.json) was said to be a 1:00 replay: the replay says what the raw log holds, and that the
    session was longer."""
    session = _cut_sample(tmp_path, 600, 9 if cut_mid_record else 0)
    assert main(["replay", str(session), "--plain"]) == 0
    out = capsys.readouterr().out
    head = next(line for line in out.splitlines() if line.startswith("Replay: "))
    assert head.startswith("Replay: 0:24 of ride"), out
    assert "The raw log ends at 0:24 of the session's 1:00: the replay covers that much." in out.splitlines()


def test_a_raw_log_shorter_than_its_session_gives_no_invented_no_data_at_the_recorded_end(tmp_path):
    """A raw log holding the first 24 s of a 1:00 session (a recorder killed) gave NO DATA for both feet at
    1:00, which the live session never gave (it died before): the last stale-data check runs where the
    log ends, when both feet were still sending."""
    session = _cut_sample(tmp_path, 600)
    events = tmp_path / "events.jsonl"
    assert main(["replay", str(session), "--plain", "--events", str(events)]) == 0
    lines = [json.loads(line) for line in events.read_text().splitlines()]
    assert [line for line in lines if line["kind"] == "data_stale"] == []
    assert all(line["t_s"] <= 24.5 for line in lines)


@pytest.mark.parametrize("text", ["0", "-2", "fast", "nan"])
def test_bad_speeds_are_usage_errors(text, recorded, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["replay", str(recorded.plain.path), "--speed", text])
    assert exc.value.code == 2
    assert "invalid speed" in capsys.readouterr().err


def test_a_replay_that_fails_part_way_still_writes_the_events_it_gave(recorded, monkeypatch):
    """A replay that raised part-way left its delivery worker unclosed: the events raised in the failing
    record were submitted but never written. They reach the events file, and the error is the replay's."""
    import monitor.live.replay as replay_mod
    from monitor.errors import SessionFormatError

    live = recorded.plain
    real = replay_mod._Replay.record

    def failing(self, rec, blocks, event):
        before = self.events
        real(self, rec, blocks, event)
        if self.events > before and self.events >= 3:  # this record raised events, then the replay fails
            raise SessionFormatError("test: fails part-way")

    monkeypatch.setattr(replay_mod._Replay, "record", failing)
    sink_path = live.path.parent.parent / f"failing-{time.monotonic_ns()}.jsonl"
    delivered = []

    async def go():
        sink = EventsSink.open(sink_path)
        try:
            await replay_session(live.path, params=QUICK_PARAMS, deferred=False, events=sink,
                                 on_delivered=delivered.append)
        finally:
            sink.close()

    with pytest.raises(SessionFormatError, match="fails part-way"):
        asyncio.run(go())
    lines = [json.loads(line) for line in sink_path.read_text().splitlines()]
    assert len(lines) >= 3 and len(delivered) == len(lines)
    assert _fields(lines) == _fields(live.lines)[:len(lines)]


async def _live_healthy(out: Path, params):
    async with simulated_insoles("healthy-ride", speed=SPEED, seed=1, faults=[]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        return await run_live(link, sim.meta, duration_s=100.0, out_dir=out, params=params, channels=[])


def test_a_replay_judges_a_quiet_session_by_the_warning_time_of_its_own_params(tmp_path):
    """A live session run with a warning after 80 s of load (params.json), 100 s long and without alerts,
    was long enough to tell; its replay said it was too short, judging by the default 5:00."""
    live = run_on_virtual_clock(_live_healthy(tmp_path, QUICK_PARAMS))
    assert not live.alerts
    said = summary_text(live)
    assert "Alerts: none; no sustained forefoot load was found." in said, said
    replayed = replay_text(_replay(live.record.path).summary)
    assert "Alerts: none; no sustained forefoot load was found." in replayed, replayed
    assert "too short" not in replayed


def _api_doc_replay_section() -> str:
    text = (ROOT / "docs" / "api.md").read_text()
    return text.split("## Replay", 1)[1].split("\n## ", 1)[0]


def test_live_and_batch_give_the_same_alerts_and_the_api_doc_says_how_to_compare_them(recorded):
    """The live session (and its replay) gives the same alerts as a batch analysis of the recording with the
    same parameters and normal, but its ``summary.alerts`` holds every event delivered, data-stale ones
    included, which a batch analysis keeps apart in ``events``: docs/api.md compared ``replayed.alerts`` with
    ``result.alerts`` whole, which holds for a sample without a stale foot and not for this one. The doc's
    comparison takes the alerts only and says why. Both date a data-stale event when the foot's silence
    reached stale_after_s (had: live at its timer's check, the batch at its next window)."""
    live = recorded.faults
    kept = session_baseline(live.path)
    batch = analyze(load_session(live.path), QUICK_PARAMS, baseline=kept)

    def key(alerts):
        return [(a.foot, a.kind, a.level, a.region, a.t_s) for a in alerts]

    delivered = live.summary.alerts
    assert {a.kind for a in delivered} >= {"alert", "data_stale"}
    assert key(a for a in delivered if a.kind == "alert") == key(batch.alerts)
    assert key(delivered) != key(batch.alerts)  # the whole list is not the batch's alerts
    live_stale = [a.t_s for a in delivered if a.kind == "data_stale"]
    batch_stale = [a.t_s for a in batch.events if a.kind == "data_stale"]
    assert live_stale and live_stale == batch_stale  # checked at other times, dated alike
    section = _api_doc_replay_section()
    assert 'if a.kind == "alert"' in section and "data_stale" in section


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_an_interrupted_replay_says_what_it_covered_and_is_not_exit_0(tmp_path, capsys, monkeypatch, sig):
    """Ctrl-C (or SIGTERM) during `solewatch replay`: the replay stops cleanly and says how much it covered,
    and its exit status is the signal's (130, 143), so a script does not take its --events file for the
    whole replay (had: exit 0, `Replay: 1:00 of ride` and `Alerts: none in 1:00`). The signal is sent by the replay's
    100th record, a point that does not depend on the host's speed."""
    import os
    import signal

    import monitor.live.replay as replay_module

    session = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", session)
    number = getattr(signal, sig)
    real = replay_module._Replay.record
    seen = []

    def record(self, *args):
        seen.append(1)
        if len(seen) == 100:
            os.kill(os.getpid(), number)
        return real(self, *args)

    monkeypatch.setattr(replay_module._Replay, "record", record)
    events = tmp_path / "events.jsonl"
    code = main(["replay", str(session), "--plain", "--events", str(events)])
    out, err = capsys.readouterr()
    assert code == 128 + number, (code, out[-500:], err)
    assert "Traceback" not in out + err
    m = re.search(r"^Replay: (\d+:\d\d) of 1:00 of ride \([^)]*\), stopped, ", out, re.M)
    assert m is not None and m.group(1) != "1:00", out[:500]
    assert f"Stopped at {m.group(1)} of the session." in out
    assert "Alerts: none in 1:00" not in out
    assert events.exists()
