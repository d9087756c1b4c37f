"""The interface in English and Korean: both catalogues hold the same keys and placeholders, every
setting has its Korean label and help, a `lang=ko` link opens Korean, switching keeps the run,
and converted modules pass no literal text to Streamlit (an AST check)."""
import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.fields import FIELDS
from playground.i18n import from_browser
from playground.i18n.catalogue import fields, placeholders, ui
from tests.conftest import ROOT, train_app, unfold

# Modules whose every learner-visible string comes from the catalogue. The others still pass
# English literals to Streamlit and are converted page by page (issue 20); a module joins this
# list when it is done, and the AST check below then keeps it that way.
# every module of the interface: none may hand Streamlit a literal text (the catalogue has them)
CONVERTED = tuple(sorted(str(p.relative_to(ROOT)) for p in (ROOT / "playground").rglob("*.py")))
TEXT_CALLS = {"title", "header", "subheader", "caption", "markdown", "write", "info", "warning",
              "error", "success", "toast", "button", "metric", "popover", "expander", "selectbox",
              "slider", "toggle", "text_input", "text_area", "radio", "multiselect",
              "number_input", "file_uploader", "download_button", "status", "checkbox",
              "select_slider", "segmented_control", "tabs", "set_page_config"}
TEXT_KWARGS = {"label", "help", "placeholder", "page_title", "caption"}


def test_both_catalogues_have_the_same_keys_and_placeholders():
    en, ko = ui("en"), ui("ko")
    assert set(en) == set(ko), set(en) ^ set(ko)
    differ = {k: (en[k], ko[k]) for k in en if placeholders(en[k]) != placeholders(ko[k])}
    assert not differ, differ
    untranslated = [k for k in en if en[k] == ko[k] and any(c.isalpha() for c in en[k])]
    assert not untranslated, untranslated


def test_every_setting_has_its_korean_label_help_and_option_labels():
    ko = fields("ko")
    assert set(ko) == set(FIELDS), set(ko) ^ set(FIELDS)
    for key, f in FIELDS.items():
        row = ko[key]
        assert row.get("label"), key
        assert bool(row.get("help")) == bool(f.help), key
        assert placeholders(row.get("help", "")) == placeholders(f.help), key
        if f.labels:
            assert set(row.get("options", {})) == {str(o) for o in f.labels}, key
        words = sum(c.isalpha() for c in f.label + f.help) > 1  # not a bare "a", "+ c"
        korean = any("\uac00" <= c <= "\ud7a3" for c in row["label"] + row.get("help", ""))
        assert korean or not words, (key, row["label"])


@pytest.mark.parametrize("locale, lang", [("ko-KR", "ko"), ("ko", "ko"), ("en-US", "en"),
                                          ("fr-FR", "en"), (None, "en"), ("", "en")])
def test_the_browser_language_picks_the_catalogue(locale, lang):
    assert from_browser(locale) == lang


