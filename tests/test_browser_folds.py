"""Real browser: a closed fold sends nothing (its widgets are not in the page), opening it draws
them, and a setting changed in it stays and applies after the fold is closed again."""
import time

from tests.browser.harness import (
    ROOT,
    chromium_page,
    open_train_page,
    running_app,
    wait_idle,
)
from tests.test_browser import pytestmark  # noqa: F401  (skipped where chromium is missing)

SETTINGS = "Task, model and training"   # the Train page's sidebar, closed for a new visitor
FOLD = "More: gradient clipping"          # inside it


def address(page) -> str:
    return page.evaluate("window.location.href")


def sidebar_labels(page) -> str:
    return page.locator("[data-testid=stSidebar]").inner_text()


def test_a_fold_sends_its_settings_only_while_open_and_keeps_them_when_closed():
    out = ROOT / "artifacts"
    out.mkdir(exist_ok=True)
    with running_app() as url, chromium_page(height=1400) as page:
        open_train_page(page, url)
        sidebar = page.locator("[data-testid=stSidebar]")
        assert SETTINGS in sidebar_labels(page)
        assert "Hidden units" not in sidebar_labels(page) and FOLD not in sidebar_labels(page)
        sidebar.get_by_text(SETTINGS).click()
        sidebar.get_by_text("Hidden units", exact=True).wait_for(timeout=30_000)
        sidebar.get_by_text(FOLD).wait_for(timeout=30_000)
        wait_idle(page)   # the run that opened the outer fold has drawn all of it
        assert "Batch size" not in sidebar_labels(page)
        closed = sidebar.locator(".stElementContainer").count()
        sidebar.get_by_text(FOLD).click()
        sidebar.get_by_text("Batch size", exact=True).wait_for(timeout=30_000)
        assert sidebar.locator(".stElementContainer").count() >= closed + 5
        wait_idle(page)
        sidebar.get_by_text("Clip gradient norm").click()   # the toggle, on
        deadline = time.time() + 30
        while "train_clip_on=true" not in address(page) and time.time() < deadline:
            time.sleep(0.3)
        assert "train_clip_on=true" in address(page), address(page)
        page.screenshot(path=str(out / "fold-open.png"))
        wait_idle(page)
        sidebar.get_by_text(FOLD).click()                    # closed again
        deadline = time.time() + 30
        while "Batch size" in sidebar_labels(page) and time.time() < deadline:
            time.sleep(0.3)
        assert "Batch size" not in sidebar_labels(page)
        time.sleep(1)
        assert "train_clip_on=true" in address(page)         # kept, and still in the link
        page.get_by_role("button", name="Step", exact=True).click()
        page.get_by_text("Dashed red: the clipping threshold.").first.wait_for(timeout=30_000)
        page.screenshot(path=str(out / "fold-closed.png"))
