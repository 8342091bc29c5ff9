"""A buyer runs a procurement in the browser; a buyer of another organisation cannot see it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cirkular.accounts import services as accounts
from cirkular.accounts.models import Role
from cirkular.cases.models import Case, Round
from tests.cases.conftest import PASSWORD, make_user
from tests.e2e.axe import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upphandlingar")


def test_buyer_runs_a_case_and_others_cannot_see_it(page: Page, live_server: Any) -> None:
    org_a = accounts.create_organisation("Växby kommun (exempel)", "212000-0142", "kommun")
    org_b = accounts.create_organisation("Norrå region (exempel)", "232100-0016", "region")
    make_user("anna", org_a, Role.BUYER)
    make_user("bo", org_b, Role.BUYER)
    Round.objects.create(year=2021, name="Demonstration 2021", target=10, is_current=True)
    base = live_server.url

    log_in(page, base, "anna")
    page.get_by_role("link", name="Starta en ny upphandling").click()
    assert axe_violations(page) == []
    page.get_by_label("titel").fill("Återbrukade kontorsmöbler")
    page.get_by_label("Produktgrupp").select_option("furniture")
    page.get_by_label("CPV-koder").fill("39130000")
    page.get_by_label("förfarande").select_option("oppet")
    page.get_by_label("typ av ingång").select_option("buy_circular")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Återbrukade kontorsmöbler")
    case = Case.objects.get(title="Återbrukade kontorsmöbler")
    assert axe_violations(page) == []

    # ambitions
    page.get_by_role("navigation", name="Den här upphandlingen").get_by_role(
        "link", name="Ambitioner och kriterier"
    ).click()
    page.get_by_label("Strategi").select_option("A3")
    page.get_by_label("Prioritet").select_option("1")
    page.get_by_label("Varför").fill("Vi har många stolar i förråd.")
    page.get_by_role("button", name="Spara ambitionen").click()
    expect(page.get_by_role("row", name="A3")).to_be_visible()
    expect(page.get_by_role("heading", name="Förslag utifrån dina ambitioner")).to_be_visible()
    assert axe_violations(page) == []

    # a checklist item of the current step
    page.get_by_role("navigation", name="Den här upphandlingen").get_by_role("link", name="Översikt").click()
    page.get_by_role("link", name="Arbeta med det här steget").click()
    first_item = page.locator(".checklist.work li").first
    first_item.get_by_role("button").click()
    expect(page.locator(".checklist.work li").first.get_by_role("button")).to_have_attribute("aria-pressed", "true")
    assert case.ticks.count() == 1
    assert axe_violations(page) == []

    # a dialogue entry
    page.get_by_role("link", name="Marknadsdialog").click()
    page.get_by_label("aktivitet").select_option("rfi")
    page.get_by_label("datum").fill("2026-03-15")
    page.get_by_label("deltagande leverantörer").fill("Möbelcirkeln AB")
    page.get_by_label("insikter").fill("Det finns gott om begagnade stolar.")
    page.get_by_role("button", name="Lägg till aktiviteten").click()
    expect(page.get_by_text("Det finns gott om begagnade stolar.")).to_be_visible()
    assert case.dialogue.count() == 1
    assert axe_violations(page) == []

    # another organisation's buyer neither finds nor opens it
    page.get_by_role("button", name="Logga ut").click()
    log_in(page, base, "bo")
    expect(page.get_by_text("Återbrukade kontorsmöbler")).to_have_count(0)
    response = page.goto(f"{base}/arenden/{case.pk}/")
    assert response is not None and response.status == 404
