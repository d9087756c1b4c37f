"""The Gradient flow page's unrolled steps, written as HTML from the engine's LaTeX: every
number and symbol of the LaTeX is drawn, in TeX's spacing, and anything else is refused."""
import dataclasses
import html
import itertools
import re

import pytest

from engine.toy import ToyConfig, unrolled_latex
from playground.gradients.unrolled import expression_html, unrolled_html

# what each LaTeX construct reads as once drawn (tags dropped, spaces ignored)
READS = [(r"\left(", "("), (r"\right)", ")"), (r"\operatorname{ReLU}", "ReLU"), (r"\tanh", "tanh"),
         (r"\sigma", "σ"), (r"\cdot", "⋅"), (r"\times", "×"), ("-", "−")]


def read_tex(tex: str) -> str:
    for command, shown in READS:
        tex = tex.replace(command, shown)
    return re.sub(r"[_^{}\s]", "", tex)


def read_html(block: str) -> str:
    return re.sub(r"\s", "", html.unescape(re.sub(r"<style>.*?</style>|<[^>]+>", "", block)))


def configs():
    """Every activation, both signs, zero, tiny and huge inputs, typed negative inputs."""
    base = ToyConfig()
    for activation, w, b, x, h0 in itertools.product(
            ("tanh", "sigmoid", "relu", "identity"), (-10.0, -1.5, 0.0, 3.0),
            (-2.0, 0.0, 1.0), (0.5, -0.25, 1e-9, -3e7, 1e300), (0.0, -5.0)):
        yield dataclasses.replace(base, activation=activation, w_hh=w, w_xh=-w / 3, b=b,
                                  x=(x, -x) * 10, h0=h0)


def test_every_reachable_step_is_drawn_with_all_its_numbers():
    drawn = 0
    for config in configs():
        lines = unrolled_latex(config)
        block = unrolled_html(lines)
        assert read_html(block) == "".join(read_tex(line) for line in lines), lines
        drawn += len(lines)
    assert drawn > 1000   # the steps cut off where a value overflows are not counted


def test_the_course_example_reads_as_the_course_writes_it():
    block = unrolled_html(unrolled_latex(ToyConfig()))
    rows = re.findall(r'<div(?: class="lhs")?>(.*?)</div>', block)
    assert read_html(rows[0]) == "h1" and read_html(rows[1]) == "=tanh(2x1+3h0+1)"
    assert read_html(rows[3]) == "=tanh(2⋅0.5+3⋅0+1)=tanh(2)=0.964"   # rows[2]: the '=' column
    assert block.count('class="gap"') == 2 and block.count('class="lhs"') == 3
    label = html.unescape(re.search(r'aria-label="([^"]*)"', block).group(1))
    assert label.startswith(r"h_{1} = \tanh\left(2x_{1} + 3h_0 + 1\right)") and label.count(";") == 2


@pytest.mark.parametrize("tex, expected", [
    (r"3\tanh\left(1\right)", '3<span class="o t">tanh</span>(1)'),   # thin space on both sides
    (r"\tanh\left(1\right)", '<span class="o">tanh</span>(1)'),
    (r"3\sigma\left(1\right)", '3<i>σ</i><span class="t">(</span>1)'),  # ordinary, then \left(
    (r"2\cdot (-0.5) - 1", '2<span class="b">⋅</span>(−0.5)<span class="b">−</span>1'),
    (r"1.2\times 10^{-5}", '1.2<span class="b">×</span>10<sup>−5</sup>'),
    (r"-2x_{12} + 3h_0", '−2<i>x</i><sub>12</sub><span class="b">+</span>3<i>h</i><sub>0</sub>'),
])
def test_each_construct(tex, expected):
    assert expression_html(tex) == expected


@pytest.mark.parametrize("tex", [r"\frac{1}{2}", "y_{1}", "inf", "1 = 2", r"\tanh{1}", "<b>1</b>"])
def test_anything_else_is_refused_rather_than_drawn_wrong(tex):
    with pytest.raises(ValueError, match="cannot draw"):
        expression_html(tex)
