"""The Gates page's equations: each cell's, in the course's notation, drawn from pictures
shipped in assets/formulas/ (written by assets/make_formulas.py).

The same six LSTM equations typeset in the browser (KaTeX) were about 700 elements for a new
visitor's browser to build and lay out before the page's first chart, about 0.1 s of the wait
(README, "First paint"). Here they are four: the ink of every line, painted in the theme's text
colour through it as a CSS mask (light on the dark theme, dark on the light one), and over it
the highlighted line on its band, a picture in dark ink. The glyphs are paths, so they look the
same in every browser with no font to load; the LaTeX is the block's label for screen readers.
(The SVG inlined would take the theme's colour too, but Markdown's parsing of its HTML cost more
than KaTeX, and st.html's sanitiser drops SVG.)
"""
from __future__ import annotations

import base64
import html
import re
from functools import lru_cache
from pathlib import Path

FORMULAS = Path(__file__).resolve().parents[2] / "assets" / "formulas"
HIGHLIGHT = "#ffe08a"   # the highlighted line's band
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


def layer_paths(cell: str, focus: str) -> tuple[Path, Path]:
    """(the ink of every line of `cell`, the `focus` line on its band): one frame."""
    return FORMULAS / f"gates_{cell}_ink.svg", FORMULAS / f"gates_{cell}_{focus}.svg"


def alt_text(cell: str, focus: str) -> str:
    """What the picture says, for a screen reader: every line, the highlighted one named."""
    lines = [tex + (" (highlighted)" if name == focus else "") for name, tex in EQUATIONS[cell]]
    return "; ".join(lines)


def data_url(path: Path) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode()


@lru_cache(maxsize=32)
def equations_html(cell: str, focus: str) -> str:
    """The cell's equations with `focus`'s line highlighted, centred, at the pictures' own size
    (narrower columns shrink it): a box painted in the text colour through the ink, the band's
    picture over it. Data URLs, so nothing is fetched after the page arrives."""
    ink, band = layer_paths(cell, focus)
    width_pt, height_pt = (float(v) for v in re.search(
        r'width="([\d.]+)pt" height="([\d.]+)pt"', ink.read_text(encoding="utf-8")).groups())
    mask = f"url({data_url(ink)}) center / 100% 100% no-repeat"
    return (f'<div style="display:flex;justify-content:center;padding-bottom:0.5rem">'
            f'<div role="img" aria-label="{html.escape(alt_text(cell, focus))}" '
            f'style="position:relative;width:{width_pt * 4 / 3:.1f}px;max-width:100%;'
            f'aspect-ratio:{width_pt:.2f}/{height_pt:.2f}">'
            f'<div style="position:absolute;inset:0;background-color:currentColor;'
            f'mask:{mask}"></div>'
            f'<img alt="" src="{data_url(band)}" '
            f'style="position:absolute;inset:0;width:100%;height:100%"></div></div>')
