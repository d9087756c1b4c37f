"""The tagging task ("Teddy bears" vs "Teddy Roosevelt") and the Trainer's per-subset accuracy."""
import copy
import math
from collections import defaultdict

import numpy as np
import pytest
import torch

from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.tasks import IGNORE, make_task, task_config
from engine.tasks.tagging import LEXICONS, TaggingConfig, TaggingTask
from engine.trainer import Trainer

SETTINGS = [("english", 0), ("english", 3), ("korean", 0), ("korean", 2)]


def rows(task, batch):
    """Each sentence of a batch as (words, tags)."""
    return [(task.vocab.decode(x), task.vocab.decode(y)) for x, y in zip(batch.x, batch.y)]


def oracle(words, lex):
    """The tags by the rules written out word by word, independently of the generator."""
    def neighbour(i, step):  # the nearest word that is not a hesitation
        i += step
        while words[i] == lex.filler:
            i += step
        return words[i]
    firsts = {f for f, _ in lex.firsts}
    tags = []
    for i, w in enumerate(words):
        if w in firsts:
            tags.append("PER" if neighbour(i, 1) in lex.surnames else "O")
        elif w in lex.places:
            tags.append("PER" if neighbour(i, -1) in lex.person_cues else "LOC")
        else:
            tags.append("PER" if w in lex.surnames or w in lex.person_cues else "O")
    return tags


def test_same_seed_same_batch_and_shapes():
    task = TaggingTask(TaggingConfig(gap=2))
    a, b = task.batch(np.random.default_rng(5), 16), task.batch(np.random.default_rng(5), 16)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.x, task.batch(np.random.default_rng(6), 16).x)
    assert a.x.shape == a.y.shape == (16, 9 + 2 * 2) and a.x.dtype == a.y.dtype == np.int64
    assert (a.y != IGNORE).all()
    tag_ids = {task.vocab.id(t) for t in ("O", "PER", "LOC")}
    assert set(np.unique(a.y)) <= tag_ids and not set(np.unique(a.x)) & tag_ids


@pytest.mark.parametrize("sentence,tags", [
    ("he said , teddy roosevelt met george washington .", "O O O PER PER O PER PER O"),
    ("she said , teddy bears lived in washington !", "O O O O O O O LOC O"),
    ("he said , jordan sneakers saw andrew jackson !", "O O O O O O PER PER O"),
    ("그가 말했다 , 테디 베어가 조지 워싱턴을 봤다 .", "O O O O O PER PER O O"),
    ("그녀가 말했다 , 테디 루스벨트가 수도 워싱턴을 좋아했다 !", "O O O PER PER O LOC O O"),
])
def test_hand_checked_sentences_get_their_tags(sentence, tags):
    language = "korean" if sentence.startswith("그") else "english"
    task = TaggingTask(TaggingConfig(language=language))
    found = [t for w, t in rows(task, task.batch(np.random.default_rng(0), 20_000))
             if w == sentence.split()]
    assert found and all(t == tags.split() for t in found)


@pytest.mark.parametrize("language,gap", SETTINGS)
def test_every_tag_follows_the_rules(language, gap):
    task = TaggingTask(TaggingConfig(language=language, gap=gap))
    for words, tags in rows(task, task.batch(np.random.default_rng(1), 500)):
        assert tags == oracle(words, LEXICONS[language])


def groups(x, y, pos, keep):
    """Tags at column `pos` grouped by the words `keep` selects (a prefix or a suffix)."""
    seen = defaultdict(set)
    for row, tag in zip(x, y[:, pos]):
        seen[tuple(np.atleast_1d(keep(row)))].add(tag)
    return seen


@pytest.mark.parametrize("language,gap", SETTINGS)
def test_subsets_mark_exactly_the_words_one_direction_cannot_tag(language, gap):
    task = TaggingTask(TaggingConfig(language=language, gap=gap))
    b = task.batch(np.random.default_rng(2), 4000)
    masks = task.subsets(b.x, b.y)
    ambiguous, past = masks["ambiguous"], masks["needs_past"]
    assert set(masks) == {"ambiguous", "needs_past"} and ambiguous.shape == b.x.shape
    assert (ambiguous.sum(1) == 1).all() and (past.sum(1) == 1).all() and not (ambiguous & past).any()
    # everywhere else the word alone decides its tag
    rest = ~(ambiguous | past)
    assert all(len(np.unique(b.y[rest][b.x[rest] == w])) == 1 for w in np.unique(b.x[rest]))
    (a_col,), (p_col,) = np.unique(ambiguous.nonzero()[1]), np.unique(past.nonzero()[1])
    # "ambiguous": every prefix up to and including the word occurs with both tags...
    by_prefix = groups(b.x, b.y, a_col, lambda r: r[:a_col + 1])
    assert all(len(tags) == 2 for tags in by_prefix.values())
    # ...but the word `gap` hesitations later decides it
    decider = groups(b.x, b.y, a_col, lambda r: r[a_col + gap + 1])
    assert all(len(tags) == 1 for tags in decider.values())
    # "needs_past": every suffix from the word on occurs with both tags, the cue before decides
    by_suffix = groups(b.x, b.y, p_col, lambda r: r[p_col:])
    assert all(len(tags) == 2 for tags in by_suffix.values())
    cue = groups(b.x, b.y, p_col, lambda r: r[p_col - gap - 1])
    assert all(len(tags) == 1 for tags in cue.values())


