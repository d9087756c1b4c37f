"""LiveSpec (playground/kit/charts.py): a live chart's Vega-Lite spec made once, then only its
history rows swapped in; Altair's schema check runs in the test suite, not on the server."""
import subprocess
import sys

import altair as alt
import pandas as pd
import pytest
from altair.utils.schemapi import SchemaValidationError

from playground.kit import charts
from tests.browser.harness import ROOT


def loss_chart(df):
    return alt.Chart(df).mark_line().encode(x="step:Q", y="loss:Q")


def test_with_rows_swaps_in_the_history_and_keeps_the_spec():
    empty = pd.DataFrame({"step": [], "loss": []})
    live = charts.LiveSpec(loss_chart(empty))
    rows = pd.DataFrame({"step": [1, 2], "loss": [0.9, 0.5]})
    spec = live.with_rows(rows)
    assert spec["datasets"][live.history] is rows
    assert spec["mark"] == live.spec["mark"] and spec["encoding"] == live.spec["encoding"]
    assert live.spec["datasets"][live.history] == []   # the stored spec is not touched
    with pytest.raises(ValueError, match="one empty history frame"):
        charts.LiveSpec(loss_chart(rows))


def test_the_suite_checks_every_live_spec_against_the_schema():
    assert charts.VALIDATE
    broken = alt.Chart(pd.DataFrame({"step": []})).mark_line().encode(x="step:Q")
    broken.mark = "squiggle"   # no such mark: only the check of the whole spec sees it
    with pytest.raises(SchemaValidationError):
        charts.LiveSpec(broken)


