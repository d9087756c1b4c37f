"""Features of text read as Python source, for "find interesting units" (engine.gates).

Karpathy, Johnson & Fei-Fei (2015) found LSTM cells that track quotes, brackets and indentation
in source code. `scan_python` computes those quantities character by character with a small
state machine (no tokenizer: it must work on any 64-character window), each value being the
state after reading that character, so a left-to-right unit could hold it:
  indentation     spaces before the current statement's first character (a tab advances to the
                  next multiple of 8); lines that continue a statement (inside brackets, inside
                  a string, after a backslash) keep it; blank lines keep it; NaN (unknown) until
                  the window's first line start, and while a line's leading spaces are read it
                  is the larger of the last value and the spaces read so far;
  bracket_depth   open (, [ and { outside strings and comments (never below 0);
  inside_string   1 from an opening quote (', ", ''' or \"\"\", any prefix) up to, not including,
                  its closing one; a backslash escapes the next character; a one-quote string
                  ends at an unescaped line break;
  inside_comment  1 from a # outside a string up to, not including, the line break.
A window is assumed to start outside any string, comment or bracket.
"""
from __future__ import annotations

import math

import numpy as np

OPEN, CLOSE = "([{", ")]}"
PYTHON_FEATURES = ("indentation", "bracket_depth", "inside_string", "inside_comment")
CODE, STRING, COMMENT = "code", "string", "comment"


def scan_python(tokens) -> dict[str, np.ndarray]:
    """tokens: a sequence of single characters -> {feature: (T,) float array} (see module doc)."""
    T = len(tokens)
    out = {name: np.zeros(T) for name in PYTHON_FEATURES}
    state, quote, run, skip, escaped, depth = CODE, "", 0, 0, False, 0
    indent, leading = math.nan, None  # leading: spaces read at a statement's line start, or None
    for t, ch in enumerate(tokens):
        # -- indentation: measured only where a new statement's line begins
        if leading is not None:
            if ch == " " or ch == "\t":
                leading = leading + 1 if ch == " " else (leading // 8 + 1) * 8
                shown = leading if math.isnan(indent) else max(indent, leading)
            elif ch == "\n":
                shown = indent  # a blank line keeps the indentation
            else:
                indent, leading = float(leading), None
                shown = indent
        else:
            shown = indent
        # -- strings, comments and brackets
        if skip:  # the second and third quote of an opening '''
            skip -= 1
        elif state == STRING:
            if escaped:
                escaped, run = False, 0
            elif ch == "\\":
                escaped, run = True, 0
            elif ch == "\n" and len(quote) == 1:
                state = CODE  # an unterminated one-quote string ends with its line
            elif ch == quote[0]:
                run += 1
                if run == len(quote):
                    state = CODE
            else:
                run = 0
        elif state == COMMENT:
            if ch == "\n":
                state = CODE
        elif ch == "#":
            state = COMMENT
        elif ch in "'\"":
            triple = "".join(tokens[t:t + 3]) == ch * 3
            state, quote, run, skip = STRING, ch * (3 if triple else 1), 0, 2 if triple else 0
            escaped = False
        elif ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(depth - 1, 0)
        # -- a line break: does the next line start a statement?
        if ch == "\n":
            continued = escaped or state == STRING or depth > 0
            leading = None if continued else 0
        code_escape = state == CODE and ch == "\\" and not escaped
        if state != STRING:
            escaped = code_escape  # a backslash in code continues the line
        out["indentation"][t] = shown
        out["bracket_depth"][t] = depth
        out["inside_string"][t] = float(state == STRING)
        out["inside_comment"][t] = float(state == COMMENT)
    return out


def python_feature(name: str):
    """Feature `name` of scan_python as a function of B token lists -> (B, T) array."""
    def feature(token_lists) -> np.ndarray:
        return np.array([scan_python(seq)[name] for seq in token_lists], dtype=float)
    feature.__doc__ = f"{name} of each window read as Python source (engine.text_features)."
    return feature
