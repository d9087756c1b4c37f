"""Train page: metrics CSV, checkpoint download, and checkpoint upload (good and hostile files)."""
import io
import os
import pickle

import pandas as pd
import pytest
import torch
from streamlit.testing.v1 import AppTest

from engine.checkpoint import checkpoint_bytes
from engine.config import ModelConfig, TrainConfig
from engine.tasks import make_task
from engine.tasks.agreement import AgreementConfig
from engine.trainer import Trainer
from playground.train.export_panel import history_csv
from playground.train.run import Choice, LiveRun
from tests.conftest import train_app


def trained(hidden=24, cell="gru", steps=3):
    choice = Choice("agreement", AgreementConfig(clause=2), ModelConfig(cell=cell, hidden=hidden),
                    TrainConfig(seed=5, lr=0.03))
    run = LiveRun.start(choice, make_task(choice.task, choice.task_config))
    run.step(steps)
    return run


def upload(data: bytes, name="model.pt") -> AppTest:
    at = train_app().run()
    at.file_uploader(key="train_upload").set_value((name, data, "application/octet-stream")).run()
    return at


def test_metrics_csv_has_every_step():
    df = pd.read_csv(io.BytesIO(history_csv(trained(steps=4))))
    assert list(df["step"]) == [1, 2, 3, 4] and {"loss", "grad_norm", "accuracy"} <= set(df.columns)


def test_uploaded_checkpoint_becomes_the_run_and_the_sidebar_shows_it():
    source = trained()
    at = upload(checkpoint_bytes(source.trainer))
    assert not at.exception and not at.error
    run = at.session_state["train_run"]
    assert run.trainer.state.step == 3 and run.choice == source.choice
    for a, b in zip(run.trainer.model.parameters(), source.trainer.model.parameters()):
        assert torch.equal(a, b)
    assert at.radio(key="train_cell").value == "gru" and at.slider(key="train_hidden").value == 24
    assert any("Loaded model.pt" in i.value for i in at.info)
    at.button(key="train_step").click().run()  # and it trains on from there, not reset
    assert at.session_state["train_run"].trainer.state.step == 4


class Boom:
    def __reduce__(self):
        return (os.system, ("echo pwned > /tmp/rnn_playground_pwned",))


def code_pickle() -> bytes:
    buffer = io.BytesIO()
    torch.save({"format": "rnn-playground/1", "payload": Boom()}, buffer)
    return buffer.getvalue()


def wrong_shapes() -> bytes:
    ckpt = torch.load(io.BytesIO(checkpoint_bytes(trained().trainer)), weights_only=True)
    ckpt["model_config"]["hidden"] = 25  # the weights are for 24 units
    buffer = io.BytesIO()
    torch.save(ckpt, buffer)
    return buffer.getvalue()


def too_big_for_the_page() -> bytes:
    choice = Choice("agreement", AgreementConfig(), ModelConfig(hidden=200), TrainConfig())
    return checkpoint_bytes(Trainer(make_task("agreement", choice.task_config), choice.model,
                                    choice.train))


def surrogate_vocabulary() -> bytes:
    """A charlm checkpoint whose text and vocabulary hold a lone surrogate (the CLI once let one
    in); it used to break the sidebar with UnicodeEncodeError on every rerun."""
    from tests.hostile import as_dict, charlm_bytes, resaved

    ckpt = as_dict(charlm_bytes("the cat sat on the mat. " * 20))
    ckpt["task_config"]["text"] += "\udcff"
    ckpt["vocab"] = ckpt["vocab"] + ["\udcff"]
    return resaved(ckpt)


def bomb() -> bytes:
    """A valid checkpoint plus 512 MB of zeros, deflated: about 2 MB on disk."""
    from tests.hostile import bomb_bytes, hello_bytes

    return bomb_bytes(hello_bytes())


@pytest.mark.parametrize("make,message", [
    (surrogate_vocabulary, "not valid UTF-8"),
    (bomb, "inflate"),
    (lambda: b"this is not a checkpoint", "can read safely"),
    (lambda: pickle.dumps({"a": 1}), "can read safely"),
    (code_pickle, "can read safely"),
    (wrong_shapes, "do not fit"),
    (too_big_for_the_page, "outside what this page offers"),
])
def test_bad_uploads_are_refused_clearly_and_the_run_is_kept(make, message):
    if os.path.exists("/tmp/rnn_playground_pwned"):
        os.remove("/tmp/rnn_playground_pwned")
    at = upload(make())
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert at.session_state["train_run"].choice.task == "copy"  # the default run is still there
    assert not os.path.exists("/tmp/rnn_playground_pwned")
