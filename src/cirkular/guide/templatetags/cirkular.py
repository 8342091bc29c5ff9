"""Template helpers for bilingual content."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from cirkular.core.content import Text
from cirkular.core.criteria import Criterion, CriterionType, Level, ScoringKind
from cirkular.library.basket import parse_value
from cirkular.reports import criteria_export

register = template.Library()


@register.filter
def t(value: Text | None) -> str:
    """Pick the active language from a content Text (``{{ step.name|t }}``)."""
    if value is None:
        return ""
    return value.get(get_language() or "sv")


@register.filter
def type_label(value: CriterionType) -> str:
    return criteria_export.type_label(CriterionType(value))


@register.filter
def level_label(value: Level) -> str:
    return criteria_export.level_label(Level(value))


@register.filter
def scoring_unit(value: ScoringKind) -> str:
    return {
        ScoringKind.POINTS: _gettext("points"),
        ScoringKind.DEDUCTION_SEK: _gettext("SEK"),
        ScoringKind.DEDUCTION_PERCENT: "%",
    }[ScoringKind(value)]


@register.filter
def render_criterion(criterion: Criterion, values: Mapping[str, str] | None = None) -> str:
    """The criterion text in the active language, parameters filled in."""
    parsed = {k: v for k, raw in (values or {}).items() if (v := parse_value(raw)) is not None}
    return criterion.render(get_language() or "sv", parsed)


@register.filter
def localize_decimal(value: Decimal | None) -> str:
    if value is None:
        return ""
    return criteria_export.amount(value)


@register.filter
def localize_string(value: str | None) -> str:
    """A stored decimal string shown as the user types it ("2,5" in Swedish)."""
    parsed = parse_value(value or "")
    return localize_decimal(parsed) if parsed is not None else (value or "")


@register.filter
def get_item(mapping: Mapping[str, Any], key: str) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


AUDIT_OBJECTS = {
    "case": _("procurement"),
    "checklisttick": _("checklist item"),
    "stepnote": _("step notes"),
    "ambitionchoice": _("ambition"),
    "casecriterion": _("criterion"),
    "needsanalysis": _("needs analysis"),
    "dialogueentry": _("dialogue activity"),
    "kpi": _("KPI"),
    "measurement": _("measurement"),
    "lesson": _("lessons"),
    "round": _("round"),
}


@register.filter
def audit_object(object_type: str) -> str:
    """The translated name of what an audit entry is about."""
    label = AUDIT_OBJECTS.get(object_type)
    return str(label) if label is not None else object_type
