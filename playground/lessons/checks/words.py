"""Checks on language: a language model against n-grams, sentence scores and samples; word
vectors; decoding with beams, BLEU and attention weights."""
from __future__ import annotations

from playground.lessons.checks.base import guarded
from playground.lessons.model import (
    BLOCKED,
    PASS,
    WAIT,
    Check,
    RunState,
    Verdict,
    detail,
)


def beats_ngram(text: str, label: str, **want) -> Check:
    """The language model's held-out perplexity (newest val_perplexity) is below the n-gram
    reference the page draws (extra['ngram'] at the page's n)."""
    def judge(s: RunState) -> Verdict:
        n = s.settings.get("train_ngram", 3)
        if n is None:
            return Verdict(BLOCKED, detail("pick_ngram"))
        ref = (s.extra.get("ngram") or {}).get(n)
        vals = [r["val_perplexity"] for r in s.series.get(label) or []
                if isinstance(r.get("val_perplexity"), float)]
        if ref is None or not vals:
            return Verdict(WAIT, detail("press_play_perplexity"))
        return Verdict(PASS if vals[-1] < ref else WAIT,
                       detail("model_vs_ngram", model=vals[-1], n=n, ref=ref))
    return guarded(text, want, judge, ("ngram",))


def prefers_sentence(text: str, label: str, **want) -> Check:
    """A model that has learned something (held-out perplexity below the unigram's) gives
    Sentence A a lower perplexity than Sentence B (extra['sentences'])."""
    def judge(s: RunState) -> Verdict:
        vals = [r["val_perplexity"] for r in s.series.get(label) or []
                if isinstance(r.get("val_perplexity"), float)]
        unigram = (s.extra.get("ngram") or {}).get(1)
        if not vals or unigram is None or vals[-1] >= unigram:
            return Verdict(WAIT, detail("beat_unigram"))
        a, b = s.extra["sentences"]
        return Verdict(PASS if a < b else WAIT, f"A {a:.2f}, B {b:.2f}")
    return guarded(text, want, judge, ("ngram", "sentences"))


def sample_words(text: str, real_above: float | None = None, real_below: float | None = None,
                 **want) -> Check:
    """A 300-character sample at the page's temperature (extra['sample']): the share of its
    words that occur in the training text is above / below a bound."""
    def judge(s: RunState) -> Verdict:
        smp = s.extra.get("sample") or {}
        if s.step < 200 or not smp.get("words"):
            return Verdict(WAIT, detail("train_longer"))
        share = smp["real"] / smp["words"]
        ok = (real_above is None or share > real_above) and (real_below is None or
                                                             share < real_below)
        return Verdict(PASS if ok else WAIT, detail("real_words", real=smp["real"],
                                                    words=smp["words"],
                                                    temperature=smp["temperature"]))
    return guarded(text, want, judge, ("sample",))


def embedding_quality(text: str, separation: float | None = None, analogy: str | None = None,
                      **want) -> Check:
    """The Embeddings page's vectors (extra['embed']): class separation (mean cosine within a
    class minus between classes) above a bound, or the analogy a − b + c ranking `analogy`
    first."""
    def judge(s: RunState) -> Verdict:
        emb = s.extra.get("embed")
        if not emb or s.step == 0:
            return Verdict(WAIT, detail("press_play_vectors"))
        if separation is not None:
            sep = emb["separation"]
            return Verdict(PASS if sep > separation else WAIT, detail("separation", separation=sep))
        top = emb["analogy"][0][0] if emb["analogy"] else None
        return Verdict(PASS if top == analogy else WAIT,
                       detail("ranks", words=", ".join(w for w, _ in emb["analogy"][:3])))
    return guarded(text, want, judge, ("embed",))


def beam_beats_greedy(text: str, **want) -> Check:
    """On the page's own input (extra['decode']), beam search's best normalised score is above
    greedy decoding's: the search found an output greedy missed."""
    def judge(s: RunState) -> Verdict:
        dec = s.extra.get("decode")
        if not dec:
            return Verdict(WAIT, detail("type_input"))
        if s.step < 30:   # an untrained decoder writes noise, and any search finds other noise
            return Verdict(WAIT, detail("step_30"))
        beam, greedy = dec["beam"]["beams"][0], dec["greedy"]["beams"][0]
        # a different output with a higher score: the same text scores the same up to float
        # rounding (batched beam vs one-at-a-time greedy), which is not a find
        ok = beam["text"] != greedy["text"] and beam["score"] > greedy["score"] + 1e-6
        return Verdict(PASS if ok else WAIT, detail("beam_greedy", beam=repr(beam["text"]),
                                                    beam_score=beam["score"],
                                                    greedy=repr(greedy["text"]),
                                                    greedy_score=greedy["score"]))
    return guarded(text, want, judge, ("decode",))


def bleu_above(text: str, label: str, above: float, **want) -> Check:
    """The Attention page's Evaluate (extra['evaluation'], only once pressed at this step):
    corpus BLEU of model `label` on 400 held-out examples above `above`."""
    def judge(s: RunState) -> Verdict:
        ev = (s.extra.get("evaluation") or {}).get(label)
        if not ev:
            return Verdict(WAIT, detail("press_evaluate"))
        return Verdict(PASS if ev["bleu"] > above else WAIT,
                       detail("bleu", bleu=ev["bleu"], exact=ev["exact_match"]))
    return guarded(text, want, judge, ("evaluation",))


def attends_anti_diagonal(text: str, above: float, **want) -> Check:
    """Reverse: on the page's own input (extra['decode']), output step t puts on average more
    than `above` of its attention on source position T − t + 1."""
    def judge(s: RunState) -> Verdict:
        dec = s.extra.get("decode")
        weights = dec and dec["beam"].get("attention")
        if not weights:
            return Verdict(WAIT, detail("type_input"))
        T = len(dec["beam"]["source_tokens"])
        rows = weights[:T]   # the output characters (then </s>)
        mean = sum(row[T - 1 - t] for t, row in enumerate(rows)) / len(rows)
        return Verdict(PASS if mean > above else WAIT, detail("anti_diagonal", mean=mean))
    return guarded(text, want, judge, ("decode",))
