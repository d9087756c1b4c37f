"""AppTest: the Compare page trains every chosen cell in lock-step on the same data."""
import numpy as np
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, unfold


def test_compare_page_steps_all_cells_on_the_same_data():
    at = AppTest.from_file(str(ROOT / "playground/pages/compare.py"), default_timeout=60).run()
    assert not at.exception
    at.selectbox(key="cmp_task").set_value("copy").run()
    at.button(key="cmp_step").click().run()
    at.button(key="cmp_step").click().run()
    run = at.session_state["cmp_run"]
    assert set(run.trainers) == {"rnn", "gru", "lstm"} and run.step_count == 2
    # same seed -> same data stream: every cell's next batch is identical
    batches = [t.task.batch(t.rng, 4).x for t in run.trainers.values()]
    assert all(np.array_equal(batches[0], b) for b in batches[1:])
    assert {m.label for m in at.metric} >= {"RNN", "GRU", "LSTM"}


def test_identity_init_applies_to_the_rnn_only_and_removing_cells_restarts():
    at = unfold(AppTest.from_file(str(ROOT / "playground/pages/compare.py"), default_timeout=60),
                "cmp_more_model_open").run()
    at.selectbox(key="cmp_init").set_value("identity").run()
    run = at.session_state["cmp_run"]
    assert run.trainers["rnn"].model_config.init == "identity"
    assert run.trainers["lstm"].model_config.init == "default" and not at.exception
    at.multiselect(key="cmp_cells").set_value(["lstm"]).run()
    assert list(at.session_state["cmp_run"].trainers) == ["lstm"]
    at.multiselect(key="cmp_cells").set_value([]).run()
    assert any("at least one cell" in e.value for e in at.error) and not at.exception


def test_each_cell_one_way_and_both_ways():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.switch_page("playground/pages/compare.py").run()
    at.selectbox(key="cmp_task").set_value("agreement").run()
    at.multiselect(key="cmp_cells").set_value(["lstm"]).run()
    at.toggle(key="cmp_directions").set_value(True).run()
    assert not at.exception and not at.error
    run = at.session_state["cmp_run"]
    assert list(run.trainers) == ["lstm", "lstm_bi"]
    assert [t.model_config.bidirectional for t in run.trainers.values()] == [False, True]
    at.button(key="cmp_step").click().run()
    labels = [m.label for m in at.metric]
    assert "LSTM →" in labels and "LSTM ⇄" in labels
    at.selectbox(key="cmp_task").set_value("charlm").run()
    assert any("must not read ahead" in e.value for e in at.error)
    assert at.session_state["cmp_run"] is run  # kept


def test_tagging_one_way_against_both_ways_on_the_first_names():
    """The course's Teddy bears / Teddy Roosevelt: reading left to right an LSTM stays near the
    commoner tag on first names; both ways it tags them."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.switch_page("playground/pages/compare.py").run()
    at.selectbox(key="cmp_task").set_value("tagging").run()
    at.multiselect(key="cmp_cells").set_value(["lstm"]).run()
    at.toggle(key="cmp_directions").set_value(True).run()
    run = at.session_state["cmp_run"]
    run.step(200)
    at.run()
    assert not at.exception and not at.error
    one_way = run.trainers["lstm"].evaluate()["accuracy_ambiguous"]
    both_ways = run.trainers["lstm_bi"].evaluate()["accuracy_ambiguous"]
    assert one_way <= 0.6 and both_ways >= 0.95, (one_way, both_ways)
    chart = next(c for c in at.get("vega_lite_chart")
                 if c.proto.alt.startswith("Accuracy comparison on the ambiguous words"))
    assert chart is not None


def test_sentiment_three_models_by_phrase_type_and_the_naive_bayes_example():
    at = unfold(AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120),
                "cmp_nb_example_open")
    at.switch_page("playground/pages/compare.py").run()
    at.selectbox(key="cmp_task").set_value("sentiment").run()
    at.multiselect(key="cmp_cells").set_value(["lstm"]).run()
    assert not at.exception and not at.error
    at.button(key="cmp_sent_train").click().run()
    assert not at.exception and not at.error
    result = at.session_state["_cmp_sentiment"]
    negated = {m: r["by_type"]["negated"] for m, r in result["models"].items()}
    assert negated["naive_bayes"] <= 0.6 and negated["average"] <= 0.6, negated
    assert negated["recurrent"] >= 0.9, negated
    shown = " ".join(m.value for m in at.markdown)
    assert "Classification task uses transformer" in shown
    tables = [d.value for d in at.dataframe]
    scores = next(t for t in tables if "score" in t.columns)
    assert set(scores["score"]) == {"1/76832", "1/10000"}