def korean_app(page="playground/pages/train.py", folds=("train_settings_open",)) -> AppTest:
    """A Korean link to `page`, with the folds `folds` open (the Train page's settings)."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["lang"] = "ko"
    at.switch_page(page)
    return unfold(at, *folds).run()


def test_a_new_korean_visitor_sees_the_settings_fold_named_in_korean():
    at = korean_app(folds=())
    assert [e.label for e in at.sidebar.expander] == [ui("ko")["train.settings"]]


def test_a_korean_link_opens_the_page_in_korean_and_the_link_keeps_it():
    at = korean_app()
    assert not at.exception
    assert at.title[0].value == ui("ko")["page.train.title"]
    assert at.button(key="train_play").label == "재생"
    assert at.selectbox(key="train_task").label == fields("ko")["train_task"]["label"]
    assert at.slider(key="train_hidden").label == fields("ko")["train_hidden"]["label"]
    assert at.query_params.get("lang") == ["ko"] or at.query_params.get("lang") == "ko"
    assert [m.label for m in at.metric][:4] == ["스텝", "초당 스텝", "손실(loss)", "상태"]


def test_switching_language_keeps_the_run_and_the_settings():
    at = train_app().run()
    at.slider(key="train_hidden").set_value(48).run()
    at.button(key="train_step").click().run()
    run = at.session_state["train_run"]
    at.session_state["lang"] = "ko"  # what the sidebar's switch does
    at.run()
    assert not at.exception
    assert at.session_state["train_run"] is run and run.trainer.state.step == 1
    assert at.slider(key="train_hidden").value == 48
    assert at.button(key="train_play").label == "재생"


def literal_texts(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every literal string with letters passed as a label, help or body to a
    Streamlit call in the module at `path`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in TEXT_CALLS):
            continue
        args = node.args[:1] + [k.value for k in node.keywords if k.arg in TEXT_KWARGS]
        for arg in args:
            parts = ([arg] if isinstance(arg, ast.Constant) else
                     [v for v in arg.values if isinstance(v, ast.Constant)]
                     if isinstance(arg, ast.JoinedStr) else [])
            text = "".join(p.value for p in parts if isinstance(p.value, str))
            if any(c.isalpha() for c in text):
                found.append((node.lineno, text))
    return found


@pytest.mark.parametrize("module", CONVERTED)
def test_converted_modules_pass_no_literal_text_to_streamlit(module):
    assert literal_texts(ROOT / module) == []


def test_the_ast_check_finds_a_literal():
    """The check itself: it flags a literal label, an f-string body and a help keyword."""
    sample = ROOT / "tests" / "_i18n_sample.py"
    sample.write_text('import streamlit as st\nst.button("Play")\nst.caption(f"At step {n}")\n'
                      'st.slider(t("x"), help="Some help")\nst.markdown(t("ok"))\n')
    try:
        assert [line for line, _ in literal_texts(sample)] == [2, 3, 4]
    finally:
        sample.unlink()


def test_a_korean_link_gives_no_unknown_setting_notice():
    at = korean_app()
    assert not [w.value for w in at.warning if "lang" in w.value]


def test_a_korean_session_can_change_a_select_again_and_again():
    """AppTest formats a select's options outside the script run: the widget keeps the
    language it was drawn in."""
    at = korean_app()
    at.selectbox(key="train_task").set_value("agreement").run()
    at.radio(key="train_cell").set_value("gru").run()
    assert not at.exception
    assert at.session_state["train_run"].choice.task == "agreement"


def test_a_korean_link_with_bad_values_gets_korean_notices():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"lang": "ko", "train_hidden": "500", "no_such": "1"})
    at.switch_page("playground/pages/train.py").run()
    text = " ".join(w.value for w in at.warning)
    assert ui("ko")["link.adjusted"] in text
    assert "최댓값보다 커서 128" in text and "알 수 없는 설정" in text, text
    assert text.index("알 수 없는 설정") < text.index("최댓값")  # unknown names first


def test_every_engine_message_key_has_its_korean_with_the_same_placeholders():
    from engine.messages import MESSAGES
    from playground.i18n.catalogue import engine

    ko = engine("ko")
    assert set(ko) == set(MESSAGES), set(ko) ^ set(MESSAGES)
    for key, english in MESSAGES.items():
        assert placeholders(ko[key]) == placeholders(english), key


def test_an_engine_refusal_reads_in_korean():
    """The engine's message for a typed character the task cannot read, on the Attention page."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["lang"] = "ko"
    at.switch_page("playground/pages/attention.py").run()
    at.text_input(key="attn_probe").input("안녕").run()
    errors = [e.value for e in at.error]
    assert any("과제의 문자에 없습니다" in e and "'안', '녕'" in e for e in errors), errors


def test_say_falls_back_to_the_engine_text():
    from engine.fields import SettingError

    assert str(SettingError.of("upload_empty", name="a.txt")) == "a.txt is empty."
    plain = SettingError("Something only in English.")
    assert plain.key is None


def test_the_gradient_flow_verdict_reads_in_korean():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"lang": "ko", "toy_w_hh": "3.0", "toy_w_xh": "2.0", "toy_b": "1.0"})
    at.switch_page("playground/pages/gradients.py").run()
    assert not at.exception
    boxes = " ".join(b.value for b in (*at.warning, *at.error, *at.success, *at.info))
    assert "포화됩니다" in boxes and "saturates" not in boxes, boxes


def test_malformed_pairs_read_in_korean_with_their_line_numbers():
    from engine.fields import SettingError
    from engine.seq2seq.pairs import parse_pairs
    from playground import i18n

    bad = "".join(f"w{i}\t단어{i}\n" for i in range(25)) + "no tab\n" + "a\tb\tc\n"
    with pytest.raises(SettingError) as caught:
        parse_pairs(bad)
    assert "line 26: no tab; line 27: 2 tabs" in str(caught.value)
    original = i18n.lang
    i18n.lang = lambda: "ko"
    try:
        said = i18n.say(caught.value)
    finally:
        i18n.lang = original
    assert said.startswith("2줄이 소스<TAB>타깃 쌍이 아닙니다: 26번째 줄: 탭이 없습니다; 27번째 줄: "
                           "탭이 2개입니다"), said
    assert "line" not in said and "tab" not in said  # nothing left in English


def test_a_reset_notice_names_what_changed_in_korean():
    at = korean_app()
    at.slider(key="train_hidden").set_value(48).run()
    infos = " ".join(i.value for i in at.info)
    label = fields("ko")["train_hidden"]["label"]
    assert f"{label}: 32 → 48" in infos, infos


def test_a_setting_applied_live_is_named_by_its_korean_label():
    """The toast after a live change (the learning rate) names the setting as the sidebar does;
    English keeps 'lr 0.01 → 0.1' (tests/test_train_page.py)."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["lang"] = "ko"
    unfold(at.switch_page("playground/pages/train.py"), "train_settings_open").run()
    at.button(key="train_step").click().run()
    at.select_slider(key="train_lr").set_value(0.1).run()
    toasts = [x.value for x in at.toast]
    assert any("학습률(learning rate): 0.01 → 0.1" in x for x in toasts), toasts
