"""Field table rows of the Train, Compare, Gates and Gradient flow pages.

Ranges and help come from the engine's setting tables (`from_setting`), narrowed where the page
offers less (e.g. at most 128 hidden units in the browser), so a link can only hold values the
page itself can show.
"""
from __future__ import annotations

from engine.cliff import CliffConfig, DescentConfig
from engine.config import ModelConfig, TrainConfig
from engine.tasks import TASKS
from engine.tasks.agreement import AgreementConfig
from engine.tasks.copy import CopyConfig
from engine.tasks.lm import CORPORA, CharLMConfig
from engine.tasks.names import NamesConfig
from engine.tasks.tagging import TaggingConfig
from engine.toy import INPUT_KINDS, ToyConfig, VectorConfig
from playground.fields.core import UrlField, from_setting

LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
CLIP_THRESHOLDS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0)
CLIFF_RATES = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.3, 1.0)
TASK_LABELS = {"hello": "hello: the course's 4-letter char LM",
               "charlm": "charlm: next-character prediction",
               "copy": "copy: remember a symbol over a lag",
               "agreement": "agreement: the cat(s) … was/were",
               "tagging": "tagging: Teddy bears / Teddy Roosevelt (both directions)",
               "sentiment": "sentiment: when word order matters (not good)",
               "names": "names: invent new names (one-to-many)"}
LANGUAGE_LABELS = {"english": "English", "korean": "한국어 (Korean)"}
CELL_LABELS = {"rnn": "vanilla RNN", "gru": "GRU", "lstm": "LSTM"}
YOUR_TEXT = "your text"
TEXT_LABELS = {"english": "shipped English", "korean": "shipped Korean",
               "python": "Python source (this Python's standard library)",
               "pydoc": "English prose (this Python's help topics)", YOUR_TEXT: "your text"}
MAX_SEED = 2**31 - 1


def run_settings(p: str) -> list[UrlField]:
    """The Train and Compare sidebars (prefix `train` or `cmp`)."""
    M, T = ModelConfig, TrainConfig
    task = f"{p}_task"
    return [
        UrlField(task, "Task", "copy", "select", options=tuple(TASKS), labels=TASK_LABELS,
                 help="What the model learns. `python -m engine tasks` lists them too."),
        from_setting(f"{p}_lag", CopyConfig, "lag", "Lag (distractor steps)", when=(task, ("copy",))),
        from_setting(f"{p}_symbols", CopyConfig, "symbols", "Symbols to remember",
                     when=(task, ("copy",))),
        from_setting(f"{p}_clause", AgreementConfig, "clause", "Clause phrases",
                     when=(task, ("agreement",))),
        UrlField(f"{p}_corpus", "Training text", "english", "select",
                 options=tuple(CORPORA) + (YOUR_TEXT,), labels=TEXT_LABELS,
                 when=(task, ("charlm",)),
                 help="A shipped corpus (English or Korean), 150,000 characters of the standard "
                      "library's source or of the documentation topics read from the Python that "
                      "runs this app (see assets/README.md), or text you paste."),
        from_setting(f"{p}_language", TaggingConfig, "language", "Language", "select",
                     labels=LANGUAGE_LABELS, when=(task, ("tagging", "sentiment"))),
        from_setting(f"{p}_gap", TaggingConfig, "gap", "Words between a name and its clue",
                     when=(task, ("tagging",))),
        from_setting(f"{p}_names_language", NamesConfig, "language", "Names", "select",
                     labels={"english": "English, dinosaur-like", "korean": "Korean personal names"},
                     when=(task, ("names",))),
        from_setting(f"{p}_names", NamesConfig, "names", "Names in the list", step=100,
                     when=(task, ("names",))),
        from_setting(f"{p}_length", CharLMConfig, "length", "Sequence length (BPTT)", hi=200,
                     when=(task, ("charlm", "names"))),
        from_setting(f"{p}_text", CharLMConfig, "text", "Your text", "textarea", max_chars=100_000,
                     when=(f"{p}_corpus", (YOUR_TEXT,))),
        *([from_setting("train_cell", M, "cell", "Cell", "radio", labels=CELL_LABELS)] if p == "train"
          else [UrlField("cmp_cells", "Cells to compare", ("rnn", "gru", "lstm"), "multiselect",
                         options=("rnn", "gru", "lstm"), labels=CELL_LABELS,
                         help="Each trains its own copy on the same data stream and seed."),
             UrlField("cmp_directions", "Each cell one way and both ways", False, "toggle",
                      help="Train every picked cell twice: reading left to right only, and "
                           "bidirectionally (a second RNN reads right to left, and each step "
                           "sees both). Not for language models, which must not read ahead.")]),
        from_setting(f"{p}_activation", M, "activation", "RNN activation", "radio"),
        from_setting(f"{p}_hidden", M, "hidden", "Hidden units", hi=128),
        from_setting(f"{p}_layers", M, "layers", "Layers"),
        from_setting(f"{p}_bidirectional", M, "bidirectional", "Bidirectional", "toggle"),
        from_setting(f"{p}_embedding", M, "embedding", "Embedding size (0 = one-hot)", hi=64),
        from_setting(f"{p}_forget_bias", M, "forget_bias", "LSTM forget-gate bias", lo=-2.0, hi=5.0,
                     step=0.5),
        from_setting(f"{p}_init", M, "init", "Initialisation", "select"),
        UrlField(f"{p}_clip_on", "Clip gradient norm", False, "toggle",
                 help="Rescale the gradient when its norm exceeds the threshold "
                      "(Pascanu et al. 2013). Applies live."),
        from_setting(f"{p}_clip", T, "clip", "Clip threshold", "select_slider", default=1.0,
                     options=CLIP_THRESHOLDS, when=(f"{p}_clip_on", (True,))),
        from_setting(f"{p}_optimizer", T, "optimizer", "Optimizer", "radio"),
        from_setting(f"{p}_lr", T, "lr", "Learning rate", "select_slider", options=LEARNING_RATES),
        from_setting(f"{p}_batch", T, "batch", "Batch size", hi=128),
        from_setting(f"{p}_tbptt", T, "tbptt", "Truncated BPTT window (0 = full)", hi=100),
        from_setting(f"{p}_seed", T, "seed", "Seed", "number", lo=0, hi=MAX_SEED, step=1),
    ]


