"""A buyer follows up a contract in the browser: the KPI's impact figures, and a wrong price
that is refused at its field while the saved mapping and its figures stay as they were."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cirkular.accounts import services as accounts
from cirkular.accounts.models import Role
from cirkular.cases import services
from cirkular.cases.models import Kpi, Round
from tests.cases.conftest import CASE_DATA, make_user
from tests.e2e.axe import axe_violations
from tests.e2e.test_cases_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_all_details(page: Page) -> None:
    for details in page.locator("details").all():
        details.evaluate("e => { e.open = true }")


def test_impact_figures_and_a_refused_price(page: Page, live_server: Any) -> None:
    org = accounts.create_organisation("Växby kommun (exempel)", "212000-0142", "kommun")
    buyer = make_user("anna", org, Role.BUYER)
    rnd = Round.objects.create(year=2021, name="Demonstration 2021", target=10, is_current=True)
    case = services.create_case(buyer, org, {**CASE_DATA, "title": "Återbrukade kontorsstolar", "round_id": rnd.pk})
    kpi = services.add_kpi(
        buyer,
        case,
        {"kpi_id": "furniture-refurbished", "name": "Renoverade stolar", "unit": "st", "target": Decimal(100)},
    )
    services.set_kpi_impact(
        buyer,
        kpi,
        {
            "impact_item": "office-chair",
            "impact_basis": "count",
            "impact_new_price": Decimal(4500),
            "impact_circular_price": Decimal(2200),
        },
    )
    services.add_measurement(buyer, kpi, {"date": dt.date(2025, 12, 31), "value": Decimal(10)})

    log_in(page, live_server.url, "anna")
    page.goto(f"{live_server.url}/arenden/{case.pk}/uppfoljning/")
    expect(page.get_by_role("heading", name="Miljönytta")).to_be_visible()
    expect(page.get_by_text("23 000 kr sparat", exact=False)).to_be_visible()  # 10 × (4 500 − 2 200)
    open_all_details(page)
    assert axe_violations(page) == []

    price = page.get_by_label("Pris per ny enhet (kr)")
    price.fill("-5")
    page.get_by_role("button", name="Spara kopplingen till miljönytta").click()
    expect(page.get_by_text("Ett pris får inte vara negativt.")).to_be_visible()
    expect(page.get_by_label("Pris per ny enhet (kr)")).to_have_value("-5")  # what was typed stays
    expect(page.get_by_text("23 000 kr sparat", exact=False)).to_be_visible()  # the saved figures too
    assert Kpi.objects.get(pk=kpi.pk).impact_new_price == Decimal(4500)
    open_all_details(page)
    assert axe_violations(page) == []

    page.get_by_label("Pris per ny enhet (kr)").fill("4000")
    page.get_by_role("button", name="Spara kopplingen till miljönytta").click()
    expect(page.get_by_text("Kopplingen till miljönytta sparades.")).to_be_visible()
    expect(page.get_by_text("18 000 kr sparat", exact=False)).to_be_visible()
    assert Kpi.objects.get(pk=kpi.pk).impact_new_price == Decimal(4000)
