"""The Gates page's equations: each cell's, in the course's notation, as a picture shipped in
assets/formulas/ (one per cell and highlighted line, written by assets/make_formulas.py).

The same six LSTM equations typeset in the browser (KaTeX) were about 700 elements for a new
visitor's browser to build and lay out before the page's first chart, about 0.1 s of the wait
(README, "First paint"); a picture is one element. Its glyphs are paths, so it looks the same in
every browser with no font to load; the LaTeX is its alt text for screen readers. (Inlined as SVG,
it could take the theme's text colour, but Markdown's HTML parsing of it cost more than KaTeX,
and st.html's sanitiser drops SVG.)
"""
from __future__ import annotations

import base64
import html
from functools import lru_cache
from pathlib import Path

FORMULAS = Path(__file__).resolve().parents[2] / "assets" / "formulas"
HIGHLIGHT = "#ffe08a"   # the highlighted line's band
# The picture's ink is dark, and a picture cannot take the page's text colour: on a white card it
# reads on Streamlit's dark theme too (and is invisible on the light one, whose page is white).
CARD = "max-width:100%;box-sizing:border-box;background:#ffffff;border-radius:0.5rem;padding:0.3rem 0.6rem"
EQUATIONS = {  # the course's notation: W [h_{t-1}, x_t] + b; the viewed line is highlighted
    "lstm": [("i", r"i_t = \sigma(W_i [h_{t-1}, x_t] + b_i)"),
             ("f", r"f_t = \sigma(W_f [h_{t-1}, x_t] + b_f)"),
             ("g", r"g_t = \tanh(W_g [h_{t-1}, x_t] + b_g)"),
             ("o", r"o_t = \sigma(W_o [h_{t-1}, x_t] + b_o)"),
             ("c", r"c_t = f_t \odot c_{t-1} + i_t \odot g_t"),
             ("h", r"h_t = o_t \odot \tanh(c_t)")],
    "gru": [("r", r"r_t = \sigma(W_r [h_{t-1}, x_t] + b_r)"),
            ("z", r"z_t = \sigma(W_z [h_{t-1}, x_t] + b_z)"),
            ("n", r"n_t = \tanh(W_n x_t + r_t \odot U_n h_{t-1} + b_n)"),
            ("h", r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}")],
    "rnn": [("h", r"h_t = g(W [h_{t-1}, x_t] + b)")],
}


def formula_path(cell: str, focus: str) -> Path:
    return FORMULAS / f"gates_{cell}_{focus}.svg"


def alt_text(cell: str, focus: str) -> str:
    """What the picture says, for a screen reader: every line, the highlighted one named."""
    lines = [tex + (" (highlighted)" if name == focus else "") for name, tex in EQUATIONS[cell]]
    return "; ".join(lines)


@lru_cache(maxsize=32)
def equations_html(cell: str, focus: str) -> str:
    """The cell's equations with `focus`'s line highlighted, as one centred <img> (a data URL,
    so it arrives with the page and needs no request of its own)."""
    data = base64.b64encode(formula_path(cell, focus).read_bytes()).decode()
    return (f'<div style="text-align:center"><img alt="{html.escape(alt_text(cell, focus))}" '
            f'style="{CARD}" src="data:image/svg+xml;base64,{data}"></div>')
