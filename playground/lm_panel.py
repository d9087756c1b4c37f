"""Language-model panel: sample from the current model, and score sentences char by char."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.fields import SettingError
from engine.lm import sample, score_text
from playground import charts
from playground.session import LiveRun

DEFAULT_SENTENCES = {
    "hello": ("hello", "holle"),
    "english": ("the apple and pear salad", "the apple and pair salad"),
    "korean": ("고양이가 생선을 먹었어요", "고양이가 생선를 먹었어요"),
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
        column.warning(str(exc))
        return
    column.metric("Perplexity", f"{scored['perplexity']:.3f}",
                  help="exp(mean −log P(char | text before it)) over the scored characters: "
                       "lower means the model finds the text more likely.")
    rows = [{"position": i, "char": c if c.strip() else "␣", "prob": p, "context": text[:i][-20:]}
            for i, (c, p) in enumerate(zip(scored["chars"], scored["probs"])) if p is not None]
    column.altair_chart(charts.char_probability_chart(pd.DataFrame(rows)), width="stretch")


def lm_panel(run: LiveRun) -> None:
    key = f"{run.choice.task}_{getattr(run.trainer.task.config, 'corpus', '')}"

    @st.fragment
    def panel():
        live: LiveRun = st.session_state["train_run"]
        st.subheader(f"What the model says now (step {live.trainer.state.step:,})")
        st.caption("Redrawn when you change these controls or press Sample; "
                   "Pause first to compare sentences at a fixed step.")
        c1, c2, c3 = st.columns([2, 2, 1])
        temperature = c1.slider("Temperature", 0.1, 2.0, 1.0, 0.1, key="train_temperature",
                                help="Divides the logits before the softmax: low = always the "
                                     "likeliest character, high = closer to uniform.")
        hello = live.trainer.task.name == "hello"
        length = 4 if hello else c2.slider("Sample length", 20, 500, 200, 10, key="train_sample_len")
        if hello:
            c2.caption("Starts from “h” and samples 4 characters, as in the course.")
        if c3.button("Sample", key="train_sample", width="stretch"):
            st.session_state["train_sample_seed"] = st.session_state.get("train_sample_seed", 0) + 1
        with live.lock:
            text = sample(live.trainer.model, live.trainer.task.vocab, length=length,
                          temperature=temperature, prime="h" if hello else "",
                          seed=st.session_state.get("train_sample_seed", 0))
        st.code(text, language=None, wrap_lines=True)
        a, b = _defaults(live)
        left, right = st.columns(2)
        text_a = left.text_input("Sentence A", a, key=f"train_sentence_a_{key}", max_chars=500)
        text_b = right.text_input("Sentence B", b, key=f"train_sentence_b_{key}", max_chars=500)
        _score(live, text_a, left)
        _score(live, text_b, right)

    panel()
