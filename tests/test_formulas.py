"""The Gates page's equation pictures (assets/formulas/, written by assets/make_formulas.py)
hold exactly the page's equations: one file per cell and highlighted line, none stale, each
drawn from the lines the page lists, and the writer gives the shipped bytes back."""
import html
import json
import re
import sys

import pytest

from playground.gates.equations import EQUATIONS, FORMULAS, equations_html, formula_path
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "assets"))
import make_formulas

EVERY = [(cell, name) for cell, lines in EQUATIONS.items() for name, _ in lines]


def drawn(svg: str) -> dict:
    """The rows and highlighted index written into a picture's description."""
    text = re.search(r"<dc:description>(.*?)</dc:description>", svg, re.DOTALL).group(1)
    return json.loads(html.unescape(text))


def test_one_picture_per_cell_and_highlighted_line_and_nothing_else():
    assert sorted(FORMULAS.glob("*.svg")) == sorted(formula_path(c, n) for c, n in EVERY)


@pytest.mark.parametrize(("cell", "focus"), EVERY)
def test_each_picture_is_drawn_from_the_page_equations(cell, focus):
    got = drawn(formula_path(cell, focus).read_text(encoding="utf-8"))
    lines = [tex for _, tex in EQUATIONS[cell]]
    assert [left + " " + right for left, right in got["rows"]] == lines
    assert got["highlight"] == [name for name, _ in EQUATIONS[cell]].index(focus)


def test_rows_align_at_the_first_equals():
    assert make_formulas.split_rows([r"c_t = f_t \odot c_{t-1}", "x = y = z", "no sign"]) == [
        ("c_t", r"= f_t \odot c_{t-1}"), ("x", "= y = z"), ("", "no sign")]


def test_the_writer_gives_the_shipped_bytes_back():
    """Deterministic (fixed SVG ids, no date): editing an equation and re-running the writer
    is the whole update. One highlighted and one plain line of each size of block."""
    for cell, focus in (("lstm", "o"), ("rnn", "h")):
        assert make_formulas.gates_svg(cell, focus) == \
            formula_path(cell, focus).read_text(encoding="utf-8")


def test_the_picture_is_one_image_with_the_equations_as_its_alt_text():
    block = equations_html("gru", "z")
    assert block.count("<img") == 1 and 'src="data:image/svg+xml;base64,' in block
    assert "background:#ffffff" in block   # dark ink on a white card: it reads on a dark theme
    alt = re.search(r'alt="([^"]*)"', block).group(1)
    assert "z_t = \\sigma(W_z [h_{t-1}, x_t] + b_z) (highlighted)" in alt
    assert alt.count("highlighted") == 1 and alt.count(";") == 3
