"""Links: every field of every page survives URL -> page -> URL -> fresh page; hostile links and
text inputs produce notices, never exceptions."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from playground.fields import FIELDS, PAGES, format_value, page_fields, parse_value
from tests.conftest import ROOT

PAGE_FILES = {"train": "playground/pages/train.py", "compare": "playground/pages/compare.py",
              "gates": "playground/pages/gates.py", "gradients": "playground/pages/gradients.py"}
PAGE_FILES.update({p: f"playground/pages/{p}.py" for p in ("embeddings", "attention")
                   if p in PAGES and (ROOT / f"playground/pages/{p}.py").exists()})
SAMPLE_TEXT = "héllo <b>bold</b> 한국어 🙂"
WORDS = {"emb_word": "queen", "emb_analogy_a": "queen", "emb_analogy_b": "woman",
         "emb_analogy_c": "man"}  # word fields: in the synthetic and shipped English vocabularies


def other_value(f):
    """A valid value of field f that is not its default."""
    if f.options is not None:
        if f.kind == "multiselect":
            return (f.options[0],)
        return next(o for o in f.options if o != f.default)
    if f.kind == "select":  # options known when drawn: the corpus's words
        return WORDS[f.key]
    if f.kind == "toggle":
        return not f.default
    if f.kind in ("text", "textarea"):
        return SAMPLE_TEXT
    if f.key.endswith("_net_start"):  # the page clamps it to its probe, 9 words for tagging
        return 5
    lo, hi = f.lo, f.hi
    if isinstance(f.default, int):
        return int(lo) if lo != f.default else int(hi)
    return float(lo) if lo != f.default else float(hi)


def requirements(f) -> dict:
    """The values other fields need for f to be part of a link (its `when`, recursively)."""
    out = {}
    while f.when:
        key, allowed = f.when
        out[key] = allowed[0]
        f = FIELDS[key]
    return out


# Pages that show another page's run test their own fields over a model that has what they show
# (the other page's fields are tested on it).
CONTEXT = {"gates": {"train_task": "agreement", "train_layers": 2, "train_bidirectional": True,
                     "train_hidden": 128}}


def groups(page: str) -> list[dict]:
    """Sets of non-default values that can stand in one link, covering every field of the page."""
    context = CONTEXT.get(page, {})
    fields = [f for f in page_fields(page) if f.key.startswith(PAGES[page][0])]
    by_needs: dict[tuple, dict] = {}
    for f in fields:
        needs = requirements(f)
        by_needs.setdefault(tuple(sorted(needs.items(), key=str)), dict(needs))[f.key] = other_value(f)
    plain = by_needs.pop((), {})
    out = [{**plain, **g} for g in by_needs.values()] or [plain]
    for g in out:  # the group's requirements win over the plain non-default values
        for needs_key, value in list(g.items()):
            g.update(requirements(FIELDS[needs_key]))
    out = [{**context, **g} for g in out]
    covered = {k for g in out for k, v in g.items() if v != FIELDS[k].default and k not in context}
    assert covered == {f.key for f in fields}, {f.key for f in fields} - covered
    return out


def as_query(values: dict) -> dict:
    return {k: format_value(FIELDS[k], v) for k, v in values.items() if v != FIELDS[k].default}


def open_page(page: str, query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=90)
    if page != "train":
        at.run()  # the default page first (the Gates page reads its run)
        at.switch_page(PAGE_FILES[page])
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


@pytest.mark.parametrize("key", sorted(FIELDS))
def test_every_field_formats_and_parses_back(key):
    f = FIELDS[key]
    for value in {repr(f.default): f.default, repr(other_value(f)): other_value(f)}.values():
        parsed, notice = parse_value(f, format_value(f, value))
        assert notice is None and parsed == (list(value) if f.kind == "multiselect" else value)


@pytest.mark.parametrize("page,group", [(p, g) for p in PAGE_FILES for g in groups(p)],
                         ids=lambda x: x if isinstance(x, str) else "-".join(sorted(x))[:60])
def test_link_round_trip(page, group):
    query = as_query(group)
    at = open_page(page, query)
    assert not at.exception, at.exception
    for key, value in group.items():
        if key in at.session_state:
            got = at.session_state[key]
            assert (tuple(got) if isinstance(got, list) else got) == value, key
    published = {k: at.query_params.get_all(k) if hasattr(at.query_params, "get_all") else v
                 for k, v in dict(at.query_params).items()}
    assert {k: [v] if isinstance(v, str) else list(v) for k, v in query.items()} == \
           {k: [v] if isinstance(v, str) else list(v) for k, v in published.items()}
    again = open_page(page, dict(at.query_params))  # the link the page wrote opens the same page
    assert not again.exception
    for key, value in group.items():
        got = again.session_state[key]
        assert (tuple(got) if isinstance(got, list) else got) == value, key


HOSTILE = ["-1", "-1e308", "1e308", "nan", "inf", "x" * 10_000, "<script>alert(1)</script>", "🙂", ""]


@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_hostile_links_give_notices_not_exceptions(page):
    query = {f.key: HOSTILE[i % len(HOSTILE)] for i, f in enumerate(page_fields(page))}
    query["no_such_setting"] = "1"
    query["y" * 10_000] = "2"
    at = open_page(page, query)
    assert not at.exception, at.exception
    text = " ".join(w.value for w in at.warning)
    assert "adjusted or ignored" in text and "no_such_setting" in text
    assert "y" * 100 not in text  # a hostile name is shortened in the notice
    assert not any(k.startswith("yyy") for k in dict(at.query_params))


def test_out_of_range_values_are_clamped_with_a_notice():
    at = open_page("train", {"train_hidden": "100000", "train_lag": "-5", "train_lr": "0.02"})
    run = at.session_state["train_run"]
    assert run.choice.model.hidden == 128 and run.choice.task_config.lag == 1
    assert run.choice.train.lr == 0.03  # nearest offered rate
    text = " ".join(w.value for w in at.warning)
    assert "above its maximum" in text and "below its minimum" in text and "nearest" in text


def test_a_link_reproduces_the_training_curve():
    query = {"train_task": "agreement", "train_seed": "7", "train_hidden": "16", "train_cell": "gru"}
    losses = []
    for _ in range(2):
        at = open_page("train", query)
        for _ in range(3):
            at.button(key="train_step").click().run()
        losses.append([r["loss"] for r in at.session_state["train_run"].trainer.history.view(10)])
    assert len(losses[0]) == 3 and losses[0] == losses[1]


def reopened(page: str, query: dict) -> tuple[AppTest, AppTest]:
    """The page opened from `query`, and a fresh session opened from the link it then wrote."""
    at = open_page(page, query)
    return at, open_page(page, dict(at.query_params))


def test_an_embeddings_link_reproduces_the_run():
    query = {"emb_seed": "3", "emb_sg_dim": "16", "emb_sentences": "300", "emb_word": "queen"}
    losses = []
    for at in reopened("embeddings", query):
        assert not at.exception and not at.error
        run = at.session_state["emb_run"]
        assert (run.choice.corpus.seed, run.choice.config.seed, run.choice.config.dim) == (3, 3, 16)
        assert run.corpus.name == "synthetic english, 300 sentences, seed 3"
        assert at.selectbox(key="emb_word").value == "queen"
        at.button(key="emb_step").click().run()
        losses.append(at.session_state["emb_run"].trainer.history.last["loss"])
    assert losses[0] == losses[1]


def test_an_attention_link_reproduces_the_run():
    query = {"attn_task": "reverse", "attn_seed": "2", "attn_hidden": "16", "attn_probe": "zyxw"}
    losses = []
    for at in reopened("attention", query):
        assert not at.exception and not at.error
        run = at.session_state["attn_run"]
        assert (run.choice.task, run.choice.train.seed, run.choice.model.hidden) == ("reverse", 2, 16)
        assert at.text_input(key="attn_probe").value == "zyxw"
        at.button(key="attn_step").click().run()
        losses.append(at.session_state["attn_run"].main.history.last["loss"])
    assert losses[0] == losses[1]


def test_settings_survive_a_visit_to_another_page():
    at = open_page("train", {"train_hidden": "64"})
    at.button(key="train_step").click().run()
    at.switch_page(PAGE_FILES["gates"]).run()
    at.switch_page(PAGE_FILES["train"]).run()
    run = at.session_state["train_run"]
    assert run.choice.model.hidden == 64 and run.trainer.state.step == 1


def test_nothing_user_typed_is_rendered_as_html():
    offenders = [p for p in (ROOT / "playground").rglob("*.py") if "unsafe_allow_html" in p.read_text()]
    assert offenders == []


HOSTILE_TEXT = ["", "a" * 1_000_000, "🙂🙃" * 50, "고양이가 생선을 먹었어요", "<script>alert('x')</script><b>b</b>"]
TEXT_FIELDS = [(page, f) for page in PAGE_FILES for f in page_fields(page)
               if f.kind in ("text", "textarea") and f.key.startswith(PAGES[page][0])]


@pytest.mark.parametrize("page,f", TEXT_FIELDS, ids=lambda x: getattr(x, "key", x))
def test_hostile_text_in_every_text_field(page, f):
    needs = {**CONTEXT.get(page, {}), **requirements(f)}
    if page == "train" and needs.get("train_task") not in ("charlm", None):
        needs["train_task"] = "charlm"  # sentences are scored by a character model
    at = open_page(page, as_query(needs))
    for text in HOSTILE_TEXT:
        at.session_state[f.key] = text
        at.run()
        assert not at.exception, (f.key, text[:20], at.exception)
        html = [m for m in at.markdown if "<script>" in m.value and m.proto.allow_html]
        assert html == []
    at.session_state[f.key] = "a" * 1_000_000
    at.run()  # a paste past the limit stays in the box; the page uses its first max_chars, and says so
    assert not at.exception
    assert any(f"over the limit of {f.max_chars:,}" in w.value for w in at.warning)
