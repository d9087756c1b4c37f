"""Train page: a text file uploaded as the character model's corpus (checked, capped, kept across
pages, forgotten on request) and what a link says about it."""
import pytest

from engine.checkpoint import checkpoint_bytes
from engine.tasks.lm import MAX_TEXT_CHARS
from playground.kit.urlstate import LINK_POPOVER
from tests.conftest import train_app

KOREAN = "고양이가 생선을 먹었어요. 강아지가 뼈를 좋아해요.\n" * 30


@pytest.fixture
def app():
    at = train_app().run()
    at.selectbox(key="train_task").set_value("charlm").run()
    at.selectbox(key="train_corpus").set_value("your text").run()
    return at


def upload(at, raw: bytes, name="corpus.txt"):
    return at.file_uploader(key="train_text_file").set_value((name, raw, "text/plain")).run()


def captions(at) -> str:
    return " | ".join(c.value for c in at.caption)


def test_an_uploaded_korean_file_is_the_corpus_and_the_box_steps_aside(app):
    upload(app, KOREAN.encode())
    assert not app.exception and not app.error
    app.button(key="train_step").click().run()
    run = app.session_state["train_run"]
    assert run.trainer.task.text == KOREAN and "고" in run.trainer.task.vocab
    assert run.trainer.state.step == 1
    assert f"corpus.txt: all {len(KOREAN):,} characters" in captions(app)
    assert app.text_area(key="train_text").disabled


def test_a_large_file_is_cut_to_the_limit_with_its_steps_shown(app):
    text = "".join(f"line {i}: the cat sat on the mat, the dog did not.\n" for i in range(8_000))
    assert len(text) > MAX_TEXT_CHARS
    upload(app, text.encode(), "big.md")
    assert not app.exception and not app.error
    run = app.session_state["train_run"]
    assert run.trainer.task.text == text[:MAX_TEXT_CHARS]
    assert run._ngram  # the n-gram reference was counted while the steps were shown
    assert f"big.md: the first {MAX_TEXT_CHARS:,} of its {len(text):,} characters" in captions(app)
    labels = [s.label for s in app.status]
    assert any(label.startswith(f"Ready: {MAX_TEXT_CHARS:,} characters") for label in labels)


@pytest.mark.parametrize("raw, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    ("한국어 텍스트".encode("euc-kr") * 40, "not UTF-8 text"),
    (b"", "is empty"),
])
def test_a_bad_file_is_refused_and_the_file_before_it_stays(app, raw, message):
    upload(app, KOREAN.encode(), "good.txt")
    upload(app, raw, "bad.txt")
    assert not app.exception
    errors = [e.value for e in app.error]
    assert any(message in e and "Still using good.txt" in e for e in errors), errors
    assert app.session_state["train_run"].trainer.task.text == KOREAN


def test_forgetting_the_file_goes_back_to_the_pasted_text(app):
    pasted = "the cat sat on the mat. " * 30
    app.text_area(key="train_text").input(pasted).run()
    upload(app, KOREAN.encode())
    assert app.session_state["train_run"].trainer.task.text == KOREAN
    app.button(key="train_text_file_forget").click().run()
    assert not app.exception
    assert app.session_state["train_run"].trainer.task.text == pasted


def test_the_link_says_it_cannot_carry_the_file(app):
    app.session_state[LINK_POPOVER] = True   # Copy link, opened
    upload(app, KOREAN.encode(), "class notes.txt")
    warnings = " ".join(w.value for w in app.warning)
    assert "Not in the link: the uploaded file class notes.txt" in warnings


def test_the_run_keeps_its_file_on_the_gates_page(app):
    upload(app, KOREAN.encode())
    run = app.session_state["train_run"]
    app.switch_page("playground/pages/gates.py").run()
    assert not app.exception and not app.error
    assert app.session_state["train_run"] is run


def test_a_checkpoint_trained_on_a_long_text_loads_as_that_text(app):
    text = "".join(f"{i} bottles of beer on the wall. " for i in range(5_000))[:150_000]
    upload(app, text.encode())
    run = app.session_state["train_run"]
    run.step(2)
    saved = checkpoint_bytes(run.trainer)
    fresh = train_app().run()
    fresh.file_uploader(key="train_upload").set_value(("notes.pt", saved, "application/octet-stream")).run()
    assert not fresh.exception and not fresh.error
    loaded = fresh.session_state["train_run"]
    assert loaded.trainer.task.text == text and loaded.trainer.state.step == 2
    assert "the text saved in notes.pt: all 150,000 characters" in captions(fresh)


def test_the_embeddings_page_takes_a_file_and_refuses_a_binary_one():
    from tests.test_embeddings_page import open_page

    at = open_page(emb_corpus="text")
    sentences = "".join(f"the {a} sat on the {b} .\n" for a in ("cat", "dog", "king", "queen")
                        for b in ("mat", "rug", "sofa", "floor", "bed")) * 4
    at.file_uploader(key="emb_upload").set_value(("words.csv", sentences.encode(), "text/csv")).run()
    assert not at.exception
    assert at.session_state["emb_run"].choice.corpus.text == sentences
    assert "words.csv: all" in captions(at)
    at.file_uploader(key="emb_upload").set_value(("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF",
                                                   "text/plain")).run()
    assert any("photo.txt is not a text file" in e.value and "Still using words.csv" in e.value
               for e in at.error)
    assert at.session_state["emb_run"].choice.corpus.text == sentences


def test_a_browser_replacing_the_file_with_a_bad_one_keeps_the_good_one(app):
    """A browser sends the removal of the old file first, then the new one."""
    upload(app, KOREAN.encode(), "good.txt")
    app.file_uploader(key="train_text_file").set_value(None).run()
    upload(app, b"\x00binary", "bad.txt")
    assert any("Still using good.txt" in e.value for e in app.error)
    assert app.session_state["train_run"].trainer.task.text == KOREAN


def test_the_x_forgets_the_file(app):
    pasted = "the cat sat on the mat. " * 30
    app.text_area(key="train_text").input(pasted).run()
    upload(app, KOREAN.encode())
    app.file_uploader(key="train_text_file").set_value(None).run()
    assert app.session_state["train_run"].trainer.task.text == pasted
