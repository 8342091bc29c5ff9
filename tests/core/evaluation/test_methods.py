"""Ties, the tie-break rule, and method details not covered by the worked examples."""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal as D
from typing import Any

from cirkular.core.evaluation import Code, evaluate, evaluate_input, parse_model
from cirkular.core.evaluation.lcc import annuity_factor, discount_factor
from tests.core.evaluation.support import load_example


def weighted(*tenders: tuple[str, str, str]) -> dict[str, Any]:
    return {
        "method": "weighted_score",
        "criteria": [
            {"id": "price", "kind": "price", "weight": "50"},
            {"id": "q", "kind": "quality", "weight": "50", "max_points": "10"},
        ],
        "tenders": [{"id": i, "price": p, "values": {"q": q}} for i, p, q in tenders],
    }


def test_tie_broken_by_quality_then_price_then_lots() -> None:
    # Every tender totals 75.00 points; A and B score higher on quality (25 points), C and D lower.
    # price points 50 × 100/price: A and B 50 × 100/200 = 25.00; C 50.00 and D 50.00 (both at 100)
    # quality 50 × q/10: A 50.00, B 50.00, C 25.00, D 25.00 → all 75.00
    result = evaluate_input(weighted(("A", "200", "10"), ("B", "200", "10"), ("C", "100", "5"), ("D", "100", "5")))
    assert {t.id: t.comparison for t in result.tenders} == {i: D("75.00") for i in "ABCD"}
    # A and B: better quality than C and D, same price: lots; C and D: same again, lots for rank 3
    assert [(t.id, t.rank) for t in result.tenders] == [("A", 1), ("B", 1), ("C", 3), ("D", 3)]
    assert result.winner is None
    codes = [(m.code, dict(m.params)) for m in result.messages]
    assert (Code.TIE_LOT_DRAWING, {"tenders": ("A", "B"), "rank": 1}) in codes
    assert (Code.TIE_LOT_DRAWING, {"tenders": ("C", "D"), "rank": 3}) in codes
    assert (Code.TIE_BROKEN_BY_QUALITY, {"first": "B", "second": "C", "comparison": D("75.00")}) in codes


def test_tie_broken_by_lower_price() -> None:
    # Value deduction with the same comparison price and the same deductions: the lower price wins.
    data = {
        "method": "value_deduction",
        "criteria": [
            {"id": "r", "unit": "sek", "max": "100", "steps": [{"id": "y", "value": "100"}, {"id": "n", "value": "0"}]}
        ],
        "tenders": [
            {"id": "A", "price": "1100", "values": {"r": "y"}},  # 1 100 − 100 = 1 000, deductions 100
            {"id": "B", "price": "1100", "values": {"r": "y"}},
            {"id": "C", "price": "1000", "values": {"r": "n"}},  # 1 000 − 0 = 1 000, deductions 0
        ],
    }
    result = evaluate_input(data)
    assert [(t.id, t.rank) for t in result.tenders] == [("A", 1), ("B", 1), ("C", 3)]
    lowest = evaluate_input(
        {"method": "lowest_price", "tenders": [{"id": "X", "price": "5"}, {"id": "Y", "price": "5"}]}
    )
    assert [m.code for m in lowest.messages] == [Code.TIE_LOT_DRAWING]


def test_lowest_price_tie_break_on_price_between_methods() -> None:
    # Quotient with equal quotients: 40 points / 100 kr = 80 points / 200 kr. Higher quality (B) first.
    data = {
        "method": "quotient",
        "criteria": [{"id": "q", "weight": "100", "max_points": "100"}],
        "tenders": [
            {"id": "A", "price": "100", "values": {"q": "40"}},
            {"id": "B", "price": "200", "values": {"q": "80"}},
        ],
    }
    result = evaluate_input(data)
    assert result.ranking == ("B", "A")
    assert result.messages[0].code is Code.TIE_BROKEN_BY_QUALITY


def test_interpolation_with_the_ceiling_at_the_lowest_price_gives_no_price_points() -> None:
    data = load_example("weighted-interpolation.json")
    data["criteria"][0]["ceiling"] = "380000"
    result = evaluate_input(data)
    assert {t.id: t.lines[0].value for t in result.tenders} == {"A": D(0), "B": D(0), "C": D(0)}
    assert Code.CEILING_NOT_ABOVE_LOWEST in [m.code for m in result.messages]


