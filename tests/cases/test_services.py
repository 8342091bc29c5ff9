"""Writes through the services: audit log, conflicts, pinning, follow-up, bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cirkular.cases import services
from cirkular.cases.models import AuditEntry, Case, CaseCriterion
from cirkular.core.criteria import load_library
from tests.cases.conftest import World


def test_an_edit_is_audited_with_before_and_after(world: World) -> None:
    buyer = world.users["buyer"]
    case = world.private
    services.update_case(buyer, case, {"title": "Ny titel", "estimated_value": Decimal("1200000")}, case.version)
    entry = AuditEntry.objects.filter(case=case, action="update").first()
    assert entry is not None and entry.actor == buyer
    assert entry.before == {"title": "Hemlig möbelupphandling", "estimated_value": None}
    assert entry.after == {"title": "Ny titel", "estimated_value": "1200000"}


def test_saving_an_unchanged_number_writes_no_audit_entry(world: World) -> None:
    buyer = world.users["buyer"]
    case = services.update_case(buyer, world.private, {"estimated_value": Decimal("4500")}, world.private.version)
    case.refresh_from_db()
    assert case.estimated_value == Decimal("4500.00")  # as the database gives it back
    updates = AuditEntry.objects.filter(case=case, action="update")
    count = updates.count()
    for same in (Decimal("4500.00"), Decimal("4500"), Decimal("4.5E+3"), 4500, 4500.0, "4500.0"):
        case = services.update_case(buyer, case, {"estimated_value": same}, case.version)
        case.refresh_from_db()
    assert updates.count() == count
    services.update_case(buyer, case, {"estimated_value": Decimal("4500.50")}, case.version)
    entry = updates.first()
    assert updates.count() == count + 1 and entry is not None
    assert (entry.before, entry.after) == ({"estimated_value": "4500"}, {"estimated_value": "4500.5"})


def test_a_concurrent_edit_is_detected_and_nothing_is_lost(world: World) -> None:
    case = world.private
    v = case.version
    services.update_case(world.users["buyer"], case, {"outcome": "Första texten"}, v)
    with pytest.raises(services.ConflictError) as info:
        services.update_case(world.users["admin"], case, {"outcome": "Andra texten"}, v)
    assert info.value.current["outcome"] == "Första texten"
    assert Case.objects.get(pk=case.pk).outcome == "Första texten"


def test_step_notes_conflict(world: World) -> None:
    case = world.private
    services.save_step_note(world.users["buyer"], case, "planera", "A", "", 1)
    services.save_step_note(world.users["buyer"], case, "planera", "B", "", 1)
    with pytest.raises(services.ConflictError) as info:
        services.save_step_note(world.users["admin"], case, "planera", "C", "", 1)
    assert info.value.current["notes"] == "B"


def test_viewer_and_programme_cannot_write(world: World) -> None:
    for role in ("viewer", "programme", "other_buyer"):
        with pytest.raises(PermissionDenied):
            services.tick(world.users[role], world.private, "planera-team", True)
    assert not world.private.ticks.exists()


def test_checklist_ticks_record_who_and_when(world: World) -> None:
    services.tick(world.users["buyer"], world.private, "planera-team", True)
    t = world.private.ticks.get()
    assert t.done_by == world.users["buyer"] and t.step_id == "planera"
    services.tick(world.users["buyer"], world.private, "planera-team", False)
    assert not world.private.ticks.exists()
    with pytest.raises(ValidationError):
        services.tick(world.users["buyer"], world.private, "no-such-item", True)


def test_criteria_are_pinned_to_their_version(world: World) -> None:
    c = load_library().get("CIR-MOB-001")
    pin = services.add_criterion(world.users["buyer"], world.private, c.id)
    assert (pin.criterion_id, pin.version) == (c.id, c.version)
    assert set(pin.values) == {p.id for p in c.parameters}
    with pytest.raises(ValidationError):
        services.add_criterion(world.users["buyer"], world.private, "CIR-XXX-999")
    assert CaseCriterion.objects.filter(case=world.private).count() == 1


def test_kpis_come_from_the_criteria_and_deviations_are_flagged(world: World) -> None:
    buyer = world.users["buyer"]
    services.add_criterion(buyer, world.private, "CIR-MOB-001")
    (suggestion,) = [s for s in services.suggested_kpis(world.private, "sv") if s["criterion_id"] == "CIR-MOB-001"]
    kpi = services.add_kpi(
        buyer,
        world.private,
        {
            **{k: suggestion[k] for k in ("criterion_id", "kpi_id", "name", "unit")},
            "target": Decimal(60),
            "direction": "at_least",
        },
    )
    low = services.add_measurement(buyer, kpi, {"date": dt.date(2026, 6, 30), "value": Decimal(48)})
    high = services.add_measurement(buyer, kpi, {"date": dt.date(2026, 9, 30), "value": Decimal(65)})
    assert low.off_target and not high.off_target
    assert services.suggested_kpis(world.private, "sv") == [
        s for s in services.suggested_kpis(world.private, "sv") if s["kpi_id"] != suggestion["kpi_id"]
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ....", "Underlaget måste vara"),
        ("fake.pdf", b"<html>not a pdf</html>", "stämmer inte med filtypen"),
    ],
)
def test_evidence_type_is_checked(
    world: World, settings: Any, tmp_path: Any, name: str, content: bytes, message: str
) -> None:
    settings.MEDIA_ROOT = tmp_path
    kpi = services.add_kpi(
        world.users["buyer"], world.private, {"kpi_id": "k", "name": "Andel", "unit": "%", "target": Decimal(1)}
    )
    with pytest.raises(ValidationError) as info:
        services.add_measurement(
            world.users["buyer"],
            kpi,
            {"date": dt.date(2026, 1, 1), "value": Decimal(1)},
            SimpleUploadedFile(name, content),
        )
    assert message in " ".join(info.value.messages)
    assert not kpi.measurements.exists()
    assert not list(tmp_path.rglob("*"))


def test_round_targets_are_programme_data(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.set_round_target(world.users["buyer"], world.round, 12)
    services.set_round_target(world.users["programme"], world.round, 12)
    world.round.refresh_from_db()
    assert world.round.target == 12
