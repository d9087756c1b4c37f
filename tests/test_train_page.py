"""AppTest: the Train page renders, Step advances, settings apply live or reset with a notice."""
import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from engine.history import History
from engine.ngram import ngram_perplexities
from playground.kit import MAX_POINTS
from playground.train.page import chart_rows
from tests.conftest import train_app


@pytest.fixture
def app():
    return train_app().run()


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_page_renders_without_errors(app):
    assert not app.exception and not app.error
    assert metric(app, "Step") == "0" and metric(app, "Status") == "paused"
    assert app.button(key="train_play").label == "Play"


def test_step_advances_the_step_counter(app):
    app.button(key="train_step").click().run()
    app.button(key="train_step").click().run()
    assert metric(app, "Step") == "2"
    assert metric(app, "Loss") != "–"
    assert app.session_state["train_run"].trainer.state.step == 2


def test_learning_rate_applies_live_without_losing_the_run(app):
    app.button(key="train_step").click().run()
    app.select_slider(key="train_lr").set_value(0.1).run()
    run = app.session_state["train_run"]
    assert run.trainer.state.step == 1 and run.trainer.optimizer.param_groups[0]["lr"] == 0.1
    assert any("lr 0.01 → 0.1" in t.value for t in app.toast)


def test_architecture_change_resets_the_run_and_says_so(app):
    app.button(key="train_step").click().run()
    app.slider(key="train_hidden").set_value(8).run()
    run = app.session_state["train_run"]
    assert run.trainer.state.step == 0 and run.choice.model.hidden == 8
    assert any("hidden 32 → 8" in i.value for i in app.info)


def test_task_switch_shows_its_controls_and_keeps_working(app):
    app.selectbox(key="train_task").set_value("copy").run()
    app.slider(key="train_lag").set_value(30).run()
    app.button(key="train_step").click().run()
    run = app.session_state["train_run"]
    assert run.trainer.task.name == "copy" and run.trainer.task.config.lag == 30
    assert run.trainer.state.step == 1 and not app.exception


def test_bad_text_is_a_message_and_the_run_is_kept(app):
    app.button(key="train_step").click().run()
    app.selectbox(key="train_task").set_value("charlm").run()
    app.selectbox(key="train_corpus").set_value("your text").run()
    app.text_area(key="train_text").input("far too short").run()
    assert any("needs at least" in e.value for e in app.error)
    assert not app.exception
    assert app.session_state["train_run"].trainer.task.name == "charlm"  # the corpus run stays


def test_korean_text_trains(app):
    app.selectbox(key="train_task").set_value("charlm").run()
    app.selectbox(key="train_corpus").set_value("your text").run()
    app.text_area(key="train_text").input("고양이가 생선을 먹었어요. 강아지가 뼈를 좋아해요. " * 12).run()
    app.button(key="train_step").click().run()
    run = app.session_state["train_run"]
    assert "고" in run.trainer.task.vocab and run.trainer.state.step == 1
    assert not app.exception and not app.error


def perplexity_chart(at) -> tuple[str, pd.DataFrame]:
    """(caption, n-gram reference rows) of the Train page's perplexity chart, as sent."""
    chart = next(c.proto for c in at.get("vega_lite_chart")
                 if c.proto.alt.startswith("Perplexity chart"))
    frames = [convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.datasets if d.name]
    caption = next(c.value for c in at.caption if c.value.startswith("Thin: training batch"))
    return caption, next(f for f in frames if "label" in f.columns)


def test_the_perplexity_chart_names_its_characters_and_follows_the_corpus(app):
    """Both lines score the same held-out characters; the caption says which, and the n-gram
    line is the current corpus's (it is a constant of a cached chart spec)."""
    app.selectbox(key="train_task").set_value("charlm").run()
    app.button(key="train_step").click().run()
    caption, ref = perplexity_chart(app)
    assert "2,999 characters, each predicted from the 64 or more characters before it" in caption
    assert "3-gram, add-0.1 model on the same characters with the same context, 3.62." in caption
    assert ref["value"].tolist() == pytest.approx([3.6203], abs=1e-4)
    assert ref["label"].tolist() == ["3-gram, add-0.1, same characters and context"]  # tooltip
    app.selectbox(key="train_corpus").set_value("korean").run()
    app.button(key="train_step").click().run()
    task = app.session_state["train_run"].trainer.task
    korean = ngram_perplexities(task.train_ids, task.heldout_ids, len(task.vocab))[3]
    caption, ref = perplexity_chart(app)
    assert ref["value"].tolist() == pytest.approx([korean]) and korean > 5
    assert f"{len(task.heldout_ids) - 1:,} characters" in caption and not app.exception


