"""AppTest: the Attention page trains on pairs (the shipped example, pasted or uploaded ones),
and malformed pairs, too few pairs and unknown characters become messages that keep the run."""
from engine.seq2seq.pairs import number_pairs, pairs_text
from playground.kit.urlstate import LINK_POPOVER
from tests.test_attention_page import metric, open_attention

PHRASES = [("hello", "안녕하세요"), ("thank you", "고맙습니다"), ("good morning", "좋은 아침"),
           ("good night", "잘 자요"), ("see you", "또 봐요"), ("i am sorry", "미안해요"),
           ("yes", "네"), ("no", "아니요"), ("water", "물"), ("friend", "친구"),
           ("school", "학교"), ("cat", "고양이"), ("dog", "개"), ("book", "책"),
           ("teacher", "선생님"), ("student", "학생"), ("house", "집"), ("food", "음식"),
           ("love", "사랑"), ("time", "시간"), ("today", "오늘"), ("tomorrow", "내일")]


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def yours(at):
    at.radio(key="attn_pairs_source").set_value("yours").run()
    return at


def test_the_example_pairs_train_and_the_heatmap_reads_a_held_out_number():
    at = open_attention("pairs", attn_hidden=8)
    assert not at.exception and not at.error
    run = at.session_state["attn_run"]
    task = run.task
    assert task.name == "pairs" and task.config.text == pairs_text(number_pairs())
    probe = at.text_input(key="attn_probe").value
    assert probe in {s for s, _ in task.heldout(1000)}  # a number it never trains on
    at.button(key="attn_step").click().run()
    assert metric(at, "Step") == "1" and not at.exception
    at.button(key="attn_evaluate").click().run()
    assert not at.exception and run.evaluations


def test_pasted_pairs_train_and_a_typed_unknown_character_is_a_message():
    at = yours(open_attention("pairs", attn_hidden=8))
    assert any("Paste your pairs" in e for e in errors(at)) and not at.exception
    at.text_area(key="attn_pairs").input(pairs_text(PHRASES)).run()
    assert not at.exception and not at.error
    run = at.session_state["attn_run"]
    assert run.task.name == "pairs" and ("cat", "고양이") in run.task.train_pairs + run.task.heldout_pairs
    at.text_input(key="attn_probe").input("café!").run()
    assert any("'é', '!'" in e for e in errors(at)) and not at.exception


def test_malformed_pairs_name_their_lines_and_keep_the_run():
    at = yours(open_attention("pairs", attn_hidden=8))
    at.text_area(key="attn_pairs").input(pairs_text(PHRASES)).run()
    run = at.session_state["attn_run"]
    bad = pairs_text(PHRASES[:10]) + "\nno tab here\n" + pairs_text(PHRASES[10:]) + "a\tb\tc\n"
    at.text_area(key="attn_pairs").input(bad).run()
    message = " ".join(errors(at))
    assert "line 12: no tab" in message and "line 25: 2 tabs" in message, message
    assert at.session_state["attn_run"] is run and not at.exception
    at.text_area(key="attn_pairs").input(pairs_text(PHRASES[:5])).run()
    assert any("at least 20" in e for e in errors(at))
    assert at.session_state["attn_run"] is run


def test_an_uploaded_pairs_file_is_used_and_the_link_says_it_cannot_carry_it():
    at = yours(open_attention("pairs", attn_hidden=8))
    at.session_state[LINK_POPOVER] = True   # Copy link, opened: it says what the link lacks
    raw = ("\ufeff" + pairs_text(PHRASES).replace("\n", "\r\n")).encode()
    at.file_uploader(key="attn_pairs_file").set_value(("phrases.tsv", raw, "text/tab-separated-values")).run()
    assert not at.exception and not at.error
    assert at.session_state["attn_run"].task.config.text == pairs_text(PHRASES)
    assert any("phrases.tsv: all" in c.value for c in at.caption)
    assert any("Not in the link: the uploaded file phrases.tsv" in w.value for w in at.warning)
    at.file_uploader(key="attn_pairs_file").set_value(("x.tsv", b"\x00\x01", "text/plain")).run()
    assert any("not a text file" in e and "Still using phrases.tsv" in e for e in errors(at))


def test_the_problem_is_repeated_above_the_run_where_it_can_be_seen():
    """The sidebar's message sits under a long paste box: the page's body says it too."""
    at = yours(open_attention("pairs", attn_hidden=8))
    body = [w.value for w in at.main.warning]
    assert any("keeps its last good settings: Paste your pairs" in w for w in body), body
    at.text_area(key="attn_pairs").input(pairs_text(PHRASES)).run()
    assert not at.main.warning
    at.text_area(key="attn_pairs").input("no tab\n" * 30).run()
    body = [w.value for w in at.main.warning]
    assert any("keeps its last good settings: 30 lines are not" in w for w in body), body


def test_a_link_to_pairs_without_pairs_says_what_to_do_in_the_body():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"attn_task": "pairs", "attn_pairs_source": "yours"})
    at.switch_page("playground/pages/attention.py").run()
    assert not at.exception and "attn_run" not in at.session_state
    body = [w.value for w in at.main.warning]
    assert any(w.startswith("Fix the settings in the sidebar to start a run: Paste your pairs")
               for w in body), body
