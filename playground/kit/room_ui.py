"""Share live, follow and fork on a live page: the page side of playground/kit/rooms.py.

- The leader's **Share live** (a sidebar popover) hands the session's run to a room and shows
  the room link. The leader's Play, Pause, Step, Reset and settings still act on that run; the
  room trains it, and the leader's page draws the room's frames like everybody else's.
- A link with `?room=<id>` makes the session follow that room: the page shows the room's newest
  frame under the session's usual key (so every panel of the page reads it), the sidebar shows
  the room's settings read-only, and a bar names the leader, the step and who is following.
- **Fork** puts a deep copy of the room's run into the session, with its settings in the
  sidebar: an ordinary run from then on. **Leave** drops the room and starts the session's own.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import streamlit as st

from engine.fields import SettingError
from playground.i18n import say, t
from playground.kit.popover import popped
from playground.kit.rooms import ROOMS, Room, RoomError
from playground.literal import literal

PARAM = "room"              # the link parameter of a room
FOLLOW = "_room_follow"     # session state: (room id, run key) of the room this session follows
LINK_SEEN = "_room_link"    # session state: the room id of the link already read
PROBLEM = "_room_problem"   # session state: why a room link was not followed (shown once)
NOTICE = "_room_notice"     # session state: a one-off notice (forked, left)
FOLLOW_WAIT = (1.0, 1.5)    # seconds a follower's redraw waits for a new frame (playing, paused)
# A follower's browser asks for a redraw this often (a page of one's own: kit.REDRAW_EVERY,
# 0.05 s). Its redraw waits for the room's next frame anyway, so a request that comes while it
# waits only costs the server: 40 followers at 0.05 s sent 800 requests a second.
FOLLOW_EVERY = 0.25
# How long a follower's redraw waits for its elements to leave for the browser
# (kit.live.delivered). The next rerun drops what is still queued; with 40 followers the event
# loop took 0.5-0.8 s to send a frame to all of them, and at a page's own 0.5 s about a third of
# the redraws drawn were dropped unsent.
FOLLOW_DELIVER = 2.0


def session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def owner_alive(session: str) -> Callable[[], bool]:
    """Whether session `session` is still connected (a room ends some time after it is not)."""
    from streamlit import runtime

    def alive() -> bool:
        return not runtime.exists() or runtime.get_instance().is_active_session(session)
    return alive


def problem_text(error: RoomError) -> str:
    return t(f"rooms.error.{error.key}", **error.values)


def join_from_link() -> None:
    """Once per room link: follow the room it names, or keep why not for `show_messages`."""
    raw = st.query_params.get_all(PARAM)
    if not raw or st.session_state.get(LINK_SEEN) == raw[-1]:
        return
    st.session_state[LINK_SEEN] = raw[-1]
    try:
        room = ROOMS.get(raw[-1])
    except RoomError as exc:
        st.session_state[PROBLEM] = problem_text(exc)
        return
    if ROOMS.led_by(session_id(), room.key) is not room:   # a leader opening its own link leads
        st.session_state[FOLLOW] = (room.id, room.key)


def check_followed() -> None:
    """At the top of every page: if the room this session follows has ended, drop it and its
    last frame, with a notice (shown by `show_messages`), so the page starts the session's own
    run."""
    follow = st.session_state.get(FOLLOW)
    if follow:
        following(follow[1])


def following(key: str) -> Room | None:
    """The room this session follows for the run under `key` (None if it follows none, or
    follows another page's room). A room that has ended is dropped with a notice, and so is
    its last frame: the page then starts the session's own run."""
    follow = st.session_state.get(FOLLOW)
    if not follow:
        return None
    room_id, room_key = follow
    try:
        room = ROOMS.get(room_id)
    except RoomError:
        st.session_state.pop(FOLLOW, None)
        st.session_state.pop(room_key, None)
        st.session_state[NOTICE] = t("rooms.ended")
        return None
    return room if room_key == key else None


def leading(key: str) -> Room | None:
    return ROOMS.led_by(session_id(), key)


def watched(key: str) -> Room | None:
    """The room whose frames this session draws for `key`: the one it follows or leads."""
    return following(key) or leading(key)


def room_query() -> dict[str, str]:
    """The link parameter that keeps a follower's address bar a link to the room."""
    follow = st.session_state.get(FOLLOW)
    return {PARAM: follow[0]} if follow else {}


def show_messages() -> None:
    """A room link that could not be followed, or a one-off notice (forked, left, ended)."""
    problem = st.session_state.pop(PROBLEM, None)
    if problem:
        st.warning(problem, icon=":material/group_off:")
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.info(notice, icon=":material/groups:")


# ---- the leader ------------------------------------------------------------------------------
def sync(key: str) -> None:
    """After the leader's script settled its run: the room trains the session's current run
    (a reset or a new setting replaced it) and publishes what a click changed."""
    room = leading(key)
    if room is not None and key in st.session_state:
        room.replace(st.session_state[key])
        room.wake()


def settle_or_follow(room: Room | None, page: str, key: str, settle: Callable[[], None],
                     warm: Callable) -> None:
    """A live page's run for this script run: a follower's is the room's newest frame;
    otherwise `settle()` makes the session's own run match its sidebar, a room the session leads
    trains that run from now on, and the sidebar offers Share live."""
    if room is not None:
        show_frame(room, key)
        return
    settle()
    sync(key)
    with st.sidebar:
        share_live(page, key, warm)


def _start(key: str, prepare) -> None:
    name = (st.session_state.get("_room_leader") or "").strip() or t("rooms.default_leader")
    session = session_id()
    try:
        ROOMS.create(key, name[:40], st.session_state[key], prepare=prepare, owner=session,
                     owner_alive=owner_alive(session))
    except RoomError as exc:
        st.session_state["_room_start_error"] = problem_text(exc)


def _end(room_id: str) -> None:
    try:
        room = ROOMS.get(room_id)
    except RoomError:
        return
    if room.owner == session_id():
        ROOMS.close(room)


REPLICA_COOKIE = "rnnpg_replica"   # deploy/nginx.conf.template pins a browser to a replica by it
VIA = "via"                        # a room link's replica key: nginx sends its follower there
REPLICA_KEY = re.compile(r"[0-9a-f]{32}")


def link_for(base: str, room_id: str, replica: str | None) -> str:
    """A room's link: the page's address with the room id, and behind deploy/'s nginx the
    leader's replica key, so that a follower lands on the replica that holds the room."""
    via = f"&{VIA}={replica}" if replica and REPLICA_KEY.fullmatch(replica) else ""
    return f"{base.split('?')[0]}?{PARAM}={room_id}{via}"


def room_link(room: Room) -> str:
    cookies = getattr(st.context, "cookies", None) or {}
    return link_for(st.context.url or "", room.id, cookies.get(REPLICA_COOKIE))


SHARE_POPOVER = "_share_open"   # the Share live popover's open state


def share_live(page: str, key: str, prepare: Callable) -> None:
    """The sidebar's Share live popover: start a room from this session's run, or, while
    leading one, its link, who follows and End room."""
    if key not in st.session_state:
        return
    room = leading(key)
    box = popped(t("rooms.share"), SHARE_POPOVER, icon=":material/groups:", width="stretch",
                 help=t("rooms.share_help"))
    if box is None:   # closed: its content is drawn when it opens
        return
    with box:
        if room is None:
            st.text_input(t("rooms.your_name"), key="_room_leader", max_chars=40,
                          placeholder=t("rooms.default_leader"), help=t("rooms.your_name_help"))
            st.button(t("rooms.start"), key=f"{page}_room_start", type="primary",
                      icon=":material/podcasts:", on_click=_start, args=(key, prepare),
                      help=t("rooms.start_help"))
            error = st.session_state.pop("_room_start_error", None)
            if error:
                st.error(error)
            st.caption(t("rooms.start_caption"))
        else:
            st.code(room_link(room), language=None, wrap_lines=True)
            st.caption(t("rooms.leading", leader=literal(room.leader), n=room.present(),
                         step=room.step))
            st.button(t("rooms.end"), key=f"{page}_room_end", icon=":material/stop_circle:",
                      on_click=_end, args=(room.id,), help=t("rooms.end_help"))


def leader_banner(page: str, key: str) -> None:
    """In the page's body while this session leads a room: its link, who follows, End room."""
    room = leading(key)
    if room is None:
        return
    with st.container(border=True, key=f"{page}_room_banner"):
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(t("rooms.banner", leader=literal(room.leader)))
        left.code(room_link(room), language=None, wrap_lines=True)
        right.button(t("rooms.end"), key=f"{page}_room_end_banner", icon=":material/stop_circle:",
                     on_click=_end, args=(room.id,), help=t("rooms.end_help"), width="stretch")


# ---- a follower ------------------------------------------------------------------------------
def show_frame(room: Room, key: str):
    """Put the room's newest frame under `key` for the page to draw; returns it."""
    frame = room.frame
    if frame is not None:
        st.session_state[key] = frame
        room.seen(session_id())
    return frame


def next_frame(room: Room, key: str, after: int):
    """In a follower's or leader's redraw: wait for a frame newer than `after` (or a while),
    then put it under `key` (followers only: a leader keeps its own run there)."""
    frame = room.wait_frame(after, FOLLOW_WAIT[0] if room.playing else FOLLOW_WAIT[1])
    if frame is not None and st.session_state.get(FOLLOW, (None,))[0] == room.id:
        st.session_state[key] = frame
        room.seen(session_id())
    return frame


def _fork(room_id: str, key: str, adopt: Callable) -> None:
    try:
        room = ROOMS.get(room_id)
    except RoomError as exc:
        st.session_state[PROBLEM] = problem_text(exc)
        st.session_state.pop(FOLLOW, None)
        st.session_state.pop(key, None)
        return
    run = room.fork()
    try:
        adopt(run)   # the page shows the run's settings in its sidebar
    except SettingError as exc:
        st.session_state[PROBLEM] = say(exc)
        return
    st.session_state[key] = run
    st.session_state.pop(FOLLOW, None)
    st.session_state[NOTICE] = t("rooms.forked", leader=literal(room.leader), step=run.step_count)


def _leave(key: str) -> None:
    st.session_state.pop(FOLLOW, None)
    st.session_state.pop(key, None)
    st.session_state[NOTICE] = t("rooms.left")


def follow_bar(room: Room, key: str, adopt: Callable):
    """Instead of Play/Pause/Step/Reset: Fork, Leave and who leads the room at which step.
    Returns the wide last column, for the page's own extras."""
    c1, c2, c3 = st.columns([1, 1, 5])
    c1.button(t("rooms.fork"), key="room_fork", type="primary", icon=":material/call_split:",
              on_click=_fork, args=(room.id, key, adopt), width="stretch",
              help=t("rooms.fork_help"))
    c2.button(t("rooms.leave"), key="room_leave", icon=":material/logout:", on_click=_leave,
              args=(key,), width="stretch", help=t("rooms.leave_help"))
    c3.caption(t("rooms.following", leader=literal(room.leader)))
    return c3


def live_line(room: Room, frame) -> None:
    """Above a room's charts, redrawn with them: who leads, the frame's step, who follows."""
    st.caption(t("rooms.live", leader=literal(room.leader), step=frame.step_count,
                 n=room.present()), help=t("rooms.live_help"))


def follow_sidebar(room: Room) -> None:
    """The room's settings, read-only: a follower cannot change them (Fork to experiment)."""
    st.info(t("rooms.sidebar", leader=literal(room.leader)), icon=":material/groups:")
    frame = room.frame
    if frame is None:
        return
    rows = []
    for part in ("model", "train"):
        for f in dataclasses.fields(getattr(frame.choice, part)):
            value = getattr(getattr(frame.choice, part), f.name)
            rows.append(f"- `{f.name}` {literal(value) if isinstance(value, str) else value}")
    cells = getattr(frame, "cells", ())   # Compare: the models side by side
    if cells:
        rows.insert(0, f"- `cells` {', '.join(cells)}")
    task = getattr(frame.choice, "task", "")
    st.markdown(t("rooms.settings", task=literal(task)) + "\n" + "\n".join(rows))
