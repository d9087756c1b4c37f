"""Each lesson check is a pure function of a run's state: it passes on a small recorded run that
shows the thing, and waits or is blocked on one that does not (settings named)."""
import pytest

from engine.config import ModelConfig, TrainConfig
from engine.tasks import make_task, task_config
from engine.toy import ToyConfig
from playground.compare.run import CompareRun
from playground.lessons import catalogue, snapshot
from playground.lessons.checks import (
    gradient_reaches_step_1,
    guesses,
    memory_unit,
    metric_reaches,
    one_learns_other_not,
)
from playground.lessons.model import BLOCKED, PASS, WAIT, RunState
from playground.train.run import Choice, LiveRun


def train_run(task="hello", steps=0, task_kw=None, lr=0.03, **model):
    cfg = task_config(task, **(task_kw or {}))
    run = LiveRun.start(Choice(task, cfg, ModelConfig(**model), TrainConfig(lr=lr)),
                        make_task(task, cfg))
    run.step(steps)
    return run


def state_of(run, settings, check, page="train"):
    return snapshot.of_run(page, run, settings, check.uses)


HELLO = {"train_task": "hello", "train_cell": "rnn", "train_hidden": 3, "train_embedding": 0}


@pytest.fixture(scope="module")
def hello_runs():
    """The course's hello RNN untrained and after 300 steps."""
    return (train_run(cell="rnn", hidden=3, embedding=0),
            train_run(steps=300, cell="rnn", hidden=3, embedding=0))


def test_guesses_unsure_before_training_and_right_after(hello_runs):
    fresh, trained = hello_runs
    unsure, sure = guesses("", sure=False), guesses("", sure=True)
    assert unsure.judge(state_of(fresh, HELLO, unsure)).state == PASS
    late = unsure.judge(state_of(trained, HELLO, unsure))
    assert late.state == WAIT and "press Reset" in late.detail
    assert sure.judge(state_of(trained, HELLO, sure)).state == PASS
    early = sure.judge(state_of(fresh, HELLO, sure))
    assert early.state == WAIT and "still ranks" in early.detail
    assert guesses("", sure=True, train_task="copy").judge(
        state_of(trained, HELLO, sure)).state == BLOCKED


def test_loss_threshold_waits_then_passes_and_names_a_wrong_setting(hello_runs):
    fresh, trained = hello_runs
    check = metric_reaches("", "rnn", "loss", below=0.05, train_task="hello", train_cell="rnn")
    assert check.judge(state_of(trained, HELLO, check)).state == PASS
    assert check.judge(state_of(fresh, HELLO, check)).state == WAIT          # no step yet
    early = train_run(steps=5, cell="rnn", hidden=3, embedding=0)
    verdict = check.judge(state_of(early, HELLO, check))
    assert verdict.state == WAIT and verdict.detail.startswith("RNN loss")
    blocked = check.judge(state_of(trained, {**HELLO, "train_cell": "gru"}, check))
    assert blocked.state == BLOCKED and blocked.detail == "Set Cell to rnn (now gru)."


def test_toy_gradient_on_the_course_example_and_off_it():
    check = catalogue.BPTT.steps[0].checks[0]
    course = ToyConfig()   # w_hh 3, w_xh 2, b 1, tanh, x = 0.5
    settings = {"toy_w_hh": 3.0, "toy_activation": "tanh"}
    v = check.judge(snapshot.of_toy(settings, course, check.uses))
    assert v.state == PASS and float(v.detail.split("= ")[1]) < 1e-6
    mild = ToyConfig(w_hh=3.0, w_xh=0.0, b=0.0, h0=0.0)   # h stays at 0, tanh' = 1: it grows
    assert check.judge(snapshot.of_toy(settings, mild, check.uses)).state == WAIT
    assert check.judge(snapshot.of_toy({"toy_w_hh": 2.0}, course, check.uses)).state == BLOCKED


@pytest.mark.parametrize("w_hh,passes", [(0.9, True), (0.95, False)])
def test_toy_product_of_w_hh(w_hh, passes):
    check = catalogue.BPTT.steps[1].checks[0]   # 0.9^19
    toy = ToyConfig(w_hh=w_hh, w_xh=0.0, b=0.0, h0=0.0)
    settings = {"toy_w_hh": w_hh, "toy_w_xh": 0.0, "toy_b": 0.0, "toy_h0": 0.0, "toy_length": 20}
    v = check.judge(snapshot.of_toy(settings, toy, check.uses))
    assert v.state == (PASS if passes else BLOCKED)
    grows = catalogue.BPTT.steps[1].checks[1]    # 1.1^19
    toy = ToyConfig(w_hh=1.1, w_xh=0.0, b=0.0, h0=0.0)
    assert grows.judge(snapshot.of_toy({**settings, "toy_w_hh": 1.1}, toy, grows.uses)).passed


