"""A page's run as a lesson check sees it: `RunState` from the run object and the settings on
screen. Extras (the network view, the gradient probe, gate traces, the toy) are computed only
when the active step's checks use them, and reuse what the page computed at this step."""
from __future__ import annotations

from playground.lessons.model import RunState

POINTS = 50   # the newest history records kept in a snapshot


def _recent(history) -> list[dict]:
    rows = history.records[-POINTS:]
    if history.last is not None and (not rows or rows[-1] is not history.last):
        rows = rows + [history.last]
    return rows


def _series(page: str, run) -> dict:
    """label -> the newest history records. The Train page's one model (also shown by Gates) is
    labelled by its cell, as Compare labels each of its cells; other pages use their labels."""
    if page in ("train", "gates"):
        return {run.choice.model.cell: _recent(run.trainer.history)}
    return {label: _recent(t.history) for label, t in run.trainers.items()}


def _gates(run) -> dict:
    """The first layer's gates (forward) on the task's first probe sequence."""
    from engine.gates import gate_traces
    ids, _ = run.network_input()
    with run.lock:
        layer = gate_traces(run.trainer.model, ids)["layers"][0]
    return layer.get("gates", {})


SENTENCES = ("the apple and pear salad", "the apple and pair salad")   # the course's pair


def _sentences(run, settings) -> tuple[float, float]:
    """Perplexity of the Train page's Sentence A and B (the course's pair when left empty)."""
    from engine.lm import score_text
    texts = [settings.get(k) or d for k, d in zip(("train_sentence_a", "train_sentence_b"),
                                                  SENTENCES)]
    with run.lock:
        return tuple(score_text(run.trainer.model, run.trainer.task.vocab, t)["perplexity"]
                     for t in texts)


SAMPLE_EVERY = 100   # training steps between two samples of the lesson check (one costs ~50 ms)


def _sample(run, settings) -> dict:
    """300 characters sampled at the page's temperature (seed 0), and how many of its words
    occur in the training text; drawn again only every SAMPLE_EVERY steps (kept on the run)."""
    from engine.lm import sample
    task = run.trainer.task
    temperature = settings.get("train_temperature", 1.0)
    key = (run.trainer.state.step // SAMPLE_EVERY, temperature)
    cached = getattr(run, "_lesson_sample", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    if getattr(run, "_lesson_words", None) is None:
        run._lesson_words = set("".join(task.vocab.decode(task.train_ids)).split())
    with run.lock:
        text = sample(run.trainer.model, task.vocab, length=300, temperature=temperature)
    words = text.split()[1:-1]   # the first and last may be cut
    found = {"temperature": temperature, "words": len(words),
             "real": sum(w in run._lesson_words for w in words)}
    run._lesson_sample = (key, found)
    return found


def _embed(run, settings) -> dict:
    """Class separation and the page's analogy (a − b + c) on the current vectors."""
    from engine.embed.tools import analogy, class_separation
    vectors, corpus = run.vectors(), run.corpus
    words = [settings.get(f"emb_analogy_{k}") for k in "abc"]
    found = []
    if all(w in corpus.index for w in words):
        found = analogy(vectors, corpus.words, *words, k=3)
    return {"separation": class_separation(vectors, corpus.classes)["difference"],
            "analogy": found}


def _decode(run, settings) -> dict | None:
    """The Attention page's input decoded by the chosen model, greedily and with its beam."""
    from engine.fields import SettingError
    from engine.seq2seq.decode import DecodeConfig
    text, alpha = settings.get("attn_probe") or "", settings.get("attn_alpha", 0.7)
    label = next(iter(run.trainers))
    try:
        beam = run.decode(text, DecodeConfig(max(2, settings.get("attn_beam", 3)), alpha))
        greedy = run.decode(text, DecodeConfig(1, alpha))
    except SettingError:
        return None
    return {"beam": beam[label], "greedy": greedy[label]}


EXTRAS = {   # name -> (run, settings) -> what the checks read
    # the same unroll the page's network view draws at this step (with the flows when its
    # backward view is on), so the card adds nothing to the redraw
    "network": lambda run, settings: run.network(
        flows=bool(settings.get("train_net_backward") or settings.get("gates_net_backward"))),
    "decay": lambda run, _: run.gradient_probe()[0]["grad_norm_by_k"],
    "gates": lambda run, _: _gates(run),
    "ngram": lambda run, settings: run.ngram_reference(settings.get("train_ngram_k", 0.1)),
    "sentences": _sentences,
    "sample": _sample,
    "embed": _embed,
    "decode": _decode,
    "evaluation": lambda run, _: run.evaluations.get(run.step_count, {}),
}


def of_run(page: str, run, settings: dict, uses=()) -> RunState:
    """The snapshot of a live page's run (Train, Gates, Compare)."""
    extra = {name: EXTRAS[name](run, settings) for name in uses if name in EXTRAS}
    return RunState(page, dict(settings), _series(page, run), extra)


def of_toy(settings: dict, toy_config, uses=(), cliff=None) -> RunState:
    """The Gradient flow page: no training, its numbers follow from the settings (`toy_config`,
    and `cliff` = (CliffConfig, DescentConfig) of its cliff tab)."""
    extra = {}
    if "toy" in uses and toy_config is not None:
        from engine.toy import run_toy
        extra["toy"] = run_toy(toy_config)
    if "cliff" in uses and cliff is not None and None not in cliff:
        from engine.cliff import compare
        extra["cliff"] = compare(*cliff)
    return RunState("gradients", dict(settings), {}, extra)
