"""Remake the README's pictures of the network view in headless Chromium:

    python docs/screenshots.py

docs/network_hello.png: the course's "hello" (vanilla RNN, 3 hidden units, one-hot inputs) after
a few hundred steps, one node hovered to show its equation with the numbers.
docs/network_copy_backward.png: the backward view on `copy` (lag 8) with a vanilla RNN at
initialisation: ||dL/da<t>|| fading from the scored step back to x<1>.
docs/lesson_6.png: lesson 6, step 1 on the Compare page, its check ticked while the run plays.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import PAUSE, PLAY, chromium_page, running_app
from tests.test_browser_network import HELLO, hover_node, settled_step, view_step

COPY = "/train?train_task=copy&train_lag=8&train_cell=rnn&train_hidden=32&train_net_backward=true"


def shoot_view(page, path: Path) -> None:
    """The title, the chart and its caption: the part of the page the view takes."""
    title = page.get_by_text("The network, unrolled through time").first.bounding_box()
    caption = page.get_by_text("Probe input: a fixed example").first.bounding_box()
    top = title["y"] - 8
    page.screenshot(path=str(path), clip={"x": title["x"] - 8, "y": top, "width": 1060,
                                          "height": caption["y"] + caption["height"] + 8 - top})
    print("wrote", path.relative_to(ROOT))


def main() -> None:
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with running_app() as url, chromium_page(1500, 1400) as page:
        page.goto(url + HELLO)
        page.get_by_role("button", name=PLAY).wait_for(timeout=60_000)
        page.get_by_role("button", name=PLAY).click()
        while view_step(page) < 300:
            time.sleep(0.3)
        page.get_by_role("button", name=PAUSE).click()
        settled_step(page)
        hover_node(page, 3)
        shoot_view(page, ROOT / "docs" / "network_hello.png")
        page.goto(url + COPY)
        page.get_by_role("button", name=PLAY).wait_for(timeout=60_000)
        time.sleep(2.0)
        shoot_view(page, ROOT / "docs" / "network_copy_backward.png")
        page.goto(url + "/compare?cmp_task=copy&cmp_lag=30&cmp_cells=rnn&cmp_cells=lstm"
                        "&lesson=6&lesson_step=1")
        page.get_by_role("button", name=PLAY).click()
        page.get_by_text(re.compile(r"LSTM (0\.9\d|1\.00), RNN")).wait_for(timeout=240_000)
        time.sleep(1.0)
        page.get_by_role("button", name=PAUSE).click()
        time.sleep(2.0)
        card = page.get_by_text("Lesson 6 · step 1 of 3").first.bounding_box()
        top = card["y"] - 16
        charts = page.get_by_text("Gradient reaching step 1, over training").first.bounding_box()
        page.screenshot(path=str(ROOT / "docs" / "lesson_6.png"),
                        clip={"x": card["x"] - 16, "y": top, "width": 1080,
                              "height": charts["y"] - top})
        print("wrote docs/lesson_6.png")


if __name__ == "__main__":
    main()
