"""Exports of a criteria basket: the tender annex (DOCX, PDF), a spreadsheet for
e-procurement systems (XLSX), the machine-readable set (JSON) and the eForms fields."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

import cirkular
from cirkular.core.criteria import (
    CriterionType,
    Level,
    ScoringKind,
    Selected,
    eforms_fields,
    order_by_type,
)
from cirkular.reports import render
from cirkular.reports.document import Document, Heading, Paragraph

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def type_label(kind: CriterionType) -> str:
    return {
        CriterionType.SELECTION: _("Selection criterion"),
        CriterionType.SPECIFICATION: _("Technical specification"),
        CriterionType.AWARD: _("Award criterion"),
        CriterionType.CONTRACT_CLAUSE: _("Contract performance clause"),
    }[kind]


def type_plural(kind: CriterionType) -> str:
    return {
        CriterionType.SELECTION: _("Selection criteria"),
        CriterionType.SPECIFICATION: _("Technical specifications"),
        CriterionType.AWARD: _("Award criteria"),
        CriterionType.CONTRACT_CLAUSE: _("Contract performance clauses"),
    }[kind]


def level_label(level: Level) -> str:
    return {Level.CORE: _("Core"), Level.ADVANCED: _("Advanced"), Level.LEADING_EDGE: _("Leading edge")}[level]


def amount(value: Decimal) -> str:
    return number_format(value.normalize() if value == value.to_integral_value() else value, force_grouping=True)


def scoring_summary(item: Selected) -> str:
    """'max 10 points' or 'deduction up to 5 000 SEK' for award criteria; '' otherwise."""
    s = item.criterion.scoring
    if s is None:
        return ""
    if s.kind is ScoringKind.POINTS:
        return _("max %(points)s points") % {"points": amount(s.maximum)}
    if s.kind is ScoringKind.DEDUCTION_SEK:
        return _("price deduction up to %(amount)s SEK") % {"amount": amount(s.maximum)}
    return _("price deduction up to %(percent)s %%") % {"percent": amount(s.maximum)}


def scoring_steps(item: Selected, language: str) -> list[str]:
    s = item.criterion.scoring
    if s is None:
        return []
    unit = {ScoringKind.POINTS: _("points"), ScoringKind.DEDUCTION_SEK: _("SEK"), ScoringKind.DEDUCTION_PERCENT: "%"}[
        s.kind
    ]
    return [f"{step.when.get(language)}: {amount(step.value)} {unit}" for step in s.steps]


def annex(items: Sequence[Selected], language: str, title: str = "") -> Document:
    """The annex for the tender documents: criteria grouped by type, in tender order."""
    with translation.override(language):
        doc = Document(
            title=title or _("Circular requirements and criteria"),
            language=language,
            subtitle=_(
                "Annex to the tender documents. Each requirement is given with its id and version in the cirkular "
                "criteria library, how the tenderer shows that it is met, and how the contract is followed up."
            ),
            meta={
                _("Criteria"): str(len(items)),
                _("Created"): timezone.localdate().isoformat(),
                "cirkular": cirkular.__version__,
            },
        )
        ordered = order_by_type(items)
        for kind in CriterionType:
            group = [i for i in ordered if i.criterion.type is kind]
            if not group:
                continue
            doc.add(Heading(type_plural(kind), 1))
            for item in group:
                c = item.criterion
                doc.add(
                    Heading(f"{c.id} {c.name.get(language)}", 2, anchor=c.id),
                    Paragraph(
                        f"{type_label(c.type)} · {level_label(c.level)} · "
                        + _("version %(version)s") % {"version": c.version},
                        style="muted",
                    ),
                    Paragraph(c.render(language, item.values)),
                )
                if c.scoring:
                    doc.add(
                        Paragraph(scoring_summary(item) + ". " + "; ".join(scoring_steps(item, language)), _("Scoring"))
                    )
                doc.add(
                    Paragraph(c.verification.get(language), _("Verification")),
                    Paragraph(c.follow_up.get(language), _("Follow-up")),
                )
        return doc


def to_docx(items: Sequence[Selected], language: str) -> bytes:
    return render.to_docx(annex(items, language))


def to_pdf(items: Sequence[Selected], language: str) -> bytes:
    return render.to_pdf(annex(items, language))


def neutralise(value: str) -> str:
    """Keep a spreadsheet from reading a text as a formula (CSV/formula injection)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


