"""Write assets/formulas/: the Gates page's equations as SVG pictures, one per cell and
highlighted line (playground/gates/equations.py), typeset by matplotlib's mathtext.

Needs matplotlib (requirements-dev.txt; the app itself only reads the files). Deterministic:
`python assets/make_formulas.py` rewrites byte-identical files with the pinned matplotlib.
Rows are aligned at their '=' as an `aligned` block would be. Two layers of one frame: the ink
of every row, one per cell (`gates_<cell>_ink.svg`: the page paints the theme's text colour
through it), and the highlighted row on its coloured band in dark ink, one per gate
(`gates_<cell>_<gate>.svg`, laid over the ink). The rows, the layer and the highlighted index
are written into each file's description (tests/test_formulas.py checks every file against
the page's equations).
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from playground.gates.equations import EQUATIONS, FORMULAS, HIGHLIGHT, layer_paths

INK = "#31333f"         # the highlighted row's ink on its light band (the others take the theme's)
FONT_PT = 14.5          # about the size KaTeX gives a displayed formula on the page (19 px)
ROW_GAP = 2.2           # distance between rows, in font sizes
RC = {"svg.hashsalt": "rnn-playground", "svg.fonttype": "path"}   # same bytes every run


def split_rows(lines: list[str]) -> list[tuple[str, str]]:
    """'lhs = rhs' lines as (lhs, '= rhs') rows."""
    rows = []
    for line in lines:
        left, _, right = line.partition(" = ")
        rows.append((left, "= " + right) if right else ("", left))
    return rows


def formula_layers(rows: list[tuple[str, str]], highlight: int) -> tuple[str, str]:
    """rows: (left, right) per row, `right` starting with '='; `highlight`: the index of the
    row drawn on a coloured band. Returns two SVGs of the same frame: the ink of every row (the
    page paints it in the theme's text colour through it, as a mask) and the band with the
    highlighted row on it in dark ink (laid over the first)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Bbox

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(12, 0.5 + 0.4 * len(rows)), dpi=72)
        FigureCanvasAgg(fig)   # measures the rows
        fig.patch.set_alpha(0)
        height = fig.get_figheight() * 72
        y, texts = height - FONT_PT * 1.2, []
        for left, right in rows:
            texts.append([fig.text(0.5, y / height, f"${tex}$", ha=align, va="baseline",
                                   fontsize=FONT_PT, color=INK, math_fontfamily="cm")
                          for tex, align in ((left, "right"), (right, "left")) if tex])
            y -= FONT_PT * ROW_GAP
        renderer = fig.canvas.get_renderer()
        extents = [[t.get_window_extent(renderer) for t in row] for row in texts]
        pad = FONT_PT * 0.25
        row = extents[highlight]
        (x0, y0), (x1, y1) = fig.transFigure.inverted().transform(
            [(min(b.x0 for b in row) - pad, min(b.y0 for b in row) - pad),
             (max(b.x1 for b in row) + pad, max(b.y1 for b in row) + pad)])
        band = Rectangle((x0, y0), x1 - x0, y1 - y0, transform=fig.transFigure, color=HIGHLIGHT,
                         zorder=-1, linewidth=0)
        fig.patches.append(band)
        every = Bbox.union([b for row in extents for b in row]).padded(pad + 2)
        frame = Bbox.from_extents(*(v / 72 for v in every.extents))   # in inches
        layers = []
        for layer in ("ink", "band"):
            band.set_visible(layer == "band")
            for i, row in enumerate(texts):
                for text in row:
                    text.set_visible(layer == "ink" or i == highlight)
            out = io.StringIO()
            drawn = {"rows": rows, "layer": layer}
            if layer == "band":
                drawn["highlight"] = highlight
            description = json.dumps(drawn)
            fig.savefig(out, format="svg", bbox_inches=frame, pad_inches=0,
                        metadata={"Date": None, "Creator": None, "Description": description})
            layers.append(out.getvalue())
    return layers[0], layers[1]


def gates_layers(cell: str, focus: str) -> tuple[str, str]:
    names = [name for name, _ in EQUATIONS[cell]]
    return formula_layers(split_rows([tex for _, tex in EQUATIONS[cell]]), names.index(focus))


def main() -> None:
    FORMULAS.mkdir(exist_ok=True)
    for path in FORMULAS.glob("*.svg"):
        path.unlink()
    for cell, lines in EQUATIONS.items():
        for focus, _ in lines:
            for path, svg in zip(layer_paths(cell, focus), gates_layers(cell, focus)):
                path.write_text(svg, encoding="utf-8")
                print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
