"""AppTest: Share live, follow and fork on the Train, Gates, Compare and Attention pages.
The rooms live in this process (playground.kit.rooms.ROOMS), so a room made here is the one
the page follows."""
from contextlib import contextmanager

import pytest
import torch

from engine.config import ModelConfig, TrainConfig
from engine.tasks import make_task
from engine.tasks.copy import CopyConfig
from playground.kit.room_ui import SHARE_POPOVER
from playground.kit.rooms import ROOMS
from playground.train.run import KEY, Choice, LiveRun
from tests.conftest import train_app, unfold


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def texts(at) -> str:
    return " ".join(e.value for kind in (at.info, at.warning, at.error, at.caption, at.markdown)
                    for e in kind)


@contextmanager
def paused_room(key: str, run, steps: int):
    """A room led by Ms Kim around `run` after `steps` steps, with its page's `warm`, and no
    training thread (nothing moves unless the test steps it); closed after."""
    run.step(steps)
    room = ROOMS.create(key, "Ms Kim", run, prepare=type(run).warm, start=False)
    try:
        yield room
    finally:
        ROOMS.close(room)


@pytest.fixture
def room():
    """A paused room around a copy run at step 7."""
    choice = Choice("copy", CopyConfig(lag=5), ModelConfig(cell="gru", hidden=24),
                    TrainConfig(seed=3, lr=0.03))
    with paused_room(KEY, LiveRun.start(choice, make_task("copy", choice.task_config)), 7) as room:
        yield room


