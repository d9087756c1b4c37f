"""The Attention heatmap's cells come from the engine: one per (output step, source position)."""
import numpy as np
import pytest

from engine.seq2seq.decode import attention_cells


def test_one_cell_per_pair_with_its_weight_and_one_based_positions():
    alpha = np.array([[0.7, 0.2, 0.1], [0.05, 0.15, 0.8]])  # T_y = 2 outputs x T_x = 3 sources
    cells = attention_cells(["a", " ", "c"], ["x", "</s>"], alpha)
    assert len(cells) == 6
    last = cells[-1]
    assert (last["out_pos"], last["src_pos"], last["weight"]) == (2, 3, 0.8)
    assert cells[1]["src_token"] == "␣" and cells[1]["src"] == "001 ␣"
    assert [c["out"] for c in cells[:3]] == ["000 x"] * 3
    by_row = {}
    for c in cells:
        by_row[c["out_pos"]] = by_row.get(c["out_pos"], 0.0) + c["weight"]
    assert by_row == {1: pytest.approx(1.0), 2: pytest.approx(1.0)}
