"""The protocol client the classroom benchmark uses (benchmarks/stclient.py), against the real app:
a learner that is only a websocket sees the page, presses Play and follows the live redraws."""
import asyncio
import time

import pytest

from benchmarks.stclient import StClient
from tests.browser.harness import running_app


@pytest.fixture(scope="module")
def app_url():
    with running_app() as url:
        yield url


async def _play_for(url: str, seconds: float) -> StClient:
    async with StClient(url) as learner:
        await learner.open("train", "train_task=copy")
        assert learner.events.first_chart_at is not None, "the page drew no chart"
        assert learner.step() == 0 and learner.find("button", "Play") is not None
        await learner.click("Play")
        assert learner.find("button", "Pause") is not None, "Play did not start the run"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and (learner.step() or 0) < 50:
            await asyncio.sleep(0.5)
        await asyncio.sleep(1)
    return learner


def test_play_advances_the_step_metric_through_auto_reruns(app_url):
    learner = asyncio.run(_play_for(app_url, 25))
    events = learner.events
    assert events.errors == []
    steps = [s for _, s in events.steps]
    assert steps[-1] >= 50 and steps == sorted(steps), steps
    assert events.auto_reruns_sent > 0   # the fragment's run_every timer drove the redraws
    assert len(events.redraws) >= 3 and events.steps_per_second() > 0


async def _open(url: str, query: str) -> StClient:
    async with StClient(url) as learner:
        await learner.open("train", query)
    return learner


def test_a_bad_link_value_shows_no_exception(app_url):
    learner = asyncio.run(_open(app_url, "train_task=nope&train_hidden=-3&train_lr=abc"))
    assert learner.events.errors == []
    assert learner.find("exception") is None
    assert learner.find("metric", "Step") is not None and learner.find("button", "Play") is not None


async def _room_with_followers(url: str, n: int, seconds: float):
    from benchmarks.classroom import start_room

    leader = StClient(url)
    room = await start_room(leader)
    followers = [StClient(url) for _ in range(n)]
    for f in followers:
        await f.connect()
    await asyncio.gather(*(f.open("train", f"room={room}") for f in followers))
    since = time.monotonic()
    await asyncio.sleep(seconds)
    runs = [(len([t for t in c.events.redraws if t >= since]),
             len([t for t in c.events.empty_runs if t >= since])) for c in followers]
    errors = [e for c in (leader, *followers) for e in c.events.errors]
    await asyncio.gather(*(c.close() for c in (leader, *followers)))
    return runs, errors


def test_every_follower_receives_the_redraws_the_server_drew(app_url):
    """Twelve followers of one room: the fragment runs that finish on the server reach them with
    their charts. Before kit.live.delivered, a busy server dropped a redraw still queued when the
    fragment's next run began, and the browser got only the run's end: with 10 followers every
    follower drew every frame and received one in ten."""
    runs, errors = asyncio.run(_room_with_followers(app_url, 12, 8))
    assert errors == []
    drawn = sum(d for d, _ in runs)
    empty = sum(e for _, e in runs)
    assert min(d for d, _ in runs) >= 3, runs
    assert empty <= 0.1 * (drawn + empty), runs


def test_the_private_parts_of_streamlit_that_delivered_uses_are_there():
    """kit.live.delivered reads an AppSession's event loop and browser queue (Streamlit 1.67,
    pinned): an upgrade that renames them fails here rather than silently redrawing less."""
    import inspect

    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

    source = inspect.getsource(AppSession.__init__)
    assert "self._event_loop = " in source and "self._browser_queue = " in source
    assert callable(ForwardMsgQueue.is_empty)
    assert "fragment_ids_this_run" in inspect.getsource(ForwardMsgQueue.clear)   # the drop