def test_gradient_reaching_step_1_vanishes_for_an_rnn_not_an_lstm():
    check = gradient_reaches_step_1("", below=1e-3, train_task="copy")
    rnn = train_run("copy", task_kw={"lag": 20}, cell="rnn", hidden=32)
    lstm = train_run("copy", task_kw={"lag": 20}, cell="lstm", hidden=32)
    settings = {"train_task": "copy"}
    assert check.judge(state_of(rnn, settings, check)).state == PASS
    verdict = check.judge(state_of(lstm, settings, check))
    assert verdict.state == WAIT and float(verdict.detail.split("= ")[1]) > 1e-3


@pytest.fixture(scope="module")
def copy30():
    """RNN, GRU and LSTM on copy lag 30, side by side: at 100 steps none has learned it; within
    1,500 the gated cells have (seeded; 5-40 s)."""
    cfg = task_config("copy", lag=30)
    run = CompareRun.start(Choice("copy", cfg, ModelConfig(hidden=32), TrainConfig()),
                           ("rnn", "gru", "lstm"))
    run.step(100)
    early = snapshot.of_run("compare", run, {"cmp_task": "copy", "cmp_lag": 30})
    # The seeded run is the same on every machine of one kind, not across CPUs: the LSTM passed
    # 90% by step 400 on CI's machines, and sat at 7 of 8 symbols (0.87) until step ~1,000 on
    # another. So train until the check is met, at most to step 1,500 (RNN still at chance).
    met = catalogue.GATED.steps[0].checks[0]
    for _ in range(14):
        run.step(100)
        late = snapshot.of_run("compare", run, {"cmp_task": "copy", "cmp_lag": 30})
        if met.judge(late).state == PASS:
            break
    return early, late, run


def test_lstm_learns_copy_30_while_the_rnn_stays_at_chance(copy30):
    early, late, _ = copy30
    check = catalogue.GATED.steps[0].checks[0]
    assert check.judge(late).state == PASS, check.judge(late)
    assert check.judge(early).state == WAIT
    short = RunState("compare", {"cmp_task": "copy", "cmp_lag": 10}, late.series)
    assert check.judge(short).state == BLOCKED and "30 or more" in check.judge(short).detail
    only = RunState("compare", late.settings, {"gru": late.series["gru"]})
    assert check.judge(only).state == BLOCKED and "Add LSTM and RNN" in check.judge(only).detail
    gru = catalogue.GATED.steps[1].checks[0]
    assert gru.judge(late).state == PASS and gru.judge(early).state == WAIT


def test_one_noisy_batch_does_not_decide():
    rows = [{"step": i, "accuracy": 0.1} for i in range(9)] + [{"step": 9, "accuracy": 0.3}]
    good = [{"step": i, "accuracy": 1.0} for i in range(10)]
    check = one_learns_other_not("", "lstm", "rnn", 0.9, 0.2)
    assert check.judge(RunState("compare", {}, {"rnn": rows, "lstm": good})).state == PASS
    rows[-5:] = [{"step": i, "accuracy": 0.4} for i in range(5, 10)]
    assert check.judge(RunState("compare", {}, {"rnn": rows, "lstm": good})).state == WAIT


def test_a_value_just_short_of_the_threshold_does_not_read_as_reaching_it():
    rnn = [{"step": i, "accuracy": 0.1} for i in range(10)]
    check = one_learns_other_not("", "lstm", "rnn", 0.9, 0.4)
    short = [{"step": i, "accuracy": 0.8996} for i in range(10)]
    v = check.judge(RunState("compare", {}, {"rnn": rnn, "lstm": short}))
    assert v.state == WAIT and "LSTM 0.89," in v.detail, v   # not "0.90", which looks met
    past = [{"step": i, "accuracy": 0.9004} for i in range(10)]
    v = check.judge(RunState("compare", {}, {"rnn": rnn, "lstm": past}))
    assert v.state == PASS and "LSTM 0.90," in v.detail, v


