"""The Gradient flow page's unrolled recurrence as light HTML in KaTeX's own fonts.

The engine writes each unrolled step as LaTeX (`engine.toy.unrolled_latex`, also in the CLI's
JSON). Typeset in the browser by KaTeX, the three steps were about 630 elements for a new
visitor's browser to build and lay out before the page's first chart (README, "First paint").
The steps only ever use a handful of constructs (h_{t}, x_{t}, \\tanh, \\sigma, ReLU, \\cdot,
\\times 10^{k}, parentheses, numbers), so this writes them directly: a grid with the steps' '='
in one column, variables in KaTeX_Math italic, the rest in KaTeX_Main (the fonts Streamlit
already declares for its own formulas, so it looks the same). Anything outside that set raises,
so a new construct in the engine cannot be drawn wrong without a test noticing.
"""
from __future__ import annotations

import html
import re

# one token of the engine's LaTeX: a command, a subscripted variable, a number, an operator
TOKEN = re.compile(r"""
    (?P<left>\\left\() | (?P<right>\\right\)) |
    (?P<op>\\tanh|\\operatorname\{ReLU\}) | (?P<sigma>\\sigma) |
    (?P<bin>\s[+-]\s|\s?\\cdot\s?|\s?\\times\s?) |
    (?P<var>[hx]_(?:\{\d+\}|\d)) | (?P<pow>\^\{-?\d+\}) |
    (?P<num>\d+(?:\.\d+)?) | (?P<minus>-) | (?P<paren>[()])
""", re.VERBOSE)
MINUS = "\u2212"
BIN = {"+": "+", "-": MINUS, r"\cdot": "\u22c5", r"\times": "\u00d7"}
STYLE = (  # KaTeX's display size and spacing: medium space around operators, thick around '='
    "<style>"
    ".unrolled{display:grid;grid-template-columns:max-content max-content;"
    "justify-content:safe center;overflow-x:auto;row-gap:.15em;margin:.6em 0 1em;"
    "font:1.21em/1.35 KaTeX_Main,'Times New Roman',serif}"
    ".unrolled .lhs{text-align:right}.unrolled .gap{grid-column:1/3;height:.75em}"
    ".unrolled i{font-family:KaTeX_Math,'Times New Roman',serif;font-style:italic}"
    ".unrolled sub,.unrolled sup{font-size:.7em;line-height:0}"
    ".unrolled sub{vertical-align:-.21em}.unrolled sup{vertical-align:.52em}"
    ".unrolled .b{margin:0 .2222em}.unrolled .r{margin:0 .2778em}"
    ".unrolled .o{margin-right:.1667em}.unrolled .t{margin-left:.1667em}"
    "</style>")


def expression_html(tex: str) -> str:
    """One side of a step ('\\tanh\\left(2x_{1} + 3h_0 + 1\\right)') as HTML."""
    out, at, after_ord = [], 0, False   # the last atom an ordinary one
    for match in TOKEN.finditer(tex):
        if match.start() != at:
            raise ValueError(f"cannot draw {tex[at:match.start()]!r} in {tex!r}")
        at, kind, text = match.end(), match.lastgroup, match.group()
        if kind == "left" and after_ord:   # TeX's thin space between an ordinary and \left(
            out.append('<span class="t">(</span>')
        elif kind in ("left", "right", "paren"):
            out.append(text[-1])
        elif kind == "op":   # an operator name, a thin space after it and after an ordinary
            out.append(f'<span class="{"o t" if after_ord else "o"}">'
                       f'{"tanh" if "tanh" in text else "ReLU"}</span>')
        elif kind == "sigma":
            out.append("<i>\u03c3</i>")
        elif kind == "bin":
            out.append(f'<span class="b">{BIN[text.strip()]}</span>')
        elif kind == "var":
            out.append(f"<i>{text[0]}</i><sub>{text[2:].strip('{}')}</sub>")
        elif kind == "pow":
            out.append(f"<sup>{text[2:-1].replace('-', MINUS)}</sup>")
        elif kind == "minus":
            out.append(MINUS)
        else:
            out.append(text)
        after_ord = kind in ("num", "var", "sigma", "pow") or text == ")"
    if at != len(tex):
        raise ValueError(f"cannot draw {tex[at:]!r} in {tex!r}")
    return "".join(out)


def unrolled_html(lines: list[str]) -> str:
    """Every step 'h = symbolic = numbers = … = value' on two rows (the symbolic form, then the
    numbers), every '=' in one column; the LaTeX is the block's label for screen readers."""
    rel = '<span class="r">=</span>'
    rows = []
    for i, line in enumerate(lines):
        lhs, *rhs = line.split(" = ")
        if not rhs:
            raise ValueError(f"a step with no '=': {line!r}")
        first, rest = rhs[0], rhs[1:]
        if i:
            rows.append('<div class="gap"></div>')
        rows.append(f'<div class="lhs">{expression_html(lhs)}</div>'
                    f'<div>{rel}{expression_html(first)}</div>')
        if rest:
            rows.append('<div></div><div>' + rel + rel.join(expression_html(part) for part in rest)
                        + "</div>")
    label = html.escape("; ".join(lines), quote=True)
    return f'{STYLE}<div class="unrolled" role="math" aria-label="{label}">{"".join(rows)}</div>'
