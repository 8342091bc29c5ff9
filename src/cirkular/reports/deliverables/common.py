"""What every deliverable reads from the database: the cases of a round with everything
recorded on them, counted and labelled in the document's language.

All interface sentences go through Django's gettext (English msgids); content texts come from
the model and the criteria library as ``Text`` pairs. Ordering is always explicit so that the
same data gives the same text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cirkular.accounts.models import Organisation
from cirkular.cases.models import BarrierCategory, Case, CaseStatus, Lesson, Round
from cirkular.cases.services import kpi_impact
from cirkular.core import impact
from cirkular.core.criteria import CriteriaLibrary, Criterion, load_library
from cirkular.core.model import Model, load_model
from cirkular.reports.document import KeyFigure, Reference, Table
from cirkular.reports.numbers import numbers, to_decimal

# The four groups policy input uses, and the recorded barrier categories in each.
POLICY_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("legal", (BarrierCategory.LEGAL,)),
    ("market", (BarrierCategory.MARKET,)),
    ("organisational", (BarrierCategory.ORGANISATION, BarrierCategory.COMPETENCE, BarrierCategory.TIME)),
    ("financial", (BarrierCategory.COST,)),
)

# Recorded answers saying that a category was no barrier ("Inga juridiska hinder.").
NOT_A_BARRIER = re.compile(
    r"^\s*(inga|inget|ingen|no|none)\b|inget hinder|inte något hinder|no barrier|not a barrier|"
    r"men det gjorde de inte|but it did not",
    re.IGNORECASE,
)


def is_barrier(text: str) -> bool:
    return bool(text.strip()) and not NOT_A_BARRIER.search(text)


def barrier_label(category: str) -> str:
    labels = {
        "legal": _("Legal"),
        "market": _("Market"),
        "organisation": _("Internal organisation"),
        "cost": _("Cost"),
        "competence": _("Competence"),
        "time": _("Time"),
    }
    return labels.get(category, category)


def policy_label(group: str) -> str:
    labels = {
        "legal": _("Legal"),
        "market": _("Market"),
        "organisational": _("Organisational"),
        "financial": _("Financial"),
    }
    return labels[group]


@cache
def model() -> Model:
    return load_model()


@cache
def library() -> CriteriaLibrary:
    return load_library()


def group_name(group_id: str, language: str) -> str:
    try:
        return library().group(group_id).name.get(language)
    except KeyError:
        return group_id


def step_name(step_id: str, language: str) -> str:
    try:
        return model().step(step_id).name.get(language)
    except KeyError:
        return step_id


def tool_name(tool_id: str, language: str) -> str:
    try:
        return model().tool(tool_id).name.get(language)
    except KeyError:
        return tool_id


def criterion(criterion_id: str) -> Criterion | None:
    try:
        return library().get(criterion_id)
    except KeyError:
        return None


def figure(value: Decimal | int | float, language: str, digits: int = 2) -> str:
    """A recorded value (a KPI target, a measurement) as the language writes it, with no
    decimals when it is whole ("70", "1 250") and otherwise the decimals it has, at most
    ``digits`` ("0,8", "1,25")."""
    exact = to_decimal(value)
    if exact == exact.to_integral_value():
        return numbers(language).number(exact)
    exponent = exact.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else digits
    return numbers(language).number(exact, min(digits, max(places, 0)))


def listing(items: Iterable[str]) -> str:
    return ", ".join(items) or "–"


@dataclass
class CaseImpact:
    kpi: str
    item: str
    quantity: Decimal
    result: impact.Impact
    note: str = ""


@dataclass
class CaseData:
    case: Case
    org_kind: str
    group: str
    step: str
    step_number: int
    status: str
    criteria: list[str]
    tools_helped: list[str]
    lesson: Lesson | None
    barriers: dict[str, str]
    cleared: dict[str, str]  # categories the buyer said were no barrier
    impacts: list[CaseImpact] = field(default_factory=list)

    @property
    def reached_procurement(self) -> bool:
        return self.step_number >= 4


def rounds() -> list[Round]:
    return list(Round.objects.order_by("year"))


def get_round(year: int) -> Round:
    return Round.objects.get(year=year)


def earlier_round(year: int) -> Round | None:
    return Round.objects.filter(year__lt=year).order_by("-year").first()


def quantity_unit(unit: impact.Per) -> str:
    """The unit a factor item is counted in, as a reader says it."""
    return {impact.Per.KG: "kg", impact.Per.M2: "m²"}.get(unit, _("items"))


def mapping_note(mapping: impact.KpiMapping, language: str) -> str:
    """How a KPI's values became a quantity: the assumptions a reader should see."""
    unit = quantity_unit(impact.factor(mapping.item).quantity_unit)
    notes = []
    if mapping.basis is impact.QuantityBasis.SHARE and mapping.volume is not None:
        notes.append(
            _("measured shares of %(volume)s %(unit)s per period")
            % {"volume": figure(mapping.volume, language), "unit": unit}
        )
    elif mapping.per_unit is not None and mapping.per_unit != 1:
        if unit == "kg":
            notes.append(_("assumed %(weight)s kg per item") % {"weight": figure(mapping.per_unit, language, 3)})
        else:
            notes.append(
                _("%(quantity)s %(unit)s per measured unit")
                % {"quantity": figure(mapping.per_unit, language, 3), "unit": unit}
            )
    if mapping.years is not None:
        years = Decimal(mapping.years)
        notes.append(
            ngettext("%(years)s extra year of use", "%(years)s extra years of use", 1 if years == 1 else 2)
            % {"years": figure(years, language)}
        )
    return "; ".join(notes)


