"""AppTest: the Train page opens on the network view, drawn before the first step from the run's
own unroll, and redrawn with new values after one Step; the Gates page draws the learner's text."""
import math

import pandas as pd
import pytest
import torch
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from engine.unroll import text_targets, unroll
from tests.conftest import ROOT


def network(at) -> tuple[str, pd.DataFrame]:
    """(alt text, rows) of the page's network chart, as the browser receives them."""
    charts = [c.proto for c in at.get("vega_lite_chart") if c.proto.alt.startswith("Network view")]
    assert len(charts) == 1
    rows = [d for d in charts[0].datasets if d.name]
    return charts[0].alt, convert_arrow_bytes_to_pandas_df(rows[0].data.data)


@pytest.fixture
def hello():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"train_task": "hello", "train_cell": "rnn", "train_hidden": "3",
                            "train_embedding": "0"})
    return at.run()


def test_the_view_is_first_and_drawn_before_play(hello):
    assert not hello.exception
    charts = [c.proto.alt for c in hello.get("vega_lite_chart")]
    assert charts[0].startswith("Network view: 4 steps, 1 row(s) of 3 units at step 0")
    _, df = network(hello)
    run = hello.session_state["train_run"]
    want = [v for row in run.network()["layers"][0]["hidden"] for v in row]
    assert df[df["mark"] == "cell"]["value"].tolist() == pytest.approx(want)
    assert len(df[df["mark"] == "text"]) == 4 * 4   # x<t> and three guesses per step


def test_one_step_changes_the_values(hello):
    _, before = network(hello)
    hello.button(key="train_step").click().run()
    alt, after = network(hello)
    assert alt.endswith("at step 1")
    b = before[before["mark"] == "cell"]["value"].to_numpy()
    a = after[after["mark"] == "cell"]["value"].to_numpy()
    assert len(a) == len(b) == 12 and abs(a - b).max() > 1e-4


def test_backward_toggle_and_gates_reach_the_chart():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"train_task": "hello", "train_cell": "lstm", "train_hidden": "4",
                            "train_net_backward": "true", "train_net_gates": "true"})
    at.run()
    assert not at.exception
    _, df = network(at)
    run = at.session_state["train_run"]
    grads = df[(df["mark"] == "box")].dropna(subset=["grad"])["grad"]
    assert len(grads) == 4 and set(df[df["mark"] == "colhead"]["text"]) == {"a", "c", "i", "f",
                                                                             "g", "o"}
    assert len(df[df["mark"] == "cell"]) == 4 * 4 * 6
    assert run.network()["grad_norm"] is not None and run.network()["flow"] is not None
    arrows = df[(df["mark"] == "edge") & df["matrix"].str.startswith("W_aa")]
    assert len(arrows.dropna(subset=["grad"])) == 3   # the flow between 4 steps, drawn


def test_the_values_view_skips_the_flows(hello):
    assert hello.session_state["train_run"].network()["flow"] is None


def test_the_gates_page_draws_the_learners_own_text():
    at = AppTest.from_file(str(ROOT / "playground" / "pages" / "gates.py"), default_timeout=60)
    at.query_params.update({"train_task": "hello", "train_cell": "gru", "train_hidden": "3",
                            "gates_text": "hellohe", "gates_net_backward": "true"})
    at.run()
    assert not at.exception
    alt, df = network(at)
    assert alt.startswith("Network view: 7 steps, 1 row(s) of 3 units at step 0")
    run = at.session_state["train_run"]
    ids = torch.from_numpy(run.trainer.task.vocab.encode("hellohe")).unsqueeze(0)
    want = unroll(run.trainer.model, run.trainer.task, ids, text_targets(run.trainer.task, ids))
    shown = df[df["mark"] == "hover"]["title"].str.extract(r"a<(\d+)>")[0].astype(int).tolist()
    cells = df[df["mark"] == "cell"]["value"].tolist()
    assert cells == pytest.approx([v for t in shown for v in want["layers"][0]["hidden"][t - 1]])
    grads = df[df["mark"] == "box"].dropna(subset=["grad"])["grad"].tolist()
    assert grads == pytest.approx([math.log10(want["grad_norm"][0][t - 1]) for t in shown])
    assert shown == [1, 2, 3, 4] and len(df[df["mark"] == "mini"]) == 7  # a window, all 7 below
