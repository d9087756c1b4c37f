"""Real browser: the Train page shows the network before Play; Play changes its values; hovering a
node reads the same numbers that `python -m engine unroll` prints for the page's checkpoint."""
import json
import re
import subprocess
import sys
import time

import pytest

from playground.train.network import GAP, LEFT, MARGIN, OUT_H, box_width, hidden_height
from tests.browser.harness import PAUSE, PLAY, ROOT, chromium_page, running_app
from tests.test_browser import pytestmark  # noqa: F401  (skipped where chromium is missing)

HELLO = "/train?train_task=hello&train_cell=rnn&train_hidden=3&train_embedding=0"
LABEL = re.compile(r"Network view: 4 steps, 1 row\(s\) of 3 units at step (\d+)")


def view_step(page) -> int:
    label = page.locator('div[aria-label^="Network view"]').first.get_attribute(
        "aria-label", timeout=30_000)
    return int(LABEL.match(label).group(1))


def hover_node(page, t: int) -> list[float]:
    """Point at a<t> (1-based) and read the three values its tooltip lists."""
    chart = page.locator('div[aria-label^="Network view"]').first
    box = chart.locator("canvas, svg").first.bounding_box()
    shape = {"cell": "rnn", "hidden_size": 3}
    x = LEFT + (t - 1) * (box_width(shape, False) + MARGIN) + MARGIN / 2 + box_width(shape, False) / 2
    y = OUT_H + GAP + hidden_height(3) / 2
    page.mouse.move(box["x"] + 2, box["y"] + 2)   # off the node first: a fresh hover
    time.sleep(0.3)
    page.mouse.move(box["x"] + x, box["y"] + y)
    tip = page.locator("#vg-tooltip-element")
    deadline = time.time() + 10
    while time.time() < deadline:
        text = tip.inner_text() if tip.count() else ""
        if f"a<{t}> layer 1" in text:
            values = re.search(r"\[([^\]]+)\]", text).group(1)
            return [float(v) for v in values.split(",")]
        time.sleep(0.2)
    raise AssertionError(f"no tooltip for a<{t}>: {text!r}")


def settled_step(page) -> int:
    """The view's step once it stops changing (after Pause the last redraw lands)."""
    last, same_since = -1, time.time()
    while time.time() - same_since < 2.0:
        step = view_step(page)
        if step != last:
            last, same_since = step, time.time()
        time.sleep(0.3)
    return last


def test_network_is_drawn_before_play_changes_live_and_hover_equals_the_cli(tmp_path):
    out_dir = ROOT / "artifacts"
    out_dir.mkdir(exist_ok=True)
    with running_app() as url, chromium_page() as page:
        page.goto(url + HELLO)
        page.get_by_role("button", name=PLAY).wait_for(timeout=60_000)
        assert view_step(page) == 0   # drawn before the first step
        before = hover_node(page, 2)
        page.get_by_role("button", name=PLAY).click()
        deadline = time.time() + 60
        while time.time() < deadline and view_step(page) < 30:
            time.sleep(0.5)
        page.get_by_role("button", name=PAUSE).click()
        page.get_by_role("button", name=PLAY).wait_for(timeout=30_000)
        step = settled_step(page)
        assert step >= 30, "the view did not redraw while playing"
        after = hover_node(page, 2)
        assert max(abs(a - b) for a, b in zip(after, before)) > 1e-3, (before, after)
        page.screenshot(path=str(out_dir / "network_view.png"))
        page.get_by_text("Save, share and load").click()
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name=re.compile("Model checkpoint")).click()
        checkpoint = tmp_path / "hello.pt"
        download.value.save_as(checkpoint)
        shown = page.locator('[data-testid="stException"]').all_inner_texts()
        assert not shown, shown
    cli = subprocess.run([sys.executable, "-m", "engine", "unroll", "--checkpoint", str(checkpoint),
                          "--text", "hell", "--target", "ello", "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=False)
    assert cli.returncode == 0, cli.stderr
    hidden = json.loads(cli.stdout)["layers"][0]["hidden"][1]   # a<2>, 3 units
    assert after == pytest.approx(hidden, abs=6e-4)              # the tooltip shows 3 decimals
