"""A KPI's mapping to an impact item: defaults, validation, figures, audit and the form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cirkular.cases import services
from cirkular.cases.models import AuditAction, AuditEntry, ImpactBasis, Kpi
from cirkular.core import impact
from cirkular.core.criteria import load_library
from cirkular.core.impact import ImpactErrorCode, KpiMapping, QuantityBasis
from tests.cases.conftest import PASSWORD, World

CHAIR = impact.factor("office-chair")


def login(world: World, role: str) -> Client:
    client = Client()
    assert client.login(username=world.users[role].username, password=PASSWORD)
    return client


def kpi_from(world: World, criterion_id: str, **extra: object) -> Kpi:
    criterion = load_library().get(criterion_id)
    data = {
        "criterion_id": criterion.id,
        "kpi_id": criterion.kpi.id,
        "name": criterion.kpi.name.sv,
        "unit": criterion.kpi.unit.sv,
        "target": D(30),
        **extra,
    }
    return services.add_kpi(world.users["buyer"], world.private, data)


def measure(world: World, kpi: Kpi, *values: str) -> None:
    for n, value in enumerate(values):
        services.add_measurement(world.users["buyer"], kpi, {"date": dt.date(2026, 3, 1 + n), "value": D(value)})


# --- the core: defaults, checks and quantities -------------------------------------------------


def test_basis_enums_agree() -> None:
    assert set(ImpactBasis.values) == {b.value for b in QuantityBasis}


def test_every_default_names_a_known_item_and_a_kpi_of_the_library() -> None:
    library_kpis = {c.kpi.id for c in load_library().criteria}
    assert impact.DEFAULT_MAPPINGS
    for kpi_id, mapping in impact.DEFAULT_MAPPINGS.items():
        assert kpi_id in library_kpis, kpi_id
        assert not impact.check_mapping(mapping, complete=False), kpi_id
        if mapping.basis is QuantityBasis.SHARE:
            assert mapping.volume is None  # the volume belongs to the contract
    groups = {impact.factor(m.item).group for m in impact.DEFAULT_MAPPINGS.values()}
    assert groups == {"furniture", "it-equipment", "textiles", "construction"}


@pytest.mark.parametrize(
    ("mapping", "codes"),
    [
        (KpiMapping("office-sofa", QuantityBasis.COUNT), {ImpactErrorCode.UNKNOWN_ITEM}),
        (KpiMapping("office-chair", QuantityBasis.SHARE), {ImpactErrorCode.VOLUME_REQUIRED}),
        (KpiMapping("office-chair", QuantityBasis.SHARE, volume=D(-4)), {ImpactErrorCode.NEGATIVE_VOLUME}),
        (KpiMapping("office-chair", QuantityBasis.COUNT, D(-1)), {ImpactErrorCode.NEGATIVE_PER_UNIT}),
        (KpiMapping("office-chair", QuantityBasis.COUNT, D("NaN")), {ImpactErrorCode.NOT_A_NUMBER}),
        (KpiMapping("office-chair", QuantityBasis.COUNT, volume=D(4)), {ImpactErrorCode.VOLUME_NOT_APPLICABLE}),
        (
            KpiMapping("office-chair", QuantityBasis.SHARE, D(2), D(4)),
            {ImpactErrorCode.PER_UNIT_NOT_APPLICABLE},
        ),
        (KpiMapping("laptop", QuantityBasis.COUNT), {ImpactErrorCode.YEARS_REQUIRED}),
        (KpiMapping("laptop", QuantityBasis.COUNT, years=D(-2)), {ImpactErrorCode.NEGATIVE_YEARS}),
        (KpiMapping("workwear", QuantityBasis.COUNT, years=D(2)), {ImpactErrorCode.YEARS_NOT_APPLICABLE}),
        (KpiMapping("workwear", "pairs", D(2)), {ImpactErrorCode.UNKNOWN_BASIS}),  # type: ignore[arg-type]
        (KpiMapping("office-chair", QuantityBasis.COUNT, new_price=D(4500)), {ImpactErrorCode.PRICE_INCOMPLETE}),
        (KpiMapping("office-chair", QuantityBasis.COUNT, circular_price=D(0)), {ImpactErrorCode.PRICE_INCOMPLETE}),
        (
            KpiMapping("office-chair", QuantityBasis.COUNT, new_price=D(-1), circular_price=D(2200)),
            {ImpactErrorCode.NEGATIVE_PRICE},
        ),
        (KpiMapping("office-chair", QuantityBasis.COUNT, new_price=D(4500), circular_price=D(2200)), set()),
    ],
)
def test_mapping_checks(mapping: KpiMapping, codes: set[ImpactErrorCode]) -> None:
    assert {e.code for e in impact.check_mapping(mapping)} == codes


def test_a_pending_mapping_is_allowed_only_when_not_complete() -> None:
    pending = KpiMapping("laptop", QuantityBasis.SHARE)
    assert not impact.check_mapping(pending, complete=False)
    assert {e.code for e in impact.check_mapping(pending)} == {
        ImpactErrorCode.VOLUME_REQUIRED,
        ImpactErrorCode.YEARS_REQUIRED,
    }


def test_count_multiplies_every_measurement_by_the_units_per_measured_unit() -> None:
    workwear = impact.factor("workwear")
    result = impact.calculate_mapped(KpiMapping("workwear", QuantityBasis.COUNT, D("0.5")), [D(340), D(285)])
    assert result.measurement.quantity == D("312.5")
    est = result.co2e_avoided
    assert (est.low, est.central, est.high) == (
        D("312.5") * workwear.avoided.low,
        D("312.5") * workwear.avoided.central,
        D("312.5") * workwear.avoided.high,
    )
    assert est.low < est.central < est.high and est.sources


def test_count_without_units_per_measured_unit_counts_one_each() -> None:
    result = impact.calculate_mapped(KpiMapping("office-chair", QuantityBasis.COUNT), [D(12), D(8)])
    assert result.measurement.quantity == 20
    assert result.co2e_avoided.central == 20 * CHAIR.avoided.central


def test_share_takes_each_measurement_as_a_share_of_one_periods_volume() -> None:
    # 14 % and 12 % of 400 chairs delivered per period = 104 chairs
    mapping = KpiMapping("office-chair", QuantityBasis.SHARE, volume=D(400))
    result = impact.calculate_mapped(mapping, [D(14), D(12)])
    assert result.measurement.quantity == 104
    est = result.co2e_avoided
    assert (est.low, est.central, est.high) == tuple(
        104 * v for v in (CHAIR.avoided.low, CHAIR.avoided.central, CHAIR.avoided.high)
    )
    assert result.material_kept.central == 104 * CHAIR.weight.central  # type: ignore[union-attr]


def test_share_of_an_it_item_uses_the_extra_years() -> None:
    mapping = KpiMapping("laptop", QuantityBasis.SHARE, volume=D(200), years=D(2))
    result = impact.calculate_mapped(mapping, [D(50)])
    assert result.measurement.quantity == 100
    assert result.co2e_avoided.central == 100 * 2 * impact.factor("laptop").avoided.central


def test_an_incomplete_price_names_the_missing_one() -> None:
    only_new = KpiMapping("office-chair", QuantityBasis.COUNT, new_price=D(4500))
    only_circular = KpiMapping("office-chair", QuantityBasis.COUNT, circular_price=D(2200))
    assert [e.field for e in impact.check_mapping(only_new)] == ["circular_price"]
    assert [e.field for e in impact.check_mapping(only_circular)] == ["new_price"]
    with pytest.raises(impact.ImpactError) as caught:
        impact.calculate_mapped(only_new, [D(10)])
    assert caught.value.code == ImpactErrorCode.PRICE_INCOMPLETE


def test_prices_give_the_cost_difference_of_the_measured_quantity() -> None:
    # 10 chairs × (4 500 − 2 200) kr = 23 000 kr saved
    priced = KpiMapping("office-chair", QuantityBasis.COUNT, new_price=D(4500), circular_price=D(2200))
    assert impact.calculate_mapped(priced, [D(4), D(6)]).cost_difference == D(23000)
    # a share: 25 % of 40 chairs = 10 chairs; a circular choice that cost more gives a negative figure
    dearer = KpiMapping("office-chair", QuantityBasis.SHARE, volume=D(40), new_price=D(2000), circular_price=D(2500))
    assert impact.calculate_mapped(dearer, [D(25)]).cost_difference == D(-5000)
    assert impact.calculate_mapped(KpiMapping("office-chair", QuantityBasis.COUNT), [D(10)]).cost_difference is None


def test_totals_add_up_the_priced_measurements_and_count_them() -> None:
    priced = KpiMapping("office-chair", QuantityBasis.COUNT, new_price=D(4500), circular_price=D(2200))
    unpriced = KpiMapping("desk", QuantityBasis.COUNT)
    dearer = KpiMapping("interior-door", QuantityBasis.COUNT, new_price=D(3800), circular_price=D(4300))
    results = [
        impact.calculate_mapped(priced, [D(10)]),
        impact.calculate_mapped(unpriced, [D(5)]),
        impact.calculate_mapped(dearer, [D(4)]),
    ]
    totals = impact.total(results)
    assert (totals.count, totals.priced) == (3, 2)
    assert totals.cost_difference == D(23000) - D(2000)
    assert totals.co2e_avoided.central == sum(r.co2e_avoided.central for r in results)


@pytest.mark.parametrize(("values", "code"), [([D(140)], "share-out-of-range"), ([D(-3)], "negative-quantity")])
def test_share_outside_0_to_100_gives_no_figures(values: list[D], code: str) -> None:
    with pytest.raises(impact.ImpactError) as caught:
        impact.calculate_mapped(KpiMapping("office-chair", QuantityBasis.SHARE, volume=D(10)), values)
    assert caught.value.code == code


# --- the service -------------------------------------------------------------------------


def test_a_kpi_from_a_criterion_gets_the_default_mapping(world: World) -> None:
    count = kpi_from(world, "CIR-TEX-012")  # garments redistributed
    assert (count.impact_item, count.impact_basis, count.impact_per_unit) == ("workwear", "count", D("0.5"))
    share = kpi_from(world, "CIR-MOB-001")  # share of reused furniture
    assert (share.impact_item, share.impact_basis, share.impact_volume) == ("office-chair", "share", None)
    none = kpi_from(world, "CIR-MOB-012")  # chemical checks: no item fits
    assert (none.impact_item, none.impact_basis) == ("", "")
    created = AuditEntry.objects.get(object_type="kpi", object_id=str(count.pk), action=AuditAction.CREATE)
    assert created.after["impact_item"] == "workwear"  # type: ignore[index]


def test_a_pending_share_gives_no_figures_until_the_volume_is_set(world: World) -> None:
    kpi = kpi_from(world, "CIR-MOB-001")
    measure(world, kpi, "14", "12")
    found = services.kpi_impact(kpi)
    assert found is not None and found.result is None and found.pending
    kpi = services.set_kpi_impact(
        world.users["buyer"],
        kpi,
        {"impact_item": "office-chair", "impact_basis": "share", "impact_volume": D(400)},
    )
    found = services.kpi_impact(kpi)
    assert found is not None and found.result is not None
    assert found.result.measurement.quantity == 104


def test_setting_the_mapping_writes_an_audit_entry_with_before_and_after(world: World) -> None:
    kpi = kpi_from(world, "CIR-MOB-001")
    services.set_kpi_impact(
        world.users["buyer"],
        kpi,
        {"impact_item": "desk", "impact_basis": "share", "impact_volume": D(120)},
    )
    entry = AuditEntry.objects.filter(object_type="kpi", action=AuditAction.UPDATE).first()
    assert entry is not None and entry.actor == world.users["buyer"] and entry.case == world.private
    assert entry.before == {"impact_item": "office-chair", "impact_volume": None}
    assert entry.after == {"impact_item": "desk", "impact_volume": "120"}


def test_an_empty_item_removes_the_mapping(world: World) -> None:
    kpi = kpi_from(world, "CIR-TEX-012")
    kpi = services.set_kpi_impact(world.users["buyer"], kpi, {"impact_item": ""})
    assert (kpi.impact_item, kpi.impact_basis, kpi.impact_per_unit) == ("", "", None)
    assert services.kpi_impact(kpi) is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"impact_item": "office-chair", "impact_basis": "share"}, "impact_volume"),
        ({"impact_item": "office-chair", "impact_basis": "share", "impact_volume": D(-5)}, "impact_volume"),
        ({"impact_item": "office-chair", "impact_basis": "count", "impact_per_unit": D(-1)}, "impact_per_unit"),
        ({"impact_item": "laptop", "impact_basis": "count"}, "impact_years"),
        ({"impact_item": "sofa", "impact_basis": "count"}, "impact_item"),
        ({"impact_item": "desk", "impact_basis": "pairs"}, "impact_basis"),
    ],
)
def test_a_bad_mapping_is_refused_and_nothing_changes(world: World, data: dict[str, object], field: str) -> None:
    kpi = kpi_from(world, "CIR-TEX-012")
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.set_kpi_impact(world.users["buyer"], kpi, data)
    assert field in caught.value.error_dict
    kpi.refresh_from_db()
    assert (kpi.impact_item, kpi.impact_basis, kpi.impact_per_unit) == ("workwear", "count", D("0.5"))
    assert AuditEntry.objects.count() == audits


CHAIR_PRICES = {"impact_new_price": D(4500), "impact_circular_price": D(2200)}


def priced_chairs(world: World) -> Kpi:
    kpi = kpi_from(world, "CIR-MOB-008")  # furniture refurbished: count of office chairs
    assert (kpi.impact_item, kpi.impact_basis) == ("office-chair", "count")
    return services.set_kpi_impact(
        world.users["buyer"], kpi, {"impact_item": "office-chair", "impact_basis": "count", **CHAIR_PRICES}
    )


def test_prices_are_saved_audited_and_give_the_cost_difference(world: World) -> None:
    kpi = priced_chairs(world)
    kpi.refresh_from_db()
    assert (kpi.impact_new_price, kpi.impact_circular_price) == (4500, 2200)
    entry = AuditEntry.objects.filter(object_type="kpi", object_id=str(kpi.pk), action=AuditAction.UPDATE).get()
    assert entry.before == {"impact_per_unit": "1", "impact_new_price": None, "impact_circular_price": None}
    assert entry.after == {"impact_per_unit": None, "impact_new_price": "4500", "impact_circular_price": "2200"}
    measure(world, kpi, "4", "6")
    found = services.kpi_impact(kpi)
    assert found is not None and found.result is not None
    assert found.result.cost_difference == D(23000)
    # removing the prices removes the cost difference, and the audit says so
    services.set_kpi_impact(world.users["buyer"], kpi, {"impact_item": "office-chair", "impact_basis": "count"})
    found = services.kpi_impact(Kpi.objects.get(pk=kpi.pk))
    assert found is not None and found.result is not None and found.result.cost_difference is None
    last = AuditEntry.objects.filter(object_type="kpi", action=AuditAction.UPDATE).order_by("-pk").first()
    assert last is not None and last.after == {"impact_new_price": None, "impact_circular_price": None}


def test_saving_the_same_prices_again_writes_no_audit_entry(world: World) -> None:
    kpi = priced_chairs(world)  # saved as 4500 and 2200, read back as 4500.00 and 2200.00
    audits = AuditEntry.objects.count()
    same = {"impact_new_price": D("4500.00"), "impact_circular_price": D("2200.0")}
    services.set_kpi_impact(
        world.users["buyer"],
        Kpi.objects.get(pk=kpi.pk),
        {"impact_item": "office-chair", "impact_basis": "count", **same},
    )
    assert AuditEntry.objects.count() == audits


@pytest.mark.parametrize(
    ("prices", "field", "message"),
    [
        (
            {"impact_new_price": D(-4500), "impact_circular_price": D(2200)},
            "impact_new_price",
            "A price must not be negative.",
        ),
        (
            {"impact_new_price": D(4500), "impact_circular_price": D(-1)},
            "impact_circular_price",
            "A price must not be negative.",
        ),
        (
            {"impact_new_price": D(4500)},
            "impact_circular_price",
            "The cost difference needs both prices: per new unit and per circular unit. Give both, or neither.",
        ),
        (
            {"impact_new_price": None, "impact_circular_price": D(2200)},
            "impact_new_price",
            "The cost difference needs both prices: per new unit and per circular unit. Give both, or neither.",
        ),
    ],
)
def test_bad_prices_are_refused_and_the_saved_mapping_stays(
    world: World, prices: dict[str, object], field: str, message: str
) -> None:
    kpi = priced_chairs(world)
    audits = AuditEntry.objects.count()
    data = {"impact_item": "desk", "impact_basis": "count", **prices}
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.set_kpi_impact(world.users["buyer"], kpi, data)
    assert caught.value.message_dict == {field: [message]}
    kpi.refresh_from_db()
    assert (kpi.impact_item, kpi.impact_new_price, kpi.impact_circular_price) == ("office-chair", 4500, 2200)
    assert AuditEntry.objects.count() == audits


def test_only_an_editor_may_set_the_mapping(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    kpi = kpi_from(world, "CIR-TEX-012")
    with pytest.raises(PermissionDenied):
        services.set_kpi_impact(world.users["viewer"], kpi, {"impact_item": ""})


# --- the page ------------------------------------------------------------------------------


def test_the_follow_up_page_shows_figures_with_range_and_source(world: World) -> None:
    kpi = kpi_from(world, "CIR-TEX-012")
    measure(world, kpi, "340", "285")
    html = login(world, "buyer").get(reverse("cases:followup", args=[world.private.pk])).content.decode()
    section = html[html.index(f'id="kpi-{kpi.pk}-impact"') :]
    # 625 garments × 0.5 kg = 312.5 kg; × 9 (3.2–25) kg CO2e/kg = 2 812.5 (1 000–7 812.5) kg CO2e
    assert "313\u00a0kg, Arbetskläder" in section
    assert "2,8\u00a0t\u00a0CO2e" in section
    assert "1,0–7,8\u00a0t\u00a0CO2e" in section
    assert 'href="https://hermesbelts.co.uk/' in section and "(2021)" in section
    assert 'value="0,5"' in section  # the saved units per garment, as a Swedish number


def test_the_form_saves_the_mapping(world: World) -> None:
    kpi = kpi_from(world, "CIR-MOB-001")
    measure(world, kpi, "14")
    url = reverse("cases:followup", args=[world.private.pk])
    prefix = f"i{kpi.pk}-"
    response = login(world, "buyer").post(
        url,
        {
            "action": "impact",
            "kpi": kpi.pk,
            prefix + "impact_item": "office-chair",
            prefix + "impact_basis": "share",
            prefix + "impact_volume": "400",
        },
        follow=True,
    )
    kpi.refresh_from_db()
    assert kpi.impact_volume == 400
    assert response.redirect_chain and response.redirect_chain[-1][0].endswith(f"#kpi-{kpi.pk}")
    html = response.content.decode()
    section = html[html.index(f'id="kpi-{kpi.pk}-impact"') :]
    # 14 % of 400 = 56 chairs × 14 kg CO2e = 784 kg CO2e
    assert section.index("<dd>56\u00a0") < section.index("784\u00a0kg\u00a0CO2e") < section.index("</dl>")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"impact_item": "office-chair", "impact_basis": "share", "impact_volume": "fyra"}, "impact_volume"),
        ({"impact_item": "office-chair", "impact_basis": "share", "impact_volume": ""}, "impact_volume"),
        ({"impact_item": "office-chair", "impact_basis": "share", "impact_volume": "-40"}, "impact_volume"),
    ],
)
def test_a_form_error_keeps_the_saved_mapping_and_the_input(world: World, fields: dict[str, str], field: str) -> None:
    kpi = kpi_from(world, "CIR-MOB-001")
    services.set_kpi_impact(
        world.users["buyer"], kpi, {"impact_item": "desk", "impact_basis": "share", "impact_volume": D(120)}
    )
    measure(world, kpi, "50")
    prefix = f"i{kpi.pk}-"
    response = login(world, "buyer").post(
        reverse("cases:followup", args=[world.private.pk]),
        {"action": "impact", "kpi": kpi.pk, **{prefix + k: v for k, v in fields.items()}},
    )
    assert response.status_code == 200
    form = next(r["impact_form"] for r in response.context["rows"] if r["kpi"].pk == kpi.pk)
    assert field in form.errors
    html = response.content.decode()
    assert 'role="alert"' in html and str(form.errors[field][0]) in html
    if fields["impact_volume"]:
        assert f'value="{fields["impact_volume"]}"' in html  # what the buyer typed is kept
    kpi.refresh_from_db()
    assert (kpi.impact_item, kpi.impact_volume) == ("desk", 120)
    # the figures of the saved mapping are still shown: 50 % of 120 desks × 24 kg CO2e = 1,4 t
    section = html[html.index(f'id="kpi-{kpi.pk}-impact"') :]
    assert "<dd>60\u00a0" in section and "1,4\u00a0t\u00a0CO2e" in section


def test_errors_come_in_the_page_language(world: World) -> None:
    kpi = kpi_from(world, "CIR-MOB-001")
    prefix = f"i{kpi.pk}-"
    data = {"action": "impact", "kpi": kpi.pk, prefix + "impact_item": "office-chair", prefix + "impact_basis": "share"}
    with translation.override("en"):  # also restores the language the request activates
        url = reverse("cases:followup", args=[world.private.pk])
        response = login(world, "buyer").post(url, data)
    assert url.startswith("/en/")
    error = next(r["impact_form"] for r in response.context["rows"]).errors["impact_volume"][0]
    assert error == "A share needs the volume it is a share of. Enter the volume per measurement period."


def test_a_viewer_sees_the_figures_but_no_form(world: World) -> None:
    kpi = kpi_from(world, "CIR-TEX-012")
    measure(world, kpi, "100")
    html = login(world, "viewer").get(reverse("cases:followup", args=[world.private.pk])).content.decode()
    assert f'name="{f"i{kpi.pk}-"}impact_item"' not in html
    assert "CO2e" in html
    response = login(world, "viewer").post(
        reverse("cases:followup", args=[world.private.pk]),
        {"action": "impact", "kpi": kpi.pk, f"i{kpi.pk}-impact_item": ""},
    )
    assert response.status_code == 403
    kpi.refresh_from_db()
    assert kpi.impact_item == "workwear"


# --- cost difference on the page -------------------------------------------------------------


def test_the_follow_up_page_shows_the_cost_difference_in_plain_words(world: World) -> None:
    kpi = priced_chairs(world)
    measure(world, kpi, "4", "6")
    unpriced = kpi_from(world, "CIR-TEX-012")
    measure(world, unpriced, "100")
    with translation.override("en"):
        url = reverse("cases:followup", args=[world.private.pk])
        html = login(world, "buyer").get(url).content.decode()
    section = html[html.index(f'id="kpi-{kpi.pk}-impact"') : html.index(f'id="kpi-{unpriced.pk}"')]
    # 10 chairs × (4 500 − 2 200) kr = 23 000 kr, next to CO2e and material
    assert section.index("CO2e avoided") < section.index("Material kept in use") < section.index("Cost difference")
    assert "SEK\u00a023,000 saved: the circular choice cost less than buying new" in section
    assert "(SEK\u00a04,500 new − SEK\u00a02,200 circular) × 10\u00a0items" in section
    assert "A positive difference is money saved." in section
    assert 'value="4500"' in section and 'value="2200"' in section  # the saved prices in the form
    rest = html[html.index(f'id="kpi-{unpriced.pk}-impact"') :]
    assert "No prices are given, so there is no cost difference." in rest
    assert "SEK\u00a0" not in rest.split("</dl>")[0]
    with translation.override("sv"):
        html = login(world, "buyer").get(reverse("cases:followup", args=[world.private.pk])).content.decode()
    assert "23\u00a0000\u00a0kr" in html and "4\u00a0500\u00a0kr" in html  # money as Swedish writes it


def test_a_circular_choice_that_cost_more_is_said_so(world: World) -> None:
    kpi = kpi_from(world, "CIR-MOB-008")
    services.set_kpi_impact(
        world.users["buyer"],
        kpi,
        {
            "impact_item": "office-chair",
            "impact_basis": "count",
            "impact_new_price": D(2000),
            "impact_circular_price": D("2500.50"),
        },
    )
    measure(world, kpi, "3")
    with translation.override("en"):
        html = login(world, "buyer").get(reverse("cases:followup", args=[world.private.pk])).content.decode()
    assert "SEK\u00a01,501.50 more: the circular choice cost more than buying new" in html
    assert "SEK\u00a02,500.50 circular" in html


def test_the_form_saves_the_prices_as_swedish_numbers(world: World) -> None:
    kpi = kpi_from(world, "CIR-MOB-008")
    measure(world, kpi, "10")
    prefix = f"i{kpi.pk}-"
    fields = {
        "impact_item": "office-chair",
        "impact_basis": "count",
        "impact_new_price": "4500",
        "impact_circular_price": "2200,50",
    }
    response = login(world, "buyer").post(
        reverse("cases:followup", args=[world.private.pk]),
        {"action": "impact", "kpi": kpi.pk, **{prefix + k: v for k, v in fields.items()}},
        follow=True,
    )
    assert response.redirect_chain
    kpi.refresh_from_db()
    assert (kpi.impact_new_price, kpi.impact_circular_price) == (D(4500), D("2200.50"))
    assert "22\u00a0995\u00a0kr" in response.content.decode()  # 10 × 2 299,50 kr


def test_a_form_with_one_price_shows_the_error_and_keeps_the_saved_prices(world: World) -> None:
    kpi = priced_chairs(world)
    measure(world, kpi, "10")
    prefix = f"i{kpi.pk}-"
    fields = {
        "impact_item": "office-chair",
        "impact_basis": "count",
        "impact_new_price": "5000",
        "impact_circular_price": "",
    }
    with translation.override("en"):
        response = login(world, "buyer").post(
            reverse("cases:followup", args=[world.private.pk]),
            {"action": "impact", "kpi": kpi.pk, **{prefix + k: v for k, v in fields.items()}},
        )
    assert response.status_code == 200
    form = next(r["impact_form"] for r in response.context["rows"] if r["kpi"].pk == kpi.pk)
    assert form.errors["impact_circular_price"] == [
        "The cost difference needs both prices: per new unit and per circular unit. Give both, or neither."
    ]
    html = response.content.decode()
    assert 'value="5000"' in html  # what the buyer typed is kept
    assert "SEK\u00a023,000 saved" in html  # the figures of the saved prices are still shown
    kpi.refresh_from_db()
    assert (kpi.impact_new_price, kpi.impact_circular_price) == (4500, 2200)


# --- the API ------------------------------------------------------------------------------


def api(world: World, role: str = "buyer") -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=world.users[role])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_api_gives_the_mapping_and_the_figures_of_each_kpi(world: World) -> None:
    priced = priced_chairs(world)
    measure(world, priced, "4", "6")
    pending = kpi_from(world, "CIR-MOB-001")  # a share without its volume
    plain = services.add_kpi(
        world.users["buyer"],
        world.private,
        {"kpi_id": "satisfied-users", "name": "Nöjda brukare", "unit": "%", "target": D(80)},
    )
    response = api(world).get(f"/api/cases/{world.private.pk}/kpis/", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()}
    row = rows[priced.pk]
    assert {k: row[k] for k in services.IMPACT_FIELDS} == {
        "impact_item": "office-chair",
        "impact_basis": "count",
        "impact_per_unit": None,
        "impact_volume": None,
        "impact_years": None,
        "impact_new_price": "4500.00",
        "impact_circular_price": "2200.00",
    }
    figures = row["impact"]
    assert (figures["state"], figures["message"]) == ("computed", "")
    assert (figures["quantity"], figures["quantity_unit"]) == ("10.00", "item")
    co2e = figures["co2e_avoided"]
    assert (D(co2e["low"]), D(co2e["central"]), D(co2e["high"])) == (
        10 * CHAIR.avoided.low,
        10 * CHAIR.avoided.central,
        10 * CHAIR.avoided.high,
    )
    assert co2e["unit"] == "kg CO2e" and D(co2e["low"]) < D(co2e["central"]) < D(co2e["high"])
    assert D(figures["material_kept"]["central"]) == 10 * CHAIR.weight.central  # type: ignore[union-attr]
    assert figures["cost_difference"] == "23000.00"
    assert figures["sources"] and figures["sources"][0]["url"].startswith("http")
    assert rows[pending.pk]["impact"]["state"] == "pending"
    assert rows[pending.pk]["impact"]["message"].startswith("A share needs the volume")
    assert rows[pending.pk]["impact"]["cost_difference"] is None
    assert rows[plain.pk]["impact"] is None and rows[plain.pk]["impact_item"] == ""


def test_the_api_mapping_fields_are_read_only(world: World) -> None:
    data = {
        "kpi_id": "chairs-renovated",
        "name": "Renoverade stolar",
        "unit": "st",
        "target": "10",
        "impact_item": "desk",
        "impact_basis": "count",
        "impact_new_price": "-5",
    }
    response = api(world).post(f"/api/cases/{world.private.pk}/kpis/", data, format="json")
    assert response.status_code == 200
    created = Kpi.objects.get(case=world.private, name="Renoverade stolar")
    assert (created.impact_item, created.impact_new_price) == ("", None)