def test_memory_unit_needs_a_forget_gate_held_near_1():
    check = memory_unit("", "f", 0.9, train_cell="lstm")
    held = train_run("copy", task_kw={"lag": 30}, cell="lstm", hidden=16, forget_bias=3.0)
    loose = train_run("copy", task_kw={"lag": 30}, cell="lstm", hidden=16, forget_bias=0.0)
    assert check.judge(state_of(held, {"train_cell": "lstm"}, check)).state == PASS
    assert check.judge(state_of(loose, {"train_cell": "lstm"}, check)).state == WAIT
    assert check.judge(state_of(held, {"train_cell": "rnn"}, check)).state == BLOCKED


def test_a_diverged_run_is_blocked_with_advice():
    rows = [{"step": 5, "loss": float("nan"), "accuracy": 0.0}]
    check = metric_reaches("", "rnn", "loss", below=0.05)
    v = check.judge(RunState("train", {}, {"rnn": rows}))
    assert v.state == BLOCKED and "diverged" in v.detail


def test_every_lesson_step_has_checks_and_every_question_a_valid_answer():
    for lesson in catalogue.LESSONS.values():
        assert 3 <= len(lesson.steps) <= 6 and 1 <= len(lesson.questions) <= 3
        for step in lesson.steps:
            assert step.checks and 2 <= step.text.count(". ") + 1 <= 6
        for q in lesson.questions:   # four options: a missing comma would merge two
            assert len(q.options) == 4 and 0 <= q.answer < 4 and q.explanation


def cliff_state(start_w, clip=15.0):
    from engine.cliff import CliffConfig, DescentConfig
    check = catalogue.EXPLODING.steps[0].checks[0]
    cliff = (CliffConfig(), DescentConfig(start_w=start_w, start_b=-1.1, clip=clip))
    return check, snapshot.of_toy({"cliff_clip": clip}, None, check.uses, cliff)


def test_the_cliff_throws_plain_descent_and_clipping_holds_it():
    check, at_cliff = cliff_state(6.3)
    v = check.judge(at_cliff)
    assert v.state == PASS and "plain" in v.detail
    check, far = cliff_state(3.0)     # far from the cliff: no norm reaches the threshold
    v = check.judge(far)
    assert v.state == BLOCKED and "never acted" in v.detail
    v = check.judge(RunState("gradients", {"cliff_clip": 5000.0}, {}, at_cliff.extra))
    assert v.state == BLOCKED and "under 1000" in v.detail


def test_clipping_acts_on_a_real_run_only_when_on():
    check = catalogue.EXPLODING.steps[1].checks[0]
    on = train_run("copy", steps=20, task_kw={"lag": 20}, cell="rnn", hidden=32)
    on.trainer.retune(TrainConfig(lr=0.03, clip=1.0))
    on.step(20)
    settings = {"train_clip_on": True, "train_cell": "rnn"}
    assert check.judge(state_of(on, settings, check)).state == PASS
    off = train_run("copy", steps=20, task_kw={"lag": 20}, cell="rnn", hidden=32)
    assert check.judge(state_of(off, settings, check)).state == WAIT   # never clipped
    assert check.judge(state_of(off, {**settings, "train_clip_on": False}, check)).state == BLOCKED


def test_truncated_bptt_cuts_the_gradient_before_step_1():
    check = catalogue.EXPLODING.steps[2].checks[0]
    cfg = task_config("copy", lag=20)
    cut = LiveRun.start(Choice("copy", cfg, ModelConfig(cell="rnn", hidden=32),
                               TrainConfig(tbptt=5)), make_task("copy", cfg))
    full = train_run("copy", task_kw={"lag": 20}, cell="rnn", hidden=32)
    assert check.judge(state_of(cut, {"train_task": "copy", "train_tbptt": 5}, check)).passed
    assert check.judge(state_of(full, {"train_task": "copy", "train_tbptt": 5}, check)).state \
        == WAIT
    assert check.judge(state_of(full, {"train_task": "copy", "train_tbptt": 0}, check)).state \
        == BLOCKED


def test_shapes_many_to_many_and_many_to_one_from_the_network_view(hello_runs):
    every = catalogue.SHAPES.steps[0].checks[0]
    one = catalogue.SHAPES.steps[1].checks[0]
    fresh, _ = hello_runs
    assert every.judge(state_of(fresh, {"train_task": "hello"}, every)).passed
    agreement = train_run("agreement", cell="gru", hidden=16)
    settings = {"train_task": "agreement"}
    assert one.judge(state_of(agreement, settings, one)).passed
    assert every.judge(state_of(agreement, {"train_task": "hello"}, every)).state == WAIT
    assert one.judge(state_of(fresh, {"train_task": "hello"}, one)).state == BLOCKED


