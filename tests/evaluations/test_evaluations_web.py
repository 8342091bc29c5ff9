"""A case's tenders evaluated on the web: model from award criteria, tenders, lock, protocol."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cirkular.cases import services as case_services
from cirkular.core.evaluation.record import verify
from cirkular.evaluations import services
from cirkular.evaluations.models import Evaluation, EvaluationRecord, LockedRecordError
from tests.cases.conftest import World

AWARD_POINTS = "CIR-MOB-004"  # points
AWARD_DEDUCTION = "CIR-MOB-002"  # deduction in percent


def client_for(world: World, role: str) -> Client:
    c = Client()
    c.force_login(world.users[role])
    return c


@pytest.fixture
def ev(world: World) -> Evaluation:
    buyer = world.users["buyer"]
    case_services.add_criterion(buyer, world.private, AWARD_POINTS)
    evaluation = services.create(buyer, world.private, "tenders")
    for name, price, points in (("Alfa AB", "480000", "8"), ("Beta AB", "400000", "5"), ("Gamma AB", "540000", "10")):
        services.add_tender(buyer, evaluation, name, price, {AWARD_POINTS: points})
    return evaluation


def test_model_is_built_from_the_award_criteria(world: World, ev: Evaluation) -> None:
    assert ev.data["method"] == "weighted_score"
    ids = [c["id"] for c in ev.data["criteria"]]
    assert ids == ["price", AWARD_POINTS]
    assert sum(float(c["weight"]) for c in ev.data["criteria"]) == 100
    case_services.remove_criterion(world.users["buyer"], world.private, AWARD_POINTS)
    case_services.add_criterion(world.users["buyer"], world.private, AWARD_DEDUCTION)
    assert services.model_from_case(world.private)["method"] == "value_deduction"


def test_results_page_shows_ranking_chart_and_sensitivity(world: World, ev: Evaluation) -> None:
    html = (
        client_for(world, "viewer").get(reverse("evaluations:detail", args=[world.private.pk, ev.pk])).content.decode()
    )
    assert "Alfa AB" in html and "<svg" in html and "Sannolikhet att vinna" in html
    assert "Fastställ utvärderingen" not in html  # a viewer cannot lock


def test_bad_tender_input_is_refused_with_a_message(world: World, ev: Evaluation) -> None:
    with pytest.raises(ValidationError):
        services.add_tender(world.users["buyer"], ev, "Delta AB", "tusen", {AWARD_POINTS: "3"})
    with pytest.raises(ValidationError):
        services.add_tender(world.users["buyer"], ev, "Delta AB", "1000", {AWARD_POINTS: "99"})
    ev.refresh_from_db()
    assert len(ev.data["tenders"]) == 3
    with pytest.raises(ValidationError):
        services.set_weights(world.users["buyer"], ev, {"price": "70", AWARD_POINTS: "40"})


def test_lock_is_reproducible_and_immutable(world: World, ev: Evaluation) -> None:
    record = services.lock(world.users["buyer"], ev)
    check = verify(record.record)
    assert check.ok and check.computed_hash == record.sha256
    with pytest.raises(ValidationError):
        services.add_tender(world.users["buyer"], Evaluation.objects.get(pk=ev.pk), "Sen AB", "1", {AWARD_POINTS: "1"})
    with pytest.raises(LockedRecordError):
        record.save()
    with pytest.raises(LockedRecordError):
        record.delete()
    tampered = {**record.record, "inputs": {**record.record["inputs"], "title": "ändrad"}}
    assert not verify(tampered).ok
    new = services.correct(world.users["buyer"], Evaluation.objects.get(pk=ev.pk))
    assert new.number == 2 and new.supersedes_id == ev.pk and not new.locked
    assert EvaluationRecord.objects.count() == 1
    actions = list(
        world.private.audit.filter(object_type__in=["evaluation", "evaluationrecord"]).values_list("summary", flat=True)
    )
    assert any("locked v1" in a for a in actions) and any("v2 corrects v1" in a for a in actions)


def test_protocol_pdf_and_docx(world: World, ev: Evaluation) -> None:
    record = services.lock(world.users["buyer"], ev)
    client = client_for(world, "viewer")
    pdf = client.get(reverse("evaluations:protocol", args=[world.private.pk, ev.pk, "pdf"])).content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Alfa AB" in text and record.sha256[:32] in text.replace("\n", "")
    docx = client.get(reverse("evaluations:protocol", args=[world.private.pk, ev.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_xlsx_template_round_trip_and_errors_name_the_cell(world: World, ev: Evaluation) -> None:
    client = client_for(world, "buyer")
    template = client.get(reverse("evaluations:template", args=[world.private.pk, ev.pk])).content
    book = load_workbook(io.BytesIO(template))
    sheet = book["Anbud"]
    sheet.cell(row=3, column=3).value = "inte ett pris"
    out = io.BytesIO()
    book.save(out)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("anbud.xlsx", out.getvalue())
    response = client.post(
        reverse("evaluations:action", args=[world.private.pk, ev.pk, "upload"]), {"file": upload}, follow=True
    )
    html = response.content.decode()
    assert "blad Anbud" in html and "rad 3" in html and "kolumn C" in html
    ev.refresh_from_db()
    assert [t["price"] for t in ev.data["tenders"]] == ["480000", "400000", "540000"]
    not_xlsx = SimpleUploadedFile("anbud.xlsx", b"this is not a workbook")
    html = client.post(
        reverse("evaluations:action", args=[world.private.pk, ev.pk, "upload"]), {"file": not_xlsx}, follow=True
    ).content.decode()
    assert "kunde inte läsas" in html


@pytest.mark.parametrize(
    ("role", "status"), [("viewer", 403), ("programme", 403), ("other_buyer", 404), ("buyer", 302)]
)
def test_only_buyers_act(world: World, ev: Evaluation, role: str, status: int) -> None:
    got = (
        client_for(world, role).post(reverse("evaluations:action", args=[world.private.pk, ev.pk, "lock"])).status_code
    )
    assert got == status


def test_simulation_cannot_be_locked(world: World) -> None:
    sim = services.create(world.users["buyer"], world.private, "simulation")
    services.add_tender(world.users["buyer"], sim, "Fiktiv AB", "100", {})
    with pytest.raises(ValidationError):
        services.lock(world.users["buyer"], sim)


def test_value_deduction_page_renders(world: World) -> None:
    buyer = world.users["buyer"]
    case_services.add_criterion(buyer, world.private, AWARD_DEDUCTION)
    ev = services.create(buyer, world.private, "tenders")
    assert ev.data["method"] == "value_deduction"
    step = ev.data["criteria"][0]["steps"][0]["id"]
    for name, price in (("Alfa AB", "500000"), ("Beta AB", "455000")):
        services.add_tender(buyer, ev, name, price, {AWARD_DEDUCTION: step})
    response = client_for(world, "buyer").get(reverse("evaluations:detail", args=[world.private.pk, ev.pk]))
    assert response.status_code == 200 and "Beta AB" in response.content.decode()
