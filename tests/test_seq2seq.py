"""Seq2seq engine: tasks, attention weights, greedy vs beam search, scores, training, checkpoints."""
import datetime
import math

import numpy as np
import pytest
import sacrebleu
import torch

from engine.config import TrainConfig
from engine.fields import SettingError
from engine.seq2seq.decode import beam_search, greedy, greedy_batch, sequence_logprobs
from engine.seq2seq.evaluate import evaluate, scores
from engine.seq2seq.model import Seq2SeqConfig, build_seq2seq
from engine.seq2seq.tasks import (
    DATE_FORMATS,
    EOS,
    MONTHS,
    WEEKDAYS,
    is_held_out,
    make_seq2seq_task,
)
from engine.seq2seq.trainer import Seq2SeqTrainer, teacher_forced_loss
from engine.tasks import IGNORE

SMALL = Seq2SeqConfig(hidden=16, embedding=8, attention_size=16)


@pytest.fixture(scope="module")
def reversal():
    """A Bahdanau model trained on reversal of 3-6 letters (fixed seed, about 5 s on one core)."""
    task = make_seq2seq_task("reverse", length=6, min_length=3, symbols=26)
    trainer = Seq2SeqTrainer(task, SMALL, TrainConfig(lr=0.01, batch=32, seed=0))
    trainer.step(250)
    return trainer


def test_the_course_date_formats_map_to_iso():
    day = datetime.date(1979, 5, 3)
    texts = {f(day, MONTHS[4], WEEKDAYS[day.weekday()]) for f in DATE_FORMATS}
    assert {"3 May 1979", "Thursday, May 3, 1979", "05/03/79", "3rd of May 1979"} <= texts
    task = make_seq2seq_task("dates")
    for source, target in task.pairs(np.random.default_rng(1), 200):
        parsed = datetime.date.fromisoformat(target)
        assert str(parsed.day) in source and str(parsed.year % 100).zfill(2) in source


def test_heldout_examples_are_never_drawn_for_training():
    for name in ("dates", "reverse", "sort"):
        task = make_seq2seq_task(name, length=12 if name == "dates" else 6)
        held = task.heldout(100)
        assert held == task.heldout(100)  # the same set every time
        assert all(is_held_out(task.key(s, t)) for s, t in held)
        train = task.pairs(np.random.default_rng(0), 500)
        assert not any(is_held_out(task.key(s, t)) for s, t in train)
        assert all(len(s) <= task.config.length for s, _ in train)


def test_heldout_pairs_are_drawn_once_per_task_settings(monkeypatch):
    """Every trainer and every new visitor asks for the same held-out pairs: drawn once per
    task class, settings, size and seed; each caller gets its own list."""
    from engine.seq2seq import tasks

    monkeypatch.setattr(tasks, "_HELDOUT", {})
    draws = []
    real = tasks.Seq2SeqTask._draw
    monkeypatch.setattr(tasks.Seq2SeqTask, "_draw",
                        lambda self, rng, held_out: draws.append(1) or real(self, rng, held_out))
    first = make_seq2seq_task("reverse", length=6).heldout(50)
    assert len(draws) == 50
    again = make_seq2seq_task("reverse", length=6).heldout(50)   # another task, same settings
    assert again == first and again is not first and len(draws) == 50
    again.clear()
    assert make_seq2seq_task("reverse", length=6).heldout(50) == first
    other = make_seq2seq_task("reverse", length=7).heldout(50)   # other settings: drawn
    assert other != first and len(draws) == 100
    make_seq2seq_task("reverse", length=6).heldout(50, seed=1)
    make_seq2seq_task("sort", length=6).heldout(50)
    assert len(draws) == 200


def test_sort_and_lengths_and_bad_settings():
    task = make_seq2seq_task("sort", length=5, min_length=2)
    pairs = task.pairs(np.random.default_rng(0), 300)
    assert all(t == "".join(sorted(s)) and 2 <= len(s) <= 5 for s, t in pairs)
    assert {len(s) for s, _ in pairs} == {2, 3, 4, 5}
    with pytest.raises(SettingError, match="min_length=7 is longer than length=5"):
        make_seq2seq_task("reverse", length=5, min_length=7)


