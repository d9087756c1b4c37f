"""What a checkpoint holds, checked entry by entry before anything is built from it.

Every check raises SettingError with one line naming the entry and what it should be, so a
hand-edited or hostile file is refused clearly instead of failing deep inside torch. Shared by
the Train-page checkpoints (engine/checkpoint.py) and the seq2seq ones.
"""
from __future__ import annotations

import dataclasses
from contextlib import contextmanager

import torch

from engine.fields import SettingError
from engine.messages import message
from engine.text import check_text

MAX_STEP = 2**53      # steps are counted exactly up to here (a float's whole numbers)
MAX_NUMBER = 2**62    # no setting is anywhere near; bigger ints would only make long messages
KINDS = {kind: message(f"kind_{kind.__name__}") for kind in (bool, int, float, str, dict, list)}
_MISSING = object()


def short(value) -> str:
    """A value as it may appear in a one-line message: repr (surrogates escaped) on one line
    (a tensor's repr spans several), cut at 40."""
    text = " ".join(repr(value).split())
    return text if len(text) <= 40 else text[:37] + "..."


def one_line(exc: BaseException) -> str:
    """First line of an exception's message, at most 200 characters, printable as UTF-8."""
    lines = str(exc).splitlines() or [type(exc).__name__]
    return lines[0][:200].encode("utf-8", "backslashreplace").decode("utf-8")


def reason(exc: BaseException) -> str:
    """one_line(exc), kept translatable when exc is a keyed SettingError whose message is one
    short line (a config's own validation: "hidden=500 is above its maximum 512.")."""
    if getattr(exc, "key", None) and one_line(exc) == str(exc):
        return message(exc.key, **exc.values)
    return one_line(exc)


def is_kind(value, kind: type) -> bool:
    """isinstance, except that True is not a number and a whole number is a float."""
    if kind in (int, float) and isinstance(value, bool):
        return False
    return isinstance(value, (int, float) if kind is float else kind)


def known_keys(ckpt: dict, keys) -> None:
    unknown = [k for k in ckpt if k not in keys]
    if unknown:
        raise SettingError.of("ckpt_unknown_entry", entry=short(unknown[0]))


def entry(ckpt: dict, key: str, kind: type, default=_MISSING):
    """ckpt[key] when it is of `kind` (`default` when it is absent and there is one)."""
    if key not in ckpt:
        if default is not _MISSING:
            return default
        raise SettingError.of("ckpt_missing_entry", entry=repr(key))
    value = ckpt[key]
    if not is_kind(value, kind):
        raise SettingError.of("ckpt_entry_kind", what=message("ckpt_entry", entry=key),
                              kind=KINDS[kind], type=type(value).__name__)
    return check_text(value, message("ckpt_entry", entry=key)) if kind is str else value


def step_of(ckpt: dict) -> int:
    step = entry(ckpt, "step", int, default=0)
    if not 0 <= step <= MAX_STEP:
        raise SettingError.of("ckpt_step", most=MAX_STEP, value=short(step))
    return step


def tokens(ckpt: dict, key: str, limit: int) -> list[str]:
    """A vocabulary: a list of at most `limit` UTF-8 strings."""
    value = entry(ckpt, key, list)
    if len(value) > limit:
        raise SettingError.of("ckpt_tokens", entry=key, count=len(value), limit=limit)
    return [check_text(token, message("ckpt_token", entry=key, number=i + 1))
            for i, token in enumerate(value)]


def setting_value(field: dataclasses.Field, value, what: str):
    """`value` for a config field whose default's type (bool, int, float, str) it must have."""
    kind = type(field.default)
    if kind not in KINDS or not is_kind(value, kind):
        raise SettingError.of("ckpt_setting_kind", what=what, kind=KINDS.get(kind, kind.__name__),
                              type=type(value).__name__, value=short(value))
    if kind is str:
        return check_text(value, what)
    if kind in (int, float) and isinstance(value, int) and abs(value) > MAX_NUMBER:
        raise SettingError.of("ckpt_far_out", what=what, value=short(value))
    return float(value) if kind is float else value


def config_from(cls, params, what: str, ignore_unknown: bool = False):
    """Config dataclass `cls` from a checkpoint's table `params`, each value's type checked
    first (unknown settings are refused, or skipped when `ignore_unknown`)."""
    if not isinstance(params, dict):
        raise SettingError.of("ckpt_not_table", what=what, type=type(params).__name__)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kept = {}
    for key, value in params.items():
        if key in fields:
            kept[key] = setting_value(fields[key], value,
                                      message("ckpt_setting", what=what, entry=key))
        elif not ignore_unknown:
            raise SettingError.of("ckpt_unknown_setting", what=what, name=short(key))
    try:
        return cls(**kept)
    except (TypeError, ValueError) as exc:  # SettingError from the config's own validation
        raise SettingError.of("ckpt_invalid", what=what, error=reason(exc)) from None


def run_configs(ckpt: dict, tasks: dict, model_cls) -> tuple:
    """-> (task name, task config, model config, TrainConfig) of a checkpoint whose task is one
    of `tasks` (name -> (config class, ...)); SettingError naming the first bad entry."""
    from engine.config import TrainConfig

    task_name = entry(ckpt, "task", str)
    if task_name not in tasks:
        raise SettingError.of("ckpt_task", task=short(task_name), tasks=", ".join(tasks))
    task_config = config_from(tasks[task_name][0], entry(ckpt, "task_config", dict),
                              message("ckpt_entry", entry="task_config"), ignore_unknown=True)
    model_config = config_from(model_cls, entry(ckpt, "model_config", dict),
                               message("ckpt_entry", entry="model_config"))
    train_config = config_from(TrainConfig, entry(ckpt, "train_config", dict),
                               message("ckpt_entry", entry="train_config"))
    return task_name, task_config, model_config, train_config


@contextmanager
def building(what: str):
    """Turn any failure while building the checkpoint's task or model into a SettingError."""
    try:
        yield
    except SettingError:
        raise
    # its settings passed their checks, yet torch or the task refused
    except Exception as exc:  # noqa: BLE001
        raise SettingError.of(f"ckpt_build_{what}", kind=type(exc).__name__,
                              error=one_line(exc)) from None


def check_state(model: torch.nn.Module, state) -> None:
    """SettingError unless `state` has exactly the model's weights: same names, same shapes,
    floating-point, finite (a diverged run's NaN/inf weights are refused)."""
    if not isinstance(state, dict):
        raise SettingError.of("ckpt_state_kind", type=type(state).__name__)
    expected = model.state_dict()
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    if missing or unexpected:
        none = message("ckpt_none")
        raise SettingError.of("ckpt_state_names",
                              missing=", ".join(map(short, missing[:3])) or none,
                              unexpected=", ".join(map(short, unexpected[:3])) or none)
    for key, want in expected.items():
        got = state[key]
        if not isinstance(got, torch.Tensor):
            raise SettingError.of("ckpt_weight_kind", entry=key, type=type(got).__name__)
        if got.layout != torch.strided or got.device.type != "cpu" or not got.is_floating_point():
            raise SettingError.of("ckpt_weight_dtype", entry=key, dtype=str(got.dtype),
                                  layout=str(got.layout))
        if got.shape != want.shape:
            raise SettingError.of("ckpt_weight_shape", entry=key, shape=str(tuple(got.shape)),
                                  need=str(tuple(want.shape)))
        if not torch.isfinite(got).all():
            raise SettingError.of("ckpt_weight_nan", entry=key)
