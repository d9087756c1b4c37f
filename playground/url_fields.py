"""The table of every page's settings: widget key = URL parameter, default, range or options.

Ranges and help come from the engine's setting tables (`from_setting`), narrowed where the page
offers less (e.g. at most 128 hidden units in the browser). Widgets are drawn from these rows
(`urlstate.widget`), so a link can only hold values the page itself can show.
"""
from __future__ import annotations

from engine.cliff import CliffConfig, DescentConfig
from engine.config import ModelConfig, TrainConfig
from engine.embed.cooc import COURSE_TEXT, CoocConfig
from engine.embed.corpus import MAX_TEXT_CHARS, CorpusConfig
from engine.embed.glove import GloVeConfig
from engine.embed.project import ProjectionConfig
from engine.embed.skipgram import SkipGramConfig
from engine.seq2seq.decode import DecodeConfig
from engine.seq2seq.model import Seq2SeqConfig
from engine.seq2seq.tasks import SEQ2SEQ_TASKS, DatesConfig, ReverseConfig
from engine.tasks import TASKS
from engine.tasks.agreement import AgreementConfig
from engine.tasks.copy import CopyConfig
from engine.tasks.lm import CORPORA, CharLMConfig
from engine.toy import INPUT_KINDS, ToyConfig, VectorConfig
from playground.attention_charts import METRICS
from playground.attention_run import LABELS as ATTENTION_LABELS
from playground.urlstate import PAGES, UrlField, from_setting, register

LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
CLIP_THRESHOLDS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0)
CLIFF_RATES = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.3, 1.0)
TASK_LABELS = {"hello": "hello: the course's 4-letter char LM",
               "charlm": "charlm: next-character prediction",
               "copy": "copy: remember a symbol over a lag",
               "agreement": "agreement: the cat(s) … was/were"}
CELL_LABELS = {"rnn": "vanilla RNN", "gru": "GRU", "lstm": "LSTM"}
YOUR_TEXT = "your text"
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
                 options=tuple(CORPORA) + (YOUR_TEXT,), when=(task, ("charlm",)),
                 help="A shipped corpus (English or Korean, see assets/README.md) or text you paste."),
        from_setting(f"{p}_length", CharLMConfig, "length", "Sequence length (BPTT)", hi=200,
                     when=(task, ("charlm",))),
        from_setting(f"{p}_text", CharLMConfig, "text", "Your text", "textarea", max_chars=100_000,
                     when=(f"{p}_corpus", (YOUR_TEXT,))),
        *([from_setting("train_cell", M, "cell", "Cell", "select", labels=CELL_LABELS)] if p == "train"
          else [UrlField("cmp_cells", "Cells to compare", ("rnn", "gru", "lstm"), "multiselect",
                         options=("rnn", "gru", "lstm"), labels=CELL_LABELS,
                         help="Each trains its own copy on the same data stream and seed.")]),
        from_setting(f"{p}_activation", M, "activation", "RNN activation", "select"),
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
        from_setting(f"{p}_optimizer", T, "optimizer", "Optimizer", "select"),
        from_setting(f"{p}_lr", T, "lr", "Learning rate", "select_slider", options=LEARNING_RATES),
        from_setting(f"{p}_batch", T, "batch", "Batch size", hi=128),
        from_setting(f"{p}_tbptt", T, "tbptt", "Truncated BPTT window (0 = full)", hi=100),
        from_setting(f"{p}_seed", T, "seed", "Seed", "number", lo=0, hi=MAX_SEED, step=1),
    ]


def train_view() -> list[UrlField]:
    lm = ("train_task", ("hello", "charlm"))
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
        UrlField("train_sample_len", "Sample length", 200, "slider", lo=20, hi=500, step=10,
                 when=("train_task", ("charlm",)), help="Characters to sample."),
        UrlField("train_sentence_a", "Sentence A", "", "text", max_chars=500, when=lm,
                 help="Scored character by character by the current model."),
        UrlField("train_sentence_b", "Sentence B", "", "text", max_chars=500, when=lm,
                 help="Scored character by character by the current model."),
    ]