def follower(room, page: str = "train", **params):
    """An AppTest of `page` opened from the room's link (with more link `params`)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.switch_page(f"playground/pages/{page}.py")
    at.query_params["room"] = room.id
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def test_a_follower_sees_the_rooms_run_at_its_step(room):
    at = follower(room)
    assert not at.exception and not at.error
    assert metric(at, "Step") == "7"
    assert at.session_state[KEY] is room.frame                  # drawn from the room's frame
    assert "Ms Kim" in texts(at) and "7 · 1 following" in texts(at)
    assert [b.label for b in at.button if b.key in ("room_fork", "room_leave")] == ["Fork", "Leave"]
    assert not [b for b in at.button if b.key in ("train_play", "train_step", "train_reset")]


def test_a_follower_cannot_change_the_rooms_settings(room):
    run = room.run
    at = follower(room, train_hidden="64", train_lr="0.1")
    assert not [s for s in at.sidebar.slider if s.key == "train_hidden"]   # no setting widgets
    assert not [s for s in at.sidebar.select_slider if s.key == "train_lr"]
    assert "`hidden` 24" in texts(at) and "`lr` 0.03" in texts(at)         # read-only summary
    at.run()
    assert room.run is run and run.choice.model.hidden == 24 and run.choice.train.lr == 0.03
    assert run.step_count == 7


def test_fork_gives_an_independent_copy_with_the_rooms_settings(room):
    at = follower(room)
    at.button(key="room_fork").click().run()
    mine = at.session_state[KEY]
    assert not at.exception and mine is not room.run and mine is not room.frame
    assert mine.step_count == 7 and mine.choice == room.run.choice
    assert at.slider(key="train_hidden").value == 24
    assert at.radio(key="train_cell").value == "gru"
    assert "Forked from Ms Kim's room at step 7" in texts(at)
    # the next step on the same batch is the room's next step; then it is the follower's own
    at.button(key="train_step").click().run()
    room.run.step(1)
    assert all(torch.equal(a, b) for a, b in zip(mine.trainer.model.parameters(),
                                                 room.run.trainer.model.parameters()))
    at.button(key="train_step").click().run()
    assert mine.step_count == 9 and room.run.step_count == 8 and not at.exception


def test_leave_starts_the_followers_own_run(room):
    at = follower(room)
    at.button(key="room_leave").click().run()
    assert not at.exception and at.session_state[KEY] is not room.frame
    assert metric(at, "Step") == "0" and "You left the room" in texts(at)


@pytest.mark.parametrize("bad, words", [("not-a-room", "not valid"), ("A" * 22, "has ended"),
                                        ("../../etc", "not valid"), ("방" * 22, "not valid")])
def test_unknown_or_malformed_room_links_get_a_message(bad, words):
    at = train_app()
    at.query_params["room"] = bad
    at.run()
    assert not at.exception and words in " ".join(w.value for w in at.warning)
    assert metric(at, "Step") == "0"   # the learner's own run, as without the link


def test_the_leader_starts_and_ends_a_room():
    at = train_app().run()
    at.button(key="train_step").click().run()
    unfold(at, SHARE_POPOVER).run()   # the Share live popover, opened
    at.text_input(key="_room_leader").input("Mr Lee")
    at.button(key="train_room_start").click().run()
    room = next(r for r in ROOMS._rooms.values() if r.leader == "Mr Lee")
    try:
        assert room.run is at.session_state[KEY]     # the leader's controls act on the room's run
        assert any(f"room={room.id}" in c.value for c in at.code)
        at.button(key="train_step").click().run()    # a click of the leader reaches the room
        assert room.run.step_count == 2
    finally:
        at.button(key="train_room_end_banner").click().run()
    assert room.closed and room.id not in ROOMS._rooms and not at.exception
    assert not any("room=" in c.value for c in at.code)


def test_a_full_server_refuses_a_new_room_clearly(monkeypatch):
    monkeypatch.setattr(ROOMS, "limit", 0)
    at = unfold(train_app(), SHARE_POPOVER).run()
    at.button(key="train_room_start").click().run()
    assert not at.exception
    assert any("already runs 0 live rooms" in e.value for e in at.error)


def test_a_follower_on_gates_looks_inside_the_rooms_model_with_its_own_text(room):
    at = follower(room, "gates")
    assert not at.exception and at.session_state[KEY] is room.frame
    mine = at.text_input(key="gates_text").value[::-1]   # a text of the follower's own
    at.text_input(key="gates_text").input(mine).run()
    assert not at.exception and not at.error
    assert room.run.step_count == 7 and "Ms Kim" in texts(at)
    assert at.session_state["gates_text"] == mine
    # read against the room's vocabulary
    at.text_input(key="gates_text").input("not in the alphabet: 한").run()
    assert not at.exception and any("Not in the vocabulary" in e.value for e in at.error)


def test_the_room_link_survives_in_the_followers_address_bar(room):
    at = follower(room)
    assert at.query_params["room"] == [room.id] or at.query_params["room"] == room.id


def test_compare_shares_its_cells_and_a_fork_keeps_them():
    """Compare's room: a follower sees every cell at the room's step, and Fork puts the cells
    (one way and both ways) and the settings in the follower's sidebar."""
    from playground.compare.run import KEY as CMP
    from playground.compare.run import CompareRun

    choice = Choice("copy", CopyConfig(lag=5), ModelConfig(cell="rnn", hidden=16),
                    TrainConfig(seed=2))
    run = CompareRun.start(choice, ["rnn", "rnn_bi", "lstm", "lstm_bi"])
    with paused_room(CMP, run, 4) as room:
        at = follower(room, "compare")
        assert not at.exception and not at.error and at.session_state[CMP] is room.frame
        assert metric(at, "Steps (each)") == "4"
        assert "`cells` rnn, rnn_bi, lstm, lstm_bi" in texts(at)
        assert not [b for b in at.button if b.key in ("cmp_play", "cmp_step")]
        at.button(key="room_fork").click().run()
        mine = at.session_state[CMP]
        assert not at.exception and mine is not room.run and mine.step_count == 4
        assert mine.cells == run.cells and mine.choice == run.choice   # the sidebar kept it
        assert at.multiselect(key="cmp_cells").value == ["rnn", "lstm"]
        assert at.toggle(key="cmp_directions").value is True
        at.button(key="cmp_step").click().run()
        assert mine.step_count == 5 and room.run.step_count == 4


