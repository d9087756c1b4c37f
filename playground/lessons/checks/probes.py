"""Checks on what a page computes from the model: the toy and the cliff, the gradient probe,
the network view (guesses, scored steps, each row's gradient), gate traces."""
from __future__ import annotations

from playground.lessons.checks.base import guarded
from playground.lessons.model import (
    BLOCKED,
    PASS,
    WAIT,
    Check,
    RunState,
    Verdict,
    detail,
)


def toy_gradient(text: str, below: float | None = None, above: float | None = None,
                 near: float | None = None, **want) -> Check:
    """The Gradient flow toy: |∂h_T/∂h_1| (from the page's own toy run, extra['toy']) below /
    above a bound, or within 1% of `near`."""
    def judge(s: RunState) -> Verdict:
        toy = s.extra.get("toy")
        if not toy:
            return Verdict(WAIT, detail("open_toy"))
        g = abs(toy["dhT_dhk"][1])
        ok = ((below is None or g < below) and (above is None or g > above)
              and (near is None or abs(g - near) <= 0.01 * abs(near)))
        return Verdict(PASS if ok else WAIT, f"|∂h_T/∂h_1| = {g:.3g}")
    return guarded(text, want, judge, ("toy",))


def gradient_reaches_step_1(text: str, below: float, **want) -> Check:
    """Train page, Gradient through time: ‖dL_T/dh_1‖ / ‖dL_T/dh_T‖ (extra['decay']) < below."""
    def judge(s: RunState) -> Verdict:
        decay = s.extra.get("decay")
        if not decay or not decay[-1]:
            return Verdict(WAIT, detail("wait_gradient_probe"))
        ratio = decay[0] / decay[-1]
        return Verdict(PASS if ratio < below else WAIT, f"‖dL_T/dh_1‖ / ‖dL_T/dh_T‖ = {ratio:.2g}")
    return guarded(text, want, judge, ("decay",))


def guesses(text: str, sure: bool, **want) -> Check:
    """The network view's outputs (extra['network']): `sure` = every scored ŷ<t> ranks its target
    first; not `sure` = no guess has a top probability of 0.5 or more (an untrained network)."""
    def judge(s: RunState) -> Verdict:
        outputs = [o for o in (s.extra.get("network") or {}).get("outputs", []) if o.get("scored")]
        if not outputs:
            return Verdict(WAIT, detail("wait_network"))
        if sure:
            wrong = [o for o in outputs if o["top"][0]["token"] != o["target"]]
            if wrong:
                o = wrong[0]
                return Verdict(WAIT, detail("still_ranks", t=o["t"], top=repr(o["top"][0]["token"]),
                                            target=repr(o["target"])))
            return Verdict(PASS, detail("all_right", count=len(outputs), step=s.step))
        top = max(outputs, key=lambda o: o["top"][0]["p"])
        p = top["top"][0]["p"]
        if p >= 0.5:
            return Verdict(WAIT, detail("already_sure", t=top["t"], p=p))
        return Verdict(PASS, detail("largest_top", p=p))
    return guarded(text, want, judge, ("network",))


def memory_unit(text: str, gate: str, above: float, **want) -> Check:
    """Some unit's `gate` (extra['gates']: name -> T x H on a probe) stays above `above` at every
    step: a unit that keeps its memory across the whole input."""
    def judge(s: RunState) -> Verdict:
        values = (s.extra.get("gates") or {}).get(gate)
        if not values:
            return Verdict(WAIT, detail("wait_gates"))
        H = len(values[0])
        lows = [min(row[u] for row in values) for u in range(H)]
        best = max(range(H), key=lows.__getitem__)
        return Verdict(PASS if lows[best] > above else WAIT,
                       detail("never_below", unit=best, gate=gate, low=lows[best]))
    return guarded(text, want, judge, ("gates",))


def cliff_clipping_saves(text: str, **want) -> Check:
    """The Gradient flow cliff (extra['cliff']: engine.cliff.compare): the plain path takes a step
    over 10x the clipped path's largest, and the clipped path ends at a lower loss."""
    def judge(s: RunState) -> Verdict:
        paths = s.extra.get("cliff")
        if not paths:
            return Verdict(WAIT, detail("open_cliff"))
        plain, clipped = paths["plain"], paths["clipped"]
        if not any(clipped["clipped"]):
            return Verdict(BLOCKED, detail("never_clipped", norm=max(plain["grad_norm"])))
        jump, held = max(plain["step_size"]), max(clipped["step_size"])
        ends = (plain["loss"][-1], clipped["loss"][-1])
        if plain["diverged_at"] is not None:   # thrown to NaN/inf: the worst jump of all
            ok = clipped["diverged_at"] is None
        else:
            ok = jump > 10 * held and ends[1] < ends[0]
        return Verdict(PASS if ok else WAIT, detail("cliff_steps", jump=jump, held=held,
                                                    plain=ends[0], clipped=ends[1]))
    return guarded(text, want, judge, ("cliff",))


def truncation_cuts(text: str, **want) -> Check:
    """Train page, Gradient through time (extra['decay']) with truncated BPTT: nothing reaches
    step 1 (the probe floors an exact 0 at 1e-30), while the last step still gets a gradient."""
    def judge(s: RunState) -> Verdict:
        decay = s.extra.get("decay")
        if not decay:
            return Verdict(WAIT, detail("wait_gradient_probe"))
        cut = decay[0] <= 1e-29 < decay[-1]
        return Verdict(PASS if cut else WAIT, f"‖dL_T/dh_1‖ = {decay[0]:.2g}, ‖dL_T/dh_T‖ = "
                                              f"{decay[-1]:.2g}")
    return guarded(text, want, judge, ("decay",))


def scored_steps(text: str, every: bool, **want) -> Check:
    """The network view's probe (extra['network']): a loss at every step (many-to-many) or at
    one step only (many-to-one)."""
    def judge(s: RunState) -> Verdict:
        outputs = (s.extra.get("network") or {}).get("outputs", [])
        if not outputs:
            return Verdict(WAIT, detail("wait_network"))
        n, T = sum(bool(o.get("scored")) for o in outputs), len(outputs)
        ok = n >= T - 1 if every else n == 1   # a language model's last step has no next token
        return Verdict(PASS if ok else WAIT, detail("steps_scored", n=n, T=T))
    return guarded(text, want, judge, ("network",))


def direction_gradient(text: str, layer: int, direction: str, zero: bool, **want) -> Check:
    """The network view's backward pass: row (layer, direction)'s ‖∂L/∂a<t>‖ is exactly 0 at
    every step before the last (`zero`), or not (some earlier step gets a gradient)."""
    def judge(s: RunState) -> Verdict:
        net = s.extra.get("network") or {}
        rows = [i for i, L in enumerate(net.get("layers", []))
                if L["layer"] == layer and L["direction"] == direction]
        if not rows or not net.get("grad_norm"):
            return Verdict(WAIT, detail("wait_backward"))
        early = net["grad_norm"][rows[0]][:-1]
        reached = sum(g > 0 for g in early)
        ok = (reached == 0) if zero else reached > 0
        return Verdict(PASS if ok else WAIT, detail("earlier_steps", reached=reached,
                                                    count=len(early)))
    return guarded(text, want, judge, ("network",))
