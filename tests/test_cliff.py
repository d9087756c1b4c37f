"""The one-unit cliff: the loss surface, autograd gradients, and clipping keeping descent on course."""
import json
import math
import time

import numpy as np
import pytest

from engine.cliff import (
    CliffConfig,
    DescentConfig,
    compare,
    descend,
    final_state,
    loss_and_grad,
    loss_surface,
    path_frame,
    surface_frame,
)
from engine.fields import SettingError


def test_surface_shape_values_and_speed():
    cfg = CliffConfig(resolution=30)
    s = loss_surface(cfg)
    assert len(s["w"]) == 30 and len(s["loss"]) == 30 and len(s["loss"][0]) == 30
    assert np.isfinite(s["loss"]).all()
    # loss[i][j] is at (w[j], b[i]): recompute one cell with the recurrence by hand
    w, b, h = s["w"][7], s["b"][11], 0.5
    for _ in range(50):
        h = w / (1 + math.exp(-h)) + b
    assert s["loss"][11][7] == pytest.approx((h - 0.7) ** 2, rel=1e-12)
    start = time.perf_counter()
    loss_surface(CliffConfig(resolution=200))
    assert time.perf_counter() - start < 0.5


def test_the_wall_is_a_jump_in_h_T():
    cfg = CliffConfig()
    # at w = 8 the final state leaps from the low attractor to the high one within a tiny change of b
    lo, hi = final_state(cfg, np.array([8.0, 8.0]), np.array([-4.49, -4.47]))
    assert lo < -4 and hi > 3


def test_autograd_gradient_matches_finite_differences():
    cfg, eps = CliffConfig(), 1e-6
    loss, dw, db = loss_and_grad(cfg, 6.3, -1.1)
    up, _, _ = loss_and_grad(cfg, 6.3 + eps, -1.1)
    down, _, _ = loss_and_grad(cfg, 6.3 - eps, -1.1)
    assert dw == pytest.approx((up - down) / (2 * eps), rel=1e-6)
    assert loss == pytest.approx(19.9289, abs=1e-4) and db > 0


def test_clipping_keeps_descending_where_plain_descent_is_thrown_off_the_cliff():
    runs = compare(CliffConfig(), DescentConfig())
    plain, clipped = runs["plain"], runs["clipped"]
    assert plain["w"][:46] == clipped["w"][:46]  # identical until the wall ...
    throw = max(plain["step_size"])
    assert throw > 10 * max(clipped["step_size"])  # ... then one step is > 10x the clipped path's largest
    assert throw > 100 and throw > 50 * np.median(plain["step_size"][:45])  # a spike, not a steady pace
    assert max(clipped["step_size"]) <= DescentConfig().lr * DescentConfig().clip + 1e-12
    assert clipped["loss"][-1] < 0.1
    assert plain["loss"][-1] > 100
    assert clipped["loss"][-1] < clipped["loss"][0] / 100
    assert any(clipped["clipped"]) and not any(plain["clipped"])


def test_divergence_stops_cleanly_and_stays_json():
    run = descend(CliffConfig(), 6.0, -1.0, lr=10.0, steps=400, clip=None)
    assert run["diverged_at"] is not None and run["diverged_at"] < 400
    n = len(run["loss"])
    assert len(run["w"]) == n and len(run["grad_norm"]) == n - 1 and n == run["diverged_at"]
    assert all(math.isfinite(v) for v in run["loss"])
    json.dumps(run, allow_nan=False)
    calm = descend(CliffConfig(), 6.0, -1.0, lr=10.0, steps=150, clip=1.0)  # past the divergence step
    assert calm["diverged_at"] is None and len(calm["loss"]) == 151


def test_bad_settings_are_setting_errors():
    with pytest.raises(SettingError, match="w_min < w_max"):
        CliffConfig(w_min=5.0, w_max=1.0)
    with pytest.raises(SettingError, match="lr"):
        descend(CliffConfig(), 6.0, -1.0, lr=0.0, steps=5)
    with pytest.raises(SettingError, match="resolution"):
        CliffConfig(resolution=500)


def test_surface_cells_reach_0_6_grid_steps_around_their_sample_point():
    cfg = CliffConfig(resolution=20)  # w in 2..9, b in -5..1: steps 7/19 and 6/19
    s = loss_surface(cfg)
    cells = surface_frame(s)
    assert len(cells) == 400 and list(cells.columns) == ["w", "w2", "b", "b2", "loss"]
    dw, db = 7 / 19, 6 / 19
    row = cells.iloc[11 * 20 + 7]  # b-major: the cell of loss[11][7], at (w[7], b[11])
    assert row["w"] == pytest.approx(2 + 7 * dw - 0.6 * dw, rel=1e-12)
    assert row["w2"] == pytest.approx(2 + 7 * dw + 0.6 * dw, rel=1e-12)
    assert row["b"] == pytest.approx(-5 + 11 * db - 0.6 * db, rel=1e-12)
    assert row["b2"] == pytest.approx(-5 + 11 * db + 0.6 * db, rel=1e-12)
    assert row["loss"] == s["loss"][11][7]
    # neighbours overlap by 0.2 steps (no seams), and the cells spill 0.6 steps past the window
    assert cells.iloc[0]["w2"] - cells.iloc[1]["w"] == pytest.approx(0.2 * dw, rel=1e-9)
    assert cells["w"].min() == pytest.approx(2 - 0.6 * dw)
    assert cells["b2"].max() == pytest.approx(1 + 0.6 * db)
    half = surface_frame(s, overlap=0.5)
    assert half.iloc[0]["w2"] == pytest.approx(half.iloc[1]["w"], rel=1e-12)  # edge to edge


def test_path_frame_has_no_gradient_after_the_last_step():
    run = {"w": [6.0, 5.5, 5.25], "b": [-1.0, -1.5, -1.75], "loss": [4.0, 1.0, 0.25],
           "grad_norm": [70.7, 35.4]}
    table = path_frame(run, "plain")
    assert list(table["step"]) == [0, 1, 2] and set(table["path"]) == {"plain"}
    assert list(table["grad_norm"][:2]) == [70.7, 35.4] and math.isnan(table["grad_norm"][2])
    assert list(table["w"]) == [6.0, 5.5, 5.25] and list(table["loss"]) == [4.0, 1.0, 0.25]
    # a diverged run: only its finite points, and again no gradient from the last one kept
    thrown = path_frame(descend(CliffConfig(), 6.0, -1.0, lr=10.0, steps=400), "thrown")
    n = len(thrown)
    assert 1 < n < 401 and thrown["grad_norm"].isna().sum() == 1 and math.isnan(thrown["grad_norm"].iloc[-1])
    assert np.isfinite(thrown["loss"]).all()
    assert len(path_frame({"w": [], "b": [], "loss": [], "grad_norm": []}, "none")) == 0
