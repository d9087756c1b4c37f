"""Each task's batches: shapes, targets where they belong, and the encoded examples."""
import numpy as np
import pytest

from engine.fields import SettingError
from engine.tasks import IGNORE, make_task, task_config
from engine.tasks.agreement import PHRASE_WORDS

TEXT = "the cat sat on the mat. the cats sat on the mats. " * 20


def test_hello_is_the_course_example():
    task = make_task("hello")
    assert task.vocab.tokens == ("h", "e", "l", "o")
    assert task.example() == {"input": list("hell"), "target": list("ello")}
    b = task.batch(np.random.default_rng(0), 3)
    assert b.x.shape == b.y.shape == (3, 4)


@pytest.mark.parametrize("lag", [1, 7, 100])
def test_copy_scores_only_the_last_step_and_the_answer_is_the_first_symbol(lag):
    task = make_task("copy", task_config("copy", lag=lag, symbols=5))
    b = task.batch(np.random.default_rng(1), 64)
    assert b.x.shape == (64, lag + 2)
    assert (b.y[:, :-1] == IGNORE).all()
    np.testing.assert_array_equal(b.y[:, -1], b.x[:, 0])
    assert set(np.unique(b.x[:, 0])) <= set(range(5))        # symbols a..e
    assert (b.x[:, 1:-1] >= 5).all() and (b.x[:, -1] == task.vocab.id("=")).all()
    assert len(np.unique(b.y[:, -1])) == 5                    # every symbol occurs in 64 draws


@pytest.mark.parametrize("clause", [0, 1, 4])
def test_agreement_answer_follows_the_subject_not_the_nearest_noun(clause):
    task = make_task("agreement", task_config("agreement", clause=clause))
    b = task.batch(np.random.default_rng(2), 200)
    assert b.x.shape[1] == 2 + (2 + PHRASE_WORDS * clause if clause else 0)
    words = [task.vocab.decode(row) for row in b.x]
    answers = task.vocab.decode(b.y[:, -1])
    plural_subjects = {"cats", "dogs", "birds", "children", "mice", "foxes", "teachers", "horses"}
    for w, a in zip(words, answers):
        assert a == ("were" if w[1] in plural_subjects else "was")
    if clause:
        # the last object noun is plural about half the time whatever the subject: a true distractor
        last_obj_plural = np.array([w[-2] in {"fish", "apples", "cakes", "bones", "seeds", "pears",
                                              "cookies", "worms"} for w in words])
        assert 0.3 < last_obj_plural.mean() < 0.7


def test_agreement_example_reads_like_the_course_sentence():
    ex = make_task("agreement", task_config("agreement", clause=1)).example()
    assert ex["input"][0] == "the" and ex["input"][3] == "which" and ex["input"][-1] == ","
    assert ex["target"][-1] in ("was", "were") and ex["target"][:-1] == [None] * (len(ex["input"]) - 1)


def test_charlm_windows_are_contiguous_text_and_heldout_is_separate():
    task = make_task("charlm", task_config("charlm", text=TEXT, length=10))
    b = task.batch(np.random.default_rng(0), 8)
    for x, y in zip(b.x, b.y):
        s = "".join(task.vocab.decode(x)) + task.vocab.tokens[y[-1]]
        assert s in TEXT and "".join(task.vocab.decode(y)) == s[1:]
    held = task.heldout()
    assert held.x.shape[1] == 10 and len(task.train_ids) + len(task.heldout_ids) == len(TEXT)


def test_charlm_reads_korean_text():
    text = "고양이가 생선을 먹었어요. 강아지가 뼈를 좋아해요. " * 10
    task = make_task("charlm", task_config("charlm", text=text, length=8))
    assert "고" in task.vocab and task.batch(np.random.default_rng(0), 2).x.shape == (2, 8)


@pytest.mark.parametrize("text,words", [("abc", "at least"), ("x" * 400_000, "limit")])
def test_charlm_rejects_too_short_or_too_long_text_clearly(text, words):
    with pytest.raises(SettingError, match=words):
        make_task("charlm", task_config("charlm", text=text, length=10))


def test_unknown_task_and_out_of_range_parameters_are_clear_errors():
    with pytest.raises(SettingError, match="Unknown task"):
        task_config("sorting")
    with pytest.raises(SettingError, match="lag=101"):
        task_config("copy", lag=101)
