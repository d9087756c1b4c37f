"""Write assets/formulas/: the Gates page's equations as SVG pictures, one per cell and
highlighted line (playground/gates/equations.py), typeset by matplotlib's mathtext.

Needs matplotlib (requirements-dev.txt; the app itself only reads the files). Deterministic:
`python assets/make_formulas.py` rewrites byte-identical files with the pinned matplotlib.
Rows are aligned at their '=' as an `aligned` block would be; the highlighted row sits on a
coloured band; the rows and the highlighted index are written into the file's description
(tests/test_formulas.py checks every file against the page's equations).
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from playground.gates.equations import EQUATIONS, HIGHLIGHT, formula_path

INK = "#31333f"         # Streamlit's text colour
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


def formula_svg(rows: list[tuple[str, str]], highlight: int = -1) -> str:
    """rows: (left, right) per row, `right` starting with '='; `highlight`: the index of the
    row drawn on a coloured band, -1 for none. Returns SVG markup."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(12, 0.5 + 0.4 * len(rows)), dpi=72)
        FigureCanvasAgg(fig)   # measures the highlighted row
        fig.patch.set_alpha(0)
        height = fig.get_figheight() * 72
        y, texts = height - FONT_PT * 1.2, []
        for left, right in rows:
            texts.append([fig.text(0.5, y / height, f"${tex}$", ha=align, va="baseline",
                                   fontsize=FONT_PT, color=INK, math_fontfamily="cm")
                          for tex, align in ((left, "right"), (right, "left")) if tex])
            y -= FONT_PT * ROW_GAP
        if 0 <= highlight < len(texts):
            renderer = fig.canvas.get_renderer()
            boxes = [t.get_window_extent(renderer) for t in texts[highlight]]
            pad = FONT_PT * 0.25
            (x0, y0), (x1, y1) = fig.transFigure.inverted().transform(
                [(min(b.x0 for b in boxes) - pad, min(b.y0 for b in boxes) - pad),
                 (max(b.x1 for b in boxes) + pad, max(b.y1 for b in boxes) + pad)])
            fig.patches.append(Rectangle((x0, y0), x1 - x0, y1 - y0, transform=fig.transFigure,
                                         color=HIGHLIGHT, zorder=-1, linewidth=0))
        out = io.StringIO()
        description = json.dumps({"rows": rows, "highlight": highlight}, ensure_ascii=True)
        fig.savefig(out, format="svg", bbox_inches="tight", pad_inches=0.04,
                    metadata={"Date": None, "Creator": None, "Description": description})
    return out.getvalue()


def gates_svg(cell: str, focus: str) -> str:
    names = [name for name, _ in EQUATIONS[cell]]
    return formula_svg(split_rows([tex for _, tex in EQUATIONS[cell]]), names.index(focus))


def main() -> None:
    formula_path("lstm", "i").parent.mkdir(exist_ok=True)
    for cell, lines in EQUATIONS.items():
        for focus, _ in lines:
            formula_path(cell, focus).write_text(gates_svg(cell, focus), encoding="utf-8")
            print(formula_path(cell, focus).relative_to(ROOT))


if __name__ == "__main__":
    main()
