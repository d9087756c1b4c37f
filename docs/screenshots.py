"""Remake the README's pictures of the network view in headless Chromium:

    python docs/screenshots.py

docs/network_hello.png: the course's "hello" (vanilla RNN, 3 hidden units, one-hot inputs) after
a few hundred steps, one node hovered to show its equation with the numbers.
docs/network_copy_backward.png: the backward view on `copy` (lag 8) with a vanilla RNN at
initialisation: ||dL/da<t>|| fading from the scored step back to x<1>.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import PAUSE, PLAY, chromium_page, running_app  # noqa: E402
from tests.test_browser_network import HELLO, hover_node, settled_step, view_step  # noqa: E402

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


if __name__ == "__main__":
    main()
