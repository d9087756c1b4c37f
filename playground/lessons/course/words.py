"""Lessons 8-10: word embeddings, sequence to sequence with beam search and BLEU, attention."""
from __future__ import annotations

from playground.lessons.checks import (
    attends_anti_diagonal,
    beam_beats_greedy,
    bleu_above,
    embedding_quality,
    heldout_beats,
    metric_reaches,
)
from playground.lessons.model import Lesson, Question, Step, detail

SYNTH = {"emb_corpus": "synthetic", "emb_language": "english"}
KING = {"emb_analogy_a": "king", "emb_analogy_b": "man", "emb_analogy_c": "woman"}
BAHDANAU = "Bahdanau attention"


EMBEDDINGS = Lesson(
    8, "Word embeddings: word2vec, GloVe, analogies",
    "A word becomes a vector learned from the words around it. Skip-gram learns to tell real "
    "(word, context) pairs from k negative samples drawn with f(w)^(3/4); GloVe fits the log of "
    "the co-occurrence counts. Words of one kind end up together, and differences such as "
    "man → woman become directions.",
    (
        Step("Skip-gram with negative sampling", "embeddings", {**SYNTH, "emb_source": "skipgram"},
             "The synthetic corpus has known classes (people, animals, colours, numbers, …). Press Play "
             "and watch the t-SNE map: words of a class drift together. The separation number "
             "is the mean cosine similarity within a class minus between classes.",
             (embedding_quality("Words of one class are clearly closer: separation above 0.3",
                                separation=0.3, emb_source="skipgram", emb_corpus="synthetic"),)),
        Step("king − man + woman", "embeddings", {**SYNTH, "emb_source": "skipgram", **KING},
             "The analogy panel ranks the words whose vectors are closest (by cosine) to "
             "e_king − e_man + e_woman. Keep training until queen comes first: the "
             "male → female difference has become one direction.",
             (embedding_quality("king − man + woman ranks queen first", analogy="queen",
                                emb_source="skipgram", emb_analogy_a="king",
                                emb_analogy_b="man", emb_analogy_c="woman"),)),
        Step("GloVe on the same corpus", "embeddings", {**SYNTH, "emb_source": "glove", **KING},
             "GloVe fits w_i·w̃_j + b_i + b̃_j to log X_ij, weighted by f(X_ij). It finds queen "
             "within a few hundred steps. This model has more parameters than the corpus has "
             "non-zero counts, so it could fit every count, noise included; its learning rate "
             "decays, so the vectors settle. Set the rate decay to 0 to watch them drift.",
             (embedding_quality("GloVe ranks queen first", analogy="queen", emb_source="glove",
                                emb_analogy_a="king", emb_analogy_b="man",
                                emb_analogy_c="woman"),
              embedding_quality("GloVe separates the classes: above 0.2", separation=0.2,
                                emb_source="glove", emb_corpus="synthetic"))),
        Step("When word order matters: not good", "compare",
             {"cmp_task": "sentiment", "cmp_cells": ("lstm",)},
             "Reviews such as “the movie is not boring” or “good but boring”: the same words "
             "come in positive and negative reviews, and only their order decides. Press Play "
             "to train the LSTM, then Train the three models under the charts: Naive Bayes on "
             "a bag of words and the average of word vectors get the negated reviews wrong; "
             "the model that reads in order does not.",
             (metric_reaches("The LSTM's accuracy on the reviews passed 95%", "lstm",
                             "accuracy", above=0.95, cmp_task="sentiment"),)),
    ),
    (
        Question("In skip-gram with negative sampling, what is the model trained to do?",
                 ("Predict the next word",
                  "Tell a real (word, context word) pair from k pairs with random words",
                  "Reconstruct the co-occurrence matrix",
                  "Classify sentences"),
                 1, "Each step scores σ(e_c·θ_t) for the true context word and for k negatives "
                    "drawn with probability ∝ f(w)^(3/4); the vectors are a by-product."),
        Question("Why is the analogy computed with cosine similarity on e_king − e_man + "
                 "e_woman?",
                 ("Because the vectors are one-hot",
                  ("Because a relation shows up as a direction, and cosine compares directions, "
                   "not lengths"),
                  "To make it faster",
                  "Because t-SNE needs it"),
                 1, "man → woman and king → queen are (roughly) the same offset; cosine "
                    "similarity finds the word whose vector points the same way. The t-SNE map "
                    "does not keep these offsets, so analogies are computed on the vectors."),
    ),
)

