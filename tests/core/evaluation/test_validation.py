"""Bad input is refused with specific codes that name the place, the tender and the criterion."""

from __future__ import annotations

import copy
from decimal import Decimal as D
from typing import Any

import pytest

from cirkular.core.evaluation import EvaluationError, ProblemCode, evaluate_input, parse_model
from tests.core.evaluation.support import load_example


def problems(data: Any) -> list[tuple[str, str, str | None, str | None]]:
    with pytest.raises(EvaluationError) as info:
        parse_model(data)
    return [(p.code.value, p.path, p.tender, p.criterion) for p in info.value.problems]


def weighted() -> dict[str, Any]:
    return copy.deepcopy(load_example("weighted-relative.json"))


def test_weights_must_add_up_to_100() -> None:
    data = weighted()
    data["criteria"][2]["weight"] = "15"
    [(code, path, _, _)] = problems(data)
    assert (code, path) == ("weights-not-100", "criteria")
    with pytest.raises(EvaluationError) as info:
        parse_model(data)
    assert info.value.problems[0].params["sum"] == D(105)


def test_prices_must_be_positive() -> None:
    data = weighted()
    data["tenders"][1]["price"] = "-5"
    assert problems(data) == [("price-not-positive", "tenders[1].price", "B", None)]


def test_quotient_rejects_a_zero_price() -> None:
    data = load_example("quotient.json")
    data["tenders"][0]["price"] = "0"
    assert problems(data) == [("quotient-zero-price", "tenders[0].price", "A", None)]


def test_every_tender_needs_a_value_for_every_criterion() -> None:
    data = weighted()
    del data["tenders"][2]["values"]["repair"]
    data["tenders"][0]["values"]["colour"] = "3"
    assert problems(data) == [
        ("unexpected-value", "tenders[0].values.colour", "A", "colour"),
        ("missing-value", "tenders[2].values.repair", "C", "repair"),
    ]


def test_scores_must_lie_on_the_scale() -> None:
    data = weighted()
    data["tenders"][1]["values"]["reuse"] = "11"
    assert problems(data) == [("score-out-of-range", "tenders[1].values.reuse", "B", "reuse")]


def test_numbers_must_be_numbers_and_never_floats() -> None:
    data = weighted()
    data["tenders"][0]["price"] = "fyra hundra"
    data["tenders"][1]["values"]["reuse"] = 5.5
    assert problems(data) == [
        ("not-a-number", "tenders[0].price", "A", None),
        ("float-not-allowed", "tenders[1].values.reuse", "B", "reuse"),
    ]


def test_value_deduction_steps_must_exist() -> None:
    data = load_example("value-deduction.json")
    data["tenders"][2]["values"]["reuse"] = "some"
    assert problems(data) == [("unknown-step", "tenders[2].values.reuse", "C", "reuse")]


def test_deduction_steps_within_their_maximum_and_percentages_below_100() -> None:
    data = load_example("value-deduction.json")
    data["criteria"][0]["steps"][0]["value"] = "50000"
    data["criteria"][1]["max"] = "100"
    codes = [c for c, *_ in problems(data)]
    assert codes == ["step-out-of-range", "deductions-percent-too-large"]


def test_lcc_needs_the_buyers_parameters_and_every_tender_field() -> None:
    data = load_example("lcc.json")
    del data["lcc"]["discount_rate_percent"]
    del data["tenders"][1]["values"]["residual_value"]
    assert problems(data) == [
        ("missing-field", "lcc.discount_rate_percent", None, None),
        ("lcc-parameters-missing", "lcc", None, None),
        ("missing-value", "tenders[1].values.residual_value", "B", "residual_value"),
    ]


def test_ladder_levels_follow_the_version() -> None:
    data = load_example("co2-ladder-v4.json")
    data["tenders"][0]["values"]["ladder_level"] = 5  # version 4.0 has three steps
    assert problems(data) == [("ladder-level-unknown", "tenders[0].values.ladder_level", "A", "ladder_level")]
    data = load_example("priced-co2.json")
    data["co2"]["ladder"]["version"] = "2.2"
    assert problems(data) == [("ladder-version-unknown", "co2.ladder.version", None, None)]


def test_structure_problems_are_all_reported_at_once() -> None:
    got = problems({"method": "best_guess", "tenders": [], "extra": 1})
    assert [c for c, *_ in got] == ["unknown-method", "no-tenders", "unknown-field"]
    assert problems([1, 2]) == [("wrong-type", "", None, None)]


def test_blocks_for_another_method_are_refused() -> None:
    data = weighted()
    data["lcc"] = {"quantity": "1", "lifetime_years": 1, "discount_rate_percent": "0", "energy_price": "0"}
    assert [c for c, *_ in problems(data)] == ["not-used"]


def test_duplicate_ids() -> None:
    data = weighted()
    data["tenders"][2]["id"] = "A"
    assert ("duplicate-id", "tenders[2].id", "A", None) in problems(data)


def test_interpolation_needs_a_ceiling_above_the_floor() -> None:
    data = load_example("weighted-interpolation.json")
    del data["criteria"][0]["ceiling"]
    assert [c for c, *_ in problems(data)] == ["ceiling-missing"]
    data = load_example("weighted-interpolation.json")
    data["criteria"][0]["floor"] = "700000"
    assert [c for c, *_ in problems(data)] == ["floor-not-below-ceiling"]


def test_sensitivity_ranges_must_fit_the_method() -> None:
    data = weighted()
    data["sensitivity"]["ranges"] = {"energy_price": ["1", "2"]}
    assert problems(data) == [("range-invalid", "sensitivity.ranges.energy_price", None, None)]
    data = load_example("lcc.json")
    data["sensitivity"]["ranges"]["energy_price"] = ["3", "1"]
    assert [c for c, *_ in problems(data)] == ["range-invalid"]


def test_the_model_reads_back_its_own_dict() -> None:
    for name in ("weighted-relative.json", "value-deduction.json", "lcc.json", "priced-co2.json", "quotient.json"):
        model = parse_model(load_example(name))
        assert parse_model(model.to_dict()) == model


def test_problem_codes_are_distinct_strings() -> None:
    values = [c.value for c in ProblemCode]
    assert len(values) == len(set(values))
    assert evaluate_input(load_example("lowest-price.json")).winner == "B"
