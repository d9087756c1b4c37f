"""Seq2SeqTrainer: teacher-forced training of an encoder-decoder, n steps at a time.

Like engine.trainer.Trainer: `step(n)` returns plain records, the history is bounded, a
non-finite loss or gradient stops the run with status "diverged", and optimiser settings can
change mid-run (`retune`). It reuses TrainConfig (truncated BPTT does not apply here).
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from engine.config import TrainConfig
from engine.fields import SettingError
from engine.history import History
from engine.seq2seq.decode import greedy_batch
from engine.seq2seq.model import Seq2SeqConfig, build_seq2seq
from engine.seq2seq.tasks import Seq2SeqTask
from engine.tasks import IGNORE
from engine.trainer import GradientTrainer, RunState, make_optimizer

EVAL_EVERY = 50     # steps between greedy decodes of the held-out batch
EVAL_SIZE = 128     # held-out examples decoded at each of those evaluations


def tensors(batch):
    return (torch.from_numpy(batch.src), torch.from_numpy(batch.src_len),
            torch.from_numpy(batch.tgt_in), torch.from_numpy(batch.tgt_out))


def teacher_forced_loss(model, batch):
    """-> mean cross-entropy over target tokens (</s> included), token accuracy and exact match
    of the argmax under teacher forcing, and the attention weights (B, Ty, Tx) or None."""
    src, src_len, tgt_in, tgt_out = tensors(batch)
    logprobs, attention = model(src, src_len, tgt_in)  # (B, Ty, V)
    # L = -(1/N) sum_{b,t} log P(y<t> | x, y<1..t-1>)   (teacher forcing: true y<t-1> is fed)
    loss = F.nll_loss(logprobs.reshape(-1, logprobs.shape[-1]), tgt_out.reshape(-1),
                      ignore_index=IGNORE)
    with torch.no_grad():
        scored = tgt_out != IGNORE
        hits = (logprobs.argmax(-1) == tgt_out) & scored
        accuracy = hits.sum() / scored.sum()
        exact = (hits | ~scored).all(dim=1).float().mean()
    return loss, accuracy, exact, attention


class Seq2SeqTrainer(GradientTrainer):
    def __init__(self, task: Seq2SeqTask, model_config: Seq2SeqConfig, train_config: TrainConfig,
                 history_capacity: int = 2000):
        if train_config.tbptt:
            raise SettingError.of("tbptt_seq2seq")
        self.task, self.model_config, self.config = task, model_config, train_config
        self.model = build_seq2seq(len(task.src_vocab), len(task.tgt_vocab), model_config,
                                   train_config.seed)
        self.optimizer = make_optimizer(self.model.parameters(), train_config)
        self.rng = np.random.default_rng(train_config.seed)
        self.state = RunState()
        self.history = History(history_capacity)
        self.heldout_curve: list[dict] = []  # {"step", "val_exact_match"}: every evaluation
        self._heldout = task.heldout(EVAL_SIZE)

    def _one_step(self) -> dict:
        model, cfg = self.model, self.config
        model.train()
        loss, accuracy, exact, _ = teacher_forced_loss(model, self.task.batch(self.rng, cfg.batch))
        grad_norm, loss_value = self._backward(loss).item(), loss.item()
        self.state.step += 1
        record = {"step": self.state.step, "loss": loss_value, "accuracy": accuracy.item(),
                  "exact_match": exact.item(), "grad_norm": grad_norm,
                  "clipped": bool(0 < cfg.clip < grad_norm)}
        if not (math.isfinite(loss_value) and math.isfinite(grad_norm)):
            self._diverge()
        else:
            self.optimizer.step()
            if self.state.step % EVAL_EVERY == 0 or self.state.step == 1:
                record["val_exact_match"] = self.heldout_exact_match()
                self.heldout_curve.append({"step": self.state.step,
                                           "val_exact_match": record["val_exact_match"]})
                if len(self.heldout_curve) > 400:  # bounded: keep every other evaluation
                    self.heldout_curve = self.heldout_curve[::2]
        self.history.append(record)
        return record

    @property
    def heldout_size(self) -> int:
        """How many held-out examples each evaluation decodes (EVAL_SIZE, or all a pair list
        holds out when that is fewer)."""
        return len(self._heldout)

    def heldout_exact_match(self) -> float:
        """Share of the held-out batch that greedy decoding gets exactly right."""
        batch = self.task.encode_pairs(self._heldout)
        src, src_len = torch.from_numpy(batch.src), torch.from_numpy(batch.src_len)
        hyps = greedy_batch(self.model, src, src_len, self.task.tgt_vocab,
                            int(batch.tgt_out.shape[1]) + 2)
        return float(np.mean([h["text"] == t for h, (_, t) in zip(hyps, self._heldout)]))
