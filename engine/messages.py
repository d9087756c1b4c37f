"""The messages a learner meets most often, by key: what a SettingError says, in English.

`SettingError.of(key, **values)` raises with the English text below (the CLI prints it) and keeps
the key and values, so a page can show the same message in another language (the playground's
`playground/i18n/ko_engine.toml` has one entry per key, with the same {placeholders}).
"""
from __future__ import annotations


class Message(str):
    """A message's English text that also keeps its key and values (for a page to translate);
    everywhere else, JSON included, it is the plain string."""

    key: str
    values: dict


def english(values: dict) -> dict:
    """`values` as the English text shows them: a tuple of messages becomes one "; "-list."""
    return {k: "; ".join(map(str, v)) if isinstance(v, tuple) else v for k, v in values.items()}


def message(key: str, **values) -> Message:
    """MESSAGES[key] in English with `values` filled in, keeping both. A value may itself be a
    Message, or a tuple of them (a list), which a translation translates too."""
    text = Message(MESSAGES[key].format(**english(values)))
    text.key, text.values = key, values
    return text


MESSAGES = {
    # a setting out of its table's range or choices (engine.fields.validate)
    "choice": "{name}={value} is not one of {choices}.",
    "not_finite": "{name} must be a finite number, not {value}.",
    "below": "{name}={value} is below its minimum {lo}.",
    "above": "{name}={value} is above its maximum {hi}.",
    # an uploaded text file (engine.uploads)
    "upload_too_big": "{name} has {size}; the limit is {limit}. Upload a shorter excerpt.",
    "upload_empty": "{name} is empty.",
    "upload_utf16": "{name} is UTF-16 text; save it as UTF-8 and try again.",
    "upload_binary": "{name} is not a text file (it holds a NUL byte at byte {byte:,}, as images, "
                     "archives and checkpoints do). Use a plain text file.",
    "upload_not_utf8": "{name} is not UTF-8 text: byte {byte:,} (line {line:,}) is {hex}. Save the "
                       "file as UTF-8 and try again.",
    "upload_controls": "{name} is not a text file: {controls:,} of its {chars:,} characters are "
                       "control characters. Use a plain text file.",
    "upload_blank": "{name} holds only spaces and line breaks.",
    # a character model's own text (engine.tasks.lm)
    "text_too_short": "The text has {chars} characters; with sequences of {length} characters it "
                      "needs at least {need}. Paste more text or lower the sequence length.",
    "text_too_long": "The text has {chars:,} characters; the limit is {limit:,}. Paste a shorter "
                     "excerpt.",
    "text_vocab": "The text uses {count} different characters; the limit is {limit}.",
    # an encoder-decoder's typed input (engine.seq2seq.tasks)
    "input_empty": "Type an input first ({hint}).",
    "input_too_long": "The input has {chars} characters; at most {limit} are allowed (the model "
                      "was trained on up to {longest}).",
    "input_unknown": "Not in the {task} task's alphabet: {shown}. It reads {hint}.",
    # a probe on the Gates page (engine.gates)
    "probe_empty": "The probe text is empty. Type a few characters the model knows.",
    "probe_no_words": "The probe text has no words. Type a few words the model knows.",
    "probe_too_long": "The probe text has {tokens:,} tokens; the limit is {limit:,}. Use a "
                      "shorter excerpt.",
    # why the Gradient flow page's toy gradient vanishes, explodes or holds (engine.toy, toy_vector)
    "toy_overflow": "The values overflowed float64: each step multiplies the gradient by {geo} on "
                    "average (geometric mean) over {T} steps.",
    "toy_relu_off": "ReLU is off (a_t <= 0) at step t = {t}, so g'(a_t) = 0 cuts the gradient: "
                    "|dh_T/dh_0| = 0.",
    "toy_saturates": "{act} saturates: mean |g'(a)| ~ {mean_gp}, so even w_hh = {w_hh} cannot keep "
                     "the gradient alive: |dh_T/dh_0| = {size}.",
    "toy_vanishing": "Each step multiplies the gradient by {geo} on average (geometric mean) < 1, "
                     "so after {T} steps |dh_T/dh_0| = {size}.",
    "toy_exploding": "Each step multiplies the gradient by {geo} on average (geometric mean) > 1, "
                     "so it grows geometrically: |dh_T/dh_0| = {size}.",
    "toy_stable": "Each step multiplies the gradient by {geo} on average (geometric mean), close "
                  "enough to 1 over {T} steps: |dh_T/dh_0| = {size}, between 1e-3 and 1e3.",
    # your pairs on the Attention page (engine.seq2seq.pairs)
    "pairs_malformed_one": "1 line is not a source<TAB>target pair: {lines}{more}. Fix it and "
                           "load the pairs again.",
    "pairs_malformed_many": "{count} lines are not source<TAB>target pairs: {lines}{more}. Fix "
                            "them and load the pairs again.",
    "pairs_more": " … and {count} more",
    "pair_line": "line {number}: {reason}",
    "pair_no_tab": "no tab",
    "pair_tabs": "{tabs} tabs (one tab separates source and target)",
    "pair_empty_source": "the source is empty",
    "pair_empty_target": "the target is empty",
    "pair_long_source": "the source has {chars} characters (at most {limit})",
    "pair_long_target": "the target has {chars} characters (at most {limit})",
    "pairs_none": "There are no pairs yet: write one source<TAB>target per line, at least {least} "
                  "of them.",
    "pairs_few": "Only {count} pairs; at least {least} are needed (a tenth is held out to test "
                 "the model).",
    "pairs_few_one": "Only 1 pair; at least {least} are needed (a tenth is held out to test the "
                     "model).",
    "pairs_many": "{count:,} pairs; at most {limit:,} are allowed. Use a shorter list.",
    "pairs_alphabet_sources": "Your sources use {count:,} different characters; at most {limit:,} "
                              "are allowed (each one is a token the model must learn).",
    "pairs_alphabet_targets": "Your targets use {count:,} different characters; at most {limit:,} "
                              "are allowed (each one is a token the model must learn).",
    "vector_reason": "||dh_T/dh_0|| = {shown} after {T} steps, about {per_step} per step: W_hh has "
                     "spectral radius {radius} and 2-norm {norm}, mean |g'(a)| = {mean_gp}.",
}
