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
    # ---- the rarer refusals (issue 20): every SettingError in engine/ outside engine/cli/ ----
    # a checkpoint file or upload (engine.safeload)
    "ckpt_no_file": "No checkpoint file at {path}.",
    "ckpt_uploaded": "The uploaded file",
    "ckpt_unsafe": "{name} is not a checkpoint this app can read safely: it is not a torch "
                   "file, or it holds code rather than only weights and settings ({error}).",
    "ckpt_too_big": "{name} is {size:,.0f} MB; a checkpoint of this app is at most {limit} MB, "
                    "so it is not read.",
    "ckpt_not_zip": "{name} is not a checkpoint this app can read safely: it is not a "
                    "zip-format torch file ({error}).",
    "ckpt_directory": "{name} lists {count:,} files in {size:,} bytes of directory; a "
                      "checkpoint lists at most {limit:,}.",
    "ckpt_members": "{name} holds {count:,} files; a checkpoint holds at most {limit:,}.",
    "ckpt_twice": "{name} holds two files of the same name; it is not a checkpoint this app "
                  "wrote.",
    "ckpt_inflates": "{name} would inflate to {size:,.0f} MB; a checkpoint of this app is at "
                     "most {limit} MB, so it is not read.",
    "ckpt_layout": "{name} is not laid out as a torch checkpoint (one folder holding data.pkl "
                   "and the weights).",
    "ckpt_pickle_big": "{name}'s settings take {size:,.1f} MB; a checkpoint's take at most "
                       "{limit} MB.",
    "ckpt_pickle_ops": "{name}'s settings would build more than {limit:,} objects; a "
                       "checkpoint's build a few thousand.",
    # a checkpoint's entries (engine.checkpoint_fields, engine.checkpoint, seq2seq.checkpoint)
    "ckpt_entry": "The checkpoint's {entry}",
    "ckpt_setting": "{what}'s {entry}",
    "ckpt_token": "The checkpoint's {entry} (token {number})",
    "kind_bool": "true or false",
    "kind_int": "a whole number",
    "kind_float": "a number",
    "kind_str": "text",
    "kind_dict": "a table",
    "kind_list": "a list",
    "ckpt_unknown_entry": "The checkpoint has an entry this app does not know: {entry}.",
    "ckpt_missing_entry": "The checkpoint has no {entry} entry; it is not a complete checkpoint.",
    "ckpt_entry_kind": "{what} must be {kind}, not {type}.",
    "ckpt_step": "The checkpoint's step must be between 0 and {most:,}, not {value}.",
    "ckpt_tokens": "The checkpoint's {entry} has {count:,} tokens; at most {limit:,} are allowed.",
    "ckpt_setting_kind": "{what} must be {kind}, not {type} ({value}).",
    "ckpt_far_out": "{what} = {value} is far out of range.",
    "ckpt_not_table": "{what} must be a table of settings, not {type}.",
    "ckpt_unknown_setting": "{what} has a setting this app does not know: {name}.",
    "ckpt_invalid": "{what}: {error}",
    "ckpt_task": "The checkpoint's task {task} is not one of {tasks}.",
    "ckpt_build_task": "The checkpoint's settings do not make a task: {kind}: {error}",
    "ckpt_build_model": "The checkpoint's settings do not make a model: {kind}: {error}",
    "ckpt_none": "none",
    "ckpt_state_kind": "The checkpoint's weights do not fit its model configuration: "
                       "model_state is a {type}, not a table of weights.",
    "ckpt_state_names": "The checkpoint's weights do not fit its model configuration: missing "
                        "{missing}; unexpected {unexpected}.",
    "ckpt_weight_kind": "The checkpoint's weights do not fit its model configuration: {entry} is "
                        "a {type}, not a tensor.",
    "ckpt_weight_dtype": "The checkpoint's weights do not fit its model configuration: {entry} "
                         "holds {dtype} ({layout}), not floating-point numbers.",
    "ckpt_weight_shape": "The checkpoint's weights do not fit its model configuration: {entry} "
                         "has shape {shape}, the configuration needs {need}.",
    "ckpt_weight_nan": "The checkpoint's weights hold NaN/inf ({entry}): the run had diverged "
                       "before it was saved. Train again with a lower learning rate or gradient "
                       "clipping.",
    "ckpt_weights_unfit": "The checkpoint's weights do not fit its model configuration: {error}",
    "ckpt_format": "Not an RNN Playground checkpoint (expected format {format}).",
    "ckpt_vocab": "The checkpoint's vocabulary does not match its task's text.",
    "s2s_format": "Not a seq2seq checkpoint (expected format {format}; save one with `python -m "
                  "engine seq2seq --save PATH`).{hint}",
    "s2s_train_ckpt": " It is a Train-page checkpoint: use `python -m engine gates` with it.",
    "s2s_vocab": "The checkpoint's vocabularies do not match its task's alphabets.",
    "s2s_text_bytes": "The checkpoint's task_config text must be UTF-8 bytes, not a {dtype} "
                      "tensor of shape {shape}.",
    "s2s_text_utf8": "The checkpoint's task_config text is not UTF-8: byte {byte:,} is {hex}.",
    # any text handed to the engine (engine.text)
    "text_not_str": "{what} must be text, not {type}.",
    "text_surrogate": "{what} is not valid UTF-8 text: character {position} is U+{code:04X}, a "
                      "lone surrogate that cannot be shown or saved.",
    # a file the command line reads (engine.uploads.read_text_file)
    "file_missing": "{flag} {path}: there is no such file.",
    "file_too_big": "{flag} {path} has {size}; the limit is {limit}.",
    "file_unreadable": "{flag} {path}: cannot read it ({error}).",
    # tasks and their settings (engine.tasks, engine.seq2seq.tasks, engine.config, engine.trainer)
    "task_unknown": "Unknown task {name}; choose one of {choices}.",
    "identity_init": "Identity initialisation is for the vanilla RNN (cell=rnn); GRU/LSTM stack "
                     "several gate matrices in W_hh.",
    "bidirectional_lm": "A bidirectional model would read the very characters '{task}' asks it "
                        "to predict. Turn bidirectional off for language models.",
    "tbptt_seq2seq": "Truncated BPTT does not apply to the encoder-decoder; set tbptt=0.",
    "draw_training": "Could not draw a training example for {task} with these length settings; "
                     "widen the range.",
    "draw_heldout": "Could not draw a held-out example for {task} with these length settings; "
                    "widen the range.",
    "min_length": "min_length={min_length} is longer than length={length}; the shortest input "
                  "cannot exceed the longest.",
    "dates_no_format": "No date format fits between min_length and length characters.",
    "pairs_sources": "Too few different sources: holding out a tenth of them leaves no pair to "
                     "train on. Add pairs with other sources.",
    "names_few": "The {language} grammar gave only {count} different names in {draws} draws; "
                 "ask for fewer.",
    "reviews_few": "Only {count} reviews differ from the {train} training ones; ask for fewer.",
    "vectors_length": "The word vectors must all have the same, non-zero length.",
    "pysource_missing": "This Python ({version}) has almost none of its standard library's "
                        "source files, so the Python-source corpus is unavailable. Pick another "
                        "corpus.",
    "pydoc_missing": "This Python ({version}) has no pydoc_data module, so the Python-docs "
                     "corpus is unavailable. Pick another corpus.",
    # what a seq2seq task reads (engine.seq2seq.tasks: a task's hint, in input_empty / _unknown)
    "hint_dates": "dates in English: letters, digits, space and , . / '",
    "hint_letters": "lowercase letters {first}-{last}",
    "hint_digits": "digits 0-9",
    "hint_pairs": "characters that appear in your pairs' sources",
    # a model's vocabulary, sampling and scoring (engine.vocab, engine.lm, engine.generate)
    "vocab_unknown": "Not in the vocabulary: {shown}. The model only knows {count} tokens (those "
                     "of its training text).",
    "temperature": "Temperature must be between 0.01 and 10.",
    "diverged_weights": "The model has diverged (its weights hold NaN/inf): train again with a "
                        "lower learning rate or gradient clipping.",
    "diverged_outputs": "The model has diverged (its outputs overflow to NaN/inf): train again "
                        "with a lower learning rate or gradient clipping.",
    "diverged_after": "The model has diverged (its outputs overflow to NaN/inf after {chars} "
                      "characters): train again with a lower learning rate or gradient "
                      "clipping.",
    "score_short": "Type at least two characters: the first one is the context.",
    "score_long": "Type at most {limit} characters to score.",
    # probes (engine.gates, engine.unroll)
    "saturation": "Saturation thresholds need 0 <= lo < hi <= 1; got lo={lo}, hi={hi}.",
    "heldout_short": "The held-out text has {chars} characters: too short for a probe of "
                     "{length} characters after {warmup} of warm-up.",
    "target_count": "--target has {count} tokens for {T} input tokens; give one target per "
                    "input token.",
    # the Gradient flow page (engine.toy, engine.cliff)
    "toy_x_count": "The input sequence has {count} numbers but T = {length}; give exactly "
                   "{length}.",
    "toy_x_finite": "Every input x_t must be a finite number.",
    "toy_kind": "Input kind {kind} is not one of {choices}.",
    "toy_not_number": "'{token}' in the typed inputs is not a number.",
    "toy_not_finite": "'{token}' in the typed inputs is not a finite number.",
    "toy_type": "Type {length} comma-separated numbers (or one number to repeat).",
    "toy_typed_count": "The typed inputs have {count} numbers but T = {length}: type exactly "
                       "{length}, or one number to repeat.",
    "cliff_window": "The window needs w_min < w_max and b_min < b_max, not w {w_min}..{w_max}, "
                    "b {b_min}..{b_max}.",
    # word vectors (engine.embed)
    "cooc_empty": "The text is empty. Type a few short sentences, one per line.",
    "cooc_words": "The text has {count} different words; the table shows at most {limit}. Use "
                  "a few short sentences.",
    "corpus_empty": "The text is empty. Paste or upload some sentences, one per line.",
    "corpus_too_long": "The text has {chars:,} characters; the limit is {limit:,}. Use a shorter "
                       "excerpt.",
    "corpus_one_word": "The text needs at least two different words to learn anything (it has "
                       "{count}).",
    "corpus_lone_words": "Every line of the text has a single word, so no word has a neighbour. "
                         "Put several words on a line.",
    "glove_no_pairs": "No two words co-occur in the corpus; put several words on a line.",
    "skipgram_no_pairs": "The corpus has no pair of neighbouring words; put several words on a "
                         "line.",
    "tsne_perplexity": "Perplexity {perplexity:g} is too large for {points} points: t-SNE needs "
                       "at least 3 x perplexity + 1 = {need:g} points. {hint}",
    "tsne_lower": "Lower the perplexity to at most {most} or show more points.",
    "tsne_more": "Show more points.",
    "tsne_nan": "Some vectors are NaN or infinite (the run diverged); reset it.",
    "word_unknown": "'{word}' is not in the vocabulary of this corpus ({count} words).",
    "separation_classes": "Class separation needs two classes with two words each.",
    "gender_pairs": "None of the definitional pairs (he/she, man/woman ...) is in this corpus, "
                    "so there is no gender direction to find.",
}