def test_batches_are_padded_and_end_with_eos():
    task = make_seq2seq_task("reverse", length=4, symbols=5)
    b = task.encode_pairs([("abc", "cba"), ("e", "e")])
    V = task.tgt_vocab
    assert b.src.tolist() == [task.src_vocab.encode("abc").tolist(),
                              task.src_vocab.encode("e").tolist() + [0, 0]]
    assert b.src_len.tolist() == [3, 1]
    assert V.decode(b.tgt_in[0]) == ["<s>", "c", "b", "a"]
    assert V.decode(b.tgt_out[0]) == ["c", "b", "a", EOS]
    assert b.tgt_out[1].tolist() == [V.id("e"), V.id(EOS), IGNORE, IGNORE]


def test_probe_input_errors_name_the_problem():
    task = make_seq2seq_task("reverse", symbols=5)
    with pytest.raises(SettingError, match="Type an input"):
        task.encode_source("")
    with pytest.raises(SettingError, match="'z', '안', '😀', '<'"):
        task.encode_source("abz안😀<")
    with pytest.raises(SettingError, match="at most 60"):
        task.encode_source("a" * 61)
    assert task.encode_source("abc").shape == (1, 3)


@pytest.mark.parametrize("kind", ["bahdanau", "luong"])
def test_attention_weights_are_a_distribution_over_the_real_source(kind):
    task = make_seq2seq_task("dates")
    model = build_seq2seq(len(task.src_vocab), len(task.tgt_vocab),
                          Seq2SeqConfig(attention=kind, hidden=8), seed=3)
    batch = task.batch(np.random.default_rng(0), 16)
    with torch.no_grad():
        _, _, _, att = teacher_forced_loss(model, batch)
    assert att.shape == (16, batch.tgt_in.shape[1], batch.src.shape[1])
    assert (att >= 0).all()
    assert torch.allclose(att.sum(-1), torch.ones(att.shape[:2]), atol=1e-6)
    pad = torch.arange(att.shape[2])[None, :] >= torch.from_numpy(batch.src_len)[:, None]
    assert att.masked_select(pad[:, None, :].expand_as(att)).abs().max() == 0
    assert len(set(batch.src_len.tolist())) > 3  # the padding case is really exercised


def test_mirrored_position_gets_most_attention_after_training(reversal):
    """Output t of a reversal should read source position T - t + 1 (course: alpha<t,t'>)."""
    task, model = reversal.task, reversal.model
    batch = task.encode_pairs(task.heldout(100))
    with torch.no_grad():
        model.eval()
        _, _, _, att = teacher_forced_loss(model, batch)
    mirrored = [att[b, t, n - 1 - t].item() for b, n in enumerate(batch.src_len.tolist())
                for t in range(n)]
    print(f"mean alpha on the mirrored position: {np.mean(mirrored):.3f}")
    assert np.mean(mirrored) >= 0.7, np.mean(mirrored)


def test_padded_batch_decodes_like_each_sequence_alone(reversal):
    task, model = reversal.task, reversal.model
    pairs = task.heldout(12)
    batch = task.encode_pairs(pairs)
    together = greedy_batch(model, torch.from_numpy(batch.src), torch.from_numpy(batch.src_len),
                            task.tgt_vocab, 20)
    for (source, _), hyp in zip(pairs, together):
        alone = greedy(model, task.encode_source(source), task.tgt_vocab)
        assert alone["tokens"] == hyp["tokens"]
        assert alone["logprob"] == pytest.approx(hyp["logprob"], abs=1e-4)
        np.testing.assert_allclose(alone["attention"], hyp["attention"], atol=1e-5)


def test_beam_width_one_is_greedy_decoding(reversal):
    task, model = reversal.task, reversal.model
    for source in ("abcdef", "zzy", "qwerty", "hello"):
        src = task.encode_source(source)
        g = greedy(model, src, task.tgt_vocab, alpha=0.7)
        (b,) = beam_search(model, src, task.tgt_vocab, width=1, alpha=0.7)
        assert b["tokens"] == g["tokens"] and b["tokens"][-1] == EOS
        assert b["logprob"] == pytest.approx(g["logprob"], abs=1e-5)
        assert b["score"] == pytest.approx(g["score"], abs=1e-5)
        np.testing.assert_allclose(b["attention"], g["attention"], atol=1e-6)


