"""AppTest: the Gates page shows the Train page's model, and bad probe text is a message."""
import base64
import html
import json
import re

import numpy as np
import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from engine.gates import encode_probe, gate_traces
from tests.conftest import ROOT, drawn_formula, train_app, unfold


def equations(at) -> dict:
    """The page's one block of equations, read back from the band picture it lays over the
    ink: the rows it was drawn from and the one highlighted (the description
    assets/make_formulas.py writes into it), and the block's label for screen readers."""
    (block,) = [e.proto.body for e in at.get("html") if "mask:url(data:" in e.proto.body]
    band = re.search(r'<img alt="" src="data:image/svg\+xml;base64,([^"]+)"', block).group(1)
    drawn = drawn_formula(base64.b64decode(band).decode())
    return {**drawn, "alt": html.unescape(re.search(r'aria-label="([^"]*)"', block).group(1))}


def equation_count(at) -> int:
    return len(equations(at)["rows"])


def open_gates(task="copy", cell="lstm", **extra):
    at = train_app().run()
    at.selectbox(key="train_task").set_value(task).run()
    at.radio(key="train_cell").set_value(cell).run()
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
    # one layer, one direction: nothing to choose, so no choice is drawn
    assert not {"gates_layer", "gates_direction"} & {r.key for r in at.radio}


def test_lstm_page_shows_every_gate_and_the_equations():
    at = open_gates(cell="lstm", train_layers=2, train_bidirectional=True)
    assert not at.exception and not at.error
    assert at.radio(key="gates_layer").options == ["layer 1", "layer 2"]
    assert at.radio(key="gates_direction").options == ["forward", "backward"]
    assert equation_count(at) == 6   # i_t highlighted first
    drawn = equations(at)
    assert drawn["highlight"] == 0 and drawn["rows"][0][0] == "i_t"
    assert drawn["alt"].startswith(r"i_t = \sigma(W_i [h_{t-1}, x_t] + b_i) (highlighted); f_t")
    at.radio(key="gates_focus").set_value("c").run()
    assert equations(at)["highlight"] == 4 and "c_t" in equations(at)["rows"][4][0]
    at.radio(key="gates_direction").set_value("backward").run()
    assert not at.exception


def test_gru_equations_and_unknown_probe_characters_are_named():
    at = open_gates(cell="gru")
    assert equation_count(at) == 4 and not at.exception
    key = "gates_text"
    at.text_input(key=key).input("c1x안=").run()
    assert any("'x', '안'" in e.value for e in at.error) and not at.exception


def heatmaps(at) -> tuple[dict, pd.DataFrame]:
    """(spec, rows) of the page's one heatmap chart, as sent to the browser."""
    (chart,) = [c.proto for c in at.get("vega_lite_chart") if c.proto.alt.startswith("Heatmaps of")]
    (rows,) = [convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.datasets if d.name]
    return json.loads(chart.spec), rows


def test_one_chart_shows_every_gate_and_state_as_the_engine_computes_them():
    """A panel per gate, the cell state and the hidden state, in the equations' order, each
    holding the engine's values for the probe text (time step x unit); the highlighted gate's
    panel says so, and follows the choice."""
    at = open_gates(cell="lstm")
    spec, rows = heatmaps(at)
    run = at.session_state["train_run"]
    ids = encode_probe(run.trainer.task, at.text_input(key="gates_text").value)
    (layer,) = gate_traces(run.trainer.model, ids)["layers"]
    expected = {**layer["gates"], "c": layer["cell_state"], "h": layer["hidden"]}
    assert [v["encoding"]["color"]["field"] for v in spec["concat"]] == list("ifgoch")
    assert list(expected) == list("ifgoch")
    for name, values in expected.items():
        got = rows.pivot(index="step", columns="unit", values=name)
        np.testing.assert_allclose(got.to_numpy(), np.asarray(values), rtol=1e-6, atol=1e-7)
        assert list(got.index) == list(range(1, ids.shape[1] + 1))
    tokens = [tok if tok.strip() else "␣" for tok in run.trainer.task.vocab.decode(ids[0])]
    for view in spec["concat"]:   # x runs over the steps, which sort by themselves, named by token
        x = view["encoding"]["x"]
        assert (x["field"], x["type"], "sort" in x) == ("step", "ordinal", False)
        names, index = x["axis"]["labelExpr"].rsplit("[", 1)
        assert json.loads(names) == tokens and index == "datum.value - 1]"
    titles = [v["title"] for v in spec["concat"]]
    assert titles[0]["text"] == "input gate i_t: write to the cell?" and "subtitle" in titles[0]
    assert not any("subtitle" in title for title in titles[1:])
    at.radio(key="gates_focus").set_value("c").run()
    titles = [v["title"] for v in heatmaps(at)[0]["concat"]]
    assert ["subtitle" in title for title in titles] == [n == "c" for n in "ifgoch"]


def network_charts(at) -> list:
    return [c for c in at.get("vega_lite_chart") if c.proto.alt.startswith("Network view")]


def test_the_network_view_of_the_probe_is_drawn_once_its_fold_is_opened():
    at = open_gates(cell="gru")
    assert not network_charts(at) and "gates_net_backward" not in {w.key for w in at.toggle}
    unfold(at, "gates_net_open").run()
    (chart,) = network_charts(at)
    probe = at.text_input(key="gates_text").value
    assert f"Network view: {len(probe)} steps" in chart.proto.alt and not at.exception
    assert at.toggle(key="gates_net_backward").value is False


def open_panel(at, tab: str):
    """Open Look closer's fold and one of its tabs (only the open one is drawn)."""
    at.session_state["gates_panel_tab"] = tab
    return unfold(at, "gates_panels_open").run()


def test_panels_rank_units_and_show_one_unit_and_saturation():
    at = open_gates(cell="lstm")
    assert not at.exception and "gates_unit" not in {n.key for n in at.number_input}  # folded
    at = unfold(at, "gates_panels_open").run()
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


def test_a_link_to_a_unit_opens_look_closer():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"train_task": "copy", "train_cell": "lstm", "gates_unit": "7"})
    at.switch_page("playground/pages/gates.py").run()
    assert not at.exception and at.number_input(key="gates_unit").value == 7


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


def test_freeze_is_offered_while_the_run_plays_and_holds_it_still():
    at = open_gates()
    toggles = lambda: {t.key for t in at.toggle}
    assert "gates_freeze" not in toggles()   # paused: nothing redraws, nothing to freeze
    at.button(key="gates_play").click().run()
    run = at.session_state["train_run"]
    assert run.playing and "gates_freeze" in toggles() and not at.exception
    at.toggle(key="gates_freeze").set_value(True).run()
    step = run.trainer.state.step
    at.run()
    assert run.playing and run.trainer.state.step == step   # frozen: no training, no redraw
    at.button(key="gates_pause").click().run()
    assert "gates_freeze" not in toggles() and at.session_state["gates_freeze"] is True
    at.button(key="gates_play").click().run()
    assert at.toggle(key="gates_freeze").value is True   # kept while it was not on show
