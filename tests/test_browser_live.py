"""Real browser: while a run plays, the live charts stay at full strength (Streamlit fades what a
running fragment has not redrawn yet); a widget inside the live area still fades when stale
(how far depends on how long the slice keeps it stale: 0.94 to 0.33 seen here)."""
import time

from tests.browser.harness import PLAY, chromium_page, running_app
from tests.test_browser import pytestmark  # noqa: F401  (skipped where chromium is missing)

OPACITY = """() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]')).map(
    el => { let o = 1; for (let n = el; n && n !== document.body; n = n.parentElement)
              o *= parseFloat(getComputedStyle(n).opacity);
            return o; })"""
BUTTON = """() => { const b = document.querySelector('.st-key-lesson_next_compare');
    if (!b) return null; let o = 1;
    for (let n = b; n && n !== document.body; n = n.parentElement)
        o *= parseFloat(getComputedStyle(n).opacity);
    return o; }"""


def watch(page, seconds: float) -> tuple[float, float, int]:
    """(lowest chart opacity, lowest opacity of the card's Next step button, samples)."""
    charts, button, n = 1.0, 1.0, 0
    deadline = time.time() + seconds
    while time.time() < deadline:
        values = page.evaluate(OPACITY)
        if values:
            charts, n = min(charts, *values), n + 1
        b = page.evaluate(BUTTON)
        if b is not None:
            button = min(button, b)
        time.sleep(0.05)
    return charts, button, n


def test_live_charts_never_fade_while_training():
    with running_app() as url, chromium_page(1500, 1400) as page:
        for path in ("/train?train_task=copy",
                     "/compare?cmp_task=copy&cmp_lag=30&lesson=6&lesson_step=1"):
            page.goto(url + path)
            page.get_by_role("button", name=PLAY).click()
            time.sleep(3)   # the first redraws
            charts, button, n = watch(page, 8)
            assert n > 20 and charts > 0.99, (path, charts, n)
            if "compare" in path:   # a widget in the live area still starts to fade when stale
                assert button < 0.999, button