def money_text(value: Decimal, language: str) -> str:
    """An amount in SEK as the language writes it, with öre only when it has any."""
    return numbers(language).money(value, digits=0 if value == value.to_integral_value() else 2)


def cost_difference_text(value: Decimal | None, language: str) -> str:
    """A cost difference (new − circular) in plain words, "" when no prices were given.

    Positive means the circular choice cost less, so the money was saved."""
    if value is None:
        return ""
    amount = money_text(abs(value), language)
    if value > 0:
        return _("%(amount)s saved: the circular choice cost less than buying new") % {"amount": amount}
    if value < 0:
        return _("%(amount)s more: the circular choice cost more than buying new") % {"amount": amount}
    return _("no difference: the circular choice cost the same as buying new")


def priced_note(totals: impact.Totals) -> str:
    """How many of the measured KPIs the cost difference rests on, when not all have prices."""
    if totals.priced == totals.count:
        return ""
    return _("from %(priced)d of %(count)d measured KPIs; the others have no prices") % {
        "priced": totals.priced,
        "count": totals.count,
    }


def cost_key_figure(totals: impact.Totals, language: str) -> KeyFigure | None:
    """The summed cost difference as a key figure (None when no measured KPI has prices)."""
    if totals.cost_difference is None:
        return None
    notes = [_("new − circular price; positive means money saved"), priced_note(totals)]
    return KeyFigure(
        numbers(language).money(totals.cost_difference),
        _("cost difference"),
        "; ".join(n for n in notes if n),
    )


def case_impacts(case: Case, language: str) -> list[CaseImpact]:
    """Impact of the case's KPIs that map to an impact item (sum of all their measurements).

    The mapping is the one the buyer set on each KPI (prefilled from
    ``core.impact.DEFAULT_MAPPINGS``); pending mappings, errors and zero quantities give no line.
    """
    out = []
    for kpi in sorted(case.kpis.all(), key=lambda k: k.pk):
        found = kpi_impact(kpi)
        if found is None or found.result is None or found.result.measurement.quantity <= 0:
            continue
        result = found.result
        out.append(
            CaseImpact(
                kpi.name, result.factor.item, result.measurement.quantity, result, mapping_note(found.mapping, language)
            )
        )
    return out


def cases_of(year: int, language: str) -> list[CaseData]:
    queryset = (
        Case.objects.filter(round__year=year)
        .select_related("organisation", "round", "lesson")
        .prefetch_related("criteria", "kpis__measurements", "ambitions", "evaluations")
        .order_by("title", "pk")
    )
    out = []
    for case in queryset:
        lesson = getattr(case, "lesson", None)
        try:
            number = model().step(case.current_step).number
        except KeyError:
            number = 0
        recorded = {k: str(v) for k, v in sorted((lesson.barriers or {}).items()) if v} if lesson else {}
        out.append(
            CaseData(
                case=case,
                org_kind=case.organisation.get_kind_display(),
                group=group_name(case.product_group, language),
                step=step_name(case.current_step, language),
                step_number=number,
                status=case.get_status_display(),
                criteria=[c.criterion_id for c in case.criteria.all()],
                tools_helped=list(lesson.tools_helped) if lesson else [],
                lesson=lesson,
                barriers={k: v for k, v in recorded.items() if is_barrier(v)},
                cleared={k: v for k, v in recorded.items() if not is_barrier(v)},
                impacts=case_impacts(case, language),
            )
        )
    return out


