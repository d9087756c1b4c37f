"""Lessons 4-7: backpropagation through time and vanishing gradients, exploding gradients,
GRU and LSTM, bidirectional and deep RNNs."""
from __future__ import annotations

from playground.lessons.checks import (
    cliff_clipping_saves,
    clipping_acts,
    direction_gradient,
    gradient_reaches_step_1,
    memory_unit,
    metric_reaches,
    one_learns_other_not,
    toy_gradient,
    truncation_cuts,
)
from playground.lessons.model import Lesson, Question, Step, detail

TOY = {"toy_w_hh": 3.0, "toy_w_xh": 2.0, "toy_b": 1.0, "toy_activation": "tanh",
       "toy_length": 20, "toy_input_kind": "constant", "toy_value": 0.5}
LINEAR = {"toy_w_xh": 0.0, "toy_b": 0.0, "toy_h0": 0.0, "toy_length": 20,
          "toy_activation": "tanh"}
COPY30 = {"cmp_task": "copy", "cmp_lag": 30}
BI_COPY = {"train_task": "copy", "train_lag": 10, "train_cell": "gru", "train_hidden": 16,
           "train_bidirectional": True}
lag_30 = (lambda v: v is not None and v >= 30, detail("or_more", value=30))


BPTT = Lesson(
    4, "Backpropagation through time: vanishing gradients",
    "The course's toy recurrence h_t = tanh(2x_t + 3h_{t-1} + 1), differentiated through 20 "
    "steps. ∂h_T/∂h_k is a product of one factor w_hh·tanh'(a_t) per step, so it shrinks or "
    "grows geometrically; then the same on a real network.",
    (
        Step("The course's toy example", "gradients", TOY,
             "The toy's numbers are the course's: w_xh = 2, w_hh = 3, b = 1, with x_t = 0.5. "
             "The pre-activation is about 5 at every step, where tanh is flat: each factor "
             "3·tanh'(a_t) is tiny. Look at the plot of |∂h_T/∂h_k| and at the unrolled steps.",
             (toy_gradient("|∂h_T/∂h_1| fell below 1e-6 (the gradient vanished)", below=1e-6,
                           toy_w_hh=3.0, toy_activation="tanh"),)),
        Step("No saturation: the product of w_hh", "gradients", {**LINEAR, "toy_w_hh": 0.9},
             "With w_xh = 0, b = 0 and h_0 = 0 the state stays at 0, where tanh'(0) = 1. Every "
             "factor is then exactly w_hh, and ∂h_T/∂h_1 = w_hh^(T−1). Try w_hh = 0.9, then "
             "1.1: below 1 it fades, above 1 it grows.",
             (toy_gradient("|∂h_T/∂h_1| equals 0.9^19 ≈ 0.135", near=0.9 ** 19, toy_w_hh=0.9,
                           toy_w_xh=0.0, toy_b=0.0, toy_h0=0.0, toy_length=20),
              toy_gradient("With w_hh = 1.1 it grows instead: |∂h_T/∂h_1| = 1.1^19 ≈ 6.1",
                           near=1.1 ** 19, toy_w_hh=1.1, toy_w_xh=0.0, toy_b=0.0, toy_h0=0.0,
                           toy_length=20))),
        Step("On a real network: copy with a vanilla RNN", "train",
             {"train_task": "copy", "train_lag": 20, "train_cell": "rnn"},
             "A vanilla RNN must remember the first symbol for 20 steps. The chart Gradient "
             "through time shows how much of the loss's gradient reaches each earlier step; "
             "the network view's backward toggle shows it on the network itself.",
             (gradient_reaches_step_1("Less than 1/1000 of the gradient reaches step 1",
                                      below=1e-3, train_task="copy", train_cell="rnn"),)),
    ),
    (
        Question("In h_t = tanh(w_hh h_{t-1} + w_xh x_t + b), what is ∂h_t/∂h_{t-1}?",
                 ("w_hh", "tanh'(a_t)", "w_hh · tanh'(a_t)", "w_hh + tanh'(a_t)"),
                 2, "The chain rule through one step: the derivative of tanh at the "
                    "pre-activation a_t, times the weight that multiplies h_{t-1}. ∂h_T/∂h_k "
                    "multiplies T−k of these factors, which is why it changes geometrically."),
        Question("The course's toy has w_hh = 3 > 1, yet its gradient vanishes. Why?",
                 ("Because T = 20 is too short",
                  ("tanh saturates: tanh'(a_t) is nearly 0 at a_t ≈ 5, so every factor "
                   "3·tanh'(a_t) is far below 1"),
                  "Because the bias is positive",
                  "It explodes, it does not vanish"),
                 1, "The unrolled steps showed a_t near 5 at every step; tanh'(5) ≈ 2e-4, so "
                    "each factor is about 5e-4 and 19 of them multiply to far below 1e-6."),
    ),
)

