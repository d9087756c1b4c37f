"""The course's examples are one click away and open their page with their settings."""
from streamlit.testing.v1 import AppTest

from playground.presets import MENU_KEY, PRESETS
from tests.conftest import ROOT


def click(preset: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=90).run()
    assert not [b for b in at.button if (b.key or "").startswith("preset_")]   # sent when open
    at.session_state[MENU_KEY] = True                                    # the menu is opened
    at.run()
    at.button(key=f"preset_{list(PRESETS).index(preset)}").click().run()
    return at


def test_copy_lag_30_opens_compare_with_rnn_and_lstm():
    at = click("copy30")
    assert not at.exception
    run = at.session_state["cmp_run"]
    assert run.cells == ("rnn", "lstm") and run.choice.task_config.lag == 30
    assert any("LSTM learns" in t.value for t in at.toast)


def test_hello_preset_trains_the_course_model():
    at = click("hello")
    run = at.session_state["train_run"]
    assert not at.exception and run.choice.task == "hello" and run.choice.model.cell == "rnn"
    assert run.choice.model.hidden == 3 and run.choice.model.embedding == 0  # the course figure


def test_toy_preset_sets_the_course_weights():
    at = click("toy")
    assert not at.exception
    assert (at.session_state["toy_w_hh"], at.session_state["toy_w_xh"], at.session_state["toy_b"]) == (3.0, 2.0, 1.0)


def test_dates_preset_opens_attention_on_dates():
    at = click("dates")
    assert not at.exception
    assert at.session_state["attn_task"] == "dates" and at.session_state["attn_attention"] == "bahdanau"
