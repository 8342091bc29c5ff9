"""A buyer enters three tenders, sees the result, locks it and downloads the protocol."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cirkular.accounts import services as accounts
from cirkular.accounts.models import Role
from cirkular.cases import services as case_services
from cirkular.evaluations.models import EvaluationRecord
from tests.cases.conftest import CASE_DATA, PASSWORD, make_user
from tests.e2e.axe import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_enter_tenders_lock_and_download_protocol(page: Page, live_server: Any, tmp_path: Path) -> None:
    org = accounts.create_organisation("Växby kommun (exempel)", "212000-0142", "kommun")
    buyer = make_user("anna", org, Role.BUYER)
    case = case_services.create_case(buyer, org, {**CASE_DATA, "title": "Kontorsmöbler"}, [buyer])
    case_services.add_criterion(buyer, case, "CIR-MOB-004")
    base = live_server.url
    page.goto(base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{base}/arenden/{case.pk}/utvardering/")
    page.get_by_role("button", name="Ny anbudsutvärdering").click()
    expect(page.get_by_role("heading", name="Anbudsutvärdering v1")).to_be_visible()

    for name, price, points in (("Alfa AB", "480 000", "8"), ("Beta AB", "400000", "5"), ("Gamma AB", "540000", "10")):
        page.get_by_label("Anbudsgivare").fill(name)
        page.get_by_label("Pris (kr)").fill(price)
        page.locator("input[name='value_CIR-MOB-004']").fill(points)
        page.get_by_role("button", name="Lägg till anbudet").click()
        expect(page.get_by_role("status").first).to_contain_text("Anbudet lades till")
    ranking = page.get_by_role("table", name="Rangordning")
    expect(ranking.get_by_role("row")).to_have_count(4)
    expect(page.locator(".chart svg")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Fastställ utvärderingen").click()
    expect(page.get_by_role("heading", name="Fastställt protokoll")).to_be_visible()
    record = EvaluationRecord.objects.get()
    expect(page.locator("code.hash")).to_have_text(record.sha256)
    expect(page.get_by_role("button", name="Lägg till anbudet")).to_have_count(0)

    with page.expect_download() as info:
        page.get_by_role("link", name="Utvärderingsprotokoll (PDF)").click()
    pdf = tmp_path / "protokoll.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "Alfa AB" in text and "Beta AB" in text and record.sha256[:20] in text.replace("\n", "")
