"""The toy recurrence: autograd matches the product formula; verdicts; inputs; the vector RNN's Jacobians."""
import json
import math

import numpy as np
import pytest

from engine.fields import SettingError
from engine.slopes import floats, plain
from engine.toy import (
    ToyConfig,
    VectorConfig,
    autograd_jacobian,
    circle_points,
    jacobian_products,
    make_inputs,
    run_toy,
    run_vector,
    unrolled_latex,
)


def sigmoid(a: float) -> float:
    return 1 / (1 + math.exp(-a))


G_PRIME = {"tanh": lambda a: 1 - math.tanh(a) ** 2, "sigmoid": lambda a: sigmoid(a) * (1 - sigmoid(a)),
           "relu": lambda a: float(a > 0), "identity": lambda a: 1.0}


def toy(**kw):
    T = kw.get("length", 20)
    return ToyConfig(**{"x": make_inputs(kw.pop("kind", "constant"), T, kw.pop("value", 0.5), seed=1), **kw})


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "identity"])
@pytest.mark.parametrize("w_hh,w_xh,b,length,kind", [
    (3.0, 2.0, 1.0, 20, "constant"), (0.9, -1.5, 0.2, 30, "random"), (-1.2, 0.7, -0.3, 12, "alternating"),
    (1.0, 1.0, 0.0, 8, "random")])
def test_autograd_matches_the_product_formula(activation, w_hh, w_xh, b, length, kind):
    run = run_toy(toy(w_hh=w_hh, w_xh=w_xh, b=b, length=length, activation=activation, kind=kind, h0=0.3))
    assert run["max_rel_diff"] <= 1e-6
    assert run["dhT_dhk"][-1] == 1.0 and len(run["dhT_dhk"]) == length + 1
    # by hand for k = T-1: a single factor w_hh g'(a_T)
    assert run["dhT_dhk"][-2] == pytest.approx(w_hh * G_PRIME[activation](run["a"][-1]), rel=1e-9)


def test_course_defaults_vanish_because_tanh_saturates():
    run = run_toy(ToyConfig())  # w_hh=3, w_xh=2, b=1, tanh, x_t = 0.5, T = 20
    h1 = math.tanh(2 * 0.5 + 3 * 0.0 + 1)
    h2 = math.tanh(2 * 0.5 + 3 * h1 + 1)
    h3 = math.tanh(2 * 0.5 + 3 * h2 + 1)
    assert run["h"][:3] == pytest.approx([h1, h2, h3], abs=1e-15)
    assert run["a"][0] == 2.0
    assert run["verdict"] == "vanishing" and run["reason"].startswith("tanh saturates")
    assert abs(run["dhT_dhk"][0]) < 1e-50
    assert run["factor"][0] == pytest.approx(3 * (1 - h1 ** 2), rel=1e-12)


def test_identity_verdicts():
    boom = run_toy(toy(w_hh=1.5, length=40, activation="identity"))
    assert boom["verdict"] == "exploding" and boom["dhT_dhk"][0] == pytest.approx(1.5 ** 40, rel=1e-12)
    flat = run_toy(toy(w_hh=1.0, length=40, activation="identity"))
    assert flat["verdict"] == "stable" and flat["dhT_dhk"][0] == 1.0
    fade = run_toy(toy(w_hh=0.5, length=40, activation="identity"))
    assert fade["verdict"] == "vanishing" and fade["dhT_dhk"][0] == pytest.approx(0.5 ** 40)


def test_dead_relu_cuts_the_gradient_to_zero():
    run = run_toy(toy(w_hh=2.0, b=-3.0, activation="relu"))
    assert run["dhT_dhk"][0] == 0.0 and run["verdict"] == "vanishing" and "ReLU is off" in run["reason"]


def test_overflow_is_reported_not_raised_and_stays_json():
    run = run_toy(ToyConfig(w_hh=10.0, length=100, activation="identity", x=(1e300,) * 100))
    assert run["verdict"] == "exploding" and "overflowed" in run["reason"]
    assert run["h"][0] == pytest.approx(2e300) and None in run["h"]
    json.dumps(run, allow_nan=False)


def test_make_inputs_kinds_and_errors():
    assert make_inputs("alternating", 4, 0.5) == (0.5, -0.5, 0.5, -0.5)
    assert make_inputs("typed", 3, typed="1, -2,3.5") == (1.0, -2.0, 3.5)
    assert make_inputs("typed", 3, typed="0.25") == (0.25,) * 3
    assert make_inputs("random", 5, 1.0, seed=3) == make_inputs("random", 5, 1.0, seed=3)
    with pytest.raises(SettingError, match="have 2 numbers but T = 5"):
        make_inputs("typed", 5, typed="1, 2")
    with pytest.raises(SettingError, match="'abc'"):
        make_inputs("typed", 3, typed="1, abc, 2")
    with pytest.raises(SettingError, match="3 numbers but T = 4"):
        ToyConfig(length=4, x=(1, 2, 3))


