"""Impact from the demo data's KPI mappings, in both rounds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation

from cirkular.cases.demo import load_demo
from cirkular.cases.models import Kpi
from cirkular.core import impact
from cirkular.reports.deliverables import common
from tests.deliverables.conftest import FAST_HASHER


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_demo_cases_of_both_rounds_show_impact() -> None:
    load_demo()
    with translation.override("en"):
        by_round = {year: common.cases_of(year, "en") for year in (2020, 2021)}
    shown = {year: [c for c in cases if c.impacts] for year, cases in by_round.items()}
    assert len(shown[2021]) >= 6
    assert len(shown[2020]) >= 5
    for cases in shown.values():
        for c in cases:
            for i in c.impacts:
                est = i.result.co2e_avoided
                assert 0 < est.low < est.central < est.high and est.sources, c.case.title
    # a mapping without its volume is kept but gives no figures (textile take-back has no default)
    pending = Kpi.objects.filter(impact_basis="share", impact_volume__isnull=True).exclude(impact_item="")
    assert all(common.kpi_impact(k).pending for k in pending)  # type: ignore[union-attr]


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_totals_add_up_the_priced_kpis_of_a_round_and_say_how_many() -> None:
    load_demo()
    for year in (2020, 2021):
        with translation.override("en"):
            cases = common.cases_of(year, "en")
            impacts = [i.result for c in cases for i in c.impacts]
            priced = [r for r in impacts if r.cost_difference is not None]
            totals = common.impact_totals(cases)
            figure = common.cost_key_figure(totals, "en")
        assert 2 <= len(priced) < len(impacts), year  # some demo KPIs carry example prices, not all
        assert (totals.count, totals.priced) == (len(impacts), len(priced))
        assert totals.cost_difference == sum(r.cost_difference for r in priced)  # type: ignore[misc]
        for r in priced:  # (new − circular) × quantity, from the KPI's own prices
            m = r.measurement
            assert r.cost_difference == (m.new_price - m.circular_price) * m.quantity  # type: ignore[operator]
        assert figure is not None and f"from {len(priced)} of {len(impacts)} measured KPIs" in figure.note


def test_the_cost_figure_is_left_out_without_prices_and_unqualified_when_all_are_priced() -> None:
    chair = impact.KpiMapping("office-chair", impact.QuantityBasis.COUNT)
    unpriced = impact.total([impact.calculate_mapped(chair, [Decimal(3)])])
    assert common.cost_key_figure(unpriced, "en") is None
    priced = impact.KpiMapping(
        "office-chair", impact.QuantityBasis.COUNT, new_price=Decimal(4500), circular_price=Decimal(2200)
    )
    with translation.override("en"):
        figure = common.cost_key_figure(impact.total([impact.calculate_mapped(priced, [Decimal(10)])]), "en")
        assert figure is not None and figure.value == "SEK\u00a023,000" and "of" not in figure.note
        assert common.cost_difference_text(Decimal(0), "en").startswith("no difference")
    assert common.cost_key_figure(impact.total([impact.calculate_mapped(priced, [Decimal(10)])]), "sv") is not None
    assert common.money_text(Decimal("2200.50"), "sv") == "2\u00a0200,50\u00a0kr"
    assert common.money_text(Decimal(23000), "sv") == "23\u00a0000\u00a0kr"
