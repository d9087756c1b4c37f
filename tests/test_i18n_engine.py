"""The engine's refusals and the lessons' check details in Korean (issue 20): every SettingError
the engine raises outside engine/cli/ carries a key (an AST check keeps it so), each key a
message uses is in engine/messages.py and ko_engine.toml, a refusal reads in Korean with its
values (nested messages too), and a lesson check's detail reads in Korean on its card."""
import ast
import re
import urllib.parse
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.fields import SettingError
from engine.messages import MESSAGES, message
from playground import i18n
from playground.i18n.catalogue import engine, has, placeholders
from playground.lessons.catalogue import LESSONS
from playground.lessons.companion import step_link
from playground.lessons.localize import said
from playground.lessons.model import RunState
from playground.presets import PAGE_FILES
from tests.conftest import ROOT

ENGINE = ROOT / "engine"
ERRORS = {"SettingError", "ModelDiverged"}   # ModelDiverged is a SettingError
# A plain SettingError("...") allowed outside engine/cli/: (path, line) -> why. Empty: none is.
ALLOWED: dict[tuple[str, int], str] = {}


def plain_raises(path: Path) -> list[int]:
    """Lines of `path` that build a SettingError (or ModelDiverged) directly, not with `.of`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in ERRORS]


def engine_modules() -> list[Path]:
    return sorted(p for p in ENGINE.rglob("*.py") if "cli" not in p.relative_to(ENGINE).parts)


def test_every_setting_error_outside_the_cli_has_a_key():
    found = [(str(p.relative_to(ROOT)), line) for p in engine_modules() for line in plain_raises(p)]
    assert [f for f in found if f not in ALLOWED] == [], "raise SettingError.of(key, ...) instead"
    assert all(ALLOWED.values())   # each allowed one says why


def test_the_ast_check_finds_a_plain_setting_error(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('raise SettingError("No.")\nraise SettingError.of("temperature")\n'
                      'raise ModelDiverged(f"{x}")\nraise ModelDiverged.of("diverged_weights")\n')
    assert plain_raises(sample) == [1, 3]


def message_keys(path: Path) -> set[str]:
    """The literal keys `path` passes to SettingError.of / message (an f-string key is left out;
    its keys are checked by the test of its module)."""
    keys = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            continue
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "of") or (
                isinstance(func, ast.Name) and func.id == "message"):
            keys.add(node.args[0].value)
    return keys


def test_every_key_the_engine_uses_is_a_message_with_its_korean():
    used = set().union(*(message_keys(p) for p in engine_modules()))
    assert used - set(MESSAGES) == set()
    assert {"ckpt_build_task", "ckpt_build_model"} <= set(MESSAGES)   # building(what)'s keys
    ko = engine("ko")
    assert set(ko) == set(MESSAGES)
    # `key` would clash with the key argument of SettingError.of and message
    assert not [k for k, text in MESSAGES.items() if "key" in placeholders(text)]
    words = {k: re.sub(r"\{[^{}]*\}", "", text) for k, text in MESSAGES.items()}
    untranslated = [k for k in MESSAGES if ko[k] == MESSAGES[k] and any(map(str.isalpha, words[k]))]
    assert untranslated == [], untranslated


@pytest.fixture
def korean(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "ko")
    return i18n.say


def refusal(call, *args, **kwargs) -> SettingError:
    with pytest.raises(SettingError) as caught:
        call(*args, **kwargs)
    assert caught.value.key, caught.value   # a keyed message
    return caught.value


def test_an_unknown_task_reads_in_korean(korean):
    from engine.tasks import task_config

    error = refusal(task_config, "nope")
    assert str(error).startswith("Unknown task 'nope'; choose one of ")
    assert korean(error).startswith("알 수 없는 과제 'nope'입니다. ")


def test_typed_toy_inputs_read_in_korean(korean):
    from engine.toy import make_inputs

    assert korean(refusal(make_inputs, "typed", 3, typed="1, x")) == (
        "입력한 값 가운데 'x'은(는) 숫자가 아닙니다.")
    error = refusal(make_inputs, "typed", 3, typed="1, 2")
    assert str(error) == ("The typed inputs have 2 numbers but T = 3: type exactly 3, or one "
                          "number to repeat.")
    assert korean(error) == ("입력한 숫자가 2개인데 T = 3입니다: 정확히 3개를 쓰거나, 반복할 숫자 "
                             "하나를 쓰세요.")


def test_a_checkpoint_setting_of_the_wrong_kind_names_it_in_korean(korean):
    """Three messages inside one: the entry, the setting and the kind of value it needs."""
    from engine.checkpoint_fields import config_from
    from engine.config import ModelConfig

    error = refusal(config_from, ModelConfig, {"hidden": 8.0},
                    message("ckpt_entry", entry="model_config"))
    assert str(error) == ("The checkpoint's model_config's hidden must be a whole number, not "
                          "float (8.0).")
    assert korean(error) == "체크포인트의 model_config의 hidden은(는) 정수여야 합니다 (float 8.0가 아니라)."


def test_a_checkpoint_settings_own_range_error_stays_translatable(korean):
    from engine.checkpoint_fields import config_from
    from engine.config import ModelConfig

    error = refusal(config_from, ModelConfig, {"hidden": 100_000},
                    message("ckpt_entry", entry="model_config"))
    assert str(error).startswith("The checkpoint's model_config: hidden=100000 is above its max")
    assert korean(error).startswith("체크포인트의 model_config: hidden=100000는 최댓값")


def test_an_upload_that_is_not_a_checkpoint_reads_in_korean(korean):
    from engine.safeload import read_safely

    error = refusal(read_safely, b"not a zip at all")
    assert str(error).startswith("The uploaded file is not a checkpoint this app can read")
    assert korean(error).startswith("업로드한 파일은(는) 이 앱이 안전하게 읽을 수 있는 체크포인트가 "
                                    "아닙니다: zip 형식의 torch 파일이 아닙니다 (")


def test_a_task_hint_inside_a_refusal_reads_in_korean(korean):
    from engine.seq2seq.tasks import ReverseConfig, ReverseTask

    task = ReverseTask(ReverseConfig(symbols=5))
    error = refusal(task.encode_source, "")
    assert str(error) == "Type an input first (lowercase letters a-e)."
    assert korean(error) == "먼저 입력을 쓰세요 (소문자 a-e)."
    assert korean(refusal(task.encode_source, "abz")).endswith("이 과제가 읽는 것: 소문자 a-e.")


def test_a_perplexity_too_large_reads_in_korean_with_its_advice(korean):
    from engine.embed.project import check_perplexity

    error = refusal(check_perplexity, 30.0, 40)
    assert str(error).endswith("= 91 points. Lower the perplexity to at most 13 or show more "
                               "points.")
    assert korean(error) == ("퍼플렉서티(perplexity) 30는 점 40개에 비해 너무 큽니다: t-SNE에는 "
                             "적어도 3 x perplexity + 1 = 91개의 점이 필요합니다. 퍼플렉서티를 "
                             "13 이하로 낮추거나 점을 더 보여 주세요.")


def test_english_is_the_engine_text(monkeypatch):
    from engine.lm import score_text

    monkeypatch.setattr(i18n, "lang", lambda: "en")
    error = refusal(score_text, None, None, "a")
    assert i18n.say(error) == str(error) == ("Type at least two characters: the first one is "
                                             "the context.")


# ---- lesson checks ----------------------------------------------------------------------------
def detail_keys(path: Path) -> set[str]:
    return {node.args[0].value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "detail" and node.args and isinstance(node.args[0], ast.Constant)}


def test_every_detail_a_check_reports_is_in_the_catalogue():
    used = set().union(*(detail_keys(p) for p in (ROOT / "playground" / "lessons").rglob("*.py")))
    assert len(used) > 40
    assert [k for k in used if not has(f"lessons.verdict.{k}")] == []


def history(**series) -> dict:
    return {label: [{"step": step, **row} for step, row in rows] for label, rows in series.items()}


def test_lesson_details_read_in_korean_with_their_numbers():
    from playground.lessons.checks import (
        heldout_beats,
        metric_reaches,
        needs,
        one_learns_other_not,
    )

    blocked = needs(RunState("train", {"train_cell": "gru"}), train_cell="rnn")
    assert blocked.detail == "Set Cell to rnn (now gru)."
    assert said(blocked.detail, "ko") == "셀 설정을 바꾸세요: rnn (지금은 gru)."
    assert said(blocked.detail, "en") == blocked.detail

    loss = metric_reaches("", "rnn", "loss", below=0.05)
    v = loss.judge(RunState("train", {}, history(rnn=[(700, {"loss": 0.1234})])))
    assert v.detail == "RNN loss 0.123 at step 700"
    assert said(v.detail, "ko") == "RNN 손실(loss) 0.123 (스텝 700)"

    race = one_learns_other_not("", "lstm", "rnn", 0.9, 0.6)
    rows = history(lstm=[(700, {"accuracy": 0.94})], rnn=[(700, {"accuracy": 0.13})])
    v = race.judge(RunState("compare", {}, rows))
    assert v.detail == "LSTM 0.94, RNN 0.13 at step 700"
    assert said(v.detail, "ko") == "LSTM 0.94, RNN 0.13 (스텝 700)"
    v = race.judge(RunState("compare", {}, history(lstm=[(5, {"accuracy": 0.5})])))
    assert said(v.detail, "ko") == "비교할 셀에 RNN도 더하세요."

    dates = heldout_beats("", "Bahdanau attention", "no attention", 0.9, 0.6)
    v = dates.judge(RunState("attention", {}))
    assert v.detail == ("Train the Bahdanau attention and no attention model (Attention and "
                        "“Train a comparison model alongside”).")
    assert said(v.detail, "ko") == ("Bahdanau 어텐션, 어텐션 없음 모델을 학습하세요 "
                                    "(어텐션(attention), “비교 모델도 함께 학습”).")


def test_a_course_requirement_reads_in_korean():
    step = LESSONS[6].steps[0]   # gated cells: a lag of 30 or more
    v = step.checks[0].judge(RunState(step.page, {**step.settings, "cmp_lag": 20}))
    assert v.detail == "Set Lag (distractor steps) to 30 or more (now 20)."
    assert said(v.detail, "ko") == "지연 (방해 스텝 수) 설정을 바꾸세요: 30 이상 (지금은 20)."


def test_a_steps_card_shows_its_detail_in_korean():
    lesson = LESSONS[2]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(step_link(lesson, 2)).query)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=90)
    at.query_params["lang"] = "ko"
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(PAGE_FILES["train"]).run()
    assert not at.exception, at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "— 재생을 눌러 학습하세요." in text, text
    assert "Press Play" not in text
