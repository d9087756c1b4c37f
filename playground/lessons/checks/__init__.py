"""The lessons' live checks: each a pure function of a `RunState` (the settings and history on
screen, and what the page computed), built by the factories below. A check whose settings
cannot lead to what it looks for is BLOCKED and says which setting to change."""
from playground.lessons.checks.base import needs, settings_are
from playground.lessons.checks.probes import (
    cliff_clipping_saves,
    direction_gradient,
    gradient_reaches_step_1,
    guesses,
    memory_unit,
    scored_steps,
    toy_gradient,
    truncation_cuts,
)
from playground.lessons.checks.training import (
    clipping_acts,
    heldout_beats,
    metric_reaches,
    one_learns_other_not,
)
from playground.lessons.checks.words import (
    attends_anti_diagonal,
    beam_beats_greedy,
    beats_ngram,
    bleu_above,
    embedding_quality,
    prefers_sentence,
    sample_words,
)

__all__ = ["attends_anti_diagonal", "beam_beats_greedy", "beats_ngram", "bleu_above", "cliff_clipping_saves", "clipping_acts", "direction_gradient", "embedding_quality", "gradient_reaches_step_1", "guesses", "heldout_beats", "memory_unit", "metric_reaches", "needs", "one_learns_other_not", "prefers_sentence", "sample_words", "scored_steps", "settings_are", "toy_gradient", "truncation_cuts"]