def test_the_server_skips_the_schema_check():
    code = ("import os; os.environ.pop('RNNPG_VALIDATE_CHARTS', None);"
            " from playground.kit import charts; print(charts.VALIDATE)")
    env_free = [sys.executable, "-c", code]
    run = subprocess.run(env_free, cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin"} | {"PYTHONPATH": str(ROOT)})
    assert run.stdout.strip() == "False"


def test_the_network_views_spec_is_built_once_for_every_session():
    """A new session of the Train page reuses the network view's spec the first one built (it
    is a function of its key alone)."""
    from streamlit.testing.v1 import AppTest

    from playground.kit import live

    live.SHARED_SPECS.clear()
    page = str(ROOT / "playground" / "pages" / "train.py")
    first = AppTest.from_file(page, default_timeout=120)
    first.run()
    built = dict(live.SHARED_SPECS)
    assert [key[0] for key in built] == ["network"]
    second = AppTest.from_file(page, default_timeout=120)
    second.run()
    assert not second.exception
    assert live.SHARED_SPECS == built and all(live.SHARED_SPECS[k] is v for k, v in built.items())


def test_chart_data_is_converted_once_per_content_and_the_store_is_bounded(monkeypatch):
    """kit.live.as_arrow: the same rows give the same bytes without converting again; other
    rows never share them; the store empties itself past its byte limit."""
    import numpy as np
    import pandas as pd
    from streamlit import dataframe_util

    from playground.kit import live

    calls = []
    real = dataframe_util.convert_anything_to_arrow_bytes
    monkeypatch.setattr(dataframe_util, "convert_anything_to_arrow_bytes",
                        lambda data: calls.append(1) or real(data))
    monkeypatch.setattr(live, "ARROW", {})
    monkeypatch.setattr(live, "_arrow_kept", 0)
    rows = pd.DataFrame({"step": np.arange(50.0), "series": ["LSTM"] * 50})
    spec = {"mark": "line", "datasets": {"history": rows, "rule": [{"y": 0.5}]}}
    first = live.as_arrow(spec)
    again = live.as_arrow({**spec, "datasets": {"history": rows.copy(), "rule": [{"y": 0.5}]}})
    assert len(calls) == 2 and first == again and first["mark"] == "line"
    assert dataframe_util.convert_arrow_bytes_to_pandas_df(first["datasets"]["history"]).equals(rows)
    other = live.as_arrow({"datasets": {"history": rows.assign(step=rows.step + 1)}})
    assert len(calls) == 3 and other["datasets"]["history"] != first["datasets"]["history"]
    monkeypatch.setattr(live, "ARROW_BYTES", len(first["datasets"]["history"]) + 10)
    live.as_arrow({"datasets": {"history": rows.assign(step=rows.step + 2)}})
    assert len(live.ARROW) == 1   # emptied before it grew past the limit
    big = pd.DataFrame({"step": np.arange(5000.0), "series": ["LSTM"] * 5000})
    live.as_arrow({"datasets": {"history": big}})
    live.as_arrow({"datasets": {"history": big}})
    assert len(calls) == 6 and len(live.ARROW) == 1   # a big dataset (a history) is not kept


def test_once_per_frame_shares_what_is_built_from_a_rooms_frame_only():
    import threading
    import time
    from types import SimpleNamespace

    from playground.kit.live import drawing, once_per_frame

    built = []

    def build(name):
        def slow():
            time.sleep(0.05)         # long enough for the other threads to ask meanwhile
            built.append(name)
            return [name]
        return slow

    assert once_per_frame(("a",), build("a")) == once_per_frame(("a",), build("a"))
    with drawing(SimpleNamespace()):    # an ordinary run: nothing kept between redraws
        once_per_frame(("a",), build("a"))
    assert built == ["a", "a", "a"]
    frame, seen = SimpleNamespace(drawn={}), []

    def follower():
        with drawing(frame):
            seen.append(once_per_frame(("a",), build("frame a")))
            seen.append(once_per_frame(("b", 1), build("frame b1")))
    threads = [threading.Thread(target=follower) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert built[3:] == ["frame a", "frame b1"]            # once each, for six followers
    assert len(seen) == 12 and len({id(v) for v in seen}) == 2   # the same two objects
    anchor = object()
    with drawing(frame):
        once_per_frame(("c", id(anchor)), build("frame c"), anchor=anchor)
    assert any(kept[0] is anchor for kept in frame.drawn.values() if isinstance(kept, tuple))


def test_visitor_gone_asks_the_server_whether_the_session_is_still_connected(monkeypatch):
    from types import SimpleNamespace

    from streamlit import runtime
    from streamlit.runtime import scriptrunner

    from playground.kit.live import visitor_gone

    assert visitor_gone() is None            # no Streamlit server: nothing to ask
    active = {"s1"}
    server = SimpleNamespace(is_active_session=lambda session: session in active)
    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(runtime, "get_instance", lambda: server)
    monkeypatch.setattr(scriptrunner, "get_script_run_ctx", lambda: SimpleNamespace(session_id="s1"))
    gone = visitor_gone()
    assert gone() is False
    active.clear()                            # the tab closed
    assert gone() is True


def test_a_live_spec_is_built_while_streamlit_switches_altairs_globals():
    """Another session's st.altair_chart switches Altair's process-wide data transformer under
    Streamlit's lock; a LiveSpec built meanwhile waits for it instead of reading the switched
    transformer (which left no empty history dataset: ValueError under load)."""
    import threading
    import time

    from streamlit.elements import vega_charts

    assert charts.altair_globals() is vega_charts._altair_globals_lock
    built = {}

    def build():
        built["spec"] = charts.LiveSpec(loss_chart(pd.DataFrame({"step": [], "loss": []})))
    with charts.altair_globals():
        alt.data_transformers.register("test_inline", alt.to_values)   # no datasets at all
        with alt.data_transformers.enable("test_inline"):
            other = threading.Thread(target=build)
            other.start()
            time.sleep(0.2)                 # the build waits for the lock meanwhile
            assert "spec" not in built
    other.join(10)
    assert built["spec"].spec["datasets"][built["spec"].history] == []


def _resolved(spec: dict):
    """`spec` with each named dataset replaced by its rows (Arrow bytes or a list), so two specs
    that name the same data differently compare equal."""
    import math

    from streamlit import dataframe_util

    def rows(data):
        if isinstance(data, bytes):
            data = dataframe_util.convert_arrow_bytes_to_pandas_df(data).to_dict("records")
        return [{k: None if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}
                for row in data]
    datasets = {name: rows(data) for name, data in spec.get("datasets", {}).items()}

    def walk(node):
        if isinstance(node, dict):
            if set(node) == {"name"} and node["name"] in datasets:
                return datasets[node["name"]]
            return {k: walk(v) for k, v in node.items() if k != "datasets"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node
    return walk(spec)


def test_a_shared_spec_is_the_static_spec_with_the_rows_swapped_in(monkeypatch):
    """kit.live.shared_spec: the Gradient flow's toy charts, built once on an empty frame and
    then given each run's rows, are the specs `charts.draw` built from the rows every run."""
    import numpy as np

    from playground.gradients import charts as gradient_charts
    from playground.kit import live

    monkeypatch.setattr(live, "SHARED_SPECS", {})
    built = []

    def counted(build):
        return lambda df: built.append(build) or build(df)
    t = np.arange(1, 21)
    frames = [("toy_hidden", gradient_charts.hidden_chart,
               pd.DataFrame({"t": t, "h": np.tanh(t / 7)})),
              ("toy_factor", gradient_charts.factor_chart,
               pd.DataFrame({"t": t, "factor": np.where(t % 5 == 0, np.nan, 1.0 / t)})),
              ("toy_dependence", gradient_charts.gradient_chart, gradient_charts.shown(pd.concat(
                  [pd.DataFrame({"k": t, "value": 0.5 ** t, "source": source})
                   for source in (gradient_charts.AUTOGRAD, gradient_charts.FORMULA)]), "source"))]
    for kind, build, df in frames:
        for rows in (df, df.iloc[::2].reset_index(drop=True)):   # a second run, other rows
            shared = live.shared_spec(kind, counted(build), rows)
            assert _resolved(shared) == _resolved(charts.static_spec(build(rows))), kind
    assert len(built) == 3   # one build per chart, not per run
