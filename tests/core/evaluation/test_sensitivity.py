"""Tipping points (exact where the totals are linear, bisection otherwise) and the Monte Carlo."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D

import numpy as np

from cirkular.core.evaluation import Code, evaluate, parse_model
from cirkular.core.evaluation.model import EvaluationModel
from cirkular.core.evaluation.sensitivity import TippingPoint, crossings, dirichlet, monte_carlo, tipping_points
from tests.core.evaluation.support import load_example


def model(name: str) -> EvaluationModel:
    return parse_model(load_example(name))


def with_weight(m: EvaluationModel, criterion: str, weight: D) -> EvaluationModel:
    """Move one weight and rescale the others in proportion, as the tipping point does."""
    c0 = next(c for c in m.criteria if c.id == criterion)
    rest = 100 - c0.weight
    scaled = [
        dataclasses.replace(c, weight=weight if c.id == criterion else c.weight * (100 - weight) / rest)
        for c in m.criteria
    ]
    return dataclasses.replace(m, criteria=tuple(scaled))


def point(m: EvaluationModel, name: str) -> TippingPoint:
    return next(p for p in tipping_points(m).points if p.parameter == name)


def test_weight_tipping_point_by_hand() -> None:
    # reversal.json, price weight x (quality 1 − x), shares: A price 0.6, quality 0.6; B 0.5 and 0.74;
    # C 1.0 and 0. B − A = 0.14 − 0.24x = 0 at x = 7/12 = 58.3333 %; C − B = 1.24x − 0.74 = 0 at
    # x = 59.68 %, later. Downwards B stays ahead of A (quality weighs more) and C falls further back.
    p = point(model("reversal.json"), "price")
    assert (p.up, p.up_winner, p.down, p.down_winner, p.exact) == (D("58.3333"), "A", None, None, True)
    q = point(model("reversal.json"), "quality")
    assert (q.down, q.down_winner) == (D("41.6667"), "A")


def test_weight_tipping_point_is_where_the_winner_changes() -> None:
    m = model("weighted-relative.json")
    for p in tipping_points(m).points:
        for moved, winner in ((p.up, p.up_winner), (p.down, p.down_winner)):
            if moved is None:
                continue
            step = D("0.05") if moved > p.current else D("-0.05")
            assert evaluate(with_weight(m, p.parameter, moved - step)).winner == "A"
            assert evaluate(with_weight(m, p.parameter, moved + step)).winner == winner


def test_quotient_tipping_points_are_exact_too() -> None:
    m = model("quotient.json")
    # C wins on 100 quality points; the crossings are checked by re-evaluating just either side
    for p in tipping_points(m).points:
        if p.down is not None:
            assert evaluate(with_weight(m, p.parameter, p.down - D("0.05"))).winner == p.down_winner
            assert evaluate(with_weight(m, p.parameter, p.down + D("0.05"))).winner == "C"


def test_deduction_tipping_points_by_hand() -> None:
    # value-deduction.json: C wins at 430 000. A = 500 000 − M − 25 000 passes C when M > 45 000;
    # with the take-back percentage p: 500 000 − 40 000 − 5 000p < 430 000 when p > 6.
    m = model("value-deduction.json")
    reuse, takeback = tipping_points(m).points
    assert (reuse.up, reuse.up_winner, reuse.down) == (D("45000.00"), "A", None)
    assert (takeback.up, takeback.up_winner, takeback.down) == (D("6.0000"), "A", None)


def test_lcc_parameter_tipping_points_by_bisection() -> None:
    # lcc.json: A = 54 651.46 + 21 059.08 p, C = 52 055.40 + 24 568.92 p (p the energy price);
    # they cross at p = 2 596.06 / 3 509.84 = 0.73966.
    m = model("lcc.json")
    energy = point(m, "energy_price")
    assert energy.exact is False and energy.tolerance == D("0.0001")
    assert energy.down is not None and energy.down_winner == "C"
    assert abs(energy.down - D("0.73966")) <= D("0.0002")
    life = point(m, "lifetime_years")
    assert (life.down, life.down_winner) == (D(4), "C")
    lcc = m.lcc
    assert lcc is not None
    assert evaluate(dataclasses.replace(m, lcc=dataclasses.replace(lcc, lifetime_years=4))).winner == "C"
    assert evaluate(dataclasses.replace(m, lcc=dataclasses.replace(lcc, lifetime_years=5))).winner == "A"


def test_co2_price_tipping_point() -> None:
    # priced-co2.json: the bisected points are checked by re-evaluating at them
    m = model("priced-co2.json")
    p = point(m, "co2_price_per_kg")
    co2 = m.co2
    assert co2 is not None
    for moved, winner in ((p.up, p.up_winner), (p.down, p.down_winner)):
        if moved is not None:
            assert evaluate(dataclasses.replace(m, co2=dataclasses.replace(co2, price_per_kg=moved))).winner == winner


def test_no_tipping_points_for_lowest_price_and_shared_first_place() -> None:
    assert [m.code for m in tipping_points(model("lowest-price.json")).messages] == [Code.TIPPING_NONE]
    data = load_example("lowest-price.json")
    data["tenders"][0]["price"] = data["tenders"][1]["price"]
    assert [m.code for m in tipping_points(parse_model(data)).messages] == [Code.WINNER_UNDETERMINED]


def test_crossings_of_lines() -> None:
    # leader 0: 10 − x; challenger 1: 4 + x crosses at x = 3; challenger 2: 12 − 3x crosses at x = 1 going down
    up, down = crossings([D(10), D(4), D(12)], [D(-1), D(1), D(-3)], D(2), D(0), D(10), [0, 1, 2])
    assert up == (D(3), 1)
    assert down == (D(1), 2)


def test_monte_carlo_is_reproducible_and_independent_of_the_chunk_size() -> None:
    for name in ("weighted-relative.json", "value-deduction.json", "lcc.json", "priced-co2.json", "quotient.json"):
        m = model(name)
        a = monte_carlo(m, draws=3000)
        b = monte_carlo(m, draws=3000, chunk=701)
        assert a.wins == b.wins, name
        assert sum(a.wins.values()) == 3000
        assert abs(sum(a.probability(t) for t in a.wins) - 1) < 1e-12


def test_monte_carlo_results() -> None:
    weighted = monte_carlo(model("weighted-relative.json"))
    assert weighted.varied == ("weights",) and weighted.draws == 20000 and weighted.seed == 2025
    assert max(weighted.wins, key=weighted.wins.__getitem__) == "A"
    assert monte_carlo(model("lcc.json")).varied == ("discount_rate_percent", "energy_price")
    fixed = monte_carlo(model("lowest-price.json"), draws=10)
    assert fixed.wins == {"B": 10, "C": 0, "A": 0} and fixed.varied == ()
    assert (
        monte_carlo(model("weighted-relative.json"), draws=500, seed=1).wins
        != monte_carlo(model("weighted-relative.json"), draws=500, seed=2).wins
    )


def test_a_high_concentration_keeps_the_weights_close() -> None:
    rng = np.random.default_rng(1)
    draws = dirichlet(rng, np.array([600.0, 300.0, 100.0, 0.0]), 20000)
    assert np.allclose(draws.sum(axis=1), 1.0)
    assert (draws[:, 3] == 0).all()
    assert np.allclose(draws.mean(axis=0), [0.6, 0.3, 0.1, 0.0], atol=0.002)
