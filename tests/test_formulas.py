"""The Gates page's equation pictures (assets/formulas/, written by assets/make_formulas.py)
hold exactly the page's equations: per cell, the ink of every line, and per gate, its line on
the highlight band; none stale; the writer gives the shipped bytes back; the page paints the ink
in the theme's text colour and lays the band over it."""
import re
import sys

import pytest

from playground.gates.equations import EQUATIONS, FORMULAS, equations_html, layer_paths
from tests.conftest import ROOT, drawn_formula

sys.path.insert(0, str(ROOT / "assets"))
import make_formulas

EVERY = [(cell, name) for cell, lines in EQUATIONS.items() for name, _ in lines]


def test_an_ink_picture_per_cell_a_band_per_gate_and_nothing_else():
    assert sorted(FORMULAS.glob("*.svg")) == sorted({p for c, n in EVERY for p in layer_paths(c, n)})


@pytest.mark.parametrize(("cell", "focus"), EVERY)
def test_each_layer_is_drawn_from_the_page_equations(cell, focus):
    ink, band = (drawn_formula(p.read_text(encoding="utf-8")) for p in layer_paths(cell, focus))
    lines = [tex for _, tex in EQUATIONS[cell]]
    for layer in (ink, band):
        assert [left + " " + right for left, right in layer["rows"]] == lines
    assert (ink["layer"], band["layer"], "highlight" in ink) == ("ink", "band", False)
    assert band["highlight"] == [name for name, _ in EQUATIONS[cell]].index(focus)


@pytest.mark.parametrize("cell", EQUATIONS)
def test_the_layers_of_a_cell_share_one_frame(cell):
    sizes = {re.search(r'width="[\d.]+pt" height="[\d.]+pt"', p.read_text(encoding="utf-8"))
             .group(0) for name, _ in EQUATIONS[cell] for p in layer_paths(cell, name)}
    assert len(sizes) == 1


def test_rows_align_at_the_first_equals():
    assert make_formulas.split_rows([r"c_t = f_t \odot c_{t-1}", "x = y = z", "no sign"]) == [
        ("c_t", r"= f_t \odot c_{t-1}"), ("x", "= y = z"), ("", "no sign")]


def test_the_writer_gives_the_shipped_bytes_back():
    """Deterministic (fixed SVG ids, no date): editing an equation and re-running the writer
    is the whole update. One highlighted and one single-line block."""
    for cell, focus in (("lstm", "o"), ("rnn", "h")):
        shipped = tuple(p.read_text(encoding="utf-8") for p in layer_paths(cell, focus))
        assert make_formulas.gates_layers(cell, focus) == shipped


def test_the_page_paints_the_ink_in_the_text_colour_under_the_band_with_a_label():
    """The ink is a mask over a box painted currentColor (light on the dark theme: a picture in
    dark ink vanished there), the band a picture laid over it; one label for screen readers."""
    block = equations_html("gru", "z")
    ink, band = (p.read_bytes() for p in layer_paths("gru", "z"))
    assert "background-color:currentColor" in block and block.count("mask:url(data:") == 1
    assert block.count("<img") == 1 and block.index("mask:url(") < block.index("<img")
    assert block.count('role="img"') == 1
    alt = re.search(r'aria-label="([^"]*)"', block).group(1)
    assert "z_t = \\sigma(W_z [h_{t-1}, x_t] + b_z) (highlighted)" in alt
    assert alt.count("highlighted") == 1 and alt.count(";") == 3
    assert len(ink) > len(band) > 0
