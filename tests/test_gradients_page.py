"""AppTest: the Gradient flow page renders three tabs, follows the sliders, shows bad input as a message."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture
def fresh():
    """A factory: each call runs the page once in a new session (st.cache_data is shared)."""
    return lambda: AppTest.from_file(str(ROOT / "playground/pages/gradients.py"), default_timeout=60).run()


def verdicts(at):
    return [box.value for box in (*at.warning, *at.error, *at.success) if "**" in box.value]


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_page_renders_every_tab_without_errors(fresh):
    at = fresh()
    assert not at.exception and not at.error
    assert [t.label for t in at.tabs] == ["Scalar toy", "Vector RNN", "Cliff & clipping"]
    assert any(v.startswith("**Vanishing.** tanh saturates") for v in verdicts(at))
    assert len(at.latex) == 3 and r"\tanh\left(2\right) = 0.964" in at.latex[0].value
    assert float(metric(at, "Plain: largest step")) > 100 > 1 > float(metric(at, "Clipped: largest step"))


def test_moving_w_hh_changes_the_verdict(fresh):
    at = fresh()
    at.selectbox(key="toy_activation").set_value("identity").run()
    assert any(v.startswith("**Exploding.**") and "3.5e+09" in v for v in verdicts(at))
    at.slider(key="toy_w_hh").set_value(1.0).run()
    assert any(v.startswith("**Stable.**") and "= 1," in v for v in verdicts(at))
    assert at.session_state["toy_config"].w_hh == 1.0 and not at.exception


def test_bad_typed_inputs_show_an_error_and_keep_the_last_run(fresh):
    at = fresh()
    at.selectbox(key="toy_input_kind").set_value("typed").run()
    at.text_input(key="toy_typed").input("1, 2, x").run()
    assert not at.exception
    messages = [e.value for e in at.error]
    assert messages == ["'x' in the typed inputs is not a number. Showing the last valid settings."]
    assert at.session_state["toy_config"].x == (0.5,) * 20  # the last valid inputs are still drawn
    assert len(at.latex) == 3


def test_vector_and_cliff_controls_update_their_numbers(fresh):
    at = fresh()
    at.slider(key="vec_radius").set_value(3.0)
    at.selectbox(key="vec_activation").set_value("identity")
    at.slider(key="cliff_clip").set_value(50.0).run()
    assert metric(at, "Spectral radius ρ(W_hh)") == "3"
    assert any(v.startswith("**Exploding.** ||dh_T/dh_0||") for v in verdicts(at))
    assert metric(at, "Clipped: largest step") == "0.25"  # lr 0.005 x clip 50
    assert not at.exception