EXPLODING = Lesson(
    5, "Exploding gradients: the cliff, clipping and truncated BPTT",
    "When the factors of ∂h_T/∂h_k are above 1 the gradient explodes. Pascanu et al. (2013) "
    "drew the loss of a one-unit RNN as a surface with a cliff: one step onto it throws plain "
    "gradient descent far away. Clipping the gradient's norm keeps the step small; truncating "
    "backpropagation cuts the long products altogether.",
    (
        Step("The cliff", "gradients", {"cliff_start_w": 6.3, "cliff_start_b": -1.1,
                                        "cliff_lr": 0.005, "cliff_clip": 15.0},
             "Open the Cliff & clipping tab. Both paths start at the same point on the loss "
             "surface of h_T of a one-unit RNN over 50 steps. Near the cliff the gradient's norm "
             "is in the tens of thousands: the plain step flies off, the clipped one (norm at "
             "most 15) walks down.",
             (cliff_clipping_saves("Plain descent jumps more than 10× further than clipped "
                                   "descent, and ends higher", cliff_clip=(
                                       lambda v: v is not None and v < 1000,
                                       detail("under", value=1000))),)),
        Step("Clipping on a real network", "train",
             {"train_task": "copy", "train_lag": 20, "train_cell": "rnn", "train_lr": 0.03,
              "train_clip_on": True, "train_clip": 1.0},
             "A vanilla RNN with a high learning rate, its gradient norm clipped at 1. Press "
             "Play and watch the gradient-norm chart: the dashed line is the threshold, and "
             "every step above it was rescaled to it before the update.",
             (clipping_acts("Clipping rescaled the gradient while the run stayed finite", "rnn",
                            train_clip_on=True, train_cell="rnn"),)),
        Step("Truncated backpropagation through time", "train",
             {"train_task": "copy", "train_lag": 20, "train_cell": "rnn", "train_tbptt": 5},
             "Backpropagate only 5 steps into the past (the course's truncated BPTT). On the "
             "Gradient through time chart the gradient is exactly 0 beyond the window, and the "
             "network view's backward toggle draws the cuts. Cheap and stable, but no gradient "
             "can teach a dependency longer than the window.",
             (truncation_cuts("No gradient reaches step 1: the path is cut",
                              train_task="copy", train_tbptt=(lambda v: v and v < 20,
                                                              detail("between", lo=1, hi=19))),)),
    ),
    (
        Question("Gradient clipping with threshold c rescales the gradient g when…",
                 ("‖g‖ > c: g becomes c·g/‖g‖",
                  "any entry of g is above c: that entry is set to c",
                  "the loss is above c",
                  "always, to norm exactly c"),
                 0, "Clipping by norm keeps the direction and shrinks the length to c; the "
                    "cliff tab's clipped path took steps of at most lr·c while the plain path "
                    "jumped by hundreds."),
        Question("Clipping helps against exploding gradients. Does it help against vanishing "
                 "ones?",
                 ("Yes, it makes small gradients larger",
                  ("No: it only ever shrinks a gradient; vanishing needs gates (GRU/LSTM), better "
                   "initialisation or skip paths"),
                  "Yes, with a small threshold",
                  "Only with truncated BPTT"),
                 1, "A clipped gradient is never longer than before. The copy task's vanishing "
                    "gradient in lesson 4 is untouched by it; lesson 6's gated cells fix it."),
        Question("With truncated BPTT over k steps, what can the network not learn by gradient "
                 "descent?",
                 ("Anything at all",
                  "Dependencies longer than k steps",
                  "Dependencies shorter than k steps",
                  "The output layer"),
                 1, "The Gradient through time chart showed exactly 0 beyond the window: no "
                    "gradient links the loss to inputs more than k steps back."),
    ),
)

