"""Properties that must hold for any input, checked with hypothesis."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D
from itertools import pairwise
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cirkular.core.evaluation import Code, evaluate, evaluate_input, parse_model

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

prices = st.integers(10_000, 1_000_000_00).map(lambda ore: D(ore).scaleb(-2))  # 100.00 .. 1 000 000.00 SEK
small = st.integers(0, 5_000).map(D)


@st.composite
def weights(draw: st.DrawFn, n: int) -> list[D]:
    """``n`` positive whole-number weights adding up to 100."""
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=n - 1, max_size=n - 1, unique=True)))
    bounds = [0, *cuts, 100]
    return [D(b - a) for a, b in pairwise(bounds)]


@st.composite
def scored(draw: st.DrawFn, method: str, n: int) -> dict[str, Any]:
    k = draw(st.integers(1, 3))
    # a weighted score with one quality criterion always gets a price criterion as well
    price = method == "weighted_score" and (k == 1 or draw(st.booleans()))
    w = draw(weights(k + (1 if price else 0))) if k + price > 1 else [D(100)]
    criteria: list[dict[str, Any]] = []
    if price:
        c: dict[str, Any] = {"id": "price", "kind": "price", "weight": w.pop(0)}
        if draw(st.booleans()):
            c |= {"formula": "interpolation", "ceiling": draw(prices)}
        if draw(st.booleans()):
            c["floor"] = draw(prices) if "ceiling" not in c else c["ceiling"] / 2
        criteria.append(c)
    maxima = [draw(st.sampled_from([D(5), D(10), D(100)])) for _ in range(k)]
    criteria += [{"id": f"q{i}", "weight": w[i], "max_points": maxima[i]} for i in range(k)]
    tenders = [
        {
            "id": f"T{j}",
            "price": draw(prices),
            "values": {f"q{i}": D(draw(st.integers(0, int(maxima[i]) * 2))) / 2 for i in range(k)},
        }
        for j in range(n)
    ]
    data: dict[str, Any] = {"method": method, "criteria": criteria, "tenders": tenders}
    if method == "quotient":
        data["quotient"] = {"base": D(draw(st.integers(0, 50)))}
    return data


@st.composite
def deduction(draw: st.DrawFn, n: int, units: tuple[str, ...] = ("sek", "percent")) -> dict[str, Any]:
    k = draw(st.integers(1, 3))
    criteria = []
    for i in range(k):
        unit = draw(st.sampled_from(units))
        maximum = D(draw(st.integers(1, 30))) if unit == "percent" else D(draw(st.integers(1, 100_000)))
        steps = [{"id": "full", "value": maximum}, {"id": "none", "value": D(0)}]
        steps.append({"id": "half", "value": maximum / 2})
        criteria.append({"id": f"d{i}", "unit": unit, "max": maximum, "steps": steps})
    tenders = [
        {
            "id": f"T{j}",
            "price": draw(prices),
            "values": {f"d{i}": draw(st.sampled_from(["full", "half", "none"])) for i in range(k)},
        }
        for j in range(n)
    ]
    variant = draw(st.sampled_from(["deduction", "surcharge"]))
    return {"method": "value_deduction", "variant": variant, "criteria": criteria, "tenders": tenders}


LCC_KEYS = ("energy_kwh_per_year", "maintenance_per_year", "consumables_per_year", "end_of_life_cost", "residual_value")


@st.composite
def costs(draw: st.DrawFn, method: str, n: int) -> dict[str, Any]:
    data: dict[str, Any] = {"method": method, "tenders": []}
    with_lcc = method == "lcc" or draw(st.booleans())
    if with_lcc:
        data["lcc"] = {
            "quantity": D(draw(st.integers(1, 50))),
            "lifetime_years": draw(st.integers(1, 25)),
            "discount_rate_percent": D(draw(st.integers(-200, 1200))) / 100,
            "energy_price": D(draw(st.integers(0, 400))) / 100,
        }
    if method == "priced_co2":
        co2: dict[str, Any] = {"price_per_kg": D(draw(st.integers(0, 500))) / 100}
        if draw(st.booleans()):
            co2["ladder"] = {"version": draw(st.sampled_from(["3.1", "4.0"]))}
        if draw(st.booleans()):
            co2["mki_w"] = {"valuation_factor": D(draw(st.integers(0, 30))) / 10}
        data["co2"] = co2
    for j in range(n):
        values: dict[str, Any] = {}
        if with_lcc:
            values |= {key: draw(small) for key in LCC_KEYS}
        if method == "priced_co2":
            values["co2e_kg"] = draw(small)
            if "ladder" in data["co2"]:
                top = 5 if data["co2"]["ladder"]["version"] == "3.1" else 3
                values["ladder_level"] = draw(st.integers(0, top))
            if "mki_w" in data["co2"]:
                values["mki"] = draw(small)
        data["tenders"].append({"id": f"T{j}", "price": draw(prices), "values": values})
    return data


@st.composite
def any_model(draw: st.DrawFn) -> dict[str, Any]:
    method = draw(
        st.sampled_from(["lowest_price", "weighted_score", "quotient", "value_deduction", "lcc", "priced_co2"])
    )
    n = draw(st.integers(2, 5))
    if method in ("weighted_score", "quotient"):
        return draw(scored(method, n))
    if method == "value_deduction":
        return draw(deduction(n))
    if method == "lowest_price":
        return {"method": method, "tenders": [{"id": f"T{j}", "price": draw(prices)} for j in range(n)]}
    return draw(costs(method, n))


@FAST
@given(any_model(), st.data())
def test_lowering_a_price_never_worsens_the_rank(data: dict[str, Any], pick: st.DataObject) -> None:
    model = parse_model(data)
    j = pick.draw(st.integers(0, len(model.tenders) - 1))
    tender = model.tenders[j]
    cut = pick.draw(st.integers(1, int(tender.price * 100) - 1)) if tender.price > D("0.01") else 0
    lower = dataclasses.replace(tender, price=tender.price - D(cut).scaleb(-2))
    cheaper = model.with_tenders([lower if t is tender else t for t in model.tenders])
    before = evaluate(model, reversals=False).tender(tender.id).rank
    after = evaluate(cheaper, reversals=False).tender(tender.id).rank
    assert after <= before


@FAST
@given(deduction(4, units=("sek",)), st.integers(1, 10_000_000))
def test_adding_the_same_amount_to_every_price_keeps_the_value_deduction_ranking(
    data: dict[str, Any], ore: int
) -> None:
    amount = D(ore).scaleb(-2)
    before = evaluate_input(data)
    for t in data["tenders"]:
        t["price"] += amount
    after = evaluate_input(data)
    assert [(t.id, t.rank) for t in after.tenders] == [(t.id, t.rank) for t in before.tenders]
    assert all(a.comparison - b.comparison == amount for a, b in zip(after.tenders, before.tenders, strict=True))


@FAST
@given(st.sampled_from(["weighted_score", "quotient"]).flatmap(lambda m: scored(m, 4)), st.integers(1, 1000))
def test_scaling_all_weights_together_changes_nothing(data: dict[str, Any], tenths: int) -> None:
    factor = D(tenths) / 10
    model = parse_model(data)
    scaled = dataclasses.replace(
        model, criteria=tuple(dataclasses.replace(c, weight=c.weight * factor) for c in model.criteria)
    )
    assert evaluate(scaled).to_dict() == evaluate(model).to_dict()


@FAST
@given(
    st.integers(50_000, 500_000),
    st.integers(5, 60),
    st.integers(10, 90),
    st.integers(20, 80),
)
def test_a_cheap_third_tender_reversing_two_others_is_detected(
    price_a: int, markup: int, cheap_percent: int, price_weight: int
) -> None:
    # A is cheaper, B better. A's price-point lead over B grows with the lowest price L:
    #   lead(L) = wp × L × (1/P_A − 1/P_B).
    # B's quality lead is set halfway between lead(P_C) and lead(P_A): with the cheap C present
    # B is ahead, with C left out A is ahead.
    pa = D(price_a)
    pb = pa * (100 + markup) / 100
    pc = pa * cheap_percent / 100
    wp, wq = D(price_weight), D(100 - price_weight)

    def lead(low: D) -> D:
        return wp * low * (1 / pa - 1 / pb)

    if lead(pa) - lead(pc) < D("0.5"):  # closer than rounding to 0.01 points can resolve
        return
    quality_b = (lead(pc) + lead(pa)) / 2 * 100 / wq
    if quality_b > 100:
        return
    data = {
        "method": "weighted_score",
        "criteria": [
            {"id": "price", "kind": "price", "weight": wp},
            {"id": "q", "weight": wq, "max_points": D(100)},
        ],
        "tenders": [
            {"id": "A", "price": pa, "values": {"q": D(0)}},
            {"id": "B", "price": pb.quantize(D("0.01")), "values": {"q": quality_b.quantize(D("0.0001"))}},
            {"id": "C", "price": pc.quantize(D("0.01")), "values": {"q": D(0)}},
        ],
    }
    result = evaluate_input(data)
    flips = {
        (m.params["left_out"], m.params["first"], m.params["second"])
        for m in result.messages
        if m.code is Code.RANK_REVERSAL
    }
    assert ("C", "B", "A") in flips


@FAST
@given(st.sampled_from(["weighted_score"]).flatmap(lambda m: scored(m, 4)))
def test_reported_reversals_are_exactly_the_leave_one_out_flips(data: dict[str, Any]) -> None:
    result = evaluate_input(data)
    ranks = {t.id: t.rank for t in result.tenders}
    expected = set()
    for left in data["tenders"]:
        sub = evaluate_input({**data, "tenders": [t for t in data["tenders"] if t is not left]})
        sub_ranks = {t.id: t.rank for t in sub.tenders}
        expected |= {
            (left["id"], a, b)
            for a in sub_ranks
            for b in sub_ranks
            if ranks[a] < ranks[b] and sub_ranks[a] > sub_ranks[b]
        }
    got = {
        (m.params["left_out"], m.params["first"], m.params["second"])
        for m in result.messages
        if m.code is Code.RANK_REVERSAL
    }
    assert got == expected
