"""Trainer: advances a run n optimisation steps at a time and reports plain records.

It knows nothing of the UI: `step(n)` returns dicts of floats, a non-finite loss or gradient
stops the run with status "diverged", and optimiser settings can change mid-run (`retune`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from engine import heldout
from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.history import History
from engine.model import build_model
from engine.tasks import IGNORE, Task

EVAL_EVERY = 50  # steps between held-out evaluations (language models; one costs 1-2.5% of 50 steps)


def make_optimizer(params, config: TrainConfig) -> torch.optim.Optimizer:
    if config.optimizer == "sgd":
        return torch.optim.SGD(params, lr=config.lr)
    if config.optimizer == "momentum":
        return torch.optim.SGD(params, lr=config.lr, momentum=0.9)
    if config.optimizer == "adam":
        return torch.optim.Adam(params, lr=config.lr)
    return torch.optim.RMSprop(params, lr=config.lr)


def masked_loss_and_accuracy(logits: torch.Tensor, y: torch.Tensor):
    """Mean cross-entropy over scored steps (y != IGNORE) and the argmax accuracy there."""
    flat_logits, flat_y = logits.reshape(-1, logits.shape[-1]), y.reshape(-1)
    loss = F.cross_entropy(flat_logits, flat_y, ignore_index=IGNORE)
    with torch.no_grad():  # no boolean indexing: it would copy the logits every step
        scored = flat_y != IGNORE
        hits = (flat_logits.argmax(-1) == flat_y) & scored
        accuracy = hits.sum() / scored.sum()
    return loss, accuracy


def subset_accuracies(task: Task, logits: torch.Tensor, x: np.ndarray, y: np.ndarray) -> dict:
    """`accuracy_<name>` for each subset of positions a task marks with `subsets(x, y)` (e.g. the
    tagging task's "ambiguous" words, which the overall accuracy would hide among easy ones):
    argmax accuracy over the scored positions of that mask, NaN when the batch has none.
    Empty for tasks without `subsets`."""
    if not hasattr(task, "subsets"):
        return {}
    hits = logits.detach().argmax(-1).numpy() == y
    out = {}
    for name, mask in task.subsets(x, y).items():
        mask = mask & (y != IGNORE)
        out[f"accuracy_{name}"] = float(hits[mask].mean()) if mask.any() else math.nan
    return out


def forward_truncated(model, x: torch.Tensor, window: int) -> torch.Tensor:
    """Logits (B, T, V) with the recurrent state detached every `window` steps: gradients
    cannot flow further back than the window (truncated BPTT). Forward values are unchanged."""
    inp, state, outs = model.inputs(x), None, []
    for start in range(0, x.shape[1], window):
        out, state = model.rnn(inp[:, start:start + window], state)
        state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
        outs.append(out)
    return model.head(torch.cat(outs, dim=1))


@dataclass
class RunState:
    step: int = 0
    status: str = "ok"             # "ok" or "diverged"
    diverged_at: int | None = None  # the step whose loss or gradient was not finite


class StepLoop:
    """What every trainer (character models, seq2seq, embeddings) shares: `step(n)` advances up
    to n steps, stopping at the first that diverges. A subclass sets `state` and implements
    `_one_step()`, which returns that step's record."""

    state: RunState

    def step(self, n: int = 1) -> list[dict]:
        """Advance up to n steps; stops early if the run diverges. Returns the new records."""
        records = []
        for _ in range(n):
            if self.state.status != "ok":
                break
            records.append(self._one_step())
        return records

    def _one_step(self) -> dict:
        raise NotImplementedError

    def _diverge(self) -> None:
        self.state.status, self.state.diverged_at = "diverged", self.state.step


class GradientTrainer(StepLoop):
    """A trainer of a torch module with `model`, `optimizer` and a TrainConfig `config`."""

    def retune(self, config: TrainConfig) -> None:
        """Apply new optimiser settings without losing the run (the seed only matters at start)."""
        if config.optimizer != self.config.optimizer:
            self.optimizer = make_optimizer(self.model.parameters(), config)
        else:
            for group in self.optimizer.param_groups:
                group["lr"] = config.lr
        self.config = config

    def _backward(self, loss: torch.Tensor) -> torch.Tensor:
        """Gradients of `loss`; returns their norm before clipping (a tensor), clipped in place
        to `config.clip` when that is on (Pascanu et al. 2013). The caller steps the optimiser
        only when loss and norm are finite."""
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        params = list(self.model.parameters())
        norm = torch.nn.utils.get_total_norm([p.grad for p in params if p.grad is not None])
        if self.config.clip > 0:
            torch.nn.utils.clip_grads_with_norm_(params, self.config.clip, norm)
        return norm


class Trainer(GradientTrainer):
    def __init__(self, task: Task, model_config: ModelConfig, train_config: TrainConfig,
                 history_capacity: int = 2000):
        if model_config.bidirectional and task.causal:
            raise SettingError.of("bidirectional_lm", task=task.name)
        self.task, self.model_config, self.config = task, model_config, train_config
        self.model = build_model(len(task.vocab), model_config, train_config.seed)
        self.optimizer = make_optimizer(self.model.parameters(), train_config)
        self.rng = np.random.default_rng(train_config.seed)
        self.state = RunState()
        self.history = History(history_capacity)
        self._heldout_ids = task.heldout_ids if task.is_lm else None  # the held-out text's ids

    def _one_step(self) -> dict:
        model, cfg = self.model, self.config
        batch = self.task.batch(self.rng, cfg.batch)
        x, y = torch.from_numpy(batch.x), torch.from_numpy(batch.y)
        model.train()
        logits = forward_truncated(model, x, cfg.tbptt) if cfg.tbptt else model(x)[0]
        loss, accuracy = masked_loss_and_accuracy(logits, y)
        grad_norm = self._backward(loss).item()  # ||grad L|| before clipping
        loss_value = loss.item()
        self.state.step += 1
        record = {"step": self.state.step, "loss": loss_value, "accuracy": accuracy.item(),
                  "grad_norm": grad_norm, "clipped": bool(0 < cfg.clip < grad_norm)}
        record.update(subset_accuracies(self.task, logits, batch.x, batch.y))
        if not (math.isfinite(loss_value) and math.isfinite(grad_norm)):
            self._diverge()
        else:
            self.optimizer.step()
            if self.task.is_lm:
                record["perplexity"] = math.exp(min(loss_value, 700.0))
                if self.state.step % EVAL_EVERY == 0 or self.state.step == 1:
                    record["val_perplexity"] = self.heldout_perplexity()
        self.history.append(record)
        return record

    @torch.no_grad()
    def evaluate(self, n: int = 256) -> dict:
        """Loss and accuracy on n fresh sequences (a fixed seed, never trained on), plus the
        accuracy on each subset the task marks (`subset_accuracies`)."""
        batch = self.task.batch(np.random.default_rng(self.config.seed + 1_000_003), n)
        self.model.eval()
        logits, _ = self.model(torch.from_numpy(batch.x))
        loss, accuracy = masked_loss_and_accuracy(logits, torch.from_numpy(batch.y))
        return {"loss": loss.item(), "accuracy": accuracy.item(),
                **subset_accuracies(self.task, logits, batch.x, batch.y)}

    @torch.no_grad()
    def heldout_perplexity(self) -> float | None:
        """exp(mean cross-entropy) on the held-out characters engine.heldout scores, each given
        the context it defines: the same characters and rule as the n-gram reference (None if
        the task has no held-out text)."""
        if self._heldout_ids is None:
            return None
        return heldout.perplexity(heldout.model_nll(self.model, self._heldout_ids))
