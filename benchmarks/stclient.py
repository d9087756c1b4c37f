"""A browser-less Streamlit client: speaks the app's websocket protocol with the installed
streamlit's own protobufs, so a load test can simulate hundreds of learners in one process.

    async with StClient("http://127.0.0.1:8501") as learner:
        await learner.open("train", "train_task=copy")   # like visiting /train?train_task=copy
        await learner.click("Play")                        # presses the button labelled Play
        await asyncio.sleep(10)                            # auto-rerun redraws arrive meanwhile
        print(learner.events.steps[-1], learner.events.redraws)

What a browser does and this client copies (streamlit 1.67, its starlette server):
- It connects to ws://HOST:PORT/_stcore/stream offering the subprotocol "streamlit". The server
  reads `Sec-WebSocket-Protocol` as positions: 1st = the subprotocol it echoes back, 2nd = an
  XSRF token (only used to read auth cookies; none here), 3rd = a session id to resume. The
  session exists from the handshake on; it runs nothing until the client sends a BackMsg.
- Every run is a BackMsg `rerun_script` (a ClientState). The first names the page by its URL
  path (`page_name="train"`) and carries the link's query string; later ones name the page by
  its `page_script_hash` (from the Navigation ForwardMsg) and carry the query string the app
  last set (PageInfo `page_info_changed`: this app rewrites the address bar after each run,
  and a run that gets a stale query string may read it as a new link). `widget_states` holds
  widget values; a button press is the button's id with `trigger_value=True`, for one run
  only. The browser sends every widget's value; this client sends only the trigger, which is
  the same for a learner who touches nothing else (the server keeps a widget that is not sent
  at its previous value). A widget inside a fragment is sent with that `fragment_id`, as the
  browser does, so only the fragment reruns.
- `st.fragment(run_every=...)` sends ForwardMsg `auto_rerun` (interval, fragment_id) during a
  full run. The browser then sends `rerun_script(fragment_id=..., is_auto_rerun=True)` every
  `interval` seconds, whether or not a run is going on (only page-level timers wait for the
  run to end); the server coalesces requests that arrive while one runs, and the run going on
  often ends as FINISHED_EARLY_FOR_RERUN (2) after drawing. One timer per fragment id: the same
  interval again keeps the countdown. Timers stop at the next full run's `new_session` (its
  `metadata.run.fragment_ids` is empty) and for the ids in a `stop_auto_rerun`.
- ForwardMsgs: `new_session` starts each run, `delta`s add elements (`new_element`) or
  containers (`add_block`) at `metadata.delta_path`, `script_finished` ends the run (0 full run
  done, 1 compile error, 2 interrupted by a rerun, 3 fragment run done). Nothing is
  acknowledged. The server sends a `ref_hash` (a pointer into the browser's message cache)
  only for hashes the client lists in `cached_message_hashes`; this client lists none, so a
  `ref_hash` is reported as an error.
Charts are `vega_lite_chart` elements in 1.67 (no `arrow_vega_lite_chart` any more). The
socket is the `websockets` package, which streamlit 1.67 depends on (its server is starlette and
uvicorn; tornado is no longer installed).
"""
from __future__ import annotations

import asyncio
import itertools
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Self
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

FULL_RUN_DONE, COMPILE_ERROR, INTERRUPTED, FRAGMENT_RUN_DONE = 0, 1, 2, 3   # script_finished


@dataclass
class Events:
    """What a learner saw, with `time.monotonic()` stamps (the benchmark's measurements)."""
    opened_at: float | None = None        # when open() sent the first rerun_script
    first_chart_at: float | None = None   # the first vega-lite chart element
    redraws: list[float] = field(default_factory=list)    # each finished run that drew a chart
    steps: list[tuple[float, int]] = field(default_factory=list)   # the "Step" metric's values
    errors: list[str] = field(default_factory=list)       # Exception elements, protocol trouble
    auto_reruns_sent: int = 0             # fragment reruns this client asked for by timer
    empty_runs: list[float] = field(default_factory=list)  # finished runs that delivered nothing

    def steps_per_second(self, since: float = 0, until: float = float("inf")) -> float | None:
        """The run's training rate between the first and the last Step reading in this time
        window (None: fewer than two readings after training began)."""
        moving = [(t, s) for t, s in self.steps if s > 0 and since <= t <= until]
        if len(moving) < 2 or moving[-1][0] <= moving[0][0]:
            return None
        (t0, s0), (t1, s1) = moving[0], moving[-1]
        return (s1 - s0) / (t1 - t0)

    def redraw_intervals(self, since: float = 0, until: float = float("inf")) -> list[float]:
        """Seconds between consecutive redraws in this time window."""
        times = [t for t in self.redraws if since <= t <= until]
        return [b - a for a, b in itertools.pairwise(times)]