def train_view() -> list[UrlField]:
    lm = ("train_task", ("hello", "charlm", "names"))
    return [
        UrlField("train_log", "Log-scale y axes", True, "toggle",
                 help="Loss and gradient norms span orders of magnitude."),
        UrlField("train_relative", "Gradient through time relative to the last step", False, "toggle",
                 help="Divide ||dL/dh_k|| by ||dL/dh_T|| to compare how fast it decays, whatever the loss."),
        UrlField("train_ngram", "n-gram reference", 3, "select", options=(None, 1, 2, 3, 4, 5),
                 labels={None: "off", 1: "1-gram", 2: "2-gram", 3: "3-gram", 4: "4-gram", 5: "5-gram"},
                 when=("train_task", ("charlm",)),
                 help="Held-out perplexity of an add-k smoothed character n-gram model on the "
                      "same text (CS224n lecture 8)."),
        UrlField("train_ngram_k", "n-gram add-k", 0.1, "select_slider",
                 options=(0.001, 0.01, 0.1, 0.5, 1.0), when=("train_task", ("charlm",)),
                 help="Add-k smoothing constant."),
        UrlField("train_temperature", "Temperature", 1.0, "slider", lo=0.1, hi=2.0, step=0.1, when=lm,
                 help="Divides the logits before the softmax: low = always the likeliest "
                      "character, high = closer to uniform."),
        UrlField("train_name_samples", "Names to sample", 50, "slider", lo=10, hi=500, step=10,
                 when=("train_task", ("names",)),
                 help="How many names to draw; the shares below count all of them."),
        UrlField("train_sample_len", "Sample length", 200, "slider", lo=20, hi=500, step=10,
                 when=("train_task", ("charlm",)), help="Characters to sample."),
        UrlField("train_sentence_a", "Sentence A", "", "text", max_chars=500, when=lm,
                 help="Scored character by character by the current model."),
        UrlField("train_sentence_b", "Sentence B", "", "text", max_chars=500, when=lm,
                 help="Scored character by character by the current model."),
        *network_view("train", 200),
    ]


def network_view(prefix: str, steps: int) -> list[UrlField]:
    """The network view's toggles and scrubber on a page (`steps`: the longest input)."""
    return [
        UrlField(f"{prefix}_net_backward", "Backward view", False, "toggle",
                 help="Draw the backward pass through time on the network: ‖∂L/∂a<t>‖ at each "
                      "node and the gradient carried back along each W_aa arrow (log scale)."),
        UrlField(f"{prefix}_net_gates", "Open the gates", False, "toggle",
                 help="LSTM/GRU: show inside each node, beside a<t>, the cell state c<t> and the "
                      "gates (LSTM i, f, g, o; GRU r, z, n), one row per unit."),
        UrlField(f"{prefix}_net_start", "First time step shown", 1, "slider", lo=1, hi=steps,
                 step=1, help="Long inputs: the network shows a window of time steps; move it "
                              "here. Every step is computed."),
    ]


