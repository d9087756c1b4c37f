"""User text is shown literally everywhere: a link or a file name cannot put a live link, bold
text or a KaTeX formula inside the app's own message boxes (issue: Markdown injection)."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from playground.literal import code, literal
from tests.conftest import ROOT, train_app, unfold

PAYLOAD = "[Session expired, click here](http://evil.example) **bold** $\\Huge{BIG}$ www.evil.example"
LIVE = [re.compile(r"(?<!\\)\[Session"),      # a link's text
        re.compile(r"(?<!\\)\*\*bold"),       # bold
        re.compile(r"(?<!\\)\$\\Huge"),       # a KaTeX formula
        re.compile(r"http://evil"),           # an autolink
        re.compile(r"www\.evil")]


def live_markdown(at: AppTest) -> list[str]:
    """Every message, markdown and caption on the page in which the payload would take effect."""
    boxes = [*at.error, *at.warning, *at.info, *at.success, *at.markdown, *at.caption, *at.toast]
    return [b.value for b in boxes if any(p.search(str(b.value)) for p in LIVE)]


def shown(at: AppTest) -> str:
    return " ".join(str(b.value) for b in (*at.error, *at.warning, *at.info))


def test_literal_escapes_what_could_act_and_keeps_plain_text():
    assert literal("model.pt") == "model.pt"
    assert literal("Not in the vocabulary: 'x', '안'") == "Not in the vocabulary: 'x', '안'"
    assert literal("snake_case") == "snake_case"
    assert literal("- item") == "\\- item" and literal("1. item") == "1\\. item"
    assert literal("a\nb") == "a b"
    escaped = literal(PAYLOAD)
    assert not any(p.search(escaped) for p in LIVE), escaped


PAGES = {  # page file, link settings with the payload, a word the page's message must contain
    "gates probe": ("gates", {"train_task": "agreement", "gates_text": PAYLOAD}, "vocabulary"),
    "gradient flow typed inputs": ("gradients", {"toy_input_kind": "typed", "toy_typed": PAYLOAD},
                                   "number"),
    "attention probe": ("attention", {"attn_task": "reverse", "attn_hidden": "8",
                                      "attn_probe": PAYLOAD}, "characters"),
    "train: unknown link setting": ("train", {PAYLOAD: "1"}, "Unknown setting"),
    "train: bad link value": ("train", {"train_lr": PAYLOAD}, "train_lr"),
    "train: scored sentence": ("train", {"train_task": "hello", "train_sentence_a": PAYLOAD},
                               "vocabulary"),
    "embeddings: analogy word": ("embeddings", {"emb_word": PAYLOAD}, ""),
}


@pytest.mark.parametrize("case", list(PAGES))
def test_user_text_from_a_link_is_shown_literally(case):
    page, params, word = PAGES[case]
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=90)
    at.query_params.update(params)
    at.switch_page(f"playground/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert live_markdown(at) == []
    assert word in shown(at), shown(at)


def test_an_uploaded_file_name_is_shown_literally():
    at = train_app().run()
    at.file_uploader(key="train_upload").set_value((PAYLOAD + ".pt", b"not a checkpoint",
                                                    "application/octet-stream")).run()
    assert not at.exception and live_markdown(at) == []
    assert "Session" in shown(at)


def test_a_paste_over_the_limit_keeps_the_allowed_part_and_says_so():
    """A browser drops a paste over a box's max_chars whole; the box now takes it, and the page
    trains on the first 100,000 characters with a note (it used to say 'Paste some text')."""
    at = train_app(90).run()
    at.selectbox(key="train_task").set_value("charlm").run()
    at.selectbox(key="train_corpus").set_value("your text").run()
    at.text_area(key="train_text").input("the cat sat. " * 7_693).run()  # 100,009 characters
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("100,009 characters is over the limit of 100,000" in w.value for w in at.warning)
    assert len(at.session_state["train_run"].trainer.task.text) == 100_000


@pytest.mark.parametrize("text", ["plain", "a`b", "``x``", "`start", "end`", "**bold** $x$ [l](http://e.com)", ""])
def test_code_keeps_any_text_inside_one_code_span(text):
    span = code(text)
    fence = re.match(r"`+", span).group(0)
    assert span.endswith(fence) and fence not in span[len(fence):-len(fence)]  # nothing ends it early
    inner = span[len(fence):-len(fence)]
    if inner.startswith(" ") and inner.endswith(" ") and inner.strip():
        inner = inner[1:-1]  # CommonMark drops one space of padding on each side
    assert inner == (text or " ")


def test_pairs_the_user_wrote_show_as_code_on_the_attention_page():
    from engine.seq2seq.pairs import pairs_text
    from tests.test_pairs_page import open_attention, yours

    hostile = [(f"a`b [x](http://e.com) {i}", f"**t{i}** $x$ <b>") for i in range(25)]
    at = yours(unfold(open_attention("pairs", attn_hidden=8), "attn_what_open"))
    at.text_area(key="attn_pairs").input(pairs_text(hostile)).run()
    assert not at.exception and not at.error
    shown = " ".join(m.value for m in at.markdown)
    src, tgt = at.session_state["attn_run"].task.example()
    assert f"One training pair: {code(src)} → {code(tgt)}." in shown
    assert "``a`b [x](http://e.com)" in shown