def test_the_charts_keep_every_held_out_evaluation_when_thinned():
    """900 steps thinned to ~150 rows (every 6th record: steps 1, 7, 13, ..., never a multiple
    of 50) kept step 1's held-out dot and the newest record's: the dots vanished in play."""
    history = History(2000)
    for step in range(1, 901):
        history.append({"step": step, "loss": 1.0, **({"val_perplexity": 3.0}
                                                      if step == 1 or step % 50 == 0 else {})})
    rows = chart_rows(history)
    assert [r["step"] for r in rows if "val_perplexity" in r] == [1, *range(50, 901, 50)]
    assert [r["step"] for r in rows] == sorted({r["step"] for r in rows})
    assert len(rows) <= MAX_POINTS + 20

def diverge(app, task: str, **selects) -> None:
    """A ReLU RNN with SGD at lr 100 on `task`, stepped until it diverges (at most 60 steps)."""
    app.selectbox(key="train_task").set_value(task).run()
    settings = {"train_cell": "rnn", "train_activation": "relu", **selects, "train_optimizer": "sgd"}
    radios = {"train_cell", "train_activation", "train_optimizer"}   # short option lists
    for key, value in settings.items():
        (app.radio if key in radios else app.selectbox)(key=key).set_value(value).run()
    app.select_slider(key="train_lr").set_value(100.0).run()
    for _ in range(60):
        app.button(key="train_step").click().run()
        if metric(app, "Status") == "diverged":
            break


def test_diverged_run_is_shown_as_diverged(app):
    diverge(app, "copy", train_init="identity")
    assert metric(app, "Status") == "diverged"
    assert any("Diverged at step" in e.value for e in app.error) and not app.exception


@pytest.mark.parametrize("task", ["hello", "charlm"])
def test_a_diverged_language_model_shows_diverged_in_its_panel(app, task):
    """ReLU RNN, SGD, lr 100 diverges within a few steps; the sample/score panel then says so
    instead of raising OverflowError (scoring) or torch's RuntimeError (sampling)."""
    diverge(app, task)
    assert metric(app, "Status") == "diverged" and not app.exception, app.exception
    assert [m.value for m in app.metric if m.label == "Perplexity"] == ["diverged", "diverged"]
    if task == "charlm":  # its weights overflow too: sampling says so
        assert any("diverged" in w.value for w in app.warning)


def test_the_corpora_read_from_this_python_train_with_their_own_sentences(app):
    """Issue 17: the Python-source and the help-topics corpora are choices with readable labels;
    each trains, its n-gram line is its own, and the scored sentences follow it."""
    app.selectbox(key="train_task").set_value("charlm").run()
    box = app.selectbox(key="train_corpus")
    assert box.options == ["shipped English", "shipped Korean",
                           "Python source (this Python's standard library)",
                           "English prose (this Python's help topics)", "your text"]
    box.set_value("python").run()
    app.button(key="train_step").click().run()
    task = app.session_state["train_run"].trainer.task
    assert task.config.corpus == "python" and len(task.text) > 140_000 and not app.exception
    _, ref = perplexity_chart(app)
    assert ref["value"].tolist() == pytest.approx([8.4691], abs=1e-3)  # its own 3-gram line
    assert app.text_input(key="train_sentence_a").value == "        return f(x[i], (y, z))"
    app.selectbox(key="train_corpus").set_value("pydoc").run()
    app.button(key="train_step").click().run()
    assert app.text_input(key="train_sentence_b").value == "The default value are None."
    assert app.session_state["train_run"].trainer.task.config.corpus == "pydoc"
    assert not app.exception and not app.error


def test_live_charts_carry_their_titles_in_their_specs(app):
    """Each live chart's title is in its Vega-Lite spec (one element per chart, not a text
    element too), and the chart is taller by the title so its plot keeps its size."""
    import json

    from playground.kit import charts

    app.button(key="train_step").click().run()
    specs = [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]
    titles = [s.get("title", {}).get("text") for s in specs]
    assert titles == ["The network, unrolled through time", "Loss", "Accuracy", "Gradient norm",
                      "Gradient through time", "Gradient reaching step 1, over training"]
    assert not [m.value for m in app.markdown if m.value.strip("*") in titles]
    loss = specs[titles.index("Loss")]
    assert loss["title"]["anchor"] == "start" and loss["height"] == charts.HEIGHT + charts.TITLE_HEIGHT


def test_a_title_adds_its_height_only_to_a_chart_of_one_set_height():
    from playground.kit import charts

    layered = {"layer": [], "height": 220}
    assert charts.titled(layered, "Loss")["height"] == 220 + charts.TITLE_HEIGHT
    assert layered == {"layer": [], "height": 220}                        # not changed
    grid = {"concat": [{"height": 100}], "columns": 2}                      # sized per panel
    assert "height" not in charts.titled(grid, "Gates")
    assert charts.titled(grid, "Gates")["title"]["text"] == "Gates"
