"""Real browser: upload a text file on the Train page and train on it."""
import contextlib
import time

from playwright.sync_api import Error as PlaywrightError

from tests.browser.harness import PAUSE, PLAY, ROOT, chromium_page, running_app
from tests.test_browser import loss_points, pytestmark  # noqa: F401  (skipped without chromium)

CORPUS = "".join(f"{n} 마리의 고양이가 {n + 1} 마리의 개를 봤다. the cat saw {n} dogs.\n"
                 for n in range(600))


def test_train_page_trains_on_an_uploaded_text_file(tmp_path):
    out_dir = ROOT / "artifacts"
    out_dir.mkdir(exist_ok=True)
    path = tmp_path / "class notes.txt"
    path.write_text(CORPUS, encoding="utf-8")
    with running_app() as url, chromium_page(1500, 1400) as page:
        page.goto(url + "/train?train_task=charlm&train_corpus=your+text")
        box = page.locator(".st-key-train_text_file input[type=file]")
        box.wait_for(state="attached", timeout=60_000)
        box.set_input_files(str(path))
        note = f"class notes.txt: all {len(CORPUS):,} characters"
        page.get_by_text(note, exact=False).wait_for(timeout=60_000)
        page.get_by_role("button", name=PLAY).click()
        deadline, step = time.time() + 90, 0
        while time.time() < deadline and step < 30:
            # the chart may be (re)drawing: no label yet, or not a loss label yet
            with contextlib.suppress(PlaywrightError, AttributeError, TypeError):
                _, step = loss_points(page)
            time.sleep(0.5)
        assert step >= 30, "training on the uploaded file never reached step 30"
        assert page.locator('[data-testid="stException"]').count() == 0
        page.get_by_role("button", name=PAUSE).click()
        page.locator(".st-key-train_sample button").click()
        time.sleep(3)
        codes = " ".join(page.locator('[data-testid="stCode"]').all_inner_texts())
        assert any(ch in codes for ch in "고양이개마리"), codes  # sampled from the file's alphabet
        page.screenshot(path=str(out_dir / "train_upload.png"), full_page=True)
        bad = tmp_path / "photo.txt"
        bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        box.set_input_files(str(bad))  # the browser removes the old file, then sends this one
        page.get_by_text("Still using class notes.txt", exact=False).first.wait_for(timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0


def test_attention_page_trains_on_an_uploaded_pairs_file(tmp_path):
    from engine.seq2seq.pairs import number_pairs, pairs_text

    out_dir = ROOT / "artifacts"
    out_dir.mkdir(exist_ok=True)
    path = tmp_path / "numbers.tsv"
    path.write_text(pairs_text(number_pairs()[:300]), encoding="utf-8")
    with running_app() as url, chromium_page(1500, 1600) as page:
        page.goto(url + "/attention?attn_task=pairs&attn_pairs_source=yours&attn_hidden=16")
        box = page.locator(".st-key-attn_pairs_file input[type=file]")
        box.wait_for(state="attached", timeout=60_000)
        box.set_input_files(str(path))
        page.get_by_text("numbers.tsv: all", exact=False).wait_for(timeout=60_000)
        page.get_by_role("button", name=PLAY).click()
        step = 0
        deadline = time.time() + 90
        while time.time() < deadline and step < 150:
            texts = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
            step = int(texts[0].replace(",", "")) if texts and texts[0].replace(",", "").isdigit() else 0
            time.sleep(0.5)
        assert step >= 150, "training on the uploaded pairs never reached step 150"
        page.get_by_role("button", name=PAUSE).click()
        page.get_by_role("button", name=PLAY).wait_for(timeout=30_000)
        page.locator(".st-key-attn_evaluate button").first.click()
        page.get_by_text("At training step", exact=False).wait_for(timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        heatmap = page.locator('div[aria-label^="Attention heatmap"]')
        assert heatmap.count() >= 1
        page.screenshot(path=str(out_dir / "attention_pairs_upload.png"), full_page=True)
