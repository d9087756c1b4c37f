"""AppTest: the Gates page shows the Train page's model, and bad probe text is a message."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, train_app


def equation_count(at) -> int:
    """Equations in the page's one typeset block (one per line)."""
    (block,) = at.latex
    return block.value.count(r"\\") + 1


def open_gates(task="copy", cell="lstm", **extra):
    at = train_app().run()
    at.selectbox(key="train_task").set_value(task).run()
    at.selectbox(key="train_cell").set_value(cell).run()
    for key, value in extra.items():
        (at.toggle if isinstance(value, bool) else at.slider)(key=key).set_value(value).run()
    at.button(key="train_step").click().run()
    at.switch_page("playground/pages/gates.py").run()
    return at


def test_a_link_straight_to_gates_builds_the_model_it_names():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"train_cell": "gru", "train_task": "hello", "gates_text": "hell"})
    at.switch_page("playground/pages/gates.py").run()  # no Train page visit before
    assert not at.exception and not at.error
    assert at.session_state["train_run"].choice.model.cell == "gru"
    assert equation_count(at) == 4 and at.text_input(key="gates_text").value == "hell"


def test_lstm_page_shows_every_gate_and_the_equations():
    at = open_gates(cell="lstm", train_layers=2, train_bidirectional=True)
    assert not at.exception and not at.error
    assert at.selectbox(key="gates_layer").options == ["layer 1", "layer 2"]
    assert at.selectbox(key="gates_direction").options == ["forward", "backward"]
    assert equation_count(at) == 6   # i_t highlighted first
    assert r"\begin{gathered}\colorbox{#ffe08a}{$i_t" in at.latex[0].value.split(r"\\")[0]
    at.selectbox(key="gates_direction").set_value("backward").run()
    assert not at.exception


def test_gru_equations_and_unknown_probe_characters_are_named():
    at = open_gates(cell="gru")
    assert equation_count(at) == 4 and not at.exception
    key = "gates_text"
    at.text_input(key=key).input("c1x안=").run()
    assert any("'x', '안'" in e.value for e in at.error) and not at.exception


def open_panel(at, tab: str):
    """Open one of the panels' tabs (only the open one is drawn)."""
    at.session_state["gates_panel_tab"] = tab
    return at.run()


def test_panels_rank_units_and_show_one_unit_and_saturation():
    at = open_gates(cell="lstm")
    assert not at.exception and not at.dataframe   # the ranking is a closed tab: not computed
    at.number_input(key="gates_unit").set_value(5).run()
    at.radio(key="gates_unit_kind").set_value("cell state c_t").run()
    open_panel(at, "Find interesting units")
    assert "gates_unit" not in {n.key for n in at.number_input}
    ranked = at.dataframe[0].value
    assert list(ranked.columns) == ["layer", "direction", "unit", "kind", "feature", "correlation",
                                    "strength"]
    assert len(ranked) == 10 and ranked["strength"].is_monotonic_decreasing
    assert (ranked["strength"] == ranked["correlation"].abs()).all()
    open_panel(at, "Saturation")
    assert any("almost always shut" in c.value for c in at.caption) and not at.exception
    open_panel(at, "One unit over the text")
    assert at.number_input(key="gates_unit").value == 5   # kept while its tab was closed


def test_find_interesting_units_on_python_source_ranks_each_feature_after_a_warm_up():
    at = train_app().run()
    at.selectbox(key="train_task").set_value("charlm").run()
    at.selectbox(key="train_corpus").set_value("python").run()
    at.button(key="train_step").click().run()
    at.switch_page("playground/pages/gates.py").run()
    open_panel(at, "Find interesting units")
    assert not at.exception and not at.error
    top, per_feature = at.dataframe[0].value, at.dataframe[1].value
    assert len(top) == 10 and per_feature["feature"].is_unique
    assert {"indentation", "bracket_depth", "inside_string", "inside_comment"} <= \
        set(per_feature["feature"])
    assert not any("=" in f for f in per_feature["feature"])  # copy's features are left out
    (caption,) = [c.value for c in at.caption if "each read after the 256 characters" in c.value]
    assert "remembered=s" not in caption   # and the caption does not list them either


@pytest.mark.parametrize("task", ["tagging", "sentiment", "names"])
def test_the_default_probe_of_a_new_task_reads_back(task):
    """Word-level tasks (and names, whose vocabulary has <s> and </s>) write the probe with
    spaces, so the page can read its own default back."""
    at = train_app().run()
    at.selectbox(key="train_task").set_value(task).run()
    at.switch_page("playground/pages/gates.py").run()
    assert not at.exception
    assert not [e.value for e in at.error if "Not in the vocabulary" in e.value]