GATED = Lesson(
    6, "GRU and LSTM: memory over a long lag",
    "Copy with a lag of 30: remember the first symbol while 30 random digits go by. A vanilla "
    "RNN's gradient cannot carry that far; the LSTM's cell state c<t> = Γf·c<t-1> + Γu·c̃<t> "
    "passes it along additively, and a forget gate held near 1 keeps the memory.",
    (
        Step("RNN against LSTM", "compare", {**COPY30, "cmp_cells": ("rnn", "lstm")},
             "Both cells train on the same data with the same settings. Press Play and watch "
             "the accuracy chart: chance is 1/8. It takes a few hundred steps before the LSTM "
             "leaves chance; the RNN stays there.",
             (one_learns_other_not("The LSTM's accuracy passed 90% while the RNN's stays "
                                   "far below, under 40%", "lstm", "rnn", 0.9, 0.4,
                                   cmp_task="copy", cmp_lag=lag_30),)),
        Step("The GRU too", "compare", {**COPY30, "cmp_cells": ("rnn", "gru", "lstm")},
             "The GRU has one update gate Γu instead of the LSTM's input and forget gates, and "
             "no separate cell state. Press Play: it holds the symbol across the 30 digits as "
             "well as the LSTM, often sooner.",
             (metric_reaches("The GRU's accuracy passed 90%", "gru", "accuracy", above=0.9,
                             cmp_task="copy", cmp_lag=lag_30),)),
        Step("Where the memory is", "train",
             {"train_task": "copy", "train_lag": 30, "train_cell": "lstm"},
             "Train one LSTM here until it solves the task, then open the Gates page: look for "
             "a row of the forget gate f that stays bright (near 1) from the first symbol to "
             "the end. That unit is holding the memory; its cell state barely changes.",
             (metric_reaches("The LSTM's accuracy passed 90%", "lstm", "accuracy", above=0.9,
                             train_task="copy", train_cell="lstm", train_lag=lag_30),
              memory_unit("One unit's forget gate stays above 0.9 at every step", "f", 0.9,
                          train_task="copy", train_cell="lstm"))),
    ),
    (
        Question("In the LSTM's update c<t> = Γu ⊙ c̃<t> + ? ⊙ c<t-1>, what multiplies the old "
                 "cell state?",
                 ("The output gate Γo", "The forget gate Γf", "1 − Γu", "tanh(c<t-1>)"),
                 1, "The forget gate decides how much of c<t-1> is kept. With Γf ≈ 1 the old "
                    "state passes through almost unchanged, as the unit you found on the Gates "
                    "page did for 30 steps."),
        Question("Why does the LSTM learn copy at lag 30 when the RNN does not?",
                 ("It has more parameters",
                  ("Its cell state is updated additively, so the gradient along c<t> is multiplied"
                   " by Γf (near 1), not by W_aa·tanh' at every step"),
                  "It trains with a larger learning rate",
                  "It sees the whole sequence at once"),
                 1, "Both cells had the same settings on the Compare page. The RNN's gradient "
                    "is multiplied by W_aa and tanh' at each of the 30 steps and vanishes; the "
                    "LSTM's path through c<t> is multiplied only by the forget gate."),
        Question("The GRU writes a<t> = Γu ⊙ ã<t> + (1 − Γu) ⊙ a<t-1>. What does Γu ≈ 0 do?",
                 ("Forgets everything",
                  "Keeps a<t-1>: the memory is held",
                  "Doubles the state",
                  "Resets the candidate"),
                 1, "With Γu ≈ 0 the new state is the old one: that is how the GRU on the "
                    "Compare page held the symbol across 30 digits."),
    ),
)

