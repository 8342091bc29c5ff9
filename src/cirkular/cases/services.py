"""Every write to a case goes through here: permission, transaction, audit entry.

Views, the API, the demo loader and tests call these functions; nothing else saves
case data. Each function checks that the actor may edit the case, writes in one
transaction, records who changed what (before and after) and marks the case active.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cirkular.accounts import access
from cirkular.accounts.models import Organisation
from cirkular.cases.models import (
    AmbitionChoice,
    AuditAction,
    AuditEntry,
    Case,
    CaseCriterion,
    ChecklistTick,
    DialogueEntry,
    ImpactBasis,
    Kpi,
    Lesson,
    Measurement,
    NeedsAnalysis,
    Round,
    StepNote,
)
from cirkular.core import impact
from cirkular.core.criteria import load_library
from cirkular.core.model import load_model
from cirkular.reports.numbers import plain, to_decimal

CASE_FIELDS = (
    "title",
    "organisation_id",
    "round_id",
    "product_group",
    "cpv",
    "estimated_value",
    "procedure",
    "entry_kind",
    "status",
    "public",
    "current_step",
    "started",
    "advertised",
    "awarded",
    "contract_start",
    "contract_end",
    "outcome",
)
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".xlsx": b"PK\x03\x04",
    ".docx": b"PK\x03\x04",
    ".csv": b"",
    ".txt": b"",
}


class ConflictError(Exception):
    """Someone else saved the same thing first; ``current`` holds what they saved."""

    def __init__(self, current: Mapping[str, Any], by: str, at: dt.datetime | None) -> None:
        super().__init__("conflict")
        self.current = dict(current)
        self.by = by
        self.at = at


def _number(value: Decimal) -> str:
    """A Decimal as a canonical string, so that 4500, 4500.00 and 4.5E+3 are the same value:
    no trailing zeros, no exponent ("4500", "0.5", "-12.25")."""
    if not value.is_finite():
        return str(value)
    return "0" if value == 0 else format(plain(value), "f")  # -0 too


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, float):
        return _number(to_decimal(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


NUMBER_FIELDS = (models.DecimalField, models.FloatField, models.IntegerField)


def _field_value(obj: models.Model, name: str) -> Any:
    """The value of a field as the database holds it: a number field set from a form or the
    API may still hold an int, a float or a string until the object is read again, so it is
    read through the field (4500 and "4500" become Decimal("4500") in a DecimalField)."""
    value = getattr(obj, name)
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    if value is not None and isinstance(field, NUMBER_FIELDS) and not isinstance(field, models.AutoField):
        try:
            return field.to_python(value)
        except ValidationError:
            return value
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The fields' values as JSON, numbers canonical so that an unchanged value compares equal."""
    names = fields or [f.attname for f in obj._meta.concrete_fields if f.attname not in {"id"}]
    return {name: _plain(_field_value(obj, name)) for name in names}


def _audit(
    actor: Any,
    case: Case | None,
    obj: models.Model,
    action: AuditAction,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    summary: str = "",
) -> AuditEntry | None:
    """Record a write; an update that changed nothing is no event and writes no entry."""
    if before is not None and after is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        if not changed and action is AuditAction.UPDATE:
            return None
        before = {k: before.get(k) for k in changed}
        after = {k: after[k] for k in changed}
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        case=case,
        object_type=obj._meta.model_name or "",
        object_id=str(obj.pk),
        action=action,
        before=before,
        after=after,
        summary=summary[:300],
    )


def _require_edit(actor: Any, case: Case) -> None:
    if not access.can_edit(actor, case):
        raise PermissionDenied(_("You may not change this procurement."))


def _touch(case: Case, when: dt.datetime | None = None) -> None:
    Case.objects.filter(pk=case.pk).update(last_activity_at=when or timezone.now())


