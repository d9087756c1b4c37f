"""Task registry: name -> (config dataclass, task class). UI select boxes list its keys."""
from __future__ import annotations

import dataclasses

from engine.fields import SettingError
from engine.tasks.agreement import AgreementConfig, AgreementTask
from engine.tasks.base import IGNORE, Batch, Task
from engine.tasks.copy import CopyConfig, CopyTask
from engine.tasks.lm import CharLMConfig, CharLMTask, HelloConfig, HelloTask
from engine.tasks.names import NamesConfig, NamesTask
from engine.tasks.sentiment import SentimentConfig, SentimentTask
from engine.tasks.tagging import TaggingConfig, TaggingTask

TASKS = {
    "hello": (HelloConfig, HelloTask),
    "charlm": (CharLMConfig, CharLMTask),
    "copy": (CopyConfig, CopyTask),
    "agreement": (AgreementConfig, AgreementTask),
    "tagging": (TaggingConfig, TaggingTask),
    "sentiment": (SentimentConfig, SentimentTask),
    "names": (NamesConfig, NamesTask),
}

__all__ = ["IGNORE", "TASKS", "Batch", "Task", "make_task", "task_config"]


def task_config(name: str, **params):
    """The config dataclass of task `name`, built from the params it knows (others ignored)."""
    if name not in TASKS:
        raise SettingError.of("task_unknown", name=repr(name), choices=", ".join(TASKS))
    cls = TASKS[name][0]
    known = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in params.items() if k in known})


def make_task(name: str, config=None) -> Task:
    config = task_config(name) if config is None else config
    return TASKS[name][1](config)
