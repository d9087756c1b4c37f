"""Real browser: start the app, press Play in headless Chromium, watch the loss chart fill."""
import re
import shutil
import time

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.harness import (
    PAUSE,
    PLAY,
    ROOT,
    chromium_page,
    open_train_page,
    running_app,
)

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None and not
                                __import__("os").path.exists("/usr/bin/chromium"),
                                reason="Debian's chromium is not installed (.ci/run installs it)")
LOSS_LABEL = re.compile(r"Loss chart: (\d+) points up to step (\d+)")


def loss_points(page) -> tuple[int, int]:
    label = page.locator('div[aria-label^="Loss chart:"]').first.get_attribute("aria-label",
                                                                             timeout=30_000)
    points, step = LOSS_LABEL.match(label).groups()
    return int(points), int(step)


def test_play_trains_live_then_pause_stops(tmp_path):
    out_dir = ROOT / "artifacts"
    out_dir.mkdir(exist_ok=True)
    with running_app() as url, chromium_page() as page:
        open_train_page(page, url)
        page.get_by_role("button", name=PLAY).click()
        deadline, points = time.time() + 90, 0
        while time.time() < deadline:
            try:
                points, _ = loss_points(page)
            except (PlaywrightError, AttributeError, TypeError):  # the chart is (re)drawing
                points = 0
            if points >= 20:
                break
            time.sleep(0.5)
        assert points >= 20, "the loss chart never reached 20 points while playing"
        page.get_by_role("button", name=PAUSE).click()
        page.get_by_role("button", name=PLAY).wait_for(timeout=30_000)
        time.sleep(1.0)
        _, step_paused = loss_points(page)
        time.sleep(2.0)
        _, step_later = loss_points(page)
        assert step_later == step_paused, "training went on after Pause"
        assert page.get_by_text("paused").count() >= 1
        shown = page.locator('[data-testid="stException"]').all_inner_texts()
        assert page.locator("text=Traceback").count() == 0 and not shown, shown
        page.screenshot(path=str(out_dir / "train_page.png"), full_page=True)


def test_a_link_with_one_sentence_keeps_the_other_default_and_edits_reach_the_link():
    """A link naming only Sentence A opens with Sentence B at its default; editing a sentence
    (which reruns only the sentence panel) updates the address bar at once."""
    with running_app() as url, chromium_page() as page:
        page.goto(url + "/train?train_task=hello&train_sentence_a=hallo")
        page.get_by_text("Train a recurrent network").wait_for(timeout=60_000)
        box_a = page.get_by_role("textbox", name="Sentence A")
        box_b = page.get_by_role("textbox", name="Sentence B")
        box_b.wait_for(timeout=60_000)
        assert box_a.input_value() == "hallo" and box_b.input_value() == "holle"
        box_a.fill("hell")
        box_a.press("Enter")
        def address() -> str:  # page.url lags behind history.replaceState
            return page.evaluate("window.location.href") + "&"
        deadline = time.time() + 30
        while time.time() < deadline and "train_sentence_a=hell&" not in address():
            time.sleep(0.3)
        assert "train_sentence_a=hell&" in address() and "hallo" not in address(), address()
