"""The Attention page's run: the chosen encoder-decoder and, optionally, a comparison model
(no attention if the chosen one attends, Bahdanau if it does not), trained in lock-step on the
same data stream. Lives in st.session_state["attn_run"]; `lock` guards every use of the models.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from engine.config import TrainConfig
from engine.seq2seq.decode import DecodeConfig, decode_text
from engine.seq2seq.evaluate import evaluate
from engine.seq2seq.model import Seq2SeqConfig
from engine.seq2seq.tasks import make_seq2seq_task
from engine.seq2seq.trainer import Seq2SeqTrainer
from playground.fields import FIELDS
from playground.fields.words import ATTENTION_LABELS as LABELS
from playground.i18n import option_label
from playground.kit.lockstep import LockStepRun

KEY = "attn_run"
EVAL_SIZE = 400  # held-out examples decoded by "Evaluate"
KINDS = {label: kind for kind, label in LABELS.items()}


def shown(label: str) -> str:
    """A model's name as the learner reads it, in the session's language. Trainers, chart series
    and colours keep the English `label` as their key."""
    return option_label(FIELDS["attn_attention"], KINDS[label]) if label in KINDS else label


@dataclass(frozen=True)
class AttnChoice:
    """Everything the sidebar asks for. `arch_key` decides whether a change resets the run."""
    task: str
    task_config: object
    model: Seq2SeqConfig
    train: TrainConfig
    compare: bool = True

    @property
    def arch_key(self) -> tuple:
        return (self.task, self.task_config, self.model, self.train.seed, self.compare)


def comparison_config(model: Seq2SeqConfig) -> Seq2SeqConfig:
    return dataclasses.replace(model, attention="none" if model.attention != "none" else "bahdanau")


@dataclass
class AttentionRun(LockStepRun):
    """The chosen model (first) and, optionally, a comparison model, stepped in lock-step; the
    run stops when the chosen model diverges (the other one only compares against it)."""
    _decoded: tuple | None = None  # (key, result) of the last probe decode
    evaluations: dict = field(default_factory=dict)  # step -> {label: evaluate(...)}

    @classmethod
    def start(cls, choice: AttnChoice) -> AttentionRun:
        run = cls(choice)
        configs = [choice.model] + ([comparison_config(choice.model)] if choice.compare else [])
        for config in configs:  # each trainer draws the same seeded batches
            task = make_seq2seq_task(choice.task, **dataclasses.asdict(choice.task_config))
            run.trainers[LABELS[config.attention]] = Seq2SeqTrainer(task, config, choice.train)
        return run

    def warm(self) -> None:
        """Nothing to compute ahead for a room's frame: the page draws the histories, and each
        follower's own probe is decoded on the frame (cached per text and step)."""

    def restart(self) -> AttentionRun:
        return AttentionRun.start(self.choice)

    @property
    def task(self):
        return self.main.task

    def decode(self, text: str, config: DecodeConfig) -> dict:
        """{label: decode_text(...)} for the probe (cached until the step or inputs change).
        Raises SettingError for input the task cannot read."""
        with self.lock:
            key = (self.step_count, text, config)
            if self._decoded is None or self._decoded[0] != key:
                self.task.encode_source(text)  # raise before decoding anything
                result = {label: decode_text(t.task, t.model, text, config
                                             if t is self.main else DecodeConfig(1, config.alpha))
                          for label, t in self.trainers.items()}
                self._decoded = (key, result)
            return self._decoded[1]

    def evaluate(self, progress=None) -> dict:
        """{label: held-out scores} at the current step (computed once per step)."""
        with self.lock:
            step = self.step_count
            if step not in self.evaluations:
                pairs = self.task.heldout(EVAL_SIZE)
                out, n = {}, len(self.trainers)
                for i, (label, t) in enumerate(self.trainers.items()):
                    report = None if progress is None else (
                        lambda done, total, i=i: progress((i + done / total) / n))
                    out[label] = evaluate(t.model, t.task, pairs, bin_width=self.task.bin_width,
                                          progress=report)
                self.evaluations = {step: out}  # keep only the newest
            return self.evaluations[step]