DEEP = Lesson(
    7, "Bidirectional and deep RNNs",
    "A bidirectional RNN runs a second row from right to left, so the answer at step t can "
    "use the words after it (the course's “Teddy bears” vs “Teddy Roosevelt”); a deep RNN "
    "stacks rows, each reading the one beneath. The network view draws both.",
    (
        Step("Two directions", "train",
             {**BI_COPY, "train_net_backward": True},
             "Each layer now has a → row and a ← row, read together by ŷ. The answer is scored "
             "only at the last step: in the backward view, look at which row gets a gradient "
             "before it. The ← row at step t has read only the steps after t.",
             (direction_gradient("The ← row gets no gradient before the last step", 0,
                                 "backward", zero=True, train_task="copy",
                                 train_bidirectional=True, train_layers=1),
              direction_gradient("The → row does: it carries x<1> to the answer", 0,
                                 "forward", zero=False, train_task="copy",
                                 train_bidirectional=True))),
        Step("Two layers", "train",
             {**BI_COPY, "train_layers": 2, "train_net_backward": True},
             "Stack a second bidirectional layer: it reads both rows of the first layer at "
             "every step. Now the first layer's ← row gets a gradient too, through the second "
             "layer's → row.",
             (direction_gradient("Layer 1's ← row now gets a gradient before the last step", 0,
                                 "backward", zero=False, train_task="copy",
                                 train_bidirectional=True, train_layers=2),
              direction_gradient("Layer 2's ← row still does not", 1, "backward", zero=True,
                                 train_task="copy", train_bidirectional=True,
                                 train_layers=2))),
        Step("Train it", "train",
             {**BI_COPY, "train_layers": 2},
             "Press Play. The deep bidirectional GRU learns to recall the symbol; hover the "
             "nodes to see both directions' states, concatenated where ŷ reads them.",
             (metric_reaches("Its accuracy passed 90%", "gru", "accuracy", above=0.9,
                             train_task="copy", train_layers=2),)),
        Step("Teddy bears or Teddy Roosevelt", "compare",
             {"cmp_task": "tagging", "cmp_cells": ("lstm",), "cmp_directions": True},
             "The course's example: is “Teddy” part of a person's name? Only the next word "
             "says (bears, Roosevelt). The same LSTM trains twice on the same sentences, once "
             "reading left to right (→) and once both ways (⇄). Press Play and watch the chart "
             "of accuracy on the first names: → stays near 50%, the commoner tag, because at "
             "“Teddy” it has not read the next word yet.",
             (one_learns_other_not("Both ways passed 95% on the first names while one way "
                                   "stays under 60%", "lstm_bi", "lstm", 0.95, 0.6,
                                   name="accuracy_ambiguous", cmp_task="tagging",
                                   cmp_directions=True),)),
    ),
    (
        Question("Why does the Train page refuse a bidirectional language model?",
                 ("It would be too slow",
                  "Its ← row would read the very character it must predict",
                  "Bidirectional models cannot be trained with BPTT",
                  "Language models have no hidden state"),
                 1, "At step t the ← row has read x<t+1>, the target itself: the model could "
                    "copy the answer. A BRNN needs the whole sequence before it answers."),
        Question("In “He said, Teddy bears are on sale!”, what tells a model that “Teddy” is "
                 "not a name?",
                 ("The words before it",
                  "The words after it",
                  "Its capital letter",
                  "Its length"),
                 1, "“He said,” is the same in both of the course's sentences; only “bears” or "
                    "“Roosevelt” decides, which is why the ← row is needed."),
    ),
)
