"""The trained model: input embedding -> fused nn.RNN / nn.GRU / nn.LSTM -> linear head.

Training always runs through torch's fused module (3-7x faster than a Python time loop);
`engine.trace` re-runs the same parameters step by step when gates and states are drawn.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from engine.config import ModelConfig
from engine.seeding import seeded

FUSED = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}
GATES = {"rnn": (), "gru": ("r", "z", "n"), "lstm": ("i", "f", "g", "o")}  # torch's row order


class SequenceModel(nn.Module):
    def __init__(self, vocab_size: int, config: ModelConfig):
        super().__init__()
        self.config, self.vocab_size = config, vocab_size
        in_size = config.embedding or vocab_size  # 0 = one-hot input
        self.embed = nn.Embedding(vocab_size, config.embedding) if config.embedding else None
        kwargs = {"nonlinearity": config.activation} if config.cell == "rnn" else {}
        self.rnn = FUSED[config.cell](in_size, config.hidden, num_layers=config.layers,
                                      bidirectional=config.bidirectional, batch_first=True,
                                      **kwargs)
        self.head = nn.Linear(config.hidden * config.directions, vocab_size)

    def inputs(self, x: torch.Tensor) -> torch.Tensor:
        """(B, T) token ids -> (B, T, E) vectors fed to the first recurrent layer."""
        if self.embed is None:
            return F.one_hot(x, self.vocab_size).float()
        return self.embed(x)

    def forward(self, x: torch.Tensor, state=None):
        """(B, T) ids -> logits (B, T, V) and the final recurrent state (for sampling)."""
        out, state = self.rnn(self.inputs(x), state)  # out: (B, T, H * directions)
        return self.head(out), state


def initialise(model: SequenceModel, scheme: str) -> None:
    """Re-initialise in place. LSTM: forget-gate bias b_if = forget_bias, b_hf = 0 (if set).
    W_hh: 'default' keeps torch's, 'orthogonal' makes each gate's block orthogonal,
    'identity' sets W_hh = I and all recurrent biases 0 (IRNN, Le et al. 2015)."""
    H = model.config.hidden
    with torch.no_grad():
        if model.config.cell == "lstm" and model.config.forget_bias:
            for name, p in model.rnn.named_parameters():
                if name.startswith("bias_"):  # rows H..2H are the forget gate (order i, f, g, o)
                    p[H:2 * H] = model.config.forget_bias if "_ih" in name else 0.0
        if scheme == "default":
            return
        for name, p in model.rnn.named_parameters():
            if not name.startswith("weight_hh"):
                if scheme == "identity" and name.startswith("bias"):
                    p.zero_()
                continue
            for block in p.split(H, dim=0):  # one (H, H) block per gate
                if scheme == "orthogonal":
                    nn.init.orthogonal_(block)
                else:
                    block.copy_(torch.eye(H))


def build_model(vocab_size: int, config: ModelConfig, seed: int) -> SequenceModel:
    """Same seed + same config = the same initial weights, without touching global RNG state."""
    with seeded(seed):
        model = SequenceModel(vocab_size, config)
        initialise(model, config.init)
    return model