def test_attention_follower_reads_its_own_text_and_forks_the_rooms_settings():
    """Attention's room: a follower types their own input and sees its decoding by the room's
    model at the room's step; Fork puts the task, lengths, model and training in the sidebar."""
    from engine.seq2seq.model import Seq2SeqConfig
    from engine.seq2seq.tasks import ReverseConfig
    from playground.attention.run import KEY as ATTN
    from playground.attention.run import AttentionRun, AttnChoice

    choice = AttnChoice("reverse", ReverseConfig(length=7, min_length=3, symbols=5),
                        Seq2SeqConfig(cell="lstm", hidden=24), TrainConfig(seed=4, lr=0.003),
                        compare=False)
    with paused_room(ATTN, AttentionRun.start(choice), 3) as room:
        at = follower(room, "attention")
        assert not at.exception and not at.error and at.session_state[ATTN] is room.frame
        assert metric(at, "Step") == "3" and "Ms Kim" in texts(at)
        at.text_input(key="attn_probe").input("abcab").run()
        assert not at.exception and not at.error
        assert room.frame._decoded[0][:2] == (3, "abcab")   # decoded on the room's frame
        assert room.run._decoded is None and room.run.step_count == 3
        at.button(key="room_fork").click().run()
        mine = at.session_state[ATTN]
        assert not at.exception and mine is not room.run and mine.choice == choice
        assert at.slider(key="attn_length").value == 7 and at.slider(key="attn_hidden").value == 24
        at.button(key="attn_step").click().run()
        assert mine.step_count == 4 and room.run.step_count == 3


def test_a_follower_whose_room_ends_is_told_and_gets_a_run_of_its_own(room):
    at = follower(room)
    ROOMS.close(room)
    at.run()
    assert not at.exception and at.session_state[KEY] is not room.frame
    assert "has ended" in texts(at) and metric(at, "Step") == "0"
    assert "room" not in at.query_params or not at.query_params["room"]


def test_followers_of_one_frame_build_its_tables_once(room, monkeypatch):
    """What the Train page derives from a frame (the network view's rows, the history table and
    the charts' Arrow bytes) is built by the first follower and reused by the next."""
    from playground.kit import live
    from playground.train import network_panel, page

    calls = {"network": 0, "history": 0, "arrow": 0}

    def counting(name, fn):
        def wrapped(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)
        return wrapped

    monkeypatch.setattr(network_panel, "network_frame", counting("network", network_panel.network_frame))
    monkeypatch.setattr(page, "history_frame", counting("history", page.history_frame))
    monkeypatch.setattr(live, "as_arrow", counting("arrow", live.as_arrow))
    first = follower(room)
    assert not first.exception and calls["network"] == calls["history"] == 1
    arrow = calls["arrow"]
    assert arrow >= 5                       # the network view, loss, accuracy, gradient charts
    second = follower(room)
    assert not second.exception and metric(second, "Step") == "7"
    assert calls == {"network": 1, "history": 1, "arrow": arrow}   # nothing built again
    first.toggle(key="train_net_backward").set_value(True).run()   # a view of its own: its rows
    assert calls["network"] == 2 and calls["history"] == 1
    room.run.step(1)
    room.publish()                          # a new frame: built afresh
    follower(room)
    assert calls["network"] == 3 and calls["history"] == 2


def test_the_gradient_history_of_a_room_grows_from_frame_to_frame(room):
    """'Gradient reaching step 1, over training' keeps a point per published step: the probes
    run on the room's run, so their history is not lost with each frame."""
    for _ in range(3):
        room.run.step(2)
        room.publish()
    steps = sorted({r["step"] for r in room.frame.decay_history.view()})
    assert steps == [7, 9, 11, 13]
    at = follower(room)
    assert not at.exception and metric(at, "Step") == "13"
