"""Real browser: every page opens in Korean from a `lang=ko` link, without an exception, with its
Korean title and navigation; switching back to English keeps the run's step."""
import re
import time

from playground.i18n.catalogue import ui
from tests.browser.harness import ROOT, chromium_page, running_app
from tests.test_browser import pytestmark  # noqa: F401  (skipped where chromium is missing)

KO = ui("ko")
PAGES = ["lessons", "train", "gates", "compare", "gradients", "attention", "embeddings"]


def test_every_page_opens_in_korean_and_switching_keeps_the_run():
    out = ROOT / "artifacts"
    out.mkdir(exist_ok=True)
    with running_app() as url, chromium_page(1400, 1100) as page:
        for name in PAGES:
            page.goto(f"{url}/{'' if name == 'lessons' else name}?lang=ko")  # the landing page
            title = KO.get(f"page.{name}.title")
            if title:
                page.get_by_role("heading", name=title).wait_for(timeout=90_000)
            else:
                page.get_by_role("link", name=KO[f"nav.{name}"]).first.wait_for(timeout=90_000)
            time.sleep(2)
            assert page.locator('[data-testid="stException"]').count() == 0, name
            assert page.get_by_text("Page not found").count() == 0, name
            for nav in ("train", "attention", "embeddings"):
                assert page.get_by_role("link", name=KO[f"nav.{nav}"]).count() >= 1, name
            page.screenshot(path=str(out / f"korean_{name}.png"))
        page.goto(f"{url}/train?lang=ko&train_task=copy")
        page.get_by_role("button", name=re.compile(KO["kit.step"] + "$")).click()
        page.get_by_role("button", name=re.compile(KO["kit.step"] + "$")).click()
        time.sleep(2)
        page.get_by_role("radio", name="English").or_(page.get_by_text("English", exact=True)).first.click()
        page.get_by_role("heading", name="Train a recurrent network").wait_for(timeout=60_000)
        time.sleep(2)
        steps = page.locator('[data-testid="stMetricValue"]').first.inner_text()
        assert steps == "2", steps
        page.screenshot(path=str(out / "korean_switched_back.png"))
