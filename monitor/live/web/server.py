"""The phone view's server: a Starlette app on uvicorn, in the live session's own event loop.

``GET /?token=T`` is the page: static/index.html with its style and script (static/style.css, app.js)
written in, answered from memory as one response (every asset is in the package: the page makes no
request to another host, and no other request to this one), ``/ws?token=T`` the WebSocket that pushes the session's
state (monitor.live.web.state) to every page and takes the rider's "numb now" marks. A wrong or
missing token is refused with 403, for the page and the WebSocket alike. A page that connects (or
reconnects) gets the current state at once, then every new one: at most ``min_interval_s`` apart while
nothing changes but the numbers, at once when the banner, a level, the marks or the recording change,
or the session begins ending (:meth:`PhoneView.ending`).

The listening socket is bound when :class:`PhoneView` is made (a port in use is said before the insoles
are connected); :meth:`PhoneView.start` serves on it, :meth:`PhoneView.aclose` stops.

:class:`PhoneChannel` makes the pages a delivery channel (``phone`` in an event's ``delivered``): an event
is delivered when a state that tells it was sent to at least one connected page (:meth:`PhoneView.tell`).
The pages do not acknowledge what they get, so this says the server wrote it to the page's connection, not
that the rider saw it.

One idea: serving the phone view (its routes, the token, the push to each page, what each page was sent).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import secrets
import socket
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from monitor.analysis.alerts import Alert
from monitor.analysis.marks import RIDER_MARK_KIND
from monitor.errors import UsageError, quote_json
from monitor.live.view import LiveView
from monitor.live.web.state import page_state
from monitor.util.outputs import os_reason
from monitor.util.plain_text import error_line
from monitor.util.textfiles import DuplicateKey, parse_json

STATIC = Path(__file__).resolve().parent / "static"
#: What a page sends to mark a foot, as an error reply says it (docs/phone-view.md).
MARK_MESSAGE = 'a mark is {"type": "mark", "foot": "left"} or "right"'
_JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean",
               type(None): "null"}
#: The page's headers (with the CSP of :func:`page_bytes`): the token never leaves in a Referer header.
HEADERS = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
_STYLE_LINK = '<link rel="stylesheet" href="/static/style.css">'
_SCRIPT_TAG = '<script src="/static/app.js" defer></script>'


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def page_bytes() -> tuple[bytes, str]:
    """The page as one response, and its Content-Security-Policy: static/index.html with static/style.css
    and static/app.js written into it (one request instead of three, the fewer the better from a busy
    session's event loop), each allowed by its hash and nothing else: no other script, style, image or
    connection but this server's."""
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    if _STYLE_LINK not in html or _SCRIPT_TAG not in html:
        raise RuntimeError("static/index.html no longer links style.css and app.js as the server expects")
    html = html.replace(_STYLE_LINK, f"<style>{css}</style>").replace(_SCRIPT_TAG, "")
    html = html.replace("</body>", f"<script>{js}</script>\n</body>")
    csp = (f"default-src 'none'; script-src {_sha256(js)}; style-src {_sha256(css)}; connect-src 'self'; "
           "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    return html.encode("utf-8"), csp


#: While only the numbers change, a page gets a new state at most this often (host seconds; guess: 4 a
#: second reads as live on a phone, twice the "at least twice a second" the phone view promises with the
#: live session's ten views a second, docs/phone-view.md); a change of banner, level, marks or recording goes at
#: once.
MIN_INTERVAL_S = 0.25
#: At the session's end each page is sent the ended state before the server closes its connection; a page
#: that has not taken it within this long (host seconds; guess: a page on a working connection takes it in
#: milliseconds, one whose phone left the Wi-Fi's reach with its connection still open never does) does not
#: hold the end of the ride any longer.
ENDED_SEND_S = 5.0
#: An event no page has been sent within this long (host seconds) is not delivered over ``phone`` (guess: as
#: HAPTIC_TIMEOUT_S; a state that tells a new event goes to every page at once, and is written to a working
#: connection within milliseconds).
TELL_TIMEOUT_S = 2.0
#: The events that say something ended: a state without what ended tells them (:func:`tells`).
ENDINGS = ("data_back", "back_to_normal")
#: The WebSocket close code of a refused token (RFC 6455: policy violation); before the handshake uvicorn
#: answers it with HTTP 403.
POLICY_VIOLATION = 1008


def url_host(host: str) -> str:
    """The host a phone reaches the server at: the machine's address on the local network when serving
    on every interface (found by asking the OS for its route, no packet is sent), else ``host``."""
    if host not in ("", "0.0.0.0", "::"):
        return f"[{host}]" if ":" in host else host
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("10.255.255.255", 1))  # a UDP connect only picks the route
        return s.getsockname()[0]
    return "127.0.0.1"


def tells(view: LiveView, alert: Alert) -> bool:
    """Whether the page state of ``view`` tells ``alert`` (the object raised, not an equal one): an alert or
    missing data standing, in the banner or under it; a rider mark among the marks; a back-to-normal by its
    foot having no standing event any more, a data-back by its foot's missing data standing no more."""
    standing = [a for a in (view.current_alert, *view.others) if a is not None]
    if alert.kind == RIDER_MARK_KIND:
        return any(m is alert for m in view.marks)
    if alert.kind == "back_to_normal":
        return all(a.foot != alert.foot for a in standing)
    if alert.kind == "data_back":
        return all(a.foot != alert.foot or a.kind != "data_stale" for a in standing)
    return any(a is alert for a in standing)


@dataclass(eq=False)
class _Told:
    """An event waiting to be sent to a page: ``done`` is True once a state that tells it was sent to one,
    False once none can be (a state was made after it, and none that tells it is left to send; an ending's
    after a state that told it, else at the timeout)."""

    alert: Alert
    done: asyncio.Future[bool]
    stated: bool = False  # a state was made since the event was raised (of an ending, ENDINGS: one telling it)
    unsent: int = 0  # states telling it, waiting in a page's queue or being sent to a page


class _State(str):
    """A state's JSON text, and the waiting events it tells."""

    tells: tuple[_Told, ...] = ()


class _Server(uvicorn.Server):
    """uvicorn, leaving the process's signals to the command (Ctrl-C ends the ride, not the page)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


class PhoneView:
    """The phone view of one live session.

    ``host``, ``port``: where to listen (port 0: any free port, see :attr:`port`); ``token``: the secret
    of the URL (default: a new random one, ``secrets.token_urlsafe``); ``on_mark(foot)``: the rider
    pressed "numb now" for ``foot`` on a page (set it once the session can take marks; until then a mark
    is answered with an error message); ``on_stopped(text)``: the server stopped without :meth:`aclose`
    asking it to (it failed), with one line saying why, once; the session goes on without the page. ``OSError`` binding
    the port becomes a UsageError.
    """

    def __init__(self, host: str, port: int, *, token: str | None = None,
                 on_mark: Callable[[str], None] | None = None, min_interval_s: float = MIN_INTERVAL_S,
                 on_stopped: Callable[[str], None] | None = None) -> None:
        self.host = host
        self.token = token or secrets.token_urlsafe(16)
        self.on_mark = on_mark
        self.on_stopped = on_stopped
        self.min_interval_s = min_interval_s
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        given = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"  # as --web takes it
        try:
            self._sock = socket.create_server((host, port), family=family)
        except OSError as exc:
            raise UsageError(f"--web {given}: cannot listen there ({os_reason(exc)})") from exc
        except OverflowError:
            raise UsageError(f"--web {given}: cannot listen there (a port is 0 to 65535)") from None
        self.port: int = self._sock.getsockname()[1]
        self.tell_timeout_s = TELL_TIMEOUT_S
        self._told: list[_Told] = []  # events waiting to be sent to a page
        self._closed = False
        self._clients: set[asyncio.Queue[str]] = set()
        self._no_clients = asyncio.Event()  # set while no page is connected
        self._no_clients.set()
        self._state: str | None = None
        #: the page state of the newest view published, sent or held back (the session's end sends it)
        self._newest: dict[str, Any] | None = None
        self._newest_view: LiveView | None = None
        self._ending = False  # the recording ended: the session is being finished (:meth:`ending`)
        self._ended_state: str | None = None  # the last state, sent to every page at the session's end
        self._key: Any = None
        self._sent_at: float | None = None
        self._server: _Server | None = None
        self._task: asyncio.Task | None = None
        self.errors: list[str] = []  # what a page sent that could not be taken
        self._page_html, csp = page_bytes()
        self._headers = {**HEADERS, "Content-Security-Policy": csp}

    @property
    def url(self) -> str:
        """The page's URL with its token, as printed for the rider."""
        return f"http://{url_host(self.host)}:{self.port}/?token={self.token}"

    @property
    def clients(self) -> int:
        """Pages connected now."""
        return len(self._clients)

    # ---------------------------------------------------------------- the app
    def app(self) -> Starlette:
        return Starlette(routes=[Route("/", self._page), WebSocketRoute("/ws", self._ws)])

    def _allowed(self, token: str | None) -> bool:
        return token is not None and secrets.compare_digest(token.encode(), self.token.encode())

    async def _page(self, request: Request) -> Response:
        if not self._allowed(request.query_params.get("token")):
            return PlainTextResponse("403: this page needs the token of the URL the live monitor printed",
                                     status_code=403, headers=self._headers)
        return Response(self._page_html, media_type="text/html; charset=utf-8", headers=self._headers)

    async def _ws(self, ws: WebSocket) -> None:
        if not self._allowed(ws.query_params.get("token")):
            await ws.close(code=POLICY_VIOLATION)  # before accepting: HTTP 403
            return
        await ws.accept()
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
        sending = asyncio.Lock()  # the states and the replies to marks, one message at a time
        self._clients.add(queue)
        self._no_clients.clear()
        receiver = asyncio.create_task(self._receive(ws, sending), name="phone-view-receive")
        text = held = self._state  # a page that (re)connects picks up where it was
        self._hold(held)  # the state being sent to this page, counted in its events' ``unsent``
        get: asyncio.Future[str] | None = None  # the wait for the next state, while there is one
        try:
            while text is None or text is not self._ended_state:
                if text is not None:
                    async with sending:
                        await ws.send_text(text)
                    self._release(text, sent=True)
                    held = None
                get = asyncio.ensure_future(queue.get())
                done, _ = await asyncio.wait({get, receiver}, return_when=asyncio.FIRST_COMPLETED)
                if get not in done:
                    return
                text = held = get.result()
                get = None
            # the session ended: its last state, then the connection is closed by this end, normally
            async with sending:
                await ws.send_text(text)
            await ws.close()
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass  # the page went away
        finally:
            self._clients.discard(queue)
            self._release(held)  # not sent, and never will be to this page
            if get is not None and not get.cancel() and not get.cancelled():
                self._release(get.result())  # taken off the queue as this handler was cancelled, not sent
            while not queue.empty():
                self._release(queue.get_nowait())
            self._settle()
            if not self._clients:
                self._no_clients.set()
            receiver.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await receiver

    async def _receive(self, ws: WebSocket, sending: asyncio.Lock) -> None:
        with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
            while True:
                message = await ws.receive()
                if message["type"] == "websocket.disconnect":
                    return
                text = message.get("text")
                reply = self._message(text) if text is not None else self._refuse("a binary message, not text")
                async with sending:
                    await ws.send_text(json.dumps(reply))

    def _message(self, text: str) -> dict[str, Any]:
        """A page's message: ``{"type": "mark", "foot": "left"|"right"}``; the reply (``marked``, or an
        ``error`` whose text says what was wrong and what a mark is; the connection stays open). A key given
        twice is refused, as in every JSON Solewatch reads (monitor.util.textfiles.parse_json), not the last
        taken."""
        try:
            msg = parse_json(text, finite=False)
        except DuplicateKey as exc:
            return self._refuse(f"the key {quote_json(exc.key)} is given twice (expected each key once)")
        except ValueError as exc:  # JSONDecodeError, and a message nested too deeply
            where = f" (at character {exc.pos + 1})" if isinstance(exc, json.JSONDecodeError) else ""
            return self._refuse(f"not JSON{where}")
        if not isinstance(msg, dict):
            return self._refuse(f"{_JSON_KINDS.get(type(msg), 'JSON')}, not a JSON object")
        if msg.get("type") != "mark":
            return self._refuse(f"type {quote_json(msg.get('type'))}, not \"mark\"")
        foot = msg.get("foot")
        if self.on_mark is None:
            return {"type": "error", "text": "the session has not started: nothing is recorded yet"}
        try:
            self.on_mark(foot if isinstance(foot, str) else quote_json(foot))
        except (ValueError, TypeError) as exc:  # another foot: the error says which are
            return self._refuse(str(exc), hint=False)
        return {"type": "marked", "foot": foot}

    def _refuse(self, what: str, *, hint: bool = True) -> dict[str, Any]:
        """The error reply to a message that is not a mark (with what a mark is), kept in :attr:`errors`."""
        self.errors.append(what)
        return {"type": "error", "text": f"not taken: {what}" + (f"; {MARK_MESSAGE}" if hint else "")}

    # ---------------------------------------------------------------- the push
    def publish(self, view: LiveView) -> None:
        """A new view of the session: every page gets it (at once when its banner, the events under it, a
        level, the marks or whether the recording stopped changed; else at most every ``min_interval_s``).
        Never waits."""
        state = self._newest = page_state(view) | ({"ending": True, "recording": False} if self._ending else {})
        self._newest_view = view
        key = (state["banner"], state["others"], state["level"], state["marks"], state["recording_error"],
               tuple((f["level"], f["link"]) for f in state["feet"].values()), self._ending)
        now = asyncio.get_running_loop().time()
        if key == self._key and self._sent_at is not None and now - self._sent_at < self.min_interval_s:
            return
        self._key, self._sent_at = key, now
        self._state = _State(json.dumps(state, separators=(",", ":")))
        self._state.tells = tuple(t for t in self._told if tells(view, t.alert))
        for told in self._told:
            # an event that says something ended waits for a state that tells it: the view made as it is raised
            # can still show what ended (a data-back's, the foot's NO DATA: had, ``delivered`` without
            # ``phone`` though the next state, sent, no longer held it); any other is gone once a state lacks it
            if told.alert.kind not in ENDINGS or told in self._state.tells:
                told.stated = True
        for queue in self._clients:
            if queue.full():
                self._release(queue.get_nowait())  # a slow page skips to the newest state
            queue.put_nowait(self._state)
            self._hold(self._state)
        self._settle()

    def ending(self) -> None:
        """The recording ended, and the session is being finished (its last data analysed, its files written,
        its summary made: seconds, more on a busy host): every page is sent the newest state at once with
        ``"ending": true``, as is every state after it, until :meth:`aclose` sends the ended one. Never waits."""
        if self._ending or self._closed:
            return
        self._ending = True
        if self._newest_view is not None:
            self.publish(self._newest_view)

    # ---------------------------------------------------------------- the phone channel
    def channel(self) -> PhoneChannel:
        """The pages as a delivery channel (``phone``)."""
        return PhoneChannel(self)

    def tell(self, alert: Alert) -> bool | Awaitable[bool]:
        """Deliver ``alert`` to the pages: False at once when no page is connected, else an awaitable that
        answers True once a state that tells it (:func:`tells`) was sent to a page, False once none can be
        or after ``tell_timeout_s``. Call it before publishing the first view that holds the event (the
        live session submits an event, then publishes its view)."""
        if self._closed or not self._clients:
            return False
        told = _Told(alert, asyncio.get_running_loop().create_future())
        self._told.append(told)
        return self._wait(told)

    async def _wait(self, told: _Told) -> bool:
        try:
            return await asyncio.wait_for(told.done, self.tell_timeout_s)
        except TimeoutError:
            return False
        finally:
            self._told.remove(told)

    @staticmethod
    def _hold(text: str | None) -> None:
        """``text`` is queued for a page, or being sent to one."""
        for told in getattr(text, "tells", ()):
            told.unsent += 1

    @staticmethod
    def _release(text: str | None, *, sent: bool = False) -> None:
        """``text`` was sent to a page (its events are delivered), or dropped for it."""
        for told in getattr(text, "tells", ()):
            told.unsent -= 1
            if sent and not told.done.done():
                told.done.set_result(True)

    def _settle(self, *, closing: bool = False) -> None:
        """The waiting events no page can be sent any more are not delivered."""
        for told in self._told:
            if not told.done.done() and (closing or (told.stated and told.unsent <= 0)):
                told.done.set_result(False)

    # ---------------------------------------------------------------- running
    async def start(self) -> None:
        """Serve on the bound socket, as a task of the running loop."""
        config = uvicorn.Config(self.app(), lifespan="off", log_level="warning", access_log=False,
                                http="h11", ws="websockets-sansio", timeout_graceful_shutdown=2)
        self._server = _Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[self._sock]), name="phone-view")
        while not self._server.started and not self._task.done():
            await asyncio.sleep(0.01)
        if self._task.done():
            self._task.result()  # a server that could not start says why
        self._task.add_done_callback(self._ended)

    def _ended(self, task: asyncio.Task) -> None:
        """The server's task ended: said through ``on_stopped`` unless :meth:`aclose` stopped it."""
        if task.cancelled() or (self._server is not None and self._server.should_exit):
            return
        exc = task.exception()
        why = error_line(exc) if exc is not None else "it ended on its own"
        if self.on_stopped is not None:
            self.on_stopped(f"the phone view stopped ({why}); the session goes on without it")

    async def aclose(self, end: dict[str, Any] | None = None) -> None:
        """Stop serving: every page is told the session ended (it shows so). Each page's connection is closed
        once it has been sent the ended state (uvicorn's shutdown closes every connection at once and drops
        what was not sent yet), or after ``ENDED_SEND_S`` for a page that does not take it. The ended state
        is the newest view's, a view the quarter-second throttle held back included: the pages end on the
        session's last numbers and clock; ``end``: what the session's summary says, added to it
        (monitor.live.web.state.ended_fields: the saved duration, what was found). Once only."""
        if self._closed:
            return
        self._closed = True
        if self._newest is not None:
            ended = {k: v for k, v in self._newest.items() if k != "ending"} | (end or {}) | \
                {"ended": True, "recording": False}
            self._ended_state = json.dumps(ended, separators=(",", ":"))
            self._state = self._ended_state
            for queue in self._clients:
                if queue.full():
                    self._release(queue.get_nowait())
                queue.put_nowait(self._ended_state)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._no_clients.wait(), ENDED_SEND_S)
        self._settle(closing=True)
        if self._server is not None:
            self._server.should_exit = True
        if self._task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, 5.0)
        self._sock.close()


class PhoneChannel:
    """The phone view as a delivery channel: ``phone`` in an event's ``delivered`` when a state that tells
    the event was sent to at least one connected page (:meth:`PhoneView.tell`; docs/events-json.md)."""

    name = "phone"

    def __init__(self, phone: PhoneView) -> None:
        self.phone = phone

    def wants(self, alert: Alert) -> bool:
        return True

    def deliver(self, alert: Alert) -> bool | Awaitable[bool]:
        return self.phone.tell(alert)
