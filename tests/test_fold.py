"""AppTest: folded groups (playground/kit/fold.py) send nothing while closed, keep their
settings, and open by themselves when a link or course example changes one of them."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, train_app, unfold

MODEL, TRAINING = "train_more_model_open", "train_more_training_open"
SETTINGS = "train_settings_open"   # the Train page's whole sidebar of settings


def keys(at) -> set[str]:
    return {w.key for kind in ("selectbox", "radio", "slider", "select_slider", "toggle",
                               "number_input", "file_uploader", "text_area")
            for w in at.get(kind) if getattr(w, "key", None)}


def test_a_new_visitor_gets_the_train_settings_folded_and_not_sent():
    at = train_app(folds=()).run()
    assert not at.exception and not at.error
    assert not keys(at.sidebar), keys(at.sidebar)       # not one settings widget is sent
    assert [e.label for e in at.sidebar.expander] == ["Task, model and training"]
    assert at.get("vega_lite_chart")                     # the network view is drawn all the same
    run = at.session_state["train_run"]                  # from the table's defaults, read
    assert (run.choice.task, run.choice.model.cell, run.choice.model.hidden) == ("copy", "lstm", 32)
    unfold(at, SETTINGS).run()                           # opened: drawn, the same run
    assert {"train_task", "train_cell", "train_hidden"} <= keys(at.sidebar)
    assert at.session_state["train_run"] is run


def test_a_link_that_changes_a_setting_opens_the_train_settings_but_not_the_more_folds():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"train_cell": "gru"})
    at.switch_page("playground/pages/train.py").run()
    assert not at.exception and not at.error
    assert at.radio(key="train_cell").value == "gru"
    assert "train_init" not in keys(at) and "train_clip" not in keys(at)
    at.session_state[SETTINGS] = False   # closed by hand, it stays closed
    at.run()
    assert not keys(at.sidebar)
    assert at.session_state["train_run"].choice.model.cell == "gru"


def test_with_the_settings_open_the_less_used_ones_are_folded_and_not_sent():
    at = train_app(folds=(SETTINGS,)).run()
    assert not at.exception and not at.error
    drawn = keys(at)
    assert {"train_task", "train_cell", "train_hidden", "train_layers", "train_lr",
            "train_optimizer"} <= drawn
    folded = {"train_activation", "train_embedding", "train_forget_bias", "train_init",
              "train_bidirectional", "train_clip_on", "train_clip", "train_batch", "train_tbptt",
              "train_seed", "train_upload"}
    assert not folded & drawn, folded & drawn
    assert not at.get("download_button") and not at.dataframe   # Save panel, task example
    labels = [e.label for e in at.expander]
    assert any(label.startswith("More: RNN activation") for label in labels), labels
    # what is not drawn is read: the run has the table's defaults
    run = at.session_state["train_run"]
    assert run.choice.model.embedding == 16 and run.choice.train.seed == 0


def test_a_setting_changed_in_an_open_fold_stays_when_it_closes():
    at = train_app(folds=(SETTINGS, MODEL)).run()
    at.selectbox(key="train_init").set_value("identity").run()
    at.radio(key="train_cell").set_value("rnn").run()
    at.button(key="train_step").click().run()
    run = at.session_state["train_run"]
    assert run.choice.model.init == "identity"
    at.session_state[MODEL] = False          # the learner closes the fold
    at.run()
    assert "train_init" not in keys(at) and not at.exception
    assert at.session_state["train_run"] is run          # same run: nothing was reset
    assert at.query_params.get("train_init") == "identity"   # and the link still says so


def test_a_link_that_changes_a_folded_setting_opens_its_fold():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"train_task": "copy", "train_clip_on": "true", "train_clip": "5"})
    at.switch_page("playground/pages/train.py").run()
    assert not at.exception and not at.error
    drawn = keys(at)
    assert {"train_clip_on", "train_clip", "train_seed"} <= drawn     # the training fold is open
    assert "train_init" not in drawn                                  # the model fold is not
    assert at.session_state["train_run"].choice.train.clip == 5.0
    at.session_state[TRAINING] = False   # closed by hand, it stays closed
    at.run()
    assert "train_clip" not in keys(at)
    assert at.session_state["train_run"].choice.train.clip == 5.0


def test_the_gates_page_reads_the_shared_settings_without_drawing_them():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"train_cell": "gru", "train_task": "hello", "train_embedding": "0"})
    at.switch_page("playground/pages/gates.py").run()
    assert not at.exception and not at.error
    sidebar = {w.key for w in at.sidebar.get("selectbox")} | {w.key for w in at.sidebar.get("slider")}
    assert "train_cell" not in sidebar and "train_hidden" not in sidebar
    model = at.session_state["train_run"].choice.model
    assert model.cell == "gru" and model.embedding == 0
    unfold(at, "train_shared_open").run()                 # opened: the same settings, drawn
    assert at.radio(key="train_cell").value == "gru"
    assert at.session_state["train_run"].choice.model == model


def test_a_problem_with_a_folded_setting_is_said_in_the_sidebar():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"train_task": "charlm", "train_corpus": "your text"})
    at.switch_page("playground/pages/gates.py").run()   # an empty text of your own
    assert not at.exception
    assert any("Paste some text" in e.value for e in at.sidebar.error), \
        [e.value for e in at.sidebar.error]


def test_the_attention_and_embeddings_sidebars_fold_their_less_used_settings():
    for page, shown, folded in [
            ("attention", {"attn_attention", "attn_cell", "attn_hidden", "attn_lr"},
             {"attn_embedding", "attn_attention_size", "attn_clip", "attn_batch", "attn_seed"}),
            ("embeddings", {"emb_sg_dim", "emb_sg_window", "emb_sg_lr", "emb_method"},
             {"emb_sg_negatives", "emb_sg_subsample", "emb_sg_batch", "emb_perplexity",
              "emb_iterations"})]:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=90)
        at.query_params.update({"attn_batch": "16"} if page == "attention" else {})
        if page == "embeddings":   # the sidebar's own folds, open (attention's: by the link)
            unfold(at, "emb_settings_open", "emb_projection_open")
        at.switch_page(f"playground/pages/{page}.py").run()
        assert not at.exception and not at.error
        drawn = keys(at)
        if page == "attention":   # the link changed a training setting: that fold is open
            assert {"attn_batch", "attn_seed"} <= drawn
            folded -= {"attn_clip", "attn_batch", "attn_seed"}
            assert at.session_state["attn_run"].choice.train.batch == 16
        assert shown <= drawn and not folded & drawn, (page, folded & drawn)


def sidebar_keys(at) -> set[str]:
    return {w.key for kind in ("selectbox", "radio", "slider", "select_slider", "toggle",
                               "number_input", "text_area", "multiselect")
            for w in at.sidebar.get(kind) if getattr(w, "key", None)}


@pytest.mark.parametrize("page, query, folds, settings", [
    ("train", {"train_task": task}, ("train_settings_open", "train_more_model_open",
                                     "train_more_training_open"), "train")
    for task in ("copy", "charlm", "names", "tagging", "agreement")] + [
    ("attention", {"attn_task": task}, ("attn_settings_open", "attn_more_model_open",
                                        "attn_more_training_open"), "attention")
    for task in ("dates", "reverse", "pairs")] + [
    ("embeddings", {"emb_source": source}, ("emb_settings_open", "emb_projection_open",
                                            "emb_sg_more_open", "emb_gl_more_open",
                                            "emb_more_tsne_open"), "embeddings")
    for source in ("skipgram", "glove")])
def test_every_setting_in_a_sidebar_fold_is_one_that_opens_it(page, query, folds, settings):
    """The lists that open a sidebar's fold (a link that changes one of them shows it) name
    every setting drawn in it, for each task."""
    from playground.attention.sidebar import SETTINGS as ATTENTION
    from playground.embeddings.sidebar import PROJECTION_SETTINGS, RUN_SETTINGS
    from playground.train.sidebar import SETTINGS as TRAIN

    listed = {"train": set(TRAIN), "attention": set(ATTENTION),
              "embeddings": {"emb_source", *RUN_SETTINGS, *PROJECTION_SETTINGS}}[settings]
    at = unfold(AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=90), *folds)
    at.query_params.update(query)
    at.switch_page(f"playground/pages/{page}.py").run()
    assert not at.exception
    drawn = sidebar_keys(at)
    assert len(drawn) >= 5 and drawn <= listed, drawn - listed
