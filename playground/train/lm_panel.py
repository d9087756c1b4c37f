"""Language-model panel: sample from the current model, and score sentences char by char."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from engine.fields import SettingError
from engine.lm import sample, score_text
from playground.i18n import say, t
from playground.kit import charts
from playground.kit.charts import draw as draw_chart
from playground.kit.urlstate import follow_link, relink, set_default, widget
from playground.literal import literal
from playground.train.run import KEY, LiveRun

DEFAULT_SENTENCES = {
    "hello": ("hello", "holle"),
    "english": ("the apple and pear salad", "the apple and pair salad"),
    "korean": ("고양이가 생선을 먹었어요", "고양이가 생선를 먹었어요"),
    "python": ("        return f(x[i], (y, z))", "        return f(x[i), (y, z]]"),
    "pydoc": ("The default value is None.", "The default value are None."),
}


def _defaults(run: LiveRun) -> tuple[str, str]:
    task = run.trainer.task
    if task.name == "hello":
        return DEFAULT_SENTENCES["hello"]
    if task.config.text.strip():
        head = task.text[:30]
        return head, head[::-1]
    return DEFAULT_SENTENCES[task.config.corpus]


def _score(run: LiveRun, text: str, column) -> None:
    try:
        with run.lock:
            scored = score_text(run.trainer.model, run.trainer.task.vocab, text)
    except SettingError as exc:
        column.warning(literal(say(exc)))
        return
    if scored.get("diverged"):
        column.metric(t("lm.perplexity"), t("kit.diverged"), help=t("lm.diverged_help"))
        return
    column.metric(t("lm.perplexity"), f"{scored['perplexity']:.3f}", help=t("lm.perplexity_help"))
    rows = [{"position": i, "char": c if c.strip() else "␣", "prob": p, "context": text[:i][-20:]}
            for i, (c, p) in enumerate(zip(scored["chars"], scored["probs"]))
            if p is not None and math.isfinite(p)]
    draw_chart(column, charts.char_probability_chart(pd.DataFrame(rows)), width="stretch")


def _reset_sentences(run: LiveRun, corpus_key: str) -> None:
    """The example sentences follow the training text: when it changes, so do they (a link's
    sentences are kept: they were written for the text the same link chose)."""
    state = st.session_state
    written_for = state.get("_train_sentences_for")
    if written_for != corpus_key:
        for key, value in zip(("train_sentence_a", "train_sentence_b"), _defaults(run)):
            if written_for is not None or key not in state:  # each sentence on its own
                set_default(key, value)
    state["_train_sentences_for"] = corpus_key


def sampling_header(prefix: str):
    """The top of a sampling panel (inside its fragment): follow the link, the title with the
    step and the caption (`<prefix>.title`, `<prefix>.caption`), the temperature.
    -> (the live run, temperature, the middle column, the button column)."""
    follow_link()
    live: LiveRun = st.session_state[KEY]
    st.subheader(t(f"{prefix}.title", step=live.trainer.state.step))
    st.caption(t(f"{prefix}.caption"))
    c1, c2, c3 = st.columns([2, 2, 1])
    return live, widget("train_temperature", c1), c2, c3


def lm_panel(run: LiveRun) -> None:
    config = run.trainer.task.config
    key = f"{run.choice.task}_{getattr(config, 'corpus', '')}_{hash(getattr(config, 'text', ''))}"

    @st.fragment
    def panel():
        live, temperature, c2, c3 = sampling_header("lm")
        hello = live.trainer.task.name == "hello"
        length = 4 if hello else widget("train_sample_len", c2)
        if hello:
            c2.caption(t("lm.hello_caption"))
        if c3.button(t("lm.sample"), key="train_sample", width="stretch"):
            st.session_state["train_sample_seed"] = st.session_state.get("train_sample_seed", 0) + 1
        try:
            with live.lock:
                text = sample(live.trainer.model, live.trainer.task.vocab, length=length,
                              temperature=temperature, prime="h" if hello else "",
                              seed=st.session_state.get("train_sample_seed", 0))
        except SettingError as exc:  # a diverged model (NaN/inf weights) cannot sample
            st.warning(literal(say(exc)))
        else:
            st.code(text, language=None, wrap_lines=True)
        _reset_sentences(live, key)
        left, right = st.columns(2)
        text_a = widget("train_sentence_a", left, on_change=relink)  # the link follows an edit
        text_b = widget("train_sentence_b", right, on_change=relink)
        _score(live, text_a, left)
        _score(live, text_b, right)

    panel()
