"""Programme staff order deliverables on the reports page, run them and download the files;
a buyer may not use the page."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from cirkular.accounts import services as accounts
from cirkular.accounts.models import Role
from cirkular.cases.demo import load_demo
from cirkular.reports.models import JobStatus, ReportJob
from tests.cases.conftest import PASSWORD, make_user
from tests.e2e.axe import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def order(page: Page, deliverable: str, fmt: str) -> None:
    form = page.get_by_role("region", name="Ny rapport")
    form.get_by_label("Leverans").select_option(label=deliverable)
    form.get_by_label("Omgång").select_option("2021")
    form.get_by_label("Språk").select_option("sv")
    form.get_by_label("Format").select_option(label=fmt)
    form.get_by_role("button", name="Ställ rapport i kö").click()
    expect(page.get_by_role("status")).to_contain_text("Rapporten står i kö.")


def download(page: Page, row: Any, target: Path) -> bytes:
    with page.expect_download() as info:
        row.get_by_role("link", name="Ladda ner").click()
    info.value.save_as(target)
    return target.read_bytes()


def test_programme_orders_runs_and_downloads_deliverables(
    page: Page, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    make_user("maja", None, Role.PROGRAMME)
    base = live_server.url
    log_in(page, base, "maja")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Rapporter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporter")
    expect(page.get_by_text("Inga rapporter har beställts ännu.")).to_be_visible()
    assert axe_violations(page) == []

    order(page, "Handledning", "HTML-webbplats (zip)")
    order(page, "Projektrapport", "PDF")
    jobs = page.get_by_role("region", name="Beställda rapporter")
    guide = jobs.get_by_role("row").filter(has_text="Handledning")
    project = jobs.get_by_role("row").filter(has_text="Projektrapport")
    for row in (guide, project):
        expect(row).to_contain_text("I kö")
        expect(row.get_by_role("progressbar")).to_have_attribute("value", "0")
    expect(jobs.get_by_role("button", name="Kör nu")).to_have_count(2)
    expect(page.get_by_role("link", name="Ladda om sidan för att se förloppet")).to_be_visible()
    assert axe_violations(page) == []

    # the guide while one waits, in the request
    guide.get_by_role("button", name="Kör nu").click()
    expect(page.get_by_role("status")).to_contain_text("Rapporten är klar.")
    expect(guide).to_contain_text("Klar")
    expect(guide.get_by_role("progressbar")).to_have_attribute("value", "100")
    expect(project).to_contain_text("I kö")

    # the project report by the worker, as `manage.py run_report_jobs` runs it
    call_command("run_report_jobs", "--once")
    assert set(ReportJob.objects.values_list("status", flat=True)) == {JobStatus.DONE}
    page.get_by_role("link", name="Ladda om sidan för att se förloppet").click()
    expect(project).to_contain_text("Klar")
    expect(page.get_by_role("link", name="Ladda om sidan för att se förloppet")).to_have_count(0)
    expect(jobs.get_by_role("button", name="Kör nu")).to_have_count(0)
    assert axe_violations(page) == []
    # the job list reflows on a phone (WCAG 1.4.10): no sideways scrolling at 320 CSS pixels
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    site = zipfile.ZipFile(io.BytesIO(download(page, guide, tmp_path / "guide.zip")))
    assert "guide/index.html" in site.namelist()
    assert '<html lang="sv">' in site.read("guide/index.html").decode()
    pdf = download(page, project, tmp_path / "project.pdf")
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "project.pdf"), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "2021" in text


def test_buyer_may_not_use_the_reports_page(page: Page, live_server: Any) -> None:
    org = accounts.create_organisation("Växby kommun (exempel)", "212000-0142", "kommun")
    make_user("anna", org, Role.BUYER)
    base = live_server.url
    log_in(page, base, "anna")
    expect(page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Rapporter")).to_have_count(0)
    response = page.goto(base + "/rapporter/")
    assert response is not None and response.status in {403, 404}
    expect(page.get_by_role("button", name="Ställ rapport i kö")).to_have_count(0)
