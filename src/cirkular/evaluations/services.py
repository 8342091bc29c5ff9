"""Every write of the evaluations app: build, edit, import, lock, correct. Each is audited."""

from __future__ import annotations

import copy
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cirkular.accounts import access
from cirkular.cases.models import AuditAction, Case
from cirkular.cases.services import audit
from cirkular.core.criteria import CriterionType, ScoringKind, load_library
from cirkular.core.evaluation import EvaluationError, parse_model
from cirkular.core.evaluation.record import lock as lock_record
from cirkular.core.evaluation.xlsx import XlsxError, read_xlsx
from cirkular.evaluations.models import Evaluation, EvaluationKind, EvaluationRecord

FORMAT = "cirkular-evaluation/1"
PRICE_WEIGHT = Decimal(60)


def _require_edit(actor: Any, case: Case) -> None:
    if not access.can_edit(actor, case):
        raise PermissionDenied(_("You may not change this procurement."))


def _require_open(evaluation: Evaluation) -> None:
    if evaluation.locked:
        raise ValidationError(_("This evaluation is locked. Start a corrected version to change it."))


def model_from_case(case: Case, language: str = "sv") -> dict[str, Any]:
    """An evaluation model from the case's award criteria, pinned in its basket.

    Points criteria give a weighted score with price at 60 % and the rest shared equally;
    if every award criterion is a price deduction, the value-deduction model; without award
    criteria, lowest price.
    """
    library = load_library()
    award = []
    for pin in case.criteria.all():
        try:
            c = library.get(pin.criterion_id)
        except KeyError:
            continue
        if c.type is CriterionType.AWARD and c.scoring is not None:
            award.append(c)
    data: dict[str, Any] = {"format": FORMAT, "title": case.title, "tenders": []}
    points = [c for c in award if c.scoring and c.scoring.kind is ScoringKind.POINTS]
    deductions = [c for c in award if c.scoring and c.scoring.kind is not ScoringKind.POINTS]
    if points:
        share = ((Decimal(100) - PRICE_WEIGHT) / len(points)).quantize(Decimal("0.01"))
        weights = [share] * len(points)
        weights[-1] += Decimal(100) - PRICE_WEIGHT - sum(weights)
        data["method"] = "weighted_score"
        data["criteria"] = [
            {"id": "price", "name": _("Price"), "kind": "price", "weight": str(PRICE_WEIGHT), "formula": "relative"}
        ]
        for c, w in zip(points, weights, strict=True):
            assert c.scoring is not None  # noqa: S101 - filtered above
            data["criteria"].append(
                {
                    "id": c.id,
                    "name": c.name.get(language),
                    "kind": "quality",
                    "weight": str(w),
                    "max_points": str(c.scoring.maximum),
                }
            )
    elif deductions:
        data["method"] = "value_deduction"
        data["variant"] = "deduction"
        data["criteria"] = []
        for c in deductions:
            assert c.scoring is not None  # noqa: S101 - filtered above
            unit = "sek" if c.scoring.kind is ScoringKind.DEDUCTION_SEK else "percent"
            steps = [{"id": f"s{i + 1}", "value": str(s.value)} for i, s in enumerate(c.scoring.steps)]
            data["criteria"].append(
                {"id": c.id, "name": c.name.get(language), "unit": unit, "max": str(c.scoring.maximum), "steps": steps}
            )
    else:
        data["method"] = "lowest_price"
    return data


@transaction.atomic
def create(actor: Any, case: Case, kind: str, language: str = "sv") -> Evaluation:
    _require_edit(actor, case)
    number = Evaluation.objects.filter(case=case, kind=kind).count() + 1
    ev = Evaluation.objects.create(
        case=case, kind=EvaluationKind(kind), number=number, data=model_from_case(case, language)
    )
    audit(
        actor,
        case,
        ev,
        AuditAction.CREATE,
        None,
        {"kind": kind, "number": number, "method": ev.data["method"]},
        f"{kind} v{number}",
    )
    return ev


def _save(actor: Any, ev: Evaluation, data: dict[str, Any], summary: str) -> Evaluation:
    before = {"data": ev.data}
    ev.data = data
    ev.save()
    audit(actor, ev.case, ev, AuditAction.UPDATE, before, {"data": data}, summary)
    return ev


def _decimal(raw: str, label: str) -> str:
    text = (raw or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("%(label)s: enter a number.") % {"label": label}) from None
    if not value.is_finite():
        raise ValidationError(_("%(label)s: enter a number.") % {"label": label})
    return str(value)


@transaction.atomic
def set_weights(actor: Any, ev: Evaluation, weights: dict[str, str]) -> Evaluation:
    """New weights (percent) for a weighted-score model; they must add up to 100."""
    _require_edit(actor, ev.case)
    _require_open(ev)
    data = copy.deepcopy(ev.data)
    for c in data.get("criteria", []):
        if c["id"] in weights and "weight" in c:
            c["weight"] = _decimal(weights[c["id"]], c.get("name", c["id"]))
    total = sum(Decimal(c["weight"]) for c in data.get("criteria", []) if "weight" in c)
    if data.get("method") == "weighted_score" and total != 100:
        raise ValidationError(_("The weights add up to %(total)s %%; they must add up to 100 %%.") % {"total": total})
    return _save(actor, ev, data, "weights")