@pytest.mark.parametrize("layers", [1, 2])
def test_which_direction_gets_a_gradient(layers):
    run = train_run("copy", task_kw={"lag": 10}, cell="gru", hidden=16, layers=layers,
                    bidirectional=True)
    settings = {"train_task": "copy", "train_bidirectional": True, "train_layers": layers}
    step = catalogue.DEEP.steps[layers - 1]
    for check in step.checks:
        assert check.judge(state_of(run, settings, check)).passed, check.text
    if layers == 2:   # one layer's claims are false for two, and the other way round
        first = catalogue.DEEP.steps[0].checks[0]
        assert first.judge(state_of(run, {**settings, "train_layers": 1}, first)).state == WAIT
    else:
        second = catalogue.DEEP.steps[1].checks[0]
        assert second.judge(state_of(run, {**settings, "train_layers": 2}, second)).state == WAIT


@pytest.fixture(scope="module")
def charlm_runs():
    """An LSTM language model on the English corpus, untrained and after 300 steps (3 s)."""
    kw = {"cell": "lstm", "hidden": 64, "lr": 0.01}
    return (train_run("charlm", **kw), train_run("charlm", steps=300, **kw))


def test_the_lstm_beats_the_3_gram_and_prefers_pear(charlm_runs):
    fresh, trained = charlm_runs
    settings = {"train_task": "charlm", "train_ngram": 3, "train_ngram_k": 0.1}
    beats, prefers = catalogue.LANGUAGE.steps[0].checks[0], catalogue.LANGUAGE.steps[1].checks[0]
    v = beats.judge(state_of(trained, settings, beats))
    assert v.passed and "3-gram 3.62" in v.detail
    assert beats.judge(state_of(trained, {**settings, "train_ngram": 5}, beats)).state == WAIT
    assert beats.judge(state_of(fresh, settings, beats)).state == WAIT
    assert beats.judge(state_of(trained, {**settings, "train_ngram": None}, beats)).state \
        == BLOCKED
    assert prefers.judge(state_of(trained, settings, prefers)).passed
    assert prefers.judge(state_of(fresh, settings, prefers)).state == WAIT   # not trained yet
    swapped = {**settings, "train_sentence_a": "the apple and pair salad",
               "train_sentence_b": "the apple and pear salad"}
    assert prefers.judge(state_of(trained, swapped, prefers)).state == WAIT


def test_temperature_decides_how_real_the_sampled_words_are(charlm_runs):
    _, trained = charlm_runs
    cold, hot = catalogue.LANGUAGE.steps[2].checks
    at = lambda T: {"train_task": "charlm", "train_temperature": T}
    assert cold.judge(state_of(trained, at(0.5), cold)).passed
    assert cold.judge(state_of(trained, at(1.0), cold)).state == BLOCKED
    assert hot.judge(state_of(trained, at(1.5), hot)).passed
    assert hot.judge(state_of(trained, at(1.0), hot)).state == BLOCKED


def test_the_encoder_decoder_learns_dates_on_the_attention_page():
    from engine.seq2seq.model import Seq2SeqConfig
    from engine.seq2seq.tasks import DatesConfig
    from playground.attention.run import AttentionRun, AttnChoice

    check = catalogue.SHAPES.steps[2].checks[0]
    run = AttentionRun.start(AttnChoice("dates", DatesConfig(), Seq2SeqConfig(),
                                        TrainConfig(lr=0.01, clip=5.0), compare=False))
    settings = {"attn_task": "dates", "attn_attention": "bahdanau"}
    run.step(5)
    assert check.judge(snapshot.of_run("attention", run, settings)).state == WAIT
    run.step(95)
    v = check.judge(snapshot.of_run("attention", run, settings))
    assert v.passed and v.detail.startswith("Bahdanau attention accuracy")
    v = check.judge(snapshot.of_run("attention", run, {**settings, "attn_attention": "none"}))
    assert v.state == BLOCKED


