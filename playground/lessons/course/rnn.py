"""Lessons 1-3: sequence data and the shapes of an RNN, the forward pass of the “hello”
model, language models."""
from __future__ import annotations

from playground.lessons.checks import (
    beats_ngram,
    guesses,
    metric_reaches,
    prefers_sentence,
    sample_words,
    scored_steps,
    settings_are,
)
from playground.lessons.model import Lesson, Question, Step, detail

HELLO = {"train_task": "hello", "train_cell": "rnn", "train_hidden": 3, "train_embedding": 0,
         "train_lr": 0.03}


SHAPES = Lesson(
    1, "Sequence data and the shapes of an RNN",
    "Speech, text, DNA and prices are sequences: x<1>, x<2>, …, x<T>, with T changing from one "
    "example to the next. One cell, applied at every step with the same weights, handles any "
    "length; where the network reads and where it answers gives the shapes the course names.",
    (
        Step("Many-to-many: an answer at every step", "train",
             {"train_task": "hello", "train_cell": "rnn", "train_hidden": 3,
              "train_embedding": 0},
             "The “hello” model reads one letter per step and guesses the next one at every "
             "step: T_x = T_y. In the network view every x<t> has its ŷ<t> above it, each with "
             "its own loss; the training loss is their sum.",
             (scored_steps("A loss at every step of the input", every=True, train_task="hello"),)),
        Step("Many-to-one: one answer at the end", "train",
             {"train_task": "agreement", "train_cell": "gru"},
             "“the cat(s) , which already ate … , was/were”: the whole sentence is read and one "
             "answer comes at the end, like sentiment classification. The network view draws a "
             "single ŷ; move its window to the last step to see it.",
             (scored_steps("Only one step of the input is scored", every=False,
                           train_task="agreement"),
              metric_reaches("The GRU picks was/were right more than 90% of the time", "gru",
                             "accuracy", above=0.9, train_task="agreement"))),
        Step("Encoder–decoder: T_x ≠ T_y", "attention", {"attn_task": "dates"},
             "“12/25/2023” in, “2023-12-25” out: an encoder reads the whole input, then a "
             "decoder writes an output of its own length, as in translation. Press Play; the "
             "heatmap shows which input characters each output character used.",
             (metric_reaches("The decoder gets more than 90% of the output characters right",
                             "Bahdanau attention", "accuracy", above=0.9, attn_task="dates",
                             attn_attention="bahdanau"),)),
    ),
    (
        Question("Sentiment classification of a review (“There is nothing to like in this "
                 "movie” → negative) is which shape?",
                 ("One-to-many", "Many-to-one", "Many-to-many with T_x = T_y",
                  "Encoder–decoder"),
                 1, "It reads every word and answers once, at the end, like the agreement task "
                    "whose network view had a single ŷ."),
        Question("Why can one RNN read sentences of any length?",
                 ("It pads every sentence to the longest one",
                  "The same weights W_aa, W_ax, W_ya are applied at every time step",
                  "It has one set of weights per position",
                  "It reads the whole sentence at once"),
                 1, "Hovering a W_aa arrow lit up the same matrix at every step: the unrolled "
                    "network is one cell repeated, so any T works."),
    ),
)

FORWARD = Lesson(
    2, "The forward pass: the “hello” character model",
    "The course's first RNN, live: 3 hidden units read h, e, l, l one-hot and guess the next "
    "letter. Watch the untrained guesses, train them right, and read a<t> = tanh(W_aa a<t-1> + "
    "W_ax x<t> + b_a) with the numbers of your own model.",
    (
        Step("The untrained network", "train", HELLO,
             "This is the course's figure with real numbers: inputs x<1..4> = h, e, l, l at the "
             "bottom, the hidden state a<t> (3 units) in the middle, the guesses ŷ<t> on top. "
             "Hover a node: its tooltip shows unit 1's equation with the actual weights. Before "
             "any training every guess is close to 1/4.",
             (settings_are("The model is the course's: a vanilla RNN with 3 hidden units on "
                           "one-hot inputs", train_task="hello", train_cell="rnn",
                           train_hidden=3, train_embedding=0),
              guesses("No guess is sure yet: every ŷ<t> gives its favourite under 0.5",
                      sure=False, train_task="hello"))),
        Step("Train it", "train", HELLO,
             "Press Play. The loss is the sum of the cross-entropies of the four guesses; watch "
             "the ✓ marks climb to the top of every ŷ<t> box. The same W_aa is used at every "
             "step: hover an arrow to see it light up four times.",
             (metric_reaches("The loss fell below 0.05", "rnn", "loss", below=0.05,
                             train_task="hello", train_cell="rnn"),
              guesses("Every ŷ<t> ranks its target first: h→e, e→l, l→l, l→o", sure=True,
                      train_task="hello"))),
        Step("Same task, an LSTM", "train", {**HELLO, "train_cell": "lstm"},
             "The same data with an LSTM cell. Open the gates on the network view: inside each "
             "node you now see the cell state c<t> and the gates i, f, g, o beside a<t>. The "
             "second l must be followed by o, not l: only the state tells the two l's apart.",
             (metric_reaches("The LSTM's accuracy reached 100%", "lstm", "accuracy",
                             above=0.999, train_task="hello", train_cell="lstm"),
              guesses("Every ŷ<t> ranks its target first", sure=True, train_task="hello",
                      train_cell="lstm"))),
    ),
    (
        Question("The two l's of “hell” are the same one-hot input. How can the network guess "
                 "l after the first and o after the second?",
                 ("W_ax is different at steps 3 and 4",
                  "a<t> also depends on a<t-1>, which differs at the two steps",
                  "The output layer W_ya sees the position t",
                  "It cannot; one of the two guesses is always wrong"),
                 1, "The parameters are shared by every step (hovering W_aa lit it up at every "
                    "step). What differs is a<t-1>: the hidden state carries what came before, "
                    "so the same x<t> = l gives two different a<t>, and two different ŷ<t>."),
        Question("The hidden state has 3 units and the vocabulary 4 letters. What shape is W_ax "
                 "with one-hot inputs?",
                 ("3 × 4", "4 × 3", "3 × 3", "4 × 4"),
                 0, "W_ax maps the 4-dimensional one-hot x<t> to the 3 hidden units: 3 rows, 4 "
                    "columns. W_aa is 3 × 3 and W_ya is 4 × 3."),
    ),
)