def test_majority_tag_on_the_ambiguous_words_is_one_half():
    task = TaggingTask()
    b = task.batch(np.random.default_rng(3), 20_000)
    share = (b.y[task.subsets(b.x, b.y)["ambiguous"]] == task.vocab.id("PER")).mean()
    assert task.majority_ambiguous_accuracy() == 0.5
    assert max(share, 1 - share) == pytest.approx(0.5, abs=0.01)


def test_example_reads_as_words_and_tags():
    ex = TaggingTask(TaggingConfig(gap=1)).example(0)
    assert ex["input"][:3] in (["he", "said", ","], ["she", "said", ","]) and ex["input"][4] == "uh"
    assert len(ex["target"]) == len(ex["input"]) == 11 and set(ex["target"]) <= {"O", "PER", "LOC"}


@pytest.mark.parametrize("params,words", [({"gap": 11}, "gap=11"), ({"gap": -1}, "gap=-1"),
                                          ({"language": "french"}, "language")])
def test_out_of_range_settings_are_clear_errors(params, words):
    with pytest.raises(SettingError, match=words):
        TaggingConfig(**params)


def train(language, bidirectional, steps, gap=0):
    """Ambiguous-word accuracies of an LSTM (hidden 32, seed 0) after `steps` steps."""
    task = TaggingTask(TaggingConfig(language=language, gap=gap))
    tr = Trainer(task, ModelConfig(cell="lstm", hidden=32, bidirectional=bidirectional),
                 TrainConfig(seed=0))
    tr.step(steps)
    return tr.evaluate(512)


@pytest.mark.parametrize("language,steps", [("english", 600), ("korean", 150)])
def test_left_to_right_lstm_stays_at_the_majority_tag_on_ambiguous_words(language, steps):
    # measured: ambiguous 0.48-0.52 at every 50 steps to 800 (English), needs_past 1.0 from step 100
    ev = train(language, bidirectional=False, steps=steps)
    assert ev["accuracy_ambiguous"] <= 0.6
    assert ev["accuracy_needs_past"] >= 0.95  # it reads the past fine


@pytest.mark.parametrize("language,steps,gap", [("english", 200, 0), ("korean", 150, 0),
                                               ("english", 300, 3)])
def test_bidirectional_lstm_tags_the_ambiguous_words(language, steps, gap):
    # measured: both subsets at 1.0 from step 100 at gap 0 (English and Korean), 150 at gap 3
    ev = train(language, bidirectional=True, steps=steps, gap=gap)
    assert ev["accuracy_ambiguous"] >= 0.95 and ev["accuracy_needs_past"] >= 0.95


def fixed(task, batch):
    """`task` with every batch (training and evaluation) replaced by `batch`."""
    task.batch = lambda rng, n: batch
    return task


def test_subset_accuracy_is_recorded_for_tagging_and_matches_a_count_by_hand():
    task = TaggingTask()
    b = task.batch(np.random.default_rng(4), 64)
    tr = Trainer(fixed(task, b), ModelConfig(hidden=8), TrainConfig())
    tr.step(3)
    before = copy.deepcopy(tr.model)
    rec = tr.step(1)[0]
    for name, model, got in (("step", before, rec), ("evaluate", tr.model, tr.evaluate())):
        with torch.no_grad():
            predicted = model(torch.from_numpy(b.x))[0].argmax(-1).numpy()
        for subset, words in (("ambiguous", {"teddy", "jordan", "rose"}),
                              ("needs_past", {"washington", "lincoln", "jackson"})):
            hits = [predicted[i, t] == b.y[i, t] for i in range(64) for t in range(b.x.shape[1])
                    if task.vocab.tokens[b.x[i, t]] in words]
            assert got[f"accuracy_{subset}"] == pytest.approx(np.mean(hits)), name


@pytest.mark.parametrize("name", ["copy", "agreement"])
def test_tasks_without_subsets_keep_their_keys(name):
    tr = Trainer(make_task(name), ModelConfig(hidden=8), TrainConfig())
    assert set(tr.step(1)[0]) == {"step", "loss", "accuracy", "grad_norm", "clipped"}
    assert set(tr.evaluate(8)) == {"loss", "accuracy"}


def test_any_task_may_define_subsets_and_an_empty_one_is_nan():
    task = make_task("copy", task_config("copy", lag=3))
    task.subsets = lambda x, y: {"scored": y != IGNORE, "none": np.zeros(x.shape, bool)}
    tr = Trainer(task, ModelConfig(hidden=8), TrainConfig())
    rec, ev = tr.step(1)[0], tr.evaluate(64)
    assert rec["accuracy_scored"] == pytest.approx(rec["accuracy"]) and math.isnan(rec["accuracy_none"])
    assert ev["accuracy_scored"] == pytest.approx(ev["accuracy"]) and math.isnan(ev["accuracy_none"])
