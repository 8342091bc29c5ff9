"""Impact factors and the calculator: sources, ranges, worked examples and errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cirkular.core import impact
from cirkular.core.content import ContentError, ProblemCode
from cirkular.core.impact import (
    Basis,
    ImpactError,
    ImpactErrorCode,
    Kind,
    Measurement,
    Per,
    calculate,
    factor,
    factors,
    total,
    unit_of,
)

D = Decimal
REQUIRED_ITEMS = {
    "office-chair": Per.ITEM,
    "desk": Per.ITEM,
    "storage-unit": Per.ITEM,
    "laptop": Per.ITEM_YEAR,
    "desktop": Per.ITEM_YEAR,
    "display": Per.ITEM_YEAR,
    "smartphone": Per.ITEM_YEAR,
    "workwear": Per.KG,
    "textiles": Per.KG,
    "interior-door": Per.ITEM,
    "glass-partition": Per.M2,
    "ceiling-tile": Per.M2,
}


def all_values() -> list[impact.Value]:
    values = []
    for f in factors().values():
        values += [v for v in (f.new, f.circular, f.avoided, f.weight) if v is not None]
    return values


def test_the_common_items_are_there_with_their_units() -> None:
    assert {item: factors()[item].per for item in REQUIRED_ITEMS} == REQUIRED_ITEMS


def test_every_co2e_figure_has_a_source_with_url_and_year() -> None:
    for value in all_values():
        if value.kind is Kind.WEIGHT:
            continue
        assert value.source is not None, value
        assert value.source.title
        assert value.source.url.startswith("https://")
        assert 2000 <= value.source.year <= 2026


def test_every_value_has_low_le_central_le_high_and_derived_ones_say_how() -> None:
    for value in all_values():
        assert D(0) <= value.low <= value.central <= value.high, value
        if value.basis is not Basis.SOURCE:
            assert value.note, value


def test_new_and_circular_are_given_as_a_pair_and_avoided_is_their_difference() -> None:
    for f in factors().values():
        if f.new is None:
            assert f.circular is None
            continue
        assert f.circular is not None
        assert f.new.central - f.circular.central == f.avoided.central
        assert f.new.low - f.circular.low == f.avoided.low
        assert f.new.high - f.circular.high == f.avoided.high


def test_counted_items_have_a_weight_and_kg_items_have_none() -> None:
    for f in factors().values():
        if f.quantity_unit is Per.KG:
            assert f.weight is None
        else:
            assert f.weight is not None and f.weight.per is f.quantity_unit


def test_factors_md_explains_every_item() -> None:
    text = (impact.FACTORS_FILE.parent / "factors.md").read_text(encoding="utf-8")
    for item in factors():
        assert f"`{item}`" in text, item


def test_120_reused_chairs() -> None:
    # Office chair, avoided per chair: 14.0 kg CO2e (11.2–16.8).
    # 120 × 14.0 = 1 680; 120 × 11.2 = 1 344; 120 × 16.8 = 2 016 kg CO2e.
    # Weight 15 kg (12–18): 120 × 15 = 1 800 kg kept in use (1 440–2 160).
    result = calculate(Measurement("office-chair", D(120), unit="st"))
    co2e = result.co2e_avoided
    assert (co2e.central, co2e.low, co2e.high, co2e.unit) == (D(1680), D(1344), D(2016), "kg CO2e")
    assert co2e.sources and co2e.sources[0].url.startswith("https://sajkla.se/")
    kept = result.material_kept
    assert (kept.central, kept.low, kept.high, kept.unit) == (D(1800), D(1440), D(2160), "kg")
    assert kept.values[0].basis is Basis.ASSUMPTION and "kg" in kept.values[0].note
    assert result.cost_difference is None


def test_350_kg_of_workwear_reused() -> None:
    # Workwear, avoided per kg: 9.0 (3.2–25.0). 350 × 9 = 3 150; 350 × 3.2 = 1 120; 350 × 25 = 8 750.
    # Counted in kg, so the material kept is the 350 kg themselves.
    result = calculate(Measurement("workwear", D(350), unit="kg"))
    co2e = result.co2e_avoided
    assert (co2e.central, co2e.low, co2e.high) == (D(3150), D(1120), D(8750))
    assert result.material_kept.central == result.material_kept.low == result.material_kept.high == D(350)


def test_40_refurbished_laptops_used_2_more_years_with_prices() -> None:
    # Laptop, avoided per item-year: 27.0 (21.6–32.4). 40 × 2 = 80 item-years:
    # 80 × 27.0 = 2 160; 80 × 21.6 = 1 728; 80 × 32.4 = 2 592 kg CO2e.
    # Weight 2.0 kg (1.3–2.5) per laptop, not per year: 80 kg (52–100).
    # Cost: (12 000 − 7 000) × 40 = 200 000 SEK less than new.
    m = Measurement("laptop", D(40), unit="pcs", years=D(2), new_price=D(12000), circular_price=D(7000))
    result = calculate(m)
    co2e = result.co2e_avoided
    assert (co2e.central, co2e.low, co2e.high) == (D(2160), D(1728), D(2592))
    assert (result.material_kept.central, result.material_kept.low, result.material_kept.high) == (D(80), D(52), D(100))
    assert result.cost_difference == D(200000)


def test_glass_partitions_per_square_metre() -> None:
    # Glass partition, avoided per m²: 21 (12–60); 25 m² → 525 (300–1 500) kg CO2e; weight 30 kg/m² → 750 kg.
    result = calculate(Measurement("glass-partition", D(25), unit="m²"))
    assert (result.co2e_avoided.central, result.co2e_avoided.low, result.co2e_avoided.high) == (D(525), D(300), D(1500))
    assert result.material_kept.central == D(750)


def test_totals_add_central_low_and_high_separately() -> None:
    # 1 680 + 3 150 + 2 160 = 6 990; lows 1 344 + 1 120 + 1 728 = 4 192; highs 2 016 + 8 750 + 2 592 = 13 358.
    results = [
        calculate(Measurement("office-chair", D(120))),
        calculate(Measurement("workwear", D(350))),
        calculate(Measurement("laptop", D(40), years=D(2), new_price=D(12000), circular_price=D(7000))),
    ]
    totals = total(results)
    co2e = totals.co2e_avoided
    assert (co2e.central, co2e.low, co2e.high, co2e.unit) == (D(6990), D(4192), D(13358), "kg CO2e")
    assert len(co2e.sources) == 3
    # Material: 1 800 + 350 + 80 = 2 230 kg (1 440 + 350 + 52 = 1 842; 2 160 + 350 + 100 = 2 610).
    assert (totals.material_kept.central, totals.material_kept.low, totals.material_kept.high) == (
        D(2230),
        D(1842),
        D(2610),
    )
    assert (totals.count, totals.priced, totals.cost_difference) == (3, 1, D(200000))
    assert list(totals.by_group) == ["furniture", "textiles", "it-equipment"]
    assert totals.by_group["textiles"].high == D(8750)
    assert sum((e.central for e in totals.by_item.values()), D(0)) == co2e.central


def test_totals_of_nothing_are_zero_with_a_unit() -> None:
    totals = total([])
    assert (totals.co2e_avoided.central, totals.co2e_avoided.unit, totals.cost_difference) == (D(0), "kg CO2e", None)


def test_unit_aliases() -> None:
    assert (unit_of("st"), unit_of(" KG "), unit_of("m²"), unit_of("kvm")) == (Per.ITEM, Per.KG, Per.M2, Per.M2)
    with pytest.raises(ImpactError) as caught:
        unit_of("%")
    assert caught.value.code is ImpactErrorCode.UNKNOWN_UNIT


@pytest.mark.parametrize(
    ("measurement", "code", "field"),
    [
        (Measurement("office-chair", D(-1)), ImpactErrorCode.NEGATIVE_QUANTITY, "quantity"),
        (Measurement("office-sofa", D(1)), ImpactErrorCode.UNKNOWN_ITEM, "item"),
        (Measurement("office-chair", D("NaN")), ImpactErrorCode.NOT_A_NUMBER, "quantity"),
        (Measurement("office-chair", D(3), unit="kg"), ImpactErrorCode.UNIT_MISMATCH, "unit"),
        (Measurement("office-chair", D(3), unit="%"), ImpactErrorCode.UNKNOWN_UNIT, "unit"),
        (Measurement("laptop", D(3)), ImpactErrorCode.YEARS_REQUIRED, "years"),
        (Measurement("laptop", D(3), years=D(-2)), ImpactErrorCode.NEGATIVE_YEARS, "years"),
        (Measurement("desk", D(3), years=D(2)), ImpactErrorCode.YEARS_NOT_APPLICABLE, "years"),
        (Measurement("desk", D(3), new_price=D(100)), ImpactErrorCode.PRICE_INCOMPLETE, "circular_price"),
        (
            Measurement("desk", D(3), new_price=D(100), circular_price=D(-5)),
            ImpactErrorCode.NEGATIVE_PRICE,
            "circular_price",
        ),
    ],
)
def test_bad_input_gives_a_clear_code(measurement: Measurement, code: ImpactErrorCode, field: str) -> None:
    with pytest.raises(ImpactError) as caught:
        calculate(measurement)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_factor_lookup() -> None:
    assert factor("laptop").name.get("sv") == "Bärbar dator"
    assert factor("laptop").quantity_unit is Per.ITEM
    assert {f.item for f in impact.factors_for_group("construction")} == {
        "interior-door",
        "glass-partition",
        "ceiling-tile",
    }
    with pytest.raises(ImpactError) as caught:
        factor("nope")
    assert caught.value.code is ImpactErrorCode.UNKNOWN_ITEM


HEADER = ",".join(impact.COLUMNS)
SRC = "Title,https://example.org/a,2022,published"


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "factors.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def test_a_good_small_file_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"cup,1.0,food,Kopp,Cup,new,item,1,2,3,source,{SRC},",
        f"cup,1.0,food,Kopp,Cup,circular,item,0.5,1,1.5,source,{SRC},",
        f"cup,1.0,food,Kopp,Cup,avoided,item,0.5,1,1.5,derived,{SRC},new minus circular",
        "cup,1.0,food,Kopp,Cup,weight,item,0.2,0.3,0.4,assumption,,,,,a mug",
    )
    loaded = impact.load_factors(path)
    assert loaded["cup"].avoided.central == D(1)
    result = calculate(Measurement("cup", D(10)), loaded)
    assert result.co2e_avoided.central == D(10)


def test_loader_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"cup,1.0,food,Kopp,Cup,new,item,1,2,3,source,{SRC},",
        f"cup,1.0,food,Kopp,Cup,circular,item,0.5,1,1.5,source,{SRC},",
        f"cup,1.0,food,Kopp,Cup,avoided,item,0.5,0.9,1.5,derived,{SRC},new minus circular",
        "cup,1.0,food,Kopp,Cup,weight,item,0.2,0.3,0.4,assumption,,,,,a mug",
        "pan,1.0,food,Panna,Pan,avoided,item,5,4,6,source,,,,,",
        "Bad Id,1.0,food,X,X,avoided,parsec,1,2,3,source,Title,ftp://x,20,someday,",
    )
    with pytest.raises(ContentError) as caught:
        impact.load_factors(path)
    found = {(p.line, p.place, p.code) for p in caught.value.problems}
    assert (6, "pan.central", ProblemCode.BAD_VALUE) in found  # low 5 > central 4
    assert (7, "Bad Id.item", ProblemCode.BAD_VALUE) in found
    assert (7, "Bad Id.per", ProblemCode.BAD_VALUE) in found
    assert (7, "Bad Id.source_url", ProblemCode.BAD_VALUE) in found
    assert (7, "Bad Id.source_year", ProblemCode.BAD_VALUE) in found
    assert (2, "cup", ProblemCode.BAD_VALUE) in found  # 2 − 1 ≠ 0.9
    assert "central" in str(caught.value)


def test_loader_wants_a_source_for_co2e_and_a_weight_for_items(tmp_path: Path) -> None:
    path = write(tmp_path, "pan,1.0,food,Panna,Pan,avoided,item,1,2,3,source,,,,,")
    with pytest.raises(ContentError) as caught:
        impact.load_factors(path)
    codes = {(p.place, p.code) for p in caught.value.problems}
    assert ("pan.source_title", ProblemCode.MISSING_FIELD) in codes


def test_loader_checks_the_header(tmp_path: Path) -> None:
    path = tmp_path / "factors.csv"
    path.write_text("item,low,high\n", encoding="utf-8")
    with pytest.raises(ContentError):
        impact.load_factors(path)