LANGUAGE = Lesson(
    3, "Language models: perplexity, n-grams, sampling",
    "A language model gives every next character a probability. Perplexity, the exponential of "
    "the mean cross-entropy, says how many characters it is choosing between. The course sets "
    "an n-gram model beside the RNN, scores “pear salad” against “pair salad”, and samples "
    "with a temperature.",
    (
        Step("The RNN against an n-gram", "train",
             {"train_task": "charlm", "train_corpus": "english", "train_cell": "lstm",
              "train_hidden": 64},
             "An LSTM on the English corpus; the perplexity chart also draws an add-k n-gram "
             "model on the same held-out text. Press Play: the dots (held-out perplexity) "
             "start near the vocabulary size and fall below the 3-gram's line.",
             (beats_ngram("The LSTM's held-out perplexity fell below the n-gram's", "lstm",
                          train_task="charlm"),)),
        Step("Pear salad or pair salad?", "train",
             {"train_task": "charlm", "train_corpus": "english", "train_cell": "lstm",
              "train_hidden": 64},
             "The two sentences under the charts sound the same but only one is likely. Each "
             "character's bar is P(char | what came before); look at where “pear” and “pair” "
             "part ways, and at the two perplexities.",
             (prefers_sentence("The trained model finds Sentence A (pear) more likely than "
                               "Sentence B (pair)", "lstm", train_task="charlm"),)),
        Step("Sampling with a temperature", "train",
             {"train_task": "charlm", "train_corpus": "english", "train_cell": "lstm",
              "train_hidden": 64, "train_temperature": 0.5},
             "Sampling draws each next character from softmax(logits / T). Set the "
             "temperature to 0.5 and sample: nearly every word is real. Then set it to 1.5: "
             "the text gets inventive and the words fall apart.",
             (sample_words("At temperature 0.5 or less, over 85% of the sampled words are real",
                           real_above=0.85, train_task="charlm", train_temperature=(
                               lambda v: v is not None and v <= 0.5,
                               detail("or_less", value=0.5))),
              sample_words("At temperature 1.5 or more, fewer than 60% are", real_below=0.6,
                           train_task="charlm", train_temperature=(
                               lambda v: v is not None and v >= 1.5,
                               detail("or_more", value=1.5))))),
        Step("One-to-many: invent names", "train",
             {"train_task": "names", "train_cell": "lstm", "train_hidden": 64},
             "The same kind of model on a list of generated names, each written <s> name </s>: "
             "it starts from <s> alone and writes until </s>, one input making a whole "
             "sequence. Press Play, then look at New names from the model: how many samples "
             "are new, how many still look like names, and what temperature does to both.",
             (metric_reaches("The held-out perplexity of the names fell below 3.6", "lstm",
                             "val_perplexity", below=3.6, train_task="names"),)),
    ),
    (
        Question("A model's perplexity on held-out text is 4. What does that mean?",
                 ("It gets 4% of characters wrong",
                  "On average it is as unsure as a uniform choice between 4 characters",
                  "It needs 4 epochs",
                  "Its loss is 4 nats"),
                 1, "Perplexity = exp(mean cross-entropy): a loss of ln 4 ≈ 1.39 nats per "
                    "character is the uncertainty of a fair 4-way choice."),
        Question("Why does the 5-gram barely beat the 4-gram on this corpus?",
                 ("5-grams are slower",
                  ("Most 5-character contexts were seen rarely or never, so their counts are "
                   "mostly smoothing"),
                  "The corpus has no 5-letter words",
                  "n-grams cannot use more than 4 characters"),
                 1, "Counts get sparse as n grows (CS224n's sparsity problem): the n-gram menu "
                    "showed the gain shrinking from 3 to 4 to 5. The RNN shares what it learns "
                    "across contexts instead of counting each one."),
        Question("Sampling at temperature T → 0 gives…",
                 ("uniformly random characters", "the likeliest character at every step",
                  "an error", "the training text"),
                 1, "Dividing the logits by a small T sharpens the softmax until the top "
                    "character takes all the probability: at 0.5 almost every word was real, "
                    "and below that the text starts to repeat itself."),
    ),
)
