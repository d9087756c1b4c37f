"""Field table rows of the Embeddings and Attention pages."""
from __future__ import annotations

from engine.config import TrainConfig
from engine.embed.cooc import COURSE_TEXT, CoocConfig
from engine.embed.corpus import MAX_TEXT_CHARS, CorpusConfig
from engine.embed.glove import GloVeConfig
from engine.embed.project import ProjectionConfig
from engine.embed.skipgram import SkipGramConfig
from engine.seq2seq.decode import DecodeConfig
from engine.seq2seq.model import Seq2SeqConfig
from engine.seq2seq.tasks import SEQ2SEQ_TASKS, DatesConfig, ReverseConfig
from playground.fields.core import UrlField, from_setting
from playground.fields.runs import CLIP_THRESHOLDS, MAX_SEED

ATTENTION_LABELS = {"bahdanau": "Bahdanau attention", "luong": "Luong (dot) attention",
                    "none": "no attention"}
METRICS = {"exact_match": ("exact match", ".3f", [0, 1]),   # held-out score: title, format, domain
           "token_accuracy": ("token accuracy", ".3f", [0, 1]),
           "bleu": ("BLEU (characters, 0-100)", ".1f", [0, 100])}
SOURCES = {"skipgram": "skip-gram (word2vec)", "glove": "GloVe", "train": "the Train page's model"}
CORPUS_LABELS = {"synthetic": "synthetic (known classes)", "english": "shipped English",
                 "korean": "shipped Korean", "pydoc": "English (this Python's help topics)",
                 "text": "your text (paste or upload)"}
ANALOGY = {"english": ("king", "man", "woman"), "korean": ("왕", "남자", "여자")}  # by language
WORD_CHARS = 100                     # a word field: its options are the corpus's vocabulary
PASTE_CHARS = 2 * MAX_TEXT_CHARS     # a longer paste is cut; the engine names its own limit
SKIPGRAM_RATES = (1e-3, 3e-3, 0.01, 0.02, 0.03, 0.1, 1.0, 10.0, 100.0)
GLOVE_RATES = (1e-3, 3e-3, 0.01, 0.05, 0.1, 1.0, 10.0, 100.0)


def embedding_fields() -> list[UrlField]:
    """The Embeddings page. Skip-gram and GloVe have their own keys: their defaults and ranges
    differ (a widget keeps its value per key)."""
    C, S, G, P = CorpusConfig, SkipGramConfig, GloVeConfig, ProjectionConfig
    trained, sg, gl = (("emb_source", m) for m in (("skipgram", "glove"), ("skipgram",), ("glove",)))
    synthetic, text = ("emb_corpus", ("synthetic",)), ("emb_corpus", ("text",))
    tsne = ("emb_method", ("tsne",))
    a, b, c = ANALOGY["english"]
    word = {"kind": "select", "max_chars": WORD_CHARS, "when": trained}  # options: at draw time
    return [
        UrlField("emb_source", "Vectors from", "skipgram", "radio", options=tuple(SOURCES),
                 labels=SOURCES),
        from_setting("emb_corpus", C, "corpus", "Corpus", "radio", labels=CORPUS_LABELS,
                     when=trained),
        UrlField("emb_seed", "Seed", 0, "number", lo=0, hi=MAX_SEED, step=1, when=trained,
                 help="Seeds the corpus and the weights."),
        from_setting("emb_language", C, "language", "Language", "radio", when=synthetic),
        from_setting("emb_sentences", C, "sentences", "Sentences", step=100, when=synthetic),
        from_setting("emb_text", C, "text", "…or paste text", "textarea", max_chars=PASTE_CHARS,
                     when=text, help=f"At most {MAX_TEXT_CHARS:,} characters; any language."),
        from_setting("emb_lowercase", C, "lowercase", "Lower-case", "toggle", when=text,
                     help="Treat 'The' and 'the' as one word."),
        from_setting("emb_sg_dim", S, "dim", "Embedding size", hi=64, when=sg),
        from_setting("emb_sg_window", S, "window", "Window", when=sg),
        from_setting("emb_sg_negatives", S, "negatives", "k negatives", when=sg),
        from_setting("emb_sg_subsample", S, "subsample", "Subsample frequent words (t)",
                     "select_slider", options=(0.0, 1e-4, 1e-3, 1e-2), when=sg),
        from_setting("emb_sg_batch", S, "batch", "Pairs per step", lo=16, hi=1024, step=16, when=sg),
        from_setting("emb_sg_optimizer", S, "optimizer", "Optimizer", "radio", when=sg),
        from_setting("emb_sg_lr", S, "lr", "Learning rate", "select_slider", options=SKIPGRAM_RATES,
                     when=sg),
        from_setting("emb_gl_dim", G, "dim", "Embedding size", hi=64, when=gl),
        from_setting("emb_gl_window", G, "window", "Window", when=gl),
        from_setting("emb_gl_x_max", G, "x_max", "x_max", hi=200.0, step=5.0, when=gl),
        from_setting("emb_gl_alpha", G, "alpha", "alpha", step=0.05, when=gl),
        from_setting("emb_gl_batch", G, "batch", "Cells per step", lo=64, hi=8192, step=64, when=gl),
        from_setting("emb_gl_optimizer", G, "optimizer", "Optimizer", "radio", when=gl),
        from_setting("emb_gl_decay", G, "decay", "Rate decay (steps; 0 = constant)", hi=1000.0,
                     step=10.0, when=gl),
        from_setting("emb_gl_lr", G, "lr", "Learning rate", "select_slider", options=GLOVE_RATES,
                     when=gl),
        from_setting("emb_method", P, "method", "Projection", "radio",
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
                    "sort": "sort digits: 4131 → 1134",
                    "pairs": "your pairs: source⇥target lines"}
PAIRS_LABELS = {"numbers": "example: English number words → Korean (999 pairs)",
                "yours": "your own (paste or upload)"}
PAIR_PASTE_CHARS = 200_000  # a larger list comes as a file (up to 20,000 pairs)
ATTN_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def attention_fields() -> list[UrlField]:
    """The Attention page. The dates task has its own input lengths (other range and default)."""
    M, T, D, R = Seq2SeqConfig, TrainConfig, DecodeConfig, ReverseConfig
    dates, letters = ("attn_task", ("dates",)), ("attn_task", ("reverse", "sort"))
    return [
        UrlField("attn_task", "Task", "dates", "radio", options=tuple(SEQ2SEQ_TASKS),
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
        UrlField("attn_pairs_source", "Pairs", "numbers", "radio", options=tuple(PAIRS_LABELS),
                 labels=PAIRS_LABELS, when=("attn_task", ("pairs",)),
                 help="The example: every number from 1 to 999 in English words and as a "
                      "Sino-Korean numeral (twelve → 십이, three hundred forty-two → 삼백사십이). "
                      "Or your own pairs, pasted or from a file."),
        UrlField("attn_pairs", "Your pairs", "", "textarea", max_chars=PAIR_PASTE_CHARS,
                 when=("attn_pairs_source", ("yours",)),
                 help="One pair per line: the source, a tab, the target (two columns pasted "
                      "from a spreadsheet come with the tab). At least 20 pairs, at most 60 "
                      "characters a side; a tenth is held out to test the model."),
        from_setting("attn_attention", M, "attention", "Attention", "radio",
                     labels=ATTENTION_LABELS),
        from_setting("attn_cell", M, "cell", "Cell", "radio", labels={"gru": "GRU", "lstm": "LSTM"}),
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
        from_setting("attn_optimizer", T, "optimizer", "Optimizer", "radio"),
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
