"""The worked examples of docs/evaluation-input.md, one per method, checked against sums done by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from cirkular.core.evaluation import Code, evaluate_input
from tests.core.evaluation.support import EXAMPLES, load_example

# file -> (ranking, comparison value per tender, lines per tender (item -> value))
CASES = {
    # Lowest price: the comparison value is the price. B 398 000 < C 405 750 < A 412 500.
    "lowest-price.json": (["B", "C", "A"], {"A": "412500", "B": "398000", "C": "405750"}, {}),
    # Weighted score, relative price points = 60 × 400 000 / price:
    #   A 60 × 400/480 = 50.00, B 60.00, C 60 × 400/540 = 44.444… → 44.44
    # reuse 30 × score/10: A 24, B 15, C 30; repair 10 × score/5: A 10, B 6, C 8
    # totals: A 50 + 24 + 10 = 84.00, B 60 + 15 + 6 = 81.00, C 44.44 + 30 + 8 = 82.44
    "weighted-relative.json": (
        ["A", "C", "B"],
        {"A": "84.00", "B": "81.00", "C": "82.44"},
        {"C": {"price": "44.44", "reuse": "30.00", "repair": "8.00"}},
    ),
    # Interpolation between the lowest price 380 000 and the ceiling 600 000, 40 points:
    #   A 40 × (600 − 450)/(600 − 380) = 40 × 150/220 = 27.2727… → 27.27, B 40.00,
    #   C 620 000 is above the ceiling → 0.00
    # circular 60 × score/10: A 42, B 30, C 60 → A 69.27, B 70.00, C 60.00
    "weighted-interpolation.json": (
        ["B", "A", "C"],
        {"A": "69.27", "B": "70.00", "C": "60.00"},
        {"A": {"price": "27.27", "circular": "42.00"}, "C": {"price": "0.00"}},
    ),
    # Relative price with a floor of 300 000: A's 280 000 counts as 300 000.
    #   lowest counted = 300 000; A 50.00, B 50 × 300/320 = 46.875 → 46.88, C 50 × 300/360 = 41.666… → 41.67
    # quality 50 × score/5: A 20, B 30, C 40 → A 70.00, B 76.88, C 81.67
    "hfd-floor.json": (
        ["C", "B", "A"],
        {"A": "70.00", "B": "76.88", "C": "81.67"},
        {"B": {"price": "46.88"}},
    ),
    # Lunander's trap: with C (60 000) the lowest price, A 50 × 60/100 = 30, B 50 × 60/120 = 25;
    # quality 50 × score/5: A 30, B 37 → B 62.00 ahead of A 60.00; C 50 + 0 = 50.00.
    "reversal.json": (["B", "A", "C"], {"A": "60.00", "B": "62.00", "C": "50.00"}, {}),
    # Value deduction: A 500 000 − 40 000 − 5 % × 500 000 (25 000) = 435 000.00
    #                  B 455 000 − 20 000 − 0 = 435 000.00, C 430 000 − 0 − 0 = 430 000.00
    # A and B tie; A has the larger deductions (65 000 against 20 000) and ranks first.
    "value-deduction.json": (
        ["C", "A", "B"],
        {"A": "435000.00", "B": "435000.00", "C": "430000.00"},
        {"A": {"price": "500000", "reuse": "-40000.00", "takeback": "-25000.00"}},
    ),
    # Surcharges for what is not offered: A 500 000 + 0 + 0 = 500 000.00
    #   B 455 000 + 20 000 + 5 % × 455 000 (22 750) = 497 750.00, C 430 000 + 40 000 + 21 500 = 491 500.00
    "value-surcharge.json": (
        ["C", "B", "A"],
        {"A": "500000.00", "B": "497750.00", "C": "491500.00"},
        {"B": {"reuse": "20000.00", "takeback": "22750.00"}},
    ),
    # Quotient, quality points per 1 000 000 SEK: quality = 70 × f/10 + 30 × s/5
    #   A 56 + 24 = 80 → 80 × 10^6 / 250 000 = 320.000000
    #   B 42 + 18 = 60 → 60 × 10^6 / 200 000 = 300.000000
    #   C 70 + 30 = 100 → 100 × 10^6 / 300 000 = 333.333333
    "quotient.json": (
        ["C", "A", "B"],
        {"A": "320.000000", "B": "300.000000", "C": "333.333333"},
        {"A": {"function": "56.00", "service": "24.00"}},
    ),
    # LCC, 10 units, 8 years, 3 %: annuity factor (1 − 1.03^-8)/0.03 = 7.0196921895,
    # discount factor 1.03^-8 = 0.7894092345.
    #   A: 10 × 5 000 = 50 000; energy 10 × 300 kWh × 1.50 × 7.01969 = 31 588.61;
    #      maintenance 10 × 100 × 7.01969 = 7 019.69; end of life 10 × 200 × 0.78941 = 1 578.82;
    #      residual −10 × 500 × 0.78941 = −3 947.05 → 86 240.07
    #   B: 42 000 + 47 382.92 (6 750 × 7.01969) + 10 529.54 + 1 578.82 − 0 = 101 491.28
    #   C: 46 000 + 36 853.38 (5 250 × 7.01969) + 5 615.75 + 2 807.88 (400 × 7.01969) + 0
    #      − 2 368.23 (3 000 × 0.78941) = 88 908.78
    "lcc.json": (
        ["A", "C", "B"],
        {"A": "86240.07", "B": "101491.28", "C": "88908.78"},
        {
            "A": {
                "investment": "50000.00",
                "energy": "31588.61",
                "maintenance": "7019.69",
                "consumables": "0.00",
                "end_of_life": "1578.82",
                "residual_value": "-3947.05",
            },
            "C": {"consumables": "2807.88", "residual_value": "-2368.23"},
        },
    ),
    # Priced CO2 at 1.20 SEK/kg, ladder 3.1 (level 3: 4 %, level 5: 10 %), MKI-W factor 1:
    #   A 1 000 000 + 24 000 − 40 000 + 15 000 = 999 000.00
    #   B   950 000 + 42 000 −      0 + 30 000 = 1 022 000.00
    #   C   980 000 + 30 000 − 98 000 + 22 000 = 934 000.00
    "priced-co2.json": (
        ["C", "A", "B"],
        {"A": "999000.00", "B": "1022000.00", "C": "934000.00"},
        {"C": {"co2": "30000.00", "ladder": "-98000.00", "mki": "22000.00"}},
    ),
    # Ladder 4.0 with the buyer's table (step 1: 2 %, 2: 4 %, 3: 6 %):
    #   A 2 000 000 − 6 % = 1 880 000.00, B 1 900 000 − 2 % = 1 862 000.00, C 1 850 000 − 0 = 1 850 000.00
    "co2-ladder-v4.json": (
        ["C", "B", "A"],
        {"A": "1880000.00", "B": "1862000.00", "C": "1850000.00"},
        {"A": {"ladder": "-120000.00"}},
    ),
}


def test_every_example_file_has_a_case() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.json")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_worked_example(name: str) -> None:
    ranking, comparisons, lines = CASES[name]
    result = evaluate_input(load_example(name))
    assert list(result.ranking) == ranking
    assert result.winner == ranking[0]
    assert [t.rank for t in result.tenders] == [1, 2, 3]
    for tid, value in comparisons.items():
        assert result.tender(tid).comparison == D(value), tid
    for tid, expected in lines.items():
        got = {line.item: line.value for line in result.tender(tid).lines}
        for item, value in expected.items():
            assert got[item] == D(value), (tid, item)


def test_money_lines_add_up_to_the_comparison_value() -> None:
    for name in ("value-deduction.json", "value-surcharge.json", "lcc.json", "priced-co2.json"):
        for t in evaluate_input(load_example(name)).tenders:
            assert sum(line.value for line in t.lines) == t.comparison


def test_explanations_carry_the_numbers() -> None:
    result = evaluate_input(load_example("weighted-relative.json"))
    price = result.tender("C").lines[0].message
    assert price.code is Code.PRICE_POINTS_RELATIVE
    assert dict(price.params) == {"lowest": D(400000), "price": D(540000), "max": D("60.00"), "points": D("44.44")}
    quality = result.tender("C").lines[1].message
    assert quality.code is Code.QUALITY_POINTS
    assert quality.params["score"] == D(10) and quality.params["points"] == D("30.00")


def test_reversal_example_is_flagged() -> None:
    result = evaluate_input(load_example("reversal.json"))
    flips = [m for m in result.messages if m.code is Code.RANK_REVERSAL]
    # Without C the lowest price is A's 100 000: A 50 + 30 = 80.00, B 41.67 + 37 = 78.67, so A passes B.
    assert [dict(m.params) for m in flips] == [
        {"left_out": "C", "first": "B", "second": "A", "rank_first": 1, "rank_second": 2}
    ]


def test_examples_without_reversal_are_not_flagged() -> None:
    for name in ("weighted-relative.json", "weighted-interpolation.json", "hfd-floor.json"):
        result = evaluate_input(load_example(name))
        assert not [m for m in result.messages if m.code is Code.RANK_REVERSAL], name


def test_price_floor_is_flagged_with_hfd_2022_41() -> None:
    result = evaluate_input(load_example("hfd-floor.json"))
    assert [m.code for m in result.messages] == [Code.HFD_2022_41_PRICE_FLOOR]
    assert result.messages[0].params["floor"] == D(300000)
    assert [m.code for m in result.tender("A").messages] == [Code.PRICE_BELOW_FLOOR]


def test_price_above_ceiling_is_explained() -> None:
    result = evaluate_input(load_example("weighted-interpolation.json"))
    assert [m.code for m in result.tender("C").messages] == [Code.PRICE_ABOVE_CEILING]


def test_value_deduction_tie_is_broken_by_quality() -> None:
    result = evaluate_input(load_example("value-deduction.json"))
    assert [(m.code, m.params["first"], m.params["second"]) for m in result.messages] == [
        (Code.TIE_BROKEN_BY_QUALITY, "A", "B")
    ]


def test_the_input_documentation_shows_every_example() -> None:
    doc = (EXAMPLES.parent.parent / "evaluation-input.md").read_text(encoding="utf-8")
    for name in CASES:
        assert f"(examples/evaluation/{name})" in doc, name