def barrier_counts(cases: Sequence[CaseData]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for c in cases:
        counts.update(c.barriers.keys())
    return counts


def tool_counts(cases: Sequence[CaseData]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for c in cases:
        counts.update(c.tools_helped)
    return counts


def criteria_counts(cases: Sequence[CaseData]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for c in cases:
        counts.update(c.criteria)
    return counts


def ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most common first, ties in id order (so the order never depends on insertion)."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def completed(cases: Sequence[CaseData]) -> int:
    return sum(1 for c in cases if c.case.status == CaseStatus.COMPLETED)


_EXAMPLE = re.compile(r"[^.,;:!?\n]*\(exempel\)")


def anonymise(text: str, names: Sequence[str]) -> str:
    """Remove organisation names (and fictional supplier names marked "(exempel)")."""
    out = text
    for name in sorted(names, key=len, reverse=True):
        if name:
            out = out.replace(name, _("the organisation"))
    return _EXAMPLE.sub(" " + _("a supplier"), out).replace("  ", " ").strip()


def organisation_names() -> list[str]:
    names = list(Organisation.objects.values_list("name", flat=True))
    # the name without a trailing "(exempel)" too, as people write it
    return sorted({*names, *(re.sub(r"\s*\(exempel\)$", "", n) for n in names)})


def impact_totals(cases: Sequence[CaseData]) -> impact.Totals:
    return impact.total(i.result for c in cases for i in c.impacts)


def impact_table(cases: Sequence[CaseData], language: str) -> Table:
    """The impact of every measured KPI with its procurement, product, quantity, range, source
    (its number in :func:`impact_references`, listed after the table) and cost difference;
    outside Swedish the procurements' titles are marked as Swedish."""
    from cirkular.reports.deliverables.evaluation import quoting  # evaluation imports this module

    fmt = numbers(language)
    foreign = quoting(language)
    # Sources by their number in the list that follows the table (impact_references).
    numbered = {ref.text: n for n, ref in enumerate(impact_references(cases), start=1)}
    rows = []
    for c in cases:
        for i in c.impacts:
            est = i.result.co2e_avoided
            source = ", ".join(f"[{numbered[_reference_text(s)]}]" for s in est.sources) or _("assumption")
            quantity = f"{fmt.number(i.quantity)} {quantity_unit(i.result.factor.quantity_unit)}"
            if i.note:
                quantity += f" ({i.note})"
            rows.append(
                (
                    c.case.title,
                    i.result.factor.name.get(language),
                    quantity,
                    fmt.co2e(est.central),
                    fmt.co2e_range(est.low, est.high),
                    source,
                    "–" if i.result.cost_difference is None else fmt.money(i.result.cost_difference),
                )
            )
    return Table(
        (
            _("Procurement (title in Swedish)") if foreign else _("Procurement"),
            _("Product"),
            _("Quantity"),
            _("CO2e avoided"),
            _("Range"),
            _("Source"),
            _("Cost difference"),
        ),
        tuple(rows),
        _("CO2e avoided, computed from the measured KPIs with the impact factors (low–high range).")
        + " "
        + _(
            "Cost difference: (price new − price circular) × quantity; a positive figure is money saved, "
            "– means no prices were given."
        ),
        languages=(foreign,),
    )


def impact_references(cases: Sequence[CaseData]) -> list[Reference]:
    seen: dict[tuple[str, str], None] = {}
    for c in cases:
        for i in c.impacts:
            for s in i.result.co2e_avoided.sources:
                seen[(_reference_text(s), s.url)] = None
    return [Reference(t, u) for t, u in seen]


def _reference_text(source: impact.Citation) -> str:
    return f"{source.title} ({source.year})"