def test_unrolled_latex_substitutes_the_numbers():
    lines = unrolled_latex(ToyConfig())
    assert len(lines) == 3
    assert r"\tanh\left(2\cdot 0.5 + 3\cdot 0 + 1\right) = \tanh\left(2\right) = 0.964" in lines[0]
    assert r"3\cdot 0.964" in lines[1] and r"3\tanh\left(2x_{2} + 3h_{1} + 1\right)" in lines[2]
    neg = unrolled_latex(toy(w_hh=-1.5, b=-2.0, activation="identity", kind="alternating"), steps=2)
    assert neg[1].endswith(r"2\cdot (-0.5) - 1.5\cdot (-1) - 2 = -1.5")


def test_vector_orthogonal_identity_keeps_the_norm_exactly_one():
    run = run_vector(VectorConfig(structure="orthogonal", activation="identity", hidden=8, length=25))
    assert max(abs(n - 1) for n in run["grad_norm_by_k"]) <= 1e-9
    assert max(abs(n - 1) for n in run["sigma_min_by_k"]) <= 1e-9
    assert run["verdict"] == "stable"


@pytest.mark.parametrize("structure,activation", [("gaussian", "tanh"), ("gaussian", "relu"),
                                                  ("orthogonal", "tanh")])
def test_vector_jacobian_product_equals_autograd(structure, activation):
    cfg = VectorConfig(hidden=6, length=12, structure=structure, activation=activation, seed=2)
    products = jacobian_products(cfg)
    for k in (0, 5, 11):
        assert np.abs(products[k] - autograd_jacobian(cfg, k)).max() <= 1e-8
    assert run_vector(cfg)["autograd_rel_diff"] <= 1e-12


def test_vector_spectral_radius_is_exact_and_sets_growth():
    big = run_vector(VectorConfig(spectral_radius=2.0, activation="identity", hidden=10, length=40))
    small = run_vector(VectorConfig(spectral_radius=0.3, activation="identity", hidden=10, length=40))
    assert big["spectral_radius"] == pytest.approx(2.0, abs=1e-9)
    moduli = [math.hypot(r, i) for r, i in zip(small["eigenvalues"]["real"], small["eigenvalues"]["imag"])]
    assert max(moduli) == pytest.approx(0.3, abs=1e-9)
    assert big["grad_norm_by_k"][0] > 1e6 and big["verdict"] == "exploding"
    assert small["grad_norm_by_k"][0] < 1e-12 and small["verdict"] == "vanishing"
    assert big["norm_W_hh"] >= 2.0  # a non-normal matrix's 2-norm exceeds its spectral radius


def test_floats_turns_none_and_zero_into_nan_for_log_axes():
    out = floats([1.5, None, 0.0, -2.0, 1e-300])
    assert out.dtype == np.float64 and out.shape == (5,)
    assert out[0] == 1.5 and out[3] == -2.0 and out[4] == 1e-300
    assert np.isnan(out[1]) and np.isnan(out[2])
    assert plain([1.0, math.inf, math.nan, -0.5]) == [1.0, None, None, -0.5]
    fade = run_toy(toy(w_hh=2.0, b=-3.0, activation="relu"))  # ReLU off: every factor is exactly 0
    assert np.isnan(floats(fade["factor"])).all() and np.isnan(floats(fade["dhT_dhk"])[:-1]).all()


def test_circle_points_lie_on_their_circles():
    rho = 2.5
    circles = circle_points({"unit circle": 1.0, "spectral radius": rho})
    assert len(circles) == 242 and list(circles["circle"].unique()) == ["unit circle", "spectral radius"]
    big = circles[circles["circle"] == "spectral radius"]
    assert np.hypot(big["x"], big["y"]).to_numpy() == pytest.approx(np.full(121, rho), rel=1e-12)
    assert list(big["order"]) == list(range(121))
    first, quarter, last = big.iloc[0], big.iloc[30], big.iloc[120]  # angles 0, pi/2, 2 pi
    assert (first["x"], first["y"]) == (rho, 0.0)
    assert quarter["x"] == pytest.approx(0.0, abs=1e-12) and quarter["y"] == pytest.approx(rho)
    assert last["x"] == pytest.approx(rho) and last["y"] == pytest.approx(0.0, abs=1e-12)  # closed
    unit = circles[circles["circle"] == "unit circle"]
    assert np.hypot(unit["x"], unit["y"]).max() == pytest.approx(1.0)
    assert len(circle_points({"c": 1}, n=7)) == 7
