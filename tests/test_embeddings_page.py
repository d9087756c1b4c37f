"""AppTest: the Embeddings page trains, projects, and turns bad text into messages."""
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, unfold

PAGE = "playground/pages/embeddings.py"


FOLDS = ("emb_settings_open", "emb_projection_open", "emb_sg_more_open", "emb_gl_more_open", "emb_more_tsne_open", "emb_tools_open")


def open_page(**settings):
    """The page with its settings' folds open (kit/fold.py), `settings` set one by one."""
    at = unfold(AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=90), *FOLDS)
    at.switch_page(PAGE).run()
    for key, value in settings.items():
        for kind in (at.selectbox, at.slider, at.number_input, at.radio):
            try:
                widget = kind(key=key)
            except KeyError:
                continue
            widget.set_value(value).run()
            break
        else:
            raise KeyError(key)
    return at


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_page_trains_and_shows_projection_neighbours_and_bias():
    at = open_page(emb_sentences=500, emb_words=60)
    assert not at.exception and not at.error
    assert metric(at, "Step") == "0"
    for _ in range(2):
        at.button(key="emb_step").click().run()
    assert metric(at, "Step") == "2" and not at.exception
    run = at.session_state["emb_run"]
    assert run.trainer.state.step == 2 and run.corpus.name.startswith("synthetic english, 500")
    assert hasattr(run.lock, "acquire")
    analogy = at.table[0].value
    assert list(analogy.columns) == ["rank", "word", "cosine"] and len(analogy) == 5
    assert any("t-SNE is non-linear" in w.value for w in at.warning)
    assert not any("Gender direction" in m.value for m in at.markdown)   # a closed tab
    at.session_state["emb_tools_tab"] = "Bias"
    at.run()
    assert any("Gender direction" in m.value for m in at.markdown) and not at.exception
    assert "emb_word" not in {s.key for s in at.selectbox}
    at.radio(key="emb_method").set_value("pca").run()
    assert not at.exception and not at.error


def test_perplexity_too_large_is_a_message_not_a_crash():
    at = open_page(emb_sentences=300, emb_words=20, emb_perplexity=30.0)
    assert not at.exception
    assert any("too large for 20 points" in e.value for e in at.error)


def test_bad_texts_give_messages():
    at = open_page(emb_corpus="text")
    assert any("empty" in e.value for e in at.error) and not at.exception
    at.text_area(key="emb_text").input("x " * 150_001).run()
    assert any("limit is 200,000" in e.value for e in at.error) and not at.exception
    at.text_area(key="emb_text").input("<b>고양이</b> 가 😀 밥 을 먹어요\n<script>x</script> 먹어요").run()
    assert not at.exception and at.session_state["emb_run"].corpus.name == "your text"
    too_few = ("Perplexity 10 is too large for 12 points: t-SNE needs at least 3 x perplexity + 1"
               " = 31 points. Lower the perplexity to at most 3 or show more points.")
    assert [e.value for e in at.error] == [too_few]  # 12 distinct tokens: perplexity comes down
    at.radio(key="emb_method").set_value("pca").run()
    assert not at.exception and not at.error


def test_glove_cooccurrence_table_and_train_model_source():
    at = open_page(emb_source="glove", emb_sentences=300)
    assert not at.exception and not at.error
    at.button(key="emb_step").click().run()
    assert at.session_state["emb_run"].trainer.method == "glove"
    assert at.session_state["emb_run"].choice.config.dim == 8  # GloVe's own default, not skip-gram's 24
    at.text_area(key="emb_cooc_text").input("").run()
    assert any("empty" in e.value for e in at.error)
    at.radio(key="emb_source").set_value("train").run()
    assert not at.exception and any("Train page" in i.value for i in at.info)


def test_the_help_topics_of_this_python_are_a_word_corpus():
    at = open_page(emb_corpus="pydoc", emb_words=60)
    at.button(key="emb_step").click().run()
    assert not at.exception and not at.error
    corpus = at.session_state["emb_run"].corpus
    assert corpus.name.startswith("pydoc topics of Python 3.") and corpus.language == "english"
    assert "the" in corpus.words[:5] and "statement" in corpus.index and len(corpus.words) > 1000


def test_a_new_visitor_gets_the_vector_tools_folded_and_a_lesson_step_opens_them():
    from playground.lessons.course.words import EMBEDDINGS
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=90)
    at.switch_page(PAGE).run()
    assert not at.exception and not at.error
    labels = [e.label for e in at.expander]
    assert any(label.startswith("Word vectors: nearest neighbours") for label in labels), labels
    assert not at.table and not at.tabs                        # nothing of them is sent
    assert "emb_word" not in {s.key for s in at.selectbox}
    # the corpus, trainer and projection settings are folded too, and read: the run has them
    assert [e.label for e in at.sidebar.expander] == ["Corpus and trainer",
                                                      "Projection (t-SNE or PCA)"]
    assert not at.sidebar.slider and not at.sidebar.number_input
    assert at.session_state["emb_run"].choice.corpus.sentences == 20000
    # following the lesson step on king − man + woman (it sets the analogy's words) opens them
    assert "emb_analogy_a" in EMBEDDINGS.steps[1].settings
    at.session_state["lesson"], at.session_state["lesson_step"] = EMBEDDINGS.number, 2
    at.run()
    assert not at.exception
    assert [list(t.value.columns) for t in at.table] == [["rank", "word", "cosine"]]
    at.session_state["emb_tools_open"] = False   # closed by the learner, it stays closed
    at.run()
    assert not at.table and not at.exception
    at.session_state["lesson_step"] = 1          # a step that does not set the words
    at.run()
    assert not at.table and not at.exception