def _validate_case(data: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    library = load_library()
    if "product_group" in data and data["product_group"] not in {g.id for g in library.groups}:
        errors["product_group"] = _("Unknown product group.")
    if "current_step" in data and data["current_step"] not in {s.id for s in load_model().steps}:
        errors["current_step"] = _("Unknown step of the model.")
    if errors:
        raise ValidationError(errors)


# --- cases ---------------------------------------------------------------------------


@transaction.atomic
def create_case(actor: Any, organisation: Organisation, data: Mapping[str, Any], contacts: Iterable[Any] = ()) -> Case:
    if not (access.is_admin(actor) or organisation.id in access.organisation_ids(actor, write=True)):
        raise PermissionDenied(_("You may not create procurements for this organisation."))
    _validate_case(data)
    fields = {k: v for k, v in data.items() if k in CASE_FIELDS and k != "organisation_id"}
    case = Case(organisation=organisation, **fields)
    case.full_clean(exclude=["contacts"])
    case.last_activity_at = timezone.now()
    case.save()
    case.contacts.set(list(contacts))
    _audit(actor, case, case, AuditAction.CREATE, None, snapshot(case, CASE_FIELDS), f"{case.title}")
    return case


@transaction.atomic
def update_case(actor: Any, case: Case, data: Mapping[str, Any], expected_version: int) -> Case:
    """Save changed case details, refusing when someone else saved since ``expected_version``."""
    _require_edit(actor, case)
    _validate_case(data)
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.version != expected_version:
        last = AuditEntry.objects.filter(case=current, object_type="case").select_related("actor").first()
        who = last.actor.get_full_name() or last.actor.username if last and last.actor else "?"
        raise ConflictError(snapshot(current, CASE_FIELDS), who, last.at if last else None)
    before = snapshot(current, CASE_FIELDS)
    for key, value in data.items():
        if key in CASE_FIELDS and key != "organisation_id":
            setattr(current, key, value)
    current.full_clean(exclude=["contacts"])
    current.version += 1
    current.last_activity_at = timezone.now()
    current.save()
    if "contacts" in data:
        before["contacts"] = sorted(current.contacts.values_list("username", flat=True))
        current.contacts.set(list(data["contacts"]))
    after = snapshot(current, CASE_FIELDS)
    if "contacts" in data:
        after["contacts"] = sorted(current.contacts.values_list("username", flat=True))
    _audit(actor, current, current, AuditAction.UPDATE, before, after, current.title)
    return current


@transaction.atomic
def set_current_step(actor: Any, case: Case, step_id: str) -> Case:
    _require_edit(actor, case)
    load_model().step(step_id)  # KeyError for an unknown step
    before = snapshot(case, ["current_step"])
    Case.objects.filter(pk=case.pk).update(current_step=step_id, last_activity_at=timezone.now())
    case.current_step = step_id
    _audit(actor, case, case, AuditAction.UPDATE, before, {"current_step": step_id}, f"step {step_id}")
    return case


@transaction.atomic
def tick(actor: Any, case: Case, item_id: str, done: bool, when: dt.datetime | None = None) -> None:
    _require_edit(actor, case)
    step = next((s for s in load_model().steps for c in s.checklist if c.id == item_id), None)
    if step is None:
        raise ValidationError(_("Unknown checklist item."))
    existing = ChecklistTick.objects.filter(case=case, item_id=item_id).first()
    if done and existing is None:
        t = ChecklistTick.objects.create(
            case=case, step_id=step.id, item_id=item_id, done_by=actor, done_at=when or timezone.now()
        )
        _audit(actor, case, t, AuditAction.CREATE, None, {"item_id": item_id}, f"✓ {item_id}")
    elif not done and existing is not None:
        _audit(actor, case, existing, AuditAction.DELETE, {"item_id": item_id}, None, f"☐ {item_id}")
        existing.delete()
    _touch(case, when)


@transaction.atomic
def save_step_note(actor: Any, case: Case, step_id: str, notes: str, decisions: str, expected_version: int) -> StepNote:
    _require_edit(actor, case)
    load_model().step(step_id)
    note, created = StepNote.objects.select_for_update().get_or_create(case=case, step_id=step_id)
    if not created and note.version != expected_version:
        who = note.updated_by.get_full_name() or note.updated_by.username if note.updated_by else "?"
        raise ConflictError(
            {"notes": note.notes, "decisions": note.decisions, "version": note.version}, who, note.updated_at
        )
    before = None if created else snapshot(note, ["notes", "decisions"])
    note.notes, note.decisions, note.updated_by = notes, decisions, actor
    note.version = note.version + (0 if created else 1)
    note.save()
    _audit(
        actor,
        case,
        note,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        before,
        snapshot(note, ["notes", "decisions"]),
        step_id,
    )
    _touch(case)
    return note


# --- ambitions and criteria ---------------------------------------------------------------


@transaction.atomic
def set_ambition(actor: Any, case: Case, strategy_id: str, priority: int, reason: str) -> AmbitionChoice:
    _require_edit(actor, case)
    try:
        load_model().strategy(strategy_id)
    except KeyError:
        raise ValidationError(_("Unknown strategy of the ambition map.")) from None
    choice, created = AmbitionChoice.objects.get_or_create(case=case, strategy_id=strategy_id)
    before = None if created else snapshot(choice, ["priority", "reason"])
    choice.priority, choice.reason = priority, reason
    choice.full_clean()
    choice.save()
    _audit(
        actor,
        case,
        choice,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        before,
        snapshot(choice, ["strategy_id", "priority", "reason"]),
        strategy_id,
    )
    _touch(case)
    return choice


@transaction.atomic
def remove_ambition(actor: Any, case: Case, strategy_id: str) -> None:
    _require_edit(actor, case)
    choice = AmbitionChoice.objects.filter(case=case, strategy_id=strategy_id).first()
    if choice:
        _audit(
            actor,
            case,
            choice,
            AuditAction.DELETE,
            snapshot(choice, ["strategy_id", "priority", "reason"]),
            None,
            strategy_id,
        )
        choice.delete()
        _touch(case)


@transaction.atomic
def add_criterion(actor: Any, case: Case, criterion_id: str, values: Mapping[str, str] | None = None) -> CaseCriterion:
    """Pin a criterion of the library to the case, at its current version."""
    _require_edit(actor, case)
    try:
        criterion = load_library().get(criterion_id)
    except KeyError:
        raise ValidationError(_("There is no criterion with the id %(id)s.") % {"id": criterion_id[:40]}) from None
    pinned, created = CaseCriterion.objects.get_or_create(
        case=case,
        criterion_id=criterion.id,
        defaults={
            "version": criterion.version,
            "values": dict(values or {p.id: str(p.default) for p in criterion.parameters}),
        },
    )
    if created:
        _audit(actor, case, pinned, AuditAction.CREATE, None, {"criterion": criterion.ref}, criterion.ref)
        _touch(case)
    return pinned


@transaction.atomic
def remove_criterion(actor: Any, case: Case, criterion_id: str) -> None:
    _require_edit(actor, case)
    pinned = CaseCriterion.objects.filter(case=case, criterion_id=criterion_id).first()
    if pinned:
        _audit(
            actor,
            case,
            pinned,
            AuditAction.DELETE,
            {"criterion": f"{pinned.criterion_id}@{pinned.version}"},
            None,
            criterion_id,
        )
        pinned.delete()
        _touch(case)


# --- needs, dialogue, follow-up, lessons -------------------------------------------------


@transaction.atomic
def save_needs(actor: Any, case: Case, data: Mapping[str, Any]) -> NeedsAnalysis:
    _require_edit(actor, case)
    needs, created = NeedsAnalysis.objects.get_or_create(case=case)
    fields = ["need", "alternatives", "chosen", "reason"]
    before = None if created else snapshot(needs, fields)
    for key in fields:
        if key in data:
            setattr(needs, key, data[key])
    needs.full_clean()
    needs.save()
    _audit(
        actor,
        case,
        needs,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        before,
        snapshot(needs, fields),
        "needs",
    )
    _touch(case)
    return needs


DIALOGUE_FIELDS = ["kind", "date", "suppliers", "questions", "answers", "insights"]


@transaction.atomic
def add_dialogue(actor: Any, case: Case, data: Mapping[str, Any]) -> DialogueEntry:
    _require_edit(actor, case)
    entry = DialogueEntry(case=case, **{k: data[k] for k in DIALOGUE_FIELDS if k in data})
    entry.full_clean()
    entry.save()
    _audit(actor, case, entry, AuditAction.CREATE, None, snapshot(entry, DIALOGUE_FIELDS), f"{entry.kind} {entry.date}")
    _touch(case)
    return entry


@transaction.atomic
def delete_dialogue(actor: Any, entry: DialogueEntry) -> None:
    _require_edit(actor, entry.case)
    _audit(
        actor, entry.case, entry, AuditAction.DELETE, snapshot(entry, DIALOGUE_FIELDS), None, entry.get_kind_display()
    )
    entry.delete()


KPI_FIELDS = ["criterion_id", "kpi_id", "name", "unit", "target", "direction", "frequency"]
# core.impact's field names → the KPI's
IMPACT_FIELD_OF = {
    "item": "impact_item",
    "basis": "impact_basis",
    "per_unit": "impact_per_unit",
    "volume": "impact_volume",
    "years": "impact_years",
    "new_price": "impact_new_price",
    "circular_price": "impact_circular_price",
}
IMPACT_FIELDS = list(IMPACT_FIELD_OF.values())


@transaction.atomic
def add_kpi(actor: Any, case: Case, data: Mapping[str, Any]) -> Kpi:
    """Add a KPI to the follow-up plan; one taken from a criterion gets the default impact
    mapping of its KPI id (core.impact.DEFAULT_MAPPINGS), if there is one."""
    _require_edit(actor, case)
    kpi = Kpi(case=case, **{k: data[k] for k in KPI_FIELDS if k in data})
    default = impact.default_mapping(kpi.kpi_id) if kpi.criterion_id else None
    if default is not None:
        kpi.impact_item, kpi.impact_basis = default.item, ImpactBasis(default.basis.value)
        kpi.impact_per_unit, kpi.impact_volume, kpi.impact_years = default.per_unit, default.volume, default.years
    kpi.full_clean()
    kpi.save()
    _audit(actor, case, kpi, AuditAction.CREATE, None, snapshot(kpi, KPI_FIELDS + IMPACT_FIELDS), kpi.name)
    _touch(case)
    return kpi


def impact_message(error: impact.ImpactError, kpi: Kpi | None = None) -> str:
    """A core impact error as a sentence in the active language."""
    code = impact.ImpactErrorCode
    item = error.value if error.code is code.UNKNOWN_ITEM else (kpi.impact_item if kpi else "")
    try:
        name = impact.factor(str(item)).name.get(get_language() or "sv")
    except impact.ImpactError:
        name = str(item)
    messages = {
        code.UNKNOWN_ITEM: _("%(item)s is not an item of the impact factors.") % {"item": str(error.value)[:40]},
        code.UNKNOWN_BASIS: _("Choose whether the KPI counts the item or is a share of a volume."),
        code.NOT_A_NUMBER: _("Enter a number."),
        code.NEGATIVE_PER_UNIT: _("The quantity per measured unit must not be negative."),
        code.NEGATIVE_VOLUME: _("The volume must not be negative."),
        code.NEGATIVE_YEARS: _("The extra years of use must not be negative."),
        code.VOLUME_REQUIRED: _("A share needs the volume it is a share of. Enter the volume per measurement period."),
        code.VOLUME_NOT_APPLICABLE: _("A count has no volume. Leave the volume empty, or choose share."),
        code.PER_UNIT_NOT_APPLICABLE: _("A share has no quantity per measured unit. Leave it empty, or choose count."),
        code.YEARS_REQUIRED: _("%(item)s is counted per year of extra use. Enter the extra years of use.")
        % {"item": name},
        code.YEARS_NOT_APPLICABLE: _("Extra years of use apply only to IT equipment. Leave the field empty."),
        code.SHARE_OUT_OF_RANGE: _("A measured share of %(value)s is above 100 %%, so no impact is computed.")
        % {"value": error.value},
        code.NEGATIVE_QUANTITY: _("A measured value is negative, so no impact is computed."),
        code.NEGATIVE_PRICE: _("A price must not be negative."),
        code.PRICE_INCOMPLETE: _(
            "The cost difference needs both prices: per new unit and per circular unit. Give both, or neither."
        ),
    }
    return messages.get(error.code, _("The impact could not be computed (%(code)s).") % {"code": error.code.value})


@transaction.atomic
def set_kpi_impact(actor: Any, kpi: Kpi, data: Mapping[str, Any]) -> Kpi:
    """Save the KPI's mapping to an impact item; an empty item removes the mapping.

    ``data`` holds ``impact_item``, ``impact_basis`` and, as Decimals or None,
    ``impact_per_unit``, ``impact_volume``, ``impact_years``, ``impact_new_price`` and
    ``impact_circular_price`` (SEK per unit of the item). The mapping must be complete: a
    share needs its volume, an IT item its extra years, and prices come both or not at all.
    Raises ValidationError with a translated message per field; nothing is saved then.
    """
    _require_edit(actor, kpi.case)
    current = Kpi.objects.select_for_update().get(pk=kpi.pk)
    before = snapshot(current, IMPACT_FIELDS)
    values: dict[str, Any] = {name: data.get(name) for name in IMPACT_FIELDS}
    values["impact_item"] = str(values["impact_item"] or "").strip()
    values["impact_basis"] = str(values["impact_basis"] or "")
    if not values["impact_item"]:
        values = {**dict.fromkeys(IMPACT_FIELDS), "impact_item": "", "impact_basis": ""}
    elif values["impact_basis"] not in ImpactBasis.values:
        raise ValidationError(
            {"impact_basis": impact_message(impact.ImpactError(impact.ImpactErrorCode.UNKNOWN_BASIS, "basis"))}
        )
    for name, value in values.items():
        setattr(current, name, value)  # on the locked copy: an error below saves nothing
    mapping = current.impact_mapping()
    if mapping is not None:
        errors: dict[str, list[str]] = {}
        for error in impact.check_mapping(mapping):
            errors.setdefault(IMPACT_FIELD_OF.get(error.field, "impact_item"), []).append(impact_message(error))
        if errors:
            raise ValidationError(errors)
    current.full_clean()
    current.save()
    after = snapshot(current, IMPACT_FIELDS)
    if before != after:
        _audit(actor, current.case, current, AuditAction.UPDATE, before, after, current.name)
        _touch(current.case)
    return current


@dataclass(frozen=True)
class KpiImpact:
    """A mapped KPI's figures, or why there are none: ``pending`` (volume or years not given
    yet) or another error."""

    mapping: impact.KpiMapping
    result: impact.Impact | None
    error: impact.ImpactError | None = None

    @property
    def pending(self) -> bool:
        return self.error is not None and self.error.code in {
            impact.ImpactErrorCode.VOLUME_REQUIRED,
            impact.ImpactErrorCode.YEARS_REQUIRED,
        }


def kpi_impact(kpi: Kpi) -> KpiImpact | None:
    """The impact of all the KPI's measurements under its mapping; None without a mapping."""
    mapping = kpi.impact_mapping()
    if mapping is None:
        return None
    values = [m.value for m in kpi.measurements.all()]
    try:
        result = impact.calculate_mapped(mapping, values, ref=f"{kpi.case_id}:{kpi.kpi_id}")
    except impact.ImpactError as exc:
        return KpiImpact(mapping, None, exc)
    return KpiImpact(mapping, result)


def suggested_kpis(case: Case, language: str) -> list[dict[str, str]]:
    """KPIs from the follow-up fields of the case's criteria that the case does not track yet."""
    library = load_library()
    tracked = set(case.kpis.values_list("kpi_id", flat=True))
    out = []
    for pinned in case.criteria.all():
        try:
            c = library.get(pinned.criterion_id)
        except KeyError:
            continue
        if c.kpi.id not in tracked:
            tracked.add(c.kpi.id)
            out.append(
                {
                    "criterion_id": c.id,
                    "kpi_id": c.kpi.id,
                    "name": c.kpi.name.get(language),
                    "unit": c.kpi.unit.get(language),
                    "follow_up": c.follow_up.get(language),
                }
            )
    return out


def _check_evidence(upload: UploadedFile[Any]) -> str:
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(
            _("Evidence must be a PDF, PNG, JPEG, XLSX, DOCX, CSV or text file; %(name)s is not.") % {"name": name}
        )
    if (upload.size or 0) > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("Evidence files may be at most 10 MB."))
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(EVIDENCE_TYPES[suffix]):
        raise ValidationError(_("The contents of %(name)s do not match its file type.") % {"name": name})
    return name


