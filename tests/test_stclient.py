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