@dataclass
class Node:
    """One element the page shows: its proto, and the fragment whose run drew it ('' = none)."""
    element: Element
    fragment_id: str

    @property
    def kind(self) -> str:
        return self.element.WhichOneof("type")

    @property
    def proto(self):
        """The element's own message (Button, Metric, VegaLiteChart, ...)."""
        return getattr(self.element, self.kind)

    @property
    def label(self) -> str:
        return getattr(self.proto, "label", "")


class StClient:
    """One simulated browser tab: a websocket session, the page's elements and its events."""

    def __init__(self, url: str, step_label: str = "Step", replica: str | None = None):
        """`replica`: the key of deploy/'s nginx cookie (`rnnpg_replica`), which pins the client
        to one replica as a browser's cookie does (None: a new browser; on connect it loads the
        page first, as a browser does, and keeps the key nginx sets)."""
        parts = urlsplit(url)
        self.replica = replica
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.ws_url = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.step_label = step_label
        self.events = Events()
        self.nodes: dict[tuple[int, ...], Node] = {}   # delta path -> element, as last drawn
        self.popovers: dict[str, str] = {}   # popover label -> its widget id
        self.held: dict[str, WidgetState] = {}   # widget states sent with every rerun
        self.page_hash = ""      # the current page's script hash (Navigation message)
        self.query = ""          # the query string the app last set
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._timers: dict[str, asyncio.Task] = {}   # fragment id -> its auto-rerun task
        self._intervals: dict[str, float] = {}       # fragment id -> its timer's interval
        self._touched: set[tuple[int, ...]] = set()  # paths drawn by the run going on
        self._run_fragments: tuple[str, ...] = ()
        self._run_charted = False
        self._run_started = 0.0        # when the run going on began
        self._done_started = -1.0      # when the last run that finished (not interrupted) began
        self._closed = False
        self._progress = asyncio.Event()   # set (and replaced) whenever a run ends or we close

    async def __aenter__(self) -> Self:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def connect(self) -> None:
        """Open the websocket (the server creates the session) and start reading."""
        if self.replica is None:   # a browser's first request is the page, which sets it
            self.replica = await asyncio.to_thread(self._page_cookie)
        headers = {"Cookie": f"rnnpg_replica={self.replica}"} if self.replica else None
        self._ws = await connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                 open_timeout=60, compression=None, additional_headers=headers)
        self._reader = asyncio.create_task(self._read())

    def _page_cookie(self) -> str | None:
        """GET the app's page as a browser does first; -> the replica key nginx set (deploy/'s
        nginx sets it on that page; a WebSocket upgrade response carries no cookie)."""
        url = self.ws_url.replace("ws", "http", 1).removesuffix("/_stcore/stream") + "/"
        with urllib.request.urlopen(url, timeout=60) as response:
            return replica_cookie(response.headers.get_all("Set-Cookie") or [])

    async def close(self) -> None:
        """Stop the timers and disconnect, as closing the tab does."""
        for task in [*self._timers.values(), self._reader]:
            if task is not None:
                task.cancel()
        self._timers.clear()
        if self._ws is not None:
            await self._ws.close()

    async def open(self, page: str, query: str = "", timeout: float = 120) -> None:
        """Visit /<page>?<query> and wait for the first run to finish."""
        self.events.opened_at = time.monotonic()
        self.query = query
        await self._rerun(page_name=page, timeout=timeout)

    async def click(self, label: str, timeout: float = 120) -> None:
        """Press the button with this label and wait for the run it starts to finish."""
        node = self.find("button", label)
        if node is None:
            raise LookupError(f"no button labelled {label!r} on the page")
        trigger = WidgetState(id=node.proto.id, trigger_value=True)
        await self._rerun(triggers=[trigger], fragment_id=node.fragment_id, timeout=timeout)

    async def open_popover(self, label: str, timeout: float = 120) -> None:
        """Open the popover with this label (its content is drawn only while it is open:
        playground/kit/popover.py) and wait for the run that draws it."""
        widget_id = self.popovers.get(label)
        if widget_id is None:
            raise LookupError(f"no popover labelled {label!r} on the page")
        self.held[widget_id] = WidgetState(id=widget_id, bool_value=True)
        await self._rerun(timeout=timeout)

    def find(self, kind: str, label: str | None = None) -> Node | None:
        """The first element of this kind (and label) on the page, in page order."""
        for path in sorted(self.nodes):
            node = self.nodes[path]
            if node.kind == kind and (label is None or node.label == label):
                return node
        return None

    def step(self) -> int | None:
        """The Step metric as last drawn."""
        node = self.find("metric", self.step_label)
        return None if node is None else _number(node.proto.body)

    async def _rerun(self, *, page_name: str = "", triggers=(), fragment_id: str = "",
                     auto: bool = False, timeout: float | None = None) -> None:
        """Send rerun_script; with a timeout, wait until a run has finished (a TimeoutError
        when none does)."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = page_name
        state.page_script_hash = "" if page_name else self.page_hash
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        state.widget_states.widgets.extend([*self.held.values(), *triggers])
        sent = time.monotonic()
        await self._ws.send(msg.SerializeToString())
        if timeout is not None:
            await asyncio.wait_for(self._run_after(sent), timeout)

    async def _run_after(self, sent: float) -> None:
        """Return once a run that began after `sent` has finished (or the socket closed)."""
        while self._done_started < sent and not self._closed:
            await self._progress.wait()

    async def _auto_rerun(self, fragment_id: str, interval: float) -> None:
        """The browser's setInterval for a fragment with run_every."""
        while True:
            await asyncio.sleep(interval)
            self.events.auto_reruns_sent += 1
            await self._rerun(fragment_id=fragment_id, auto=True)

    async def _read(self) -> None:
        """Receive ForwardMsgs until the socket closes; a close the client did not ask for is
        an error."""
        try:
            async for data in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg)
        except ConnectionClosed as exc:
            if exc.rcvd is not None and exc.rcvd.code not in (1000, 1001):
                self.events.errors.append(f"websocket closed: {exc.rcvd.code} {exc.rcvd.reason}")
        finally:
            self._closed = True
            self._pulse()   # nobody waits forever on a dead session

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self._start_run(tuple(msg.metadata.run.fragment_ids))
        elif kind == "navigation":
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta":
            self._delta(msg)
        elif kind == "auto_rerun":
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                self._stop_timer(fid)
        elif kind == "script_finished":
            self._finish_run(msg.script_finished)
        elif kind == "page_not_found":
            self.events.errors.append(f"page not found: {msg.page_not_found.page_name}")
        elif kind == "ref_hash":
            self.events.errors.append("ref_hash for a message this client never cached")

    def _start_run(self, fragment_ids: tuple[str, ...]) -> None:
        """A run begins; a full run ends every auto-rerun timer (its fragments register again)."""
        self._run_fragments, self._touched, self._run_charted = fragment_ids, set(), False
        self._run_started = time.monotonic()
        if not fragment_ids:
            for fid in list(self._timers):
                self._stop_timer(fid)

    def _delta(self, msg: ForwardMsg) -> None:
        path = tuple(msg.metadata.delta_path)
        self._touched.add(path)
        if msg.delta.WhichOneof("type") == "add_block":
            block = msg.delta.add_block
            if block.WhichOneof("type") == "popover":
                self.popovers[block.popover.label] = block.popover.id or block.id
        if msg.delta.WhichOneof("type") != "new_element":
            return   # containers: their children carry the paths that matter
        node = Node(msg.delta.new_element, msg.delta.fragment_id)
        self.nodes[path] = node
        now = time.monotonic()
        if node.kind == "vega_lite_chart":
            self._run_charted = True
            if self.events.first_chart_at is None:
                self.events.first_chart_at = now
        elif node.kind == "metric" and node.label == self.step_label:
            value = _number(node.proto.body)
            if value is not None:
                self.events.steps.append((now, value))
        elif node.kind == "exception":
            self.events.errors.append(f"{node.proto.type}: {node.proto.message}")

    def _finish_run(self, status: int) -> None:
        """Count a redraw when the run drew a chart (an interrupted run's charts are on screen
        too), and drop what a completed run no longer draws, as the browser clears stale
        elements."""
        if status == COMPILE_ERROR:
            self.events.errors.append("script failed to compile")
        if self._run_charted:
            self.events.redraws.append(time.monotonic())
        elif not self._touched:   # its elements were dropped before they were sent
            self.events.empty_runs.append(time.monotonic())
        if status in (FULL_RUN_DONE, FRAGMENT_RUN_DONE):
            for path in [p for p, n in self.nodes.items() if p not in self._touched
                         and (status == FULL_RUN_DONE or n.fragment_id in self._run_fragments)]:
                del self.nodes[path]
        if status != INTERRUPTED:
            self._done_started = self._run_started
            self._pulse()

    def _pulse(self) -> None:
        """Wake whoever waits for a run, and arm a fresh event for the next one."""
        self._progress.set()
        self._progress = asyncio.Event()

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        """One timer per fragment; the same interval again keeps its countdown (as the
        browser does, so ancestor reruns cannot starve it)."""
        if self._intervals.get(fragment_id) == interval:
            return
        self._stop_timer(fragment_id)
        self._intervals[fragment_id] = interval
        self._timers[fragment_id] = asyncio.create_task(self._auto_rerun(fragment_id, interval))

    def _stop_timer(self, fragment_id: str) -> None:
        self._intervals.pop(fragment_id, None)
        task = self._timers.pop(fragment_id, None)
        if task is not None:
            task.cancel()


def replica_cookie(set_cookies: list[str]) -> str | None:
    """The `rnnpg_replica` key among a response's Set-Cookie headers (deploy/'s nginx), or None."""
    for header in set_cookies:
        name, _, value = header.split(";")[0].partition("=")
        if name.strip() == "rnnpg_replica" and value:
            return value.strip()
    return None


def _number(text: str) -> int | None:
    """'1,234' -> 1234; None for '–' and other non-numbers."""
    try:
        return int(text.replace(",", ""))
    except ValueError:
        return None
