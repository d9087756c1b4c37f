"""AppTest: the Attention page trains, draws the heatmap and beams, and turns bad input into
messages (never a traceback)."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, unfold


def open_attention(task="reverse", **sliders):
    """The page with its sidebar's settings open (a new visitor's are folded), `task` chosen."""
    at = unfold(AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60),
                "attn_settings_open")
    at.switch_page("playground/pages/attention.py").run()
    at.radio(key="attn_task").set_value(task).run()
    for key, value in sliders.items():
        at.slider(key=key).set_value(value).run()
    return at


def test_a_new_visitor_gets_the_settings_folded_and_a_link_that_changes_one_opens_them():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.switch_page("playground/pages/attention.py").run()
    assert not at.exception and not at.error
    assert [e.label for e in at.sidebar.expander] == ["Task, model and training"]
    assert not at.sidebar.radio and not at.sidebar.slider     # nothing of them is sent
    assert at.session_state["attn_run"].choice.task == "dates"  # the defaults, read
    assert at.get("vega_lite_chart")                            # the heatmap is drawn
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"attn_task": "sort"})
    at.switch_page("playground/pages/attention.py").run()
    assert at.radio(key="attn_task").value == "sort"             # opened by the link
    assert "attn_batch" not in {s.key for s in at.slider}       # its More fold stays closed


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_page_renders_and_step_trains_both_models():
    at = open_attention("reverse", attn_length=5, attn_hidden=8)
    assert not at.exception and not at.error
    assert metric(at, "Step") == "0" and at.button(key="attn_play").label == "Play"
    at.button(key="attn_step").click().run()
    at.button(key="attn_step").click().run()
    run = at.session_state["attn_run"]
    assert metric(at, "Step") == "2" and run.step_count == 2
    assert list(run.trainers) == ["Bahdanau attention", "no attention"]
    assert all(t.state.step == 2 for t in run.trainers.values())
    table = at.table[0].value  # the top beams of the default beam width 3
    assert list(table.columns)[:3] == ["output", "T_y", "log P(y|x)"] and len(table) == 3
    assert table.iloc[:, 3].is_monotonic_decreasing
    assert at.text_input(key="attn_probe").value  # a default held-out input is filled in
    assert not at.exception


@pytest.mark.parametrize("text, message", [
    ("", "Type an input"),
    ("abc안녕😀", "'안', '녕', '😀'"),
    ("<b>hi</b>", "'\\<', '\\>', '/'"),
    ("a" * 200, "at most 60"),
])
def test_bad_probe_input_is_a_message(text, message):
    at = open_attention("reverse", attn_length=5, attn_hidden=8)
    at.text_input(key="attn_probe").input(text).run()
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]


def test_beam_width_one_and_settings_apply_live_or_reset():
    at = open_attention("sort", attn_length=4, attn_hidden=8)
    at.slider(key="attn_beam").set_value(1).run()
    assert len(at.table[0].value) == 1 and not at.exception
    at.button(key="attn_step").click().run()
    at.select_slider(key="attn_lr").set_value(0.03).run()
    run = at.session_state["attn_run"]
    assert run.step_count == 1 and run.main.optimizer.param_groups[0]["lr"] == 0.03
    at.radio(key="attn_attention").set_value("none").run()
    run = at.session_state["attn_run"]
    assert run.step_count == 0 and list(run.trainers) == ["no attention", "Bahdanau attention"]
    assert any("no attention" in i.value for i in at.info) and not at.exception


def test_dates_evaluate_button_charts_both_models():
    at = open_attention("dates", attn_hidden=8)
    at.text_input(key="attn_probe").input("Thursday, May 3, 1979").run()
    at.button(key="attn_step").click().run()
    at.button(key="attn_evaluate").click().run()
    assert not at.exception and not at.error
    run = at.session_state["attn_run"]
    (step, results), = run.evaluations.items()
    assert step == 1 and set(results) == {"Bahdanau attention", "no attention"}
    summary = at.dataframe[-1].value
    assert list(summary["model"]) == ["Bahdanau attention", "no attention"]
    assert summary["examples"].tolist() == [400, 400]


def test_diverged_run_is_shown_as_diverged():
    at = open_attention("reverse", attn_length=4, attn_hidden=8)
    run = at.session_state["attn_run"]
    import torch
    with torch.no_grad():
        run.main.model.out.weight[0, 0] = float("nan")
    at.button(key="attn_step").click().run()
    assert metric(at, "Status") == "diverged" and not at.exception
    assert any("diverged at step 1" in e.value for e in at.error)
    assert at.button(key="attn_play").disabled