@pytest.fixture(scope="module")
def vectors():
    """Skip-gram and GloVe on the synthetic corpus: untrained, and trained (1000 / 300 steps)."""
    from engine.embed.corpus import CorpusConfig
    from engine.embed.glove import GloVeConfig
    from engine.embed.skipgram import SkipGramConfig
    from playground.embeddings.run import EmbedChoice, EmbedRun

    runs = {}
    for method, cfg, steps in (("skipgram", SkipGramConfig(), 1000), ("glove", GloVeConfig(), 300)):
        fresh = EmbedRun.start(EmbedChoice(method, CorpusConfig(), cfg))
        fresh.step(1)
        trained = EmbedRun.start(EmbedChoice(method, CorpusConfig(), cfg))
        trained.step(steps)
        runs[method] = (fresh, trained)
    return runs


def emb_state(run, check, **settings):
    base = {"emb_corpus": "synthetic", "emb_analogy_a": "king", "emb_analogy_b": "man",
            "emb_analogy_c": "woman"}
    return snapshot.of_run("embeddings", run, {**base, **settings}, check.uses)


@pytest.mark.parametrize("step,method", [(0, "skipgram"), (1, "skipgram"), (2, "glove")])
def test_embedding_checks_pass_on_trained_vectors_only(vectors, step, method):
    fresh, trained = vectors[method]
    for check in catalogue.EMBEDDINGS.steps[step].checks:
        assert check.judge(emb_state(trained, check, emb_source=method)).passed, check.text
        assert check.judge(emb_state(fresh, check, emb_source=method)).state == WAIT
        other = "glove" if method == "skipgram" else "skipgram"
        assert check.judge(emb_state(trained, check, emb_source=other)).state == BLOCKED


def test_an_analogy_of_other_words_is_blocked(vectors):
    check = catalogue.EMBEDDINGS.steps[1].checks[0]
    _, trained = vectors["skipgram"]
    v = check.judge(emb_state(trained, check, emb_source="skipgram", emb_analogy_a="queen"))
    assert v.state == BLOCKED and "Set a to king" in v.detail


@pytest.fixture(scope="module")
def reverse_runs():
    """Reverse (up to 8 letters) with Bahdanau attention and a no-attention model alongside:
    after 50 steps (beam search still finds more than greedy) and once attention passes 90% held
    out (seeded; 300-600 steps, 15-30 s)."""
    from engine.seq2seq.model import Seq2SeqConfig
    from engine.seq2seq.tasks import ReverseConfig
    from playground.attention.run import AttentionRun, AttnChoice

    run = AttentionRun.start(AttnChoice("reverse", ReverseConfig(), Seq2SeqConfig(),
                                        TrainConfig(lr=0.01, clip=5.0)))
    settings = {"attn_task": "reverse", "attn_attention": "bahdanau", "attn_length": 8,
                "attn_beam": 5, "attn_alpha": 0.7, "attn_probe": "hgfedcb"}
    uses = ("decode", "evaluation")
    untrained = snapshot.of_run("attention", run, settings, uses)
    run.step(50)
    early = snapshot.of_run("attention", run, settings, uses)
    run.step(250)
    # as for copy30: held-out exact match passed 90% at step 300 on CI's machines, at 600 on
    # another CPU (0.88 before); train in steps of 50 until it does, at most to step 800
    met = catalogue.ATTENTION.steps[0].checks[0]
    for _ in range(10):
        if met.judge(snapshot.of_run("attention", run, settings, ())).passed:
            break
        run.step(50)
    run.evaluate()
    late = snapshot.of_run("attention", run, {**settings, "attn_probe": "abcdefgh"}, uses)
    # at 300 steps the longest inputs can still split greedy from beam; a short one no longer does
    settled = snapshot.of_run("attention", run, {**settings, "attn_probe": "abcde"}, uses)
    return early, late, untrained, settled


def test_attention_beats_no_attention_on_held_out_reverse(reverse_runs):
    early, late, _untrained, _settled = reverse_runs
    check = catalogue.ATTENTION.steps[0].checks[0]
    v = check.judge(late)
    assert v.passed and "no attention" in v.detail, v
    assert check.judge(early).state == WAIT
    alone = RunState("attention", late.settings, {BAHDANAU: late.series[BAHDANAU]})
    assert check.judge(alone).state == BLOCKED


def test_the_trained_model_attends_to_the_mirrored_position(reverse_runs):
    early, late, _untrained, _settled = reverse_runs
    check = catalogue.ATTENTION.steps[1].checks[0]
    assert check.judge(late).passed
    assert check.judge(early).state == WAIT