XLSX_COLUMNS = ("id", "version", "type", "mandatory", "name", "text", "verification", "follow_up", "weight", "kpi")


def to_xlsx(items: Sequence[Selected], language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    with translation.override(language):
        wb = Workbook()
        ws = wb.create_sheet(_("Criteria")[:31], 0)
        for other in wb.sheetnames[1:]:
            del wb[other]
        headers = [
            _("Id"),
            _("Version"),
            _("Type"),
            _("Mandatory or scored"),
            _("Name"),
            _("Requirement text"),
            _("Verification"),
            _("Follow-up"),
            _("Weight or deduction"),
            _("KPI"),
        ]
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for item in order_by_type(items):
            c = item.criterion
            row: list[Any] = [
                c.id,
                c.version,
                type_label(c.type),
                _("Mandatory") if c.type.mandatory else _("Scored"),
                c.name.get(language),
                c.render(language, item.values),
                c.verification.get(language),
                c.follow_up.get(language),
                scoring_summary(item),
                f"{c.kpi.name.get(language)} ({c.kpi.unit.get(language)})",
            ]
            ws.append([neutralise(v) if isinstance(v, str) else v for v in row])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for letter, width in zip("ABCDEFGHIJ", (14, 8, 24, 16, 32, 70, 50, 50, 24, 30), strict=True):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = "A2"
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()


def to_json(items: Sequence[Selected]) -> dict[str, Any]:
    """The machine-readable set: ids, versions, parameters, texts in both languages, tags."""

    def dec(value: Decimal) -> int | float:
        return int(value) if value == value.to_integral_value() else float(value)

    criteria = []
    for item in order_by_type(items):
        c = item.criterion
        criteria.append(
            {
                "id": c.id,
                "version": c.version,
                "ref": c.ref,
                "group": c.group_id,
                "type": c.type.value,
                "level": c.level.value,
                "name": {"sv": c.name.sv, "en": c.name.en},
                "text": {"sv": c.render("sv", item.values), "en": c.render("en", item.values)},
                "parameters": {p.id: dec(item.values.get(p.id, p.default)) for p in c.parameters},
                "scoring": None
                if c.scoring is None
                else {
                    "kind": c.scoring.kind.value,
                    "max": dec(c.scoring.maximum),
                    "steps": [
                        {"when": {"sv": s.when.sv, "en": s.when.en}, "value": dec(s.value)} for s in c.scoring.steps
                    ],
                },
                "verification": {"sv": c.verification.sv, "en": c.verification.en},
                "follow_up": {"sv": c.follow_up.sv, "en": c.follow_up.en},
                "kpi": {"id": c.kpi.id, "name": {"sv": c.kpi.name.sv, "en": c.kpi.name.en}, "unit": c.kpi.unit.sv},
                "r_codes": list(c.r_codes),
                "strategies": list(c.strategies),
                "cpv": list(c.cpv),
                "reviewed": c.reviewed.isoformat() if c.reviewed else None,
            }
        )
    return {
        "schema": "cirkular.criteria-selection/1",
        "generator": f"cirkular {cirkular.__version__}",
        "criteria": criteria,
        "eforms": eforms_fields([i.criterion for i in items]),
    }


def to_json_bytes(items: Sequence[Selected]) -> bytes:
    return json.dumps(to_json(items), ensure_ascii=False, indent=2).encode("utf-8")