@transaction.atomic
def add_measurement(
    actor: Any, kpi: Kpi, data: Mapping[str, Any], evidence: UploadedFile[Any] | None = None
) -> Measurement:
    _require_edit(actor, kpi.case)
    m = Measurement(kpi=kpi, date=data["date"], value=data["value"], note=data.get("note", ""), recorded_by=actor)
    if evidence is not None:
        m.evidence_name = _check_evidence(evidence)
        m.evidence = evidence
    m.full_clean()
    m.save()
    _audit(
        actor, kpi.case, m, AuditAction.CREATE, None, snapshot(m, ["date", "value", "note", "evidence_name"]), kpi.name
    )
    _touch(kpi.case)
    return m


LESSON_FIELDS = ["what_worked", "barriers", "success_factors", "tools_helped", "recommend"]


@transaction.atomic
def save_lesson(actor: Any, case: Case, data: Mapping[str, Any]) -> Lesson:
    _require_edit(actor, case)
    lesson, created = Lesson.objects.get_or_create(case=case)
    before = None if created else snapshot(lesson, LESSON_FIELDS)
    for key in LESSON_FIELDS:
        if key in data:
            setattr(lesson, key, data[key])
    lesson.full_clean()
    lesson.save()
    _audit(
        actor,
        case,
        lesson,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        before,
        snapshot(lesson, LESSON_FIELDS),
        "lesson",
    )
    _touch(case)
    return lesson


@transaction.atomic
def set_round_target(actor: Any, round_: Round, target: int) -> Round:
    if not access.is_programme(actor):
        raise PermissionDenied(_("Only the programme team may change round targets."))
    before = snapshot(round_, ["target"])
    round_.target = target
    round_.full_clean()
    round_.save()
    _audit(actor, None, round_, AuditAction.UPDATE, before, snapshot(round_, ["target"]), round_.name)
    return round_


audit = _audit  # for the other apps that write audited data (evaluations)