@pytest.mark.parametrize("alpha", [0.0, 0.7, 1.0])
def test_beams_are_sorted_by_a_score_that_matches_the_model(reversal, alpha):
    task, model = reversal.task, reversal.model
    src = task.encode_source("mnopq")
    beams = beam_search(model, src, task.tgt_vocab, width=5, alpha=alpha)
    assert len(beams) == 5
    assert [b["score"] for b in beams] == sorted((b["score"] for b in beams), reverse=True)
    for b in beams:
        token_logprobs = sequence_logprobs(model, src, b["tokens"], task.tgt_vocab)
        assert b["logprob"] == pytest.approx(token_logprobs.sum(), abs=1e-4)
        assert b["score"] == pytest.approx(token_logprobs.sum() / len(b["tokens"]) ** alpha,
                                           abs=1e-4)
        assert b["attention"].shape == (len(b["tokens"]), 5)
    assert beams[0]["text"] == "qponm"


def test_scores_and_bleu_come_from_sacrebleu():
    s = scores(["1979-05-03", "abc", "ab"], ["1979-05-03", "abd", "abc"])
    assert s["exact_match"] == pytest.approx(1 / 3)
    assert s["token_accuracy"] == pytest.approx((10 + 2 + 2) / (10 + 3 + 3))
    expected = sacrebleu.corpus_bleu(["1 9 7 9 - 0 5 - 0 3", "a b c", "a b"],
                                      [["1 9 7 9 - 0 5 - 0 3", "a b d", "a b c"]],
                                      tokenize="none", use_effective_order=True).score
    assert s["bleu"] == pytest.approx(expected) and 0 < s["bleu"] < 100


def test_trained_model_scores_well_and_evaluate_groups_by_length(reversal):
    task = reversal.task
    result = evaluate(reversal.model, task, task.heldout(200))
    assert [r["length"] for r in result["by_length"]] == [3, 4, 5, 6]
    assert sum(r["n"] for r in result["by_length"]) == 200
    assert result["exact_match"] > 0.8 and result["bleu"] > 80
    assert result["token_accuracy"] >= result["exact_match"]


def test_no_attention_model_learns_without_weights():
    task = make_seq2seq_task("reverse", length=4, min_length=2, symbols=6)
    trainer = Seq2SeqTrainer(task, Seq2SeqConfig(attention="none", hidden=16, embedding=8),
                             TrainConfig(lr=0.01, seed=1))
    first = trainer.step(1)[0]
    last = trainer.step(149)[-1]
    assert last["loss"] < 0.5 * first["loss"]
    hyp = greedy(trainer.model, task.encode_source("abcd"), task.tgt_vocab)
    assert hyp["attention"] is None


def test_same_seed_same_history_and_nan_weights_mark_the_run_diverged():
    task = make_seq2seq_task("sort", length=4)
    runs = [Seq2SeqTrainer(task, SMALL, TrainConfig(seed=5, batch=8)) for _ in range(2)]
    a, b = (r.step(5) for r in runs)
    assert [r["loss"] for r in a] == [r["loss"] for r in b]
    assert a[0]["val_exact_match"] is not None and "val_exact_match" not in a[1]
    with torch.no_grad():
        runs[0].model.out.weight[0, 0] = float("nan")
    records = runs[0].step(3)
    assert len(records) == 1 and runs[0].state.status == "diverged"
    assert runs[0].state.diverged_at == 6 and math.isnan(records[0]["loss"])
    with pytest.raises(SettingError, match="Truncated BPTT"):
        Seq2SeqTrainer(task, SMALL, TrainConfig(tbptt=5))


def test_lstm_luong_beams_match_greedy_and_the_recomputed_scores():
    task = make_seq2seq_task("sort", length=6)
    trainer = Seq2SeqTrainer(task, Seq2SeqConfig(cell="lstm", attention="luong", hidden=8,
                                                 embedding=4), TrainConfig(seed=2, batch=16))
    trainer.step(20)
    model, src = trainer.model, task.encode_source("52817")
    g = greedy(model, src, task.tgt_vocab, alpha=0.5)
    (b1,) = beam_search(model, src, task.tgt_vocab, width=1, alpha=0.5)
    assert b1["tokens"] == g["tokens"] and b1["score"] == pytest.approx(g["score"], abs=1e-5)
    beams = beam_search(model, src, task.tgt_vocab, width=4, alpha=0.5)
    assert len(beams) == 4 and len({tuple(b["tokens"]) for b in beams}) == 4
    for b in beams:
        lp = sequence_logprobs(model, src, b["tokens"], task.tgt_vocab).sum()
        assert b["score"] == pytest.approx(lp / len(b["tokens"]) ** 0.5, abs=1e-4)
    assert [b["score"] for b in beams] == sorted((b["score"] for b in beams), reverse=True)