GATE_NAMES = ("i", "f", "g", "o", "c", "h", "r", "z", "n")


def gates_view() -> list[UrlField]:
    return [
        UrlField("gates_text", "Probe input", "", "text", max_chars=2000,
                 help="Characters (or words, for agreement) from the model's vocabulary; "
                      "unknown ones are named, not dropped."),
        UrlField("gates_layer", "Layer", 0, "radio", options=(0, 1, 2),
                 labels={i: f"layer {i + 1}" for i in range(3)}),
        UrlField("gates_direction", "Direction", "forward", "radio", options=("forward", "backward"),
                 labels={"forward": "forward", "backward": "backward"}),
        UrlField("gates_focus", "Highlight", "h", "radio", options=GATE_NAMES,
                 help="Which equation to highlight next to the heatmaps."),
        UrlField("gates_freeze", "Freeze", False, "toggle",
                 help="Stop redrawing (and training) to study one moment."),
        UrlField("gates_unit", "Unit", 0, "number", lo=0, hi=127, step=1,
                 help="Pick a unit, e.g. one ranked below, and read the text through it."),
        UrlField("gates_unit_kind", "State", "hidden h_t", "radio",
                 options=("hidden h_t", "cell state c_t"),
                 labels={"hidden h_t": "hidden h_t", "cell state c_t": "cell state c_t"}),
        *network_view("gates", 80),
    ]


def gradient_fields() -> list[UrlField]:
    T, V, C, D = ToyConfig, VectorConfig, CliffConfig, DescentConfig
    return [
        from_setting("toy_w_hh", T, "w_hh", "w_hh (recurrent weight)", step=0.1),
        from_setting("toy_w_xh", T, "w_xh", "w_xh (input weight)", step=0.1),
        from_setting("toy_b", T, "b", "b (bias)", step=0.1),
        from_setting("toy_length", T, "length", "T (sequence length)"),
        from_setting("toy_h0", T, "h0", "h_0 (initial state)", step=0.1),
        from_setting("toy_activation", T, "activation", "Activation g", "radio"),
        UrlField("toy_input_kind", "Inputs x_t", "constant", "radio", options=INPUT_KINDS,
                 labels={"constant": "constant v", "alternating": "alternating +v, −v, …",
                         "random": "random (normal, std |v|)", "typed": "typed numbers"},
                 help="The input sequence x_1..x_T fed to the recurrence."),
        UrlField("toy_value", "v (input value)", 0.5, "slider", lo=-3.0, hi=3.0, step=0.1,
                 when=("toy_input_kind", ("constant", "alternating", "random")),
                 help="The constant, the alternating amplitude, or the random inputs' std."),
        UrlField("toy_seed", "Seed", 0, "number", lo=0, hi=MAX_SEED, step=1,
                 when=("toy_input_kind", ("random",)), help="Seed of the random inputs."),
        UrlField("toy_typed", "x_1, …, x_T", "0.5", "text", max_chars=2000,
                 when=("toy_input_kind", ("typed",)),
                 help="Comma-separated numbers: exactly T of them, or one number to repeat."),
        from_setting("vec_hidden", V, "hidden", "H (hidden units)"),
        from_setting("vec_radius", V, "spectral_radius", "Spectral radius of W_hh", step=0.05),
        from_setting("vec_structure", V, "structure", "Structure of W_hh", "select"),
        from_setting("vec_activation", V, "activation", "Activation g", "select"),
        from_setting("vec_length", V, "length", "T (sequence length)"),
        from_setting("vec_seed", V, "seed", "Seed", "number", step=1),
        from_setting("cliff_length", C, "length", "T (steps before h_T is scored)"),
        from_setting("cliff_resolution", C, "resolution", "Surface resolution", step=10),
        from_setting("cliff_start_w", D, "start_w", "start w", "number", step=0.05),
        from_setting("cliff_start_b", D, "start_b", "start b", "number", step=0.05),
        from_setting("cliff_lr", D, "lr", "Learning rate", "select_slider", options=CLIFF_RATES),
        from_setting("cliff_steps", D, "steps", "Steps", hi=400, step=10),
        from_setting("cliff_clip", D, "clip", "Clip threshold", lo=1.0, hi=50.0, step=1.0),
    ]