DECODING = Lesson(
    9, "Sequence to sequence: beam search and BLEU",
    "An encoder reads the input, a decoder writes the output one token at a time. Greedy "
    "decoding keeps only the likeliest token at each step; beam search keeps the B best "
    "partial outputs and ranks them by log P / T_y^α, the course's length normalisation. BLEU "
    "scores outputs against references by n-gram overlap.",
    (
        Step("Train the translator", "attention", {"attn_task": "dates",
                                                   "attn_attention": "bahdanau"},
             "Dates in twelve formats are rewritten as 1979-05-03. Press Play: the dots are "
             "greedy decodes of 128 held-out dates every 50 steps, the thin lines the training "
             "batch under teacher forcing.",
             (heldout_beats("More than 90% of held-out dates come out exactly right", BAHDANAU,
                            None, 0.9, attn_task="dates", attn_attention="bahdanau"),)),
        Step("Beam search finds what greedy misses", "attention",
             {"attn_task": "reverse", "attn_attention": "bahdanau", "attn_beam": 5,
              "attn_probe": "hgfedcb"},
             "Reverse with beam width 5. A search matters while the model is still unsure: "
             "press Reset, then Play for a few seconds (30 to 100 steps) and watch the Top beams "
             "table beside the greedy output. Once trained, both agree.",
             (beam_beats_greedy("Beam 5 found a higher-scoring output than greedy on your "
                                "input", attn_task="reverse", attn_beam=(
                                    lambda v: v is not None and v >= 2,
                                    detail("or_more", value=2))),)),
        Step("Score it with BLEU", "attention", {"attn_task": "reverse",
                                                 "attn_attention": "bahdanau"},
             "Train until the held-out dots are high, then press Evaluate. It decodes 400 "
             "held-out inputs and scores them by exact match, token accuracy and sacrebleu's "
             "corpus BLEU, also by input length.",
             (bleu_above("The attention model's BLEU is above 80", BAHDANAU, 80.0,
                         attn_task="reverse", attn_attention="bahdanau"),)),
    ),
    (
        Question("Without length normalisation (α = 0), beam search tends to prefer…",
                 ("longer outputs", "shorter outputs", "outputs of the input's length",
                  "random outputs"),
                 1, "Every extra token multiplies P(y|x) by a number below 1, so the raw log "
                    "probability favours stopping early; dividing by T_y^α undoes that."),
        Question("Beam search with B = 1 is…",
                 ("exhaustive search", "greedy decoding", "sampling", "impossible"),
                 1, "Keeping one hypothesis per step is exactly picking the likeliest token each "
                    "time: the page's Beam width 1 is labelled greedy."),
        Question("BLEU compares an output with a reference by…",
                 ("edit distance", "clipped n-gram precision with a brevity penalty",
                  "exact match", "the model's log-probability"),
                 1, "Modified n-gram precisions (n = 1..4), geometrically averaged, times a "
                    "penalty for outputs shorter than the reference; the page uses sacrebleu."),
    ),
)

ATTENTION = Lesson(
    10, "Attention",
    "Without attention the decoder sees one fixed vector for the whole input, a bottleneck "
    "for long inputs. Bahdanau attention scores every encoder annotation a<t'> against the "
    "decoder state, e<t,t'> = vᵀ tanh(W s<t−1> + U a<t'>), and reads their weighted sum "
    "c<t> = Σ α<t,t'> a<t'>.",
    (
        Step("With and without attention", "attention",
             {"attn_task": "reverse", "attn_length": 8, "attn_attention": "bahdanau",
              "attn_compare": True},
             "Reverse inputs of up to 8 letters; a model without attention trains alongside on "
             "the same batches. Press Play and compare the held-out dots of the two.",
             (heldout_beats("With attention over 90% of held-out inputs are exactly right "
                            "while without it fewer than 60% are", BAHDANAU, "no attention",
                            0.9, 0.6, attn_task="reverse", attn_attention="bahdanau",
                            attn_length=(lambda v: v is not None and v >= 8,
                                         detail("or_more", value=8))),)),
        Step("Where it looks", "attention",
             {"attn_task": "reverse", "attn_length": 8, "attn_attention": "bahdanau",
              "attn_probe": "abcdefgh"},
             "The heatmap shows α<t,t'> for your input: output characters down the side, "
             "source characters across. To reverse, output t must read source position "
             "T − t + 1: watch the anti-diagonal appear.",
             (attends_anti_diagonal("Each output step puts over half its attention on the "
                                    "mirrored input position", 0.5, attn_task="reverse"),)),
        Step("Dot-product attention", "attention",
             {"attn_task": "reverse", "attn_length": 8, "attn_attention": "luong"},
             "Luong's score is just the dot product s<t−1>·a<t'>: no extra network. Train it "
             "on the same task.",
             (heldout_beats("Luong attention also gets over 90% of held-out inputs right",
                            "Luong (dot) attention", None, 0.9, attn_task="reverse",
                            attn_attention="luong"),)),
    ),
    (
        Question("The attention weights α<t,1..T_x> of one output step…",
                 ("are all 1", "sum to 1 (a softmax over the input positions)", "sum to T_x",
                  "are learned parameters"),
                 1, "α<t,t'> = softmax over t' of e<t,t'>: each heatmap row is a distribution "
                    "over the source characters, computed afresh for every input."),
        Question("Why does the model without attention fall behind on long inputs?",
                 ("It has fewer layers",
                  "It must squeeze the whole input into one fixed vector",
                  "It trains more slowly per step",
                  "It cannot use beam search"),
                 1, "Its decoder reads only the encoder's final summary; the by-length chart "
                    "of Evaluate shows it failing as inputs grow, while attention reads each "
                    "position when it needs it."),
    ),
)