def test_beam_search_beats_greedy_only_while_the_model_is_unsure(reverse_runs):
    early, late, untrained, settled = reverse_runs
    check = catalogue.DECODING.steps[1].checks[0]
    v = check.judge(early)
    assert v.passed and "greedy" in v.detail, v
    assert check.judge(settled).state == WAIT, check.judge(settled)   # trained: both agree
    assert check.judge(untrained).state == WAIT and "30" in check.judge(untrained).detail
    assert check.judge(RunState("attention", {**late.settings, "attn_beam": 1}, {},
                                late.extra)).state == BLOCKED


def test_beam_search_finds_nothing_when_it_only_repeats_greedy_up_to_rounding():
    """The same output scored by the batched beam and by greedy differs in the last bits: that
    is no find (CI's trained model hit this); a different, better output is."""
    step = catalogue.DECODING.steps[1]
    check = step.checks[0]

    def state(beam, greedy):
        return RunState("attention", dict(step.settings), {BAHDANAU: [{"step": 300}]}, {
            "decode": {"beam": {"beams": [{"text": beam[0], "score": beam[1]}]},
                       "greedy": {"beams": [{"text": greedy[0], "score": greedy[1]}]}}})
    assert check.judge(state(("hgfedca", -0.3779999), ("hgfedca", -0.378))).state == WAIT
    assert check.judge(state(("hgfedcba", -0.30), ("hgfedca", -0.378))).state == PASS


def test_bleu_needs_evaluate_and_a_trained_model(reverse_runs):
    early, late, _untrained, _settled = reverse_runs
    check = catalogue.DECODING.steps[2].checks[0]
    v = check.judge(late)
    assert v.passed and v.detail.startswith("BLEU"), v
    assert check.judge(early).state == WAIT and "Evaluate" in check.judge(early).detail


BAHDANAU = catalogue.BAHDANAU


def test_settings_are_met_only_with_the_courses_settings():
    check = catalogue.FORWARD.steps[0].checks[0]
    assert check.judge(RunState("train", dict(HELLO))).passed
    v = check.judge(RunState("train", {**HELLO, "train_hidden": 8}))
    assert v.state == BLOCKED and v.detail == "Set Hidden units to 3 (now 8)."


def test_teddy_both_ways_tags_the_first_names_one_way_does_not():
    """Lesson 7's tagging step: LSTM ⇄ passes 95% on the first names while LSTM → stays at the
    commoner tag (bounded: trained until met, at most 600 steps)."""
    run = CompareRun.start(Choice("tagging", task_config("tagging"), ModelConfig(hidden=32),
                                  TrainConfig()), ("lstm", "lstm_bi"))
    settings = {"cmp_task": "tagging", "cmp_directions": True}
    check = catalogue.DEEP.steps[3].checks[0]
    assert check.judge(snapshot.of_run("compare", run, settings)).state == WAIT
    for _ in range(12):
        run.step(50)
        state = snapshot.of_run("compare", run, settings)
        if check.judge(state).state == PASS:
            break
    assert check.judge(state).state == PASS, check.judge(state)
    assert "LSTM ⇄" in check.judge(state).detail
    one_way = RunState("compare", {"cmp_task": "tagging", "cmp_directions": False}, state.series)
    assert check.judge(one_way).state == BLOCKED


def test_names_step_waits_then_passes_on_held_out_perplexity():
    """Lesson 3's names step: trained until met, at most 1,200 steps (LSTM hidden 64)."""
    check = catalogue.LANGUAGE.steps[3].checks[0]
    settings = {"train_task": "names"}
    run = train_run("names", cell="lstm", hidden=64, lr=0.01)
    assert check.judge(state_of(run, settings, check)).state == WAIT
    for _ in range(12):
        run.step(100)
        if check.judge(state_of(run, settings, check)).state == PASS:
            break
    assert check.judge(state_of(run, settings, check)).state == PASS
    assert check.judge(state_of(run, {"train_task": "charlm"}, check)).state == BLOCKED


def test_sentiment_step_passes_when_the_lstm_reads_the_reviews():
    """Lesson 8's word-order step on the Compare page (trained until met, at most 1,000 steps)."""
    check = catalogue.EMBEDDINGS.steps[3].checks[0]
    run = CompareRun.start(Choice("sentiment", task_config("sentiment"), ModelConfig(hidden=32),
                                  TrainConfig()), ("lstm",))
    settings = {"cmp_task": "sentiment"}
    for _ in range(10):
        run.step(100)
        if check.judge(snapshot.of_run("compare", run, settings)).state == PASS:
            break
    assert check.judge(snapshot.of_run("compare", run, settings)).state == PASS
