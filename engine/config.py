"""Model and training configuration: frozen dataclasses, one short help text per field."""
from __future__ import annotations

from dataclasses import dataclass

from engine.fields import SettingError, setting, validate

CELL_TYPES = ("rnn", "gru", "lstm")
OPTIMIZERS = ("sgd", "momentum", "adam", "rmsprop")
INITS = ("default", "orthogonal", "identity")


@dataclass(frozen=True)
class ModelConfig:
    cell: str = setting("lstm", "Recurrent cell: vanilla RNN, GRU or LSTM.", choices=CELL_TYPES)
    activation: str = setting("tanh", "Vanilla RNN non-linearity (ignored by GRU/LSTM).",
                              choices=("tanh", "relu"))
    hidden: int = setting(32, "Hidden units per layer and direction.", lo=1, hi=256)
    layers: int = setting(1, "Stacked recurrent layers (a deep RNN).", lo=1, hi=3)
    bidirectional: bool = setting(False, "Also read the sequence right-to-left (needs the whole "
                                  "input first, so not for language models).")
    embedding: int = setting(16, "Size of the learned input embedding; 0 = one-hot input "
                             "as in the course's 'hello' example.", lo=0, hi=256)
    forget_bias: float = setting(3.0, "Initial LSTM forget-gate bias: positive starts with the "
                                 "memory held open (Gers et al. 2000), so long lags can be "
                                 "learned; 0 = torch's default.", lo=-5.0, hi=10.0)
    init: str = setting("default", "Weight initialisation: torch's default, orthogonal W_hh, or "
                        "identity W_hh (the IRNN trick, vanilla RNN only).", choices=INITS)

    def __post_init__(self):
        validate(self)
        if self.init == "identity" and self.cell != "rnn":
            raise SettingError.of("identity_init")

    @property
    def directions(self) -> int:
        return 2 if self.bidirectional else 1


@dataclass(frozen=True)
class TrainConfig:
    optimizer: str = setting("adam", "Update rule: plain SGD, SGD with momentum 0.9, Adam or "
                             "RMSprop.", choices=OPTIMIZERS)
    lr: float = setting(0.01, "Learning rate (step size).", lo=1e-6, hi=100.0, log=True)
    clip: float = setting(0.0, "Clip the gradient norm to this value; 0 = no clipping.",
                          lo=0.0, hi=1000.0)
    batch: int = setting(32, "Sequences per training step.", lo=1, hi=512)
    tbptt: int = setting(0, "Truncated BPTT: cut the gradient through the recurrent state every "
                         "this many steps (0 = full backpropagation through time).", lo=0, hi=400)
    seed: int = setting(0, "Random seed for weights and data: same seed + same settings = "
                        "same curve.", lo=0, hi=2**31 - 1)

    def __post_init__(self):
        validate(self)