def test_floor_of_zero_is_not_flagged() -> None:
    data = load_example("hfd-floor.json")
    data["criteria"][0]["floor"] = "0"
    assert evaluate_input(data).messages == ()


def test_deductions_larger_than_the_price_are_flagged() -> None:
    # The consultant example of the method handbook: 1 000 kr/h with an 800 kr deduction compares at 200.
    data = {
        "method": "value_deduction",
        "criteria": [
            {
                "id": "level",
                "unit": "sek",
                "max": "1200",
                "steps": [{"id": "4", "value": "800"}, {"id": "5", "value": "1200"}],
            }
        ],
        "tenders": [
            {"id": "A", "price": "1000", "values": {"level": "4"}},
            {"id": "B", "price": "1100", "values": {"level": "5"}},
        ],
    }
    result = evaluate_input(data)
    assert result.tender("A").comparison == D("200.00")
    assert result.tender("B").comparison == D("-100.00")
    assert [m.code for m in result.tender("B").messages] == [Code.COMPARISON_NEGATIVE]


def test_priced_co2_on_an_lcc_base() -> None:
    # LCC of the lcc.json example plus 1.50 SEK per kg CO2e; the ladder discount applies to q × price.
    data = load_example("lcc.json")
    data["method"] = "priced_co2"
    data["co2"] = {"price_per_kg": "1.50", "ladder": {"version": "3"}}
    del data["sensitivity"]
    for t, kg, level in zip(data["tenders"], ("4000", "3000", "1000"), (0, 1, 2), strict=True):
        t["values"] |= {"co2e_kg": kg, "ladder_level": level}
    result = evaluate_input(data)
    # A 86 240.07 + 6 000.00 − 0 = 92 240.07
    # B 101 491.28 + 4 500.00 − 1 % × 42 000 (420.00) = 105 571.28
    # C 88 908.78 + 1 500.00 − 2 % × 46 000 (920.00) = 89 488.78
    assert {t.id: t.comparison for t in result.tenders} == {
        "A": D("92240.07"),
        "B": D("105571.28"),
        "C": D("89488.78"),
    }
    assert result.ranking == ("C", "A", "B")


def test_lcc_at_a_zero_discount_rate_is_the_plain_sum() -> None:
    data = load_example("lcc.json")
    data["lcc"]["discount_rate_percent"] = "0"
    # A: 50 000 + 8 × (4 500 + 1 000) + 2 000 − 5 000 = 91 000.00
    assert evaluate_input(data).tender("A").comparison == D("91000.00")
    assert annuity_factor(D(0), 8) == 8
    assert discount_factor(D(0), 8) == 1


def test_scores_are_exact_and_rounded_half_up() -> None:
    # 50 × 100/160 = 31.25 exactly; 50 × 100/240 = 20.8333… → 20.83; a quality of 2.5/10 → 12.50
    result = evaluate_input(weighted(("A", "100", "0"), ("B", "160", "0"), ("C", "240", "2.5")))
    assert result.tender("B").lines[0].value == D("31.25")
    assert result.tender("C").lines[0].value == D("20.83")
    assert result.tender("C").lines[1].value == D("12.50")
    three = copy.deepcopy(weighted(("A", "100", "0"), ("B", "100", "0")))
    three["points_decimals"] = 0
    assert evaluate_input(three).tender("A").comparison == D(50)


def test_the_callers_decimal_context_does_not_matter() -> None:
    import decimal

    model = parse_model(load_example("lcc.json"))
    expected = evaluate(model).to_dict()
    with decimal.localcontext(decimal.Context(prec=6, rounding=decimal.ROUND_FLOOR)):
        assert evaluate(model).to_dict() == expected


def test_a_criterion_with_zero_weight_counts_for_nothing() -> None:
    data = load_example("weighted-relative.json")
    data["criteria"][2]["weight"] = "0"
    data["criteria"][1]["weight"] = "40"
    result = evaluate_input(data)
    assert all(t.lines[2].value == 0 for t in result.tenders)
    model = dataclasses.replace(parse_model(data), title="x")
    assert evaluate(model).ranking == result.ranking