@transaction.atomic
def add_tender(actor: Any, ev: Evaluation, name: str, price: str, values: dict[str, str]) -> Evaluation:
    _require_edit(actor, ev.case)
    _require_open(ev)
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the tenderer's name."))
    data = copy.deepcopy(ev.data)
    tenders = data.setdefault("tenders", [])
    used = {t["id"] for t in tenders}
    tender_id = next(f"T{i}" for i in range(1, len(tenders) + 2) if f"T{i}" not in used)
    tender: dict[str, Any] = {"id": tender_id, "name": name[:200], "price": _decimal(price, _("Price"))}
    if values:
        tender["values"] = {k: v.strip() for k, v in values.items()}
    tenders.append(tender)
    try:
        parse_model({**data, "tenders": tenders})
    except EvaluationError as exc:
        problems = [p for p in exc.problems if p.tender in (None, tender_id) and p.code.value not in {"no-tenders"}]
        if problems:
            raise ValidationError([problem_text(p) for p in problems]) from exc
    return _save(actor, ev, data, f"+ {name}")


@transaction.atomic
def remove_tender(actor: Any, ev: Evaluation, tender_id: str) -> Evaluation:
    _require_edit(actor, ev.case)
    _require_open(ev)
    data = copy.deepcopy(ev.data)
    data["tenders"] = [t for t in data.get("tenders", []) if t["id"] != tender_id]
    return _save(actor, ev, data, f"- {tender_id}")


@transaction.atomic
def import_xlsx(actor: Any, ev: Evaluation, content: bytes) -> Evaluation:
    """Replace the model and tenders with a filled-in template; nothing is saved if anything is wrong."""
    _require_edit(actor, ev.case)
    _require_open(ev)
    try:
        sheet = read_xlsx(content)
    except XlsxError as exc:
        raise ValidationError([sheet_problem_text(p.code, cell_text(p.cell), p.detail) for p in exc.problems]) from exc
    except Exception as exc:  # a file that is no workbook at all
        raise ValidationError(_("The file could not be read as an XLSX workbook.")) from exc
    data = {"format": FORMAT, **sheet.data}
    try:
        parse_model(data)
    except EvaluationError as exc:
        texts = []
        for p in exc.problems:
            cell = sheet.locate(p.path)
            texts.append(f"{cell_text(cell)}: {problem_text(p)}" if cell else problem_text(p))
        raise ValidationError(texts) from exc
    return _save(actor, ev, data, "xlsx")


@transaction.atomic
def lock(actor: Any, ev: Evaluation) -> EvaluationRecord:
    """Fastställ: store inputs and results as an immutable record with their SHA-256."""
    _require_edit(actor, ev.case)
    _require_open(ev)
    if ev.kind == EvaluationKind.SIMULATION:
        raise ValidationError(_("A simulation cannot be locked; it only tests the model."))
    model = parse_model(ev.data)
    now = timezone.now()
    record = lock_record(
        model,
        meta={
            "case": ev.case.pk,
            "evaluation": ev.pk,
            "version": ev.number,
            "locked_by": actor.username,
            "locked_at": now.isoformat(),
        },
    )
    rec = EvaluationRecord.objects.create(
        evaluation=ev, record=record, sha256=record["sha256"], locked_by=actor, locked_at=now
    )
    audit(
        actor,
        ev.case,
        rec,
        AuditAction.CREATE,
        None,
        {"sha256": rec.sha256, "version": ev.number},
        f"locked v{ev.number}",
    )
    return rec


@transaction.atomic
def correct(actor: Any, ev: Evaluation) -> Evaluation:
    """A corrected evaluation is a new version; the locked one stays as it was."""
    _require_edit(actor, ev.case)
    if not ev.locked:
        raise ValidationError(_("Only a locked evaluation needs a corrected version."))
    if hasattr(ev, "superseded_by"):
        raise ValidationError(_("This evaluation already has a corrected version."))
    number = Evaluation.objects.filter(case=ev.case, kind=ev.kind).count() + 1
    new = Evaluation.objects.create(
        case=ev.case, kind=ev.kind, number=number, supersedes=ev, data=copy.deepcopy(ev.data)
    )
    audit(
        actor,
        ev.case,
        new,
        AuditAction.CREATE,
        None,
        {"supersedes": ev.number, "number": number},
        f"v{number} corrects v{ev.number}",
    )
    return new


# --- texts for problems (the core gives codes; the web layer translates) --------------------


def cell_text(cell: Any) -> str:
    parts = [_("sheet %(sheet)s") % {"sheet": cell.sheet}]
    if cell.row is not None:
        parts.append(_("row %(row)s") % {"row": cell.row})
    if cell.column is not None:
        parts.append(_("column %(column)s") % {"column": cell.column})
    return ", ".join(parts)


def sheet_problem_text(code: str, where: str, detail: str) -> str:
    texts = {
        "not-a-workbook": _("The file could not be read as an XLSX workbook."),
        "missing-sheet": _("the sheet is missing"),
        "missing-column": _("a column is missing"),
        "duplicate-column": _("the same column twice"),
        "unknown-column": _("unknown column"),
        "unknown-setting": _("unknown setting"),
        "bad-range": _("the range is not valid"),
        "bad-steps": _("the scoring steps are not valid"),
        "bad-ladder-discounts": _("the ladder discounts are not valid"),
    }
    text = str(texts.get(code, code))
    if code == "not-a-workbook":
        return text
    return f"{where}: {text}" + (f" ({detail})" if detail else "")


def problem_text(problem: Any) -> str:
    from cirkular.evaluations.texts import problem_message

    return problem_message(problem)
