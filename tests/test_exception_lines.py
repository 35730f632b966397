"""An exception Solewatch did not raise (a library's, a driver's, a bug's) may hold line breaks in its message;
a line the person reads that quotes one is still one line (monitor.util.plain_text.error_line, as the
``reconnection_failed`` note had it). Had: "live analysis stopped (RuntimeError: a\\nb); still recording" printed
over two lines, and so did the display's failures in the live summary, the phone view's stop and the report's
failure at the session's end."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from monitor.analysis.streaming import AnalysisCore, LinkNotice
from monitor.link import moticon
from monitor.live.config import LiveConfig
from monitor.live.record_summary import RecordSummary
from monitor.live.summary import LiveSummary, summary_text
from monitor.signal.params import DEFAULT_PARAMS

#: A message of the kind some libraries raise: a first line, then details.
MESSAGE = "backend fault\n  at step 3\r\n\tsee the log"
SAID = "RuntimeError: backend fault at step 3 see the log"


def _raise() -> None:
    raise RuntimeError(MESSAGE)


def test_a_failed_live_analysis_is_said_on_one_line() -> None:
    notices: list[LinkNotice] = []
    core = AnalysisCore({"left": moticon.layout("left")}, speed=1.0, params=DEFAULT_PARAMS,
                        max_batch_host_s=LiveConfig().max_batch_host_s, emit=lambda a, since: None,
                        notice=notices.append)
    core._guarded("left", _raise)
    assert [n.text for n in notices] == [f"live analysis stopped ({SAID}); still recording"], notices
    assert core.analysis_error == SAID


def test_a_failed_display_is_said_on_one_line_in_the_live_summary(tmp_path) -> None:
    from monitor.live.session import LiveMonitor

    monitor = SimpleNamespace(callback_errors=[])
    LiveMonitor._call(monitor, lambda _arg: _raise(), None)  # type: ignore[arg-type]
    assert monitor.callback_errors == [SAID]
    text = summary_text(LiveSummary(RecordSummary(tmp_path, 60.0, {}, 0), [], {},
                                    callback_errors=monitor.callback_errors,
                                    events_error="cannot write\nthe pipe"))
    said = [line for line in text.splitlines() if "display failed" in line or "events file" in line]
    assert said == [f"Note: the display failed once (detection went on): {SAID}",
                    "The events file stopped: cannot write the pipe"], text


def test_a_failed_end_report_and_phone_view_are_said_on_one_line(tmp_path, monkeypatch) -> None:
    import monitor.report.writer as report_writer
    from monitor.cli.end_report import write_end_report
    from monitor.live.web.server import PhoneView

    monkeypatch.setattr(report_writer, "write_session_report", lambda *_a, **_k: _raise())
    assert write_end_report(tmp_path, None) == (None, SAID)

    said: list[str] = []

    async def ended() -> None:
        failed = asyncio.get_running_loop().create_future()
        failed.set_exception(RuntimeError(MESSAGE))
        view = SimpleNamespace(_server=None, on_stopped=said.append)
        PhoneView._ended(view, failed)  # type: ignore[arg-type] - the server's task, ended on that error

    asyncio.run(ended())
    assert said == [f"the phone view stopped ({SAID}); the session goes on without it"], said
