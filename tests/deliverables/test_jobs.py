"""The report page (programme only), the queue and its worker, and the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from cirkular.accounts import services as accounts
from cirkular.accounts.models import Role
from cirkular.cases.models import Round
from cirkular.cli import app
from cirkular.reports import services
from cirkular.reports.models import JobStatus, ReportJob
from tests.cases.conftest import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.deliverables.urls")]


@pytest.fixture
def people(db: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    Round.objects.create(year=2021, name="Demonstration 2021", target=10, is_current=True)
    return {
        "programme": make_user("programme", None, Role.PROGRAMME),
        "admin": make_user("admin", None, Role.ADMIN),
        "buyer": make_user(
            "buyer", accounts.create_organisation("Växby kommun (exempel)", "212000-0142", "kommun"), Role.BUYER
        ),
    }


def test_anonymous_is_sent_to_log_in(people: dict[str, Any]) -> None:
    response = Client().get(reverse("reports:jobs"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_only_the_programme_may_use_the_page(people: dict[str, Any]) -> None:
    client = Client()
    client.force_login(people["buyer"])
    assert client.get(reverse("reports:jobs")).status_code == 403
    assert client.post(reverse("reports:jobs"), {"kind": "policy"}).status_code == 403
    for role in ("programme", "admin"):
        client.force_login(people[role])
        assert client.get(reverse("reports:jobs")).status_code == 200


def test_queue_run_now_and_download(people: dict[str, Any]) -> None:
    client = Client()
    client.force_login(people["programme"])
    form = {"kind": "policy", "round": "2021", "language": "en", "format": "docx"}
    assert client.post(reverse("reports:jobs"), form).status_code == 302
    job = ReportJob.objects.get()
    assert job.status == JobStatus.QUEUED and job.requested_by == people["programme"]
    page = client.get(reverse("reports:jobs")).content.decode()
    assert "run_report_jobs" in page and reverse("reports:run_now", args=[job.pk]) in page
    buyer = Client()
    buyer.force_login(people["buyer"])
    assert buyer.post(reverse("reports:run_now", args=[job.pk])).status_code == 403
    assert client.post(reverse("reports:run_now", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 100 and str(job.file.name).startswith("reports/")
    response = client.get(reverse("reports:download", args=[job.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]
    assert buyer.get(reverse("reports:download", args=[job.pk])).status_code == 403


def test_unsupported_combination_is_refused_by_the_form(people: dict[str, Any]) -> None:
    client = Client()
    client.force_login(people["programme"])
    form = {"kind": "webinar", "round": "2021", "language": "en", "format": "pdf"}
    response = client.post(reverse("reports:jobs"), form)
    assert response.status_code == 200 and not ReportJob.objects.exists()


def test_the_worker_runs_a_queued_job_once(people: dict[str, Any]) -> None:
    job = services.queue_job(people["programme"], "policy", 2021, "sv", "docx")
    call_command("run_report_jobs", "--once")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 100 and job.started_at and job.finished_at
    assert Path(job.file.path).read_bytes()[:2] == b"PK"
    assert services.claim_next() is None
    call_command("run_report_jobs", "--once")  # nothing left: returns at once
    with pytest.raises(PermissionDenied):
        services.queue_job(people["buyer"], "policy", 2021, "sv", "docx")


def test_cli_writes_a_deliverable_and_refuses_unsupported_formats(people: dict[str, Any], tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "policy.docx"
    result = runner.invoke(
        app, ["report", "policy", "--round", "2021", "--lang", "en", "--format", "docx", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:2] == b"PK"
    site = tmp_path / "site"
    result = runner.invoke(app, ["report", "guide", "--round", "2021", "--format", "html", "-o", str(site)])
    assert result.exit_code == 0, result.output
    assert (site / "index.html").exists() and (site / "search-index.json").exists()
    result = runner.invoke(app, ["report", "webinar", "--format", "pdf", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "not offered" in result.output
    result = runner.invoke(app, ["report", "policy", "--round", "1999", "-o", str(tmp_path / "y.pdf")])
    assert result.exit_code == 2
