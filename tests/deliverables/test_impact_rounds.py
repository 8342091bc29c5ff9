"""Impact from the demo data's KPI mappings, in both rounds."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import translation

from cirkular.cases.demo import load_demo
from cirkular.cases.models import Kpi
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