GATE_NAMES = ("i", "f", "g", "o", "c", "h", "r", "z", "n")


def gates_view() -> list[UrlField]:
    return [
        UrlField("gates_text", "Probe input", "", "text", max_chars=2000,
                 help="Characters (or words, for agreement) from the model's vocabulary; "
                      "unknown ones are named, not dropped."),
        UrlField("gates_layer", "Layer", 0, "select", options=(0, 1, 2),
                 labels={i: f"layer {i + 1}" for i in range(3)}),
        UrlField("gates_direction", "Direction", "forward", "select", options=("forward", "backward")),
        UrlField("gates_focus", "Highlight", "h", "radio", options=GATE_NAMES,
                 help="Which equation to highlight next to the heatmaps."),
        UrlField("gates_freeze", "Freeze", False, "toggle",
                 help="Stop redrawing (and training) to study one moment."),
        UrlField("gates_unit", "Unit", 0, "number", lo=0, hi=127, step=1,
                 help="Pick a unit, e.g. one ranked below, and read the text through it."),
        UrlField("gates_unit_kind", "State", "hidden h_t", "radio",
                 options=("hidden h_t", "cell state c_t")),
    ]


def gradient_fields() -> list[UrlField]:
    T, V, C, D = ToyConfig, VectorConfig, CliffConfig, DescentConfig
    return [
        from_setting("toy_w_hh", T, "w_hh", "w_hh (recurrent weight)", step=0.1),
        from_setting("toy_w_xh", T, "w_xh", "w_xh (input weight)", step=0.1),
        from_setting("toy_b", T, "b", "b (bias)", step=0.1),
        from_setting("toy_length", T, "length", "T (sequence length)"),
        from_setting("toy_h0", T, "h0", "h_0 (initial state)", step=0.1),
        from_setting("toy_activation", T, "activation", "Activation g", "select"),
        UrlField("toy_input_kind", "Inputs x_t", "constant", "select", options=INPUT_KINDS,
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


SOURCES = {"skipgram": "skip-gram (word2vec)", "glove": "GloVe", "train": "the Train page's model"}
CORPUS_LABELS = {"synthetic": "synthetic (known classes)", "english": "shipped English",
                 "korean": "shipped Korean", "text": "your text (paste or upload)"}
ANALOGY = {"english": ("king", "man", "woman"), "korean": ("왕", "남자", "여자")}  # by language
WORD_CHARS = 100                     # a word field: its options are the corpus's vocabulary
PASTE_CHARS = 2 * MAX_TEXT_CHARS     # a longer paste is cut; the engine names its own limit
SKIPGRAM_RATES = (1e-3, 3e-3, 0.01, 0.03, 0.1, 1.0, 10.0, 100.0)
GLOVE_RATES = (1e-3, 3e-3, 0.01, 0.05, 0.1, 1.0, 10.0, 100.0)


def embedding_fields() -> list[UrlField]:
    """The Embeddings page. Skip-gram and GloVe have their own keys: their defaults and ranges
    differ (a widget keeps its value per key)."""
    C, S, G, P = CorpusConfig, SkipGramConfig, GloVeConfig, ProjectionConfig
    trained, sg, gl = (("emb_source", m) for m in (("skipgram", "glove"), ("skipgram",), ("glove",)))
    synthetic, text = ("emb_corpus", ("synthetic",)), ("emb_corpus", ("text",))
    tsne = ("emb_method", ("tsne",))
    a, b, c = ANALOGY["english"]
    word = dict(kind="select", max_chars=WORD_CHARS, when=trained)  # options: known at draw time
    return [
        UrlField("emb_source", "Vectors from", "skipgram", "radio", options=tuple(SOURCES),
                 labels=SOURCES),
        from_setting("emb_corpus", C, "corpus", "Corpus", "select", labels=CORPUS_LABELS,
                     when=trained),
        UrlField("emb_seed", "Seed", 0, "number", lo=0, hi=MAX_SEED, step=1, when=trained,
                 help="Seeds the corpus and the weights."),
        from_setting("emb_language", C, "language", "Language", "select", when=synthetic),
        from_setting("emb_sentences", C, "sentences", "Sentences", step=100, when=synthetic),
        from_setting("emb_text", C, "text", "…or paste text", "textarea", max_chars=PASTE_CHARS,
                     when=text, help=f"At most {MAX_TEXT_CHARS:,} characters; any language."),
        from_setting("emb_lowercase", C, "lowercase", "Lower-case", "toggle", when=text,
                     help="Treat 'The' and 'the' as one word."),
        from_setting("emb_sg_dim", S, "dim", "Embedding size", hi=64, when=sg),
        from_setting("emb_sg_window", S, "window", "Window", when=sg),
        from_setting("emb_sg_negatives", S, "negatives", "k negatives", when=sg),
        from_setting("emb_sg_batch", S, "batch", "Pairs per step", lo=16, hi=1024, step=16, when=sg),
        from_setting("emb_sg_optimizer", S, "optimizer", "Optimizer", "select", when=sg),
        from_setting("emb_sg_lr", S, "lr", "Learning rate", "select_slider", options=SKIPGRAM_RATES,
                     when=sg),
        from_setting("emb_gl_dim", G, "dim", "Embedding size", hi=64, when=gl),
        from_setting("emb_gl_window", G, "window", "Window", when=gl),
        from_setting("emb_gl_x_max", G, "x_max", "x_max", hi=200.0, step=1.0, when=gl),
        from_setting("emb_gl_alpha", G, "alpha", "alpha", step=0.05, when=gl),
        from_setting("emb_gl_batch", G, "batch", "Cells per step", lo=64, hi=8192, step=64, when=gl),
        from_setting("emb_gl_optimizer", G, "optimizer", "Optimizer", "select", when=gl),
        from_setting("emb_gl_lr", G, "lr", "Learning rate", "select_slider", options=GLOVE_RATES,
                     when=gl),
        from_setting("emb_method", P, "method", "Projection", "select",
                     labels={"tsne": "t-SNE", "pca": "PCA"}),
        from_setting("emb_perplexity", P, "perplexity", "Perplexity", hi=50.0, step=1.0, when=tsne),
        from_setting("emb_iterations", P, "iterations", "Iterations (first frame)", hi=1000, step=50,
                     when=tsne),
        from_setting("emb_warm_iterations", P, "warm_iterations", "Iterations per later frame",
                     hi=300, step=10, when=tsne),
        from_setting("emb_learning_rate", P, "learning_rate", "t-SNE learning rate (0 = auto)",
                     hi=1000.0, step=10.0, when=tsne),
        UrlField("emb_words", "Words shown", 150, "slider", lo=20, hi=500, step=10,
                 help="The most frequent words; a t-SNE frame of 500 words takes well under 1 s."),
        UrlField("emb_hide_other", "Only words with a class", True, "toggle",
                 help="Hide function words (the, is, …) that belong to no class."),
        UrlField("emb_word", "Word", a, **word),
        UrlField("emb_k", "How many", 8, "slider", lo=3, hi=20, when=trained),
        UrlField("emb_analogy_a", "a", a, **word),
        UrlField("emb_analogy_b", "− b", b, **word),
        UrlField("emb_analogy_c", "+ c", c, **word),
        UrlField("emb_cooc_text", "Sentences (one per line)", COURSE_TEXT, "textarea", max_chars=4000,
                 help="Words are split on spaces, case is kept; windows never cross a line."),
        from_setting("emb_cooc_window", CoocConfig, "window", "Window", hi=5),
        UrlField("emb_hidden_method", "Projection", "t-SNE", "radio", options=("t-SNE", "PCA")),
    ]


ATTN_TASK_LABELS = {"dates": "dates: '3 May 1979' → 1979-05-03",
                    "reverse": "reverse: abcde → edcba",
                    "sort": "sort digits: 4131 → 1134"}
ATTN_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def attention_fields() -> list[UrlField]:
    """The Attention page. The dates task has its own input lengths (other range and default)."""
    M, T, D, R = Seq2SeqConfig, TrainConfig, DecodeConfig, ReverseConfig
    dates, letters = ("attn_task", ("dates",)), ("attn_task", ("reverse", "sort"))
    return [
        UrlField("attn_task", "Task", "dates", "select", options=tuple(SEQ2SEQ_TASKS),
                 labels=ATTN_TASK_LABELS,
                 help="What the encoder-decoder learns to translate. "
                      "`python -m engine seq2seq --task ...` trains the same."),
        from_setting("attn_dates_length", DatesConfig, "length", "Longest input (characters)",
                     when=dates),
        from_setting("attn_dates_min_length", DatesConfig, "min_length",
                     "Shortest input (characters)", when=dates),
        from_setting("attn_length", R, "length", "Longest input (characters)", when=letters),
        from_setting("attn_min_length", R, "min_length", "Shortest input (characters)",
                     when=letters),
        from_setting("attn_symbols", R, "symbols", "Alphabet size (letters)",
                     when=("attn_task", ("reverse",))),
        from_setting("attn_attention", M, "attention", "Attention", "select",
                     labels=ATTENTION_LABELS),
        from_setting("attn_cell", M, "cell", "Cell", "select", labels={"gru": "GRU", "lstm": "LSTM"}),
        from_setting("attn_hidden", M, "hidden", "Encoder units per direction", hi=64),
        from_setting("attn_embedding", M, "embedding", "Embedding size", hi=32),
        from_setting("attn_attention_size", M, "attention_size", "Attention network width", hi=64),
        UrlField("attn_compare", "Train a comparison model alongside", True, "toggle",
                 help="A second model, identical except that it has no attention (or Bahdanau "
                      "attention if yours has none), trained on the same batches."),
        UrlField("attn_clip_on", "Clip gradient norm", True, "toggle",
                 help="Rescale the gradient when its norm exceeds the threshold. Applies live."),
        from_setting("attn_clip", T, "clip", "Clip threshold", "select_slider", default=5.0,
                     options=CLIP_THRESHOLDS, when=("attn_clip_on", (True,))),
        from_setting("attn_optimizer", T, "optimizer", "Optimizer", "select"),
        from_setting("attn_lr", T, "lr", "Learning rate", "select_slider", options=ATTN_RATES,
                     help=T.__dataclass_fields__["lr"].metadata["help"] + " Applies live."),
        from_setting("attn_batch", T, "batch", "Batch size", hi=128),
        from_setting("attn_seed", T, "seed", "Seed", "number", lo=0, hi=MAX_SEED, step=1),
        UrlField("attn_log", "Log-scale loss", True, "toggle"),
        UrlField("attn_probe", "Your input", "", "text", max_chars=500,
                 help="Any input the task can read; the heatmap follows it."),
        from_setting("attn_beam", D, "beam", "Beam width B (1 = greedy)"),
        from_setting("attn_alpha", D, "alpha", "Length normalisation α", step=0.1),
        UrlField("attn_metric", "Score", "exact_match", "radio", options=tuple(METRICS),
                 labels={m: title for m, (title, _, _) in METRICS.items()}),
    ]


register(*run_settings("train"), *run_settings("cmp"), *train_view(), *gates_view(),
         *gradient_fields(), *embedding_fields(), *attention_fields())
PAGES.update({
    "train": ("train_",),
    "compare": ("cmp_",),
    "gates": ("gates_", "train_"),   # the Gates page shows the Train page's run
    "gradients": ("toy_", "vec_", "cliff_"),
    "embeddings": ("emb_",),
    "attention": ("attn_",),
})
