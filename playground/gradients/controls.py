"""The Gradient flow page's controls: each tab's widgets (keys `toy_`, `vec_`, `cliff_`) built into
its engine config, keeping the last valid config when a setting is refused."""
from __future__ import annotations

import streamlit as st

from engine.cliff import CliffConfig, DescentConfig
from engine.fields import SettingError
from engine.toy import ToyConfig, VectorConfig, make_inputs
from playground.i18n import say, t
from playground.kit.urlstate import drawing_widgets, widget
from playground.literal import literal


def last_valid(key: str, build):
    """Build a config; on SettingError show the message and fall back to the last valid one."""
    try:
        config = build()
    except SettingError as exc:
        config = st.session_state.get(key)
        if drawing_widgets():   # a closed tab's problem is shown when it is opened
            st.error(literal(say(exc)) + (" " + t("gradients.last_valid") if config else ""))
        return config
    st.session_state[key] = config
    return config


def toy_controls() -> ToyConfig | None:
    w_hh, w_xh, b = widget("toy_w_hh"), widget("toy_w_xh"), widget("toy_b")
    length, h0 = widget("toy_length"), widget("toy_h0")
    activation = widget("toy_activation", horizontal=False)
    kind = widget("toy_input_kind", horizontal=False)
    value, seed, typed = 0.5, 0, ""
    if kind != "typed":
        value = widget("toy_value")
    if kind == "random":
        seed = widget("toy_seed")
    if kind == "typed":
        typed = widget("toy_typed")
    return last_valid("toy_config", lambda: ToyConfig(
        w_hh=w_hh, w_xh=w_xh, b=b, length=length, h0=h0, activation=activation,
        x=make_inputs(kind, length, value, seed, typed)))


def vector_controls() -> VectorConfig | None:
    settings = {"hidden": widget("vec_hidden"), "spectral_radius": widget("vec_radius"),
                "structure": widget("vec_structure"), "activation": widget("vec_activation"),
                "length": widget("vec_length"), "seed": widget("vec_seed")}
    return last_valid("vec_config", lambda: VectorConfig(**settings))


def cliff_controls() -> tuple:
    """(CliffConfig, DescentConfig), either None when there is no valid one yet."""
    length, resolution = widget("cliff_length"), widget("cliff_resolution")
    c1, c2 = st.columns(2) if drawing_widgets() else (None, None)
    start_w, start_b = widget("cliff_start_w", c1), widget("cliff_start_b", c2)
    lr, steps, clip = widget("cliff_lr"), widget("cliff_steps"), widget("cliff_clip")
    return (last_valid("cliff_config", lambda: CliffConfig(length=length, resolution=resolution)),
            last_valid("cliff_descent", lambda: DescentConfig(start_w, start_b, lr, steps, clip)))
