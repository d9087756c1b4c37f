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
from engine.text import check_text

CKPT = "The checkpoint"
MAX_STEP = 2**53      # steps are counted exactly up to here (a float's whole numbers)
MAX_NUMBER = 2**62    # no setting is anywhere near; bigger ints would only make long messages
KINDS = {bool: "true or false", int: "a whole number", float: "a number", str: "text",
         dict: "a table", list: "a list"}
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


def is_kind(value, kind: type) -> bool:
    """isinstance, except that True is not a number and a whole number is a float."""
    if kind in (int, float) and isinstance(value, bool):
        return False
    return isinstance(value, (int, float) if kind is float else kind)


def known_keys(ckpt: dict, keys) -> None:
    unknown = [k for k in ckpt if k not in keys]
    if unknown:
        raise SettingError(f"{CKPT} has an entry this app does not know: {short(unknown[0])}.")


def entry(ckpt: dict, key: str, kind: type, default=_MISSING):
    """ckpt[key] when it is of `kind` (`default` when it is absent and there is one)."""
    if key not in ckpt:
        if default is not _MISSING:
            return default
        raise SettingError(f"{CKPT} has no {key!r} entry; it is not a complete checkpoint.")
    value = ckpt[key]
    if not is_kind(value, kind):
        raise SettingError(f"{CKPT}'s {key} must be {KINDS[kind]}, not {type(value).__name__}.")
    return check_text(value, f"{CKPT}'s {key}") if kind is str else value


def step_of(ckpt: dict) -> int:
    step = entry(ckpt, "step", int, default=0)
    if not 0 <= step <= MAX_STEP:
        raise SettingError(f"{CKPT}'s step must be between 0 and {MAX_STEP:,}, not {short(step)}.")
    return step


def tokens(ckpt: dict, key: str, limit: int) -> list[str]:
    """A vocabulary: a list of at most `limit` UTF-8 strings."""
    value = entry(ckpt, key, list)
    if len(value) > limit:
        raise SettingError(f"{CKPT}'s {key} has {len(value):,} tokens; at most {limit:,} are "
                           "allowed.")
    return [check_text(token, f"{CKPT}'s {key} (token {i + 1})") for i, token in enumerate(value)]


def setting_value(field: dataclasses.Field, value, what: str):
    """`value` for a config field whose default's type (bool, int, float, str) it must have."""
    kind = type(field.default)
    if kind not in KINDS or not is_kind(value, kind):
        raise SettingError(f"{what} must be {KINDS.get(kind, kind.__name__)}, not "
                           f"{type(value).__name__} ({short(value)}).")
    if kind is str:
        return check_text(value, what)
    if kind in (int, float) and isinstance(value, int) and abs(value) > MAX_NUMBER:
        raise SettingError(f"{what} = {short(value)} is far out of range.")
    return float(value) if kind is float else value


def config_from(cls, params, what: str, ignore_unknown: bool = False):
    """Config dataclass `cls` from a checkpoint's table `params`, each value's type checked
    first (unknown settings are refused, or skipped when `ignore_unknown`)."""
    if not isinstance(params, dict):
        raise SettingError(f"{what} must be a table of settings, not {type(params).__name__}.")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kept = {}
    for key, value in params.items():
        if key in fields:
            kept[key] = setting_value(fields[key], value, f"{what}'s {key}")
        elif not ignore_unknown:
            raise SettingError(f"{what} has a setting this app does not know: {short(key)}.")
    try:
        return cls(**kept)
    except (TypeError, ValueError) as exc:  # SettingError from the config's own validation
        raise SettingError(f"{what}: {one_line(exc)}") from None


def run_configs(ckpt: dict, tasks: dict, model_cls) -> tuple:
    """-> (task name, task config, model config, TrainConfig) of a checkpoint whose task is one
    of `tasks` (name -> (config class, ...)); SettingError naming the first bad entry."""
    from engine.config import TrainConfig

    task_name = entry(ckpt, "task", str)
    if task_name not in tasks:
        raise SettingError(f"The checkpoint's task {short(task_name)} is not one of "
                           f"{', '.join(tasks)}.")
    task_config = config_from(tasks[task_name][0], entry(ckpt, "task_config", dict),
                              "The checkpoint's task_config", ignore_unknown=True)
    model_config = config_from(model_cls, entry(ckpt, "model_config", dict),
                               "The checkpoint's model_config")
    train_config = config_from(TrainConfig, entry(ckpt, "train_config", dict),
                               "The checkpoint's train_config")
    return task_name, task_config, model_config, train_config


@contextmanager
def building(what: str):
    """Turn any failure while building the checkpoint's task or model into a SettingError."""
    try:
        yield
    except SettingError:
        raise
    except Exception as exc:  # its settings passed their checks, yet torch or the task refused
        raise SettingError(f"{CKPT}'s settings do not make a {what}: {type(exc).__name__}: "
                           f"{one_line(exc)}") from None


def check_state(model: torch.nn.Module, state) -> None:
    """SettingError unless `state` has exactly the model's weights: same names, same shapes,
    floating-point, finite (a diverged run's NaN/inf weights are refused)."""
    unfit = f"{CKPT}'s weights do not fit its model configuration"
    if not isinstance(state, dict):
        raise SettingError(f"{unfit}: model_state is a {type(state).__name__}, not a table of "
                           "weights.")
    expected = model.state_dict()
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    if missing or unexpected:
        raise SettingError(f"{unfit}: missing {', '.join(map(short, missing[:3])) or 'none'}; "
                           f"unexpected {', '.join(map(short, unexpected[:3])) or 'none'}.")
    for key, want in expected.items():
        got = state[key]
        if not isinstance(got, torch.Tensor):
            raise SettingError(f"{unfit}: {key} is a {type(got).__name__}, not a tensor.")
        if got.layout != torch.strided or got.device.type != "cpu" or not got.is_floating_point():
            raise SettingError(f"{unfit}: {key} holds {got.dtype} ({got.layout}), not "
                               "floating-point numbers.")
        if got.shape != want.shape:
            raise SettingError(f"{unfit}: {key} has shape {tuple(got.shape)}, the configuration "
                               f"needs {tuple(want.shape)}.")
        if not torch.isfinite(got).all():
            raise SettingError(f"{CKPT}'s weights hold NaN/inf ({key}): the run had diverged "
                               "before it was saved. Train again with a lower learning rate or "
                               "gradient clipping.")
