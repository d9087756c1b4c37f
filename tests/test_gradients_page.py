"""AppTest: the Gradient flow page renders three tabs, follows the sliders, shows bad input as a message."""
import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

TABS = {"scalar": "Scalar toy", "vector": "Vector RNN", "cliff": "Cliff & clipping"}


@pytest.fixture
def fresh():
    """A factory: each call runs the page once in a new session (st.cache_data is shared), on
    the tab given (only the open tab is drawn)."""
    def run(tab: str = "scalar"):
        at = AppTest.from_file(str(ROOT / "playground/pages/gradients.py"), default_timeout=60)
        at.session_state["gradients_tab"] = TABS[tab]
        return at.run()
    return run


def verdicts(at):
    return [box.value for box in (*at.warning, *at.error, *at.success) if "**" in box.value]


def unrolled(at) -> list[str]:
    """The unrolled-steps blocks drawn (HTML, see tests/test_unrolled.py)."""
    return [e.proto.body for e in at.get("html") if 'class="unrolled"' in e.proto.body]


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_page_renders_every_tab_without_errors(fresh):
    at = fresh()
    assert not at.exception and not at.error
    assert [t.label for t in at.tabs] == ["Scalar toy", "Vector RNN", "Cliff & clipping"]
    assert any(v.startswith("**Vanishing.** tanh saturates") for v in verdicts(at))
    (block,) = unrolled(at)   # the three unrolled steps in one block, aligned at '='
    assert block.count('class="lhs"><i>h</i><sub>') == 3 and not at.latex
    assert '<span class="o">tanh</span>(2)<span class="r">=</span>0.964' in block
    hidden, factor, dependence = (json.loads(c.proto.spec) for c in at.get("vega_lite_chart"))
    assert dependence["title"]["text"].startswith("Points: torch autograd.") and \
        "Largest relative difference: " in dependence["title"]["text"]   # set on a shared spec
    assert "title" not in hidden and factor["layer"][0]["encoding"]["y"]["scale"]["type"] == "log"
    at = fresh("cliff")
    assert not at.exception and not at.error
    assert float(metric(at, "Plain: largest step")) > 100
    assert float(metric(at, "Clipped: largest step")) < 1


def test_only_the_open_tab_is_drawn_and_the_others_settings_are_still_read(fresh):
    at = fresh()
    labels = {m.label for m in at.metric}
    assert "Plain: largest step" not in labels and "Spectral radius ρ(W_hh)" not in labels
    assert "cliff_lr" not in {s.key for s in at.slider} and len(at.get("vega_lite_chart")) == 3
    state = at.session_state   # the cliff's settings reach the lesson card all the same
    assert state["cliff_config"] is not None and state["cliff_descent"].lr == 0.005
    at = fresh("cliff")
    assert not unrolled(at) and "toy_w_hh" not in {s.key for s in at.slider}
    assert at.session_state["toy_config"].w_hh == 3.0


def test_moving_w_hh_changes_the_verdict(fresh):
    at = fresh()
    at.radio(key="toy_activation").set_value("identity").run()
    assert any(v.startswith("**Exploding.**") and "3.5e+09" in v for v in verdicts(at))
    at.slider(key="toy_w_hh").set_value(1.0).run()
    assert any(v.startswith("**Stable.**") and "= 1," in v for v in verdicts(at))
    assert at.session_state["toy_config"].w_hh == 1.0 and not at.exception


def test_bad_typed_inputs_show_an_error_and_keep_the_last_run(fresh):
    at = fresh()
    at.radio(key="toy_input_kind").set_value("typed").run()
    at.text_input(key="toy_typed").input("1, 2, x").run()
    assert not at.exception
    messages = [e.value for e in at.error]
    assert messages == ["'x' in the typed inputs is not a number. Showing the last valid settings."]
    assert at.session_state["toy_config"].x == (0.5,) * 20  # the last valid inputs are still drawn
    assert len(unrolled(at)) == 1


def test_vector_and_cliff_controls_update_their_numbers(fresh):
    at = fresh("vector")
    at.slider(key="vec_radius").set_value(3.0)
    at.selectbox(key="vec_activation").set_value("identity").run()
    assert metric(at, "Spectral radius ρ(W_hh)") == "3"
    assert any(v.startswith("**Exploding.** ||dh_T/dh_0||") for v in verdicts(at))
    at.session_state["gradients_tab"] = TABS["cliff"]
    at.run()
    at.slider(key="cliff_clip").set_value(50.0).run()
    assert metric(at, "Clipped: largest step") == "0.25"  # lr 0.005 x clip 50
    assert not at.exception


def test_a_link_that_sets_the_cliff_opens_the_cliff_tab():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"cliff_clip": "20", "cliff_steps": "200"})
    at.switch_page("playground/pages/gradients.py").run()
    assert not at.exception and not at.error
    assert "cliff_clip" in {s.key for s in at.slider} and "Plain: largest step" in {
        m.label for m in at.metric}
    at.session_state["gradients_tab"] = TABS["scalar"]   # the learner goes back: it stays there
    at.run()
    assert "cliff_clip" not in {s.key for s in at.slider} and len(unrolled(at)) == 1


def test_the_shared_chart_specs_follow_the_language(fresh):
    """The toy charts' specs are built once per language (kit.live.shared_spec): after a switch
    to Korean, the legend's colour domain names the rows' Korean labels."""
    from playground.i18n import KEY
    from playground.i18n.catalogue import ui

    def dependence_domain(at):
        spec = json.loads(at.get("vega_lite_chart")[2].proto.spec)
        return spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    at = fresh()
    assert dependence_domain(at) == ["autograd", "product formula"]
    at.session_state[KEY] = "ko"
    at.run()
    ko = ui("ko")
    assert dependence_domain(at) == [ko["gradients.chart.series.autograd"],
                                     ko["gradients.chart.series.formula"]] != ["autograd",
                                                                               "product formula"]
