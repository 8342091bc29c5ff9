"""Pages for procurement cases. Thin: read with the access rules, write through services."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cirkular.accounts import access
from cirkular.cases import services
from cirkular.cases.forms import (
    AmbitionForm,
    AttachBasketForm,
    CaseForm,
    DialogueForm,
    KpiForm,
    KpiImpactForm,
    LessonForm,
    MeasurementForm,
    NeedsForm,
    StepNoteForm,
)
from cirkular.cases.models import (
    Alternative,
    BarrierCategory,
    Case,
    CaseStatus,
    DialogueEntry,
    ImpactBasis,
    Kpi,
    Measurement,
    Round,
)
from cirkular.core import impact
from cirkular.core.criteria import Filters, load_library
from cirkular.core.model import load_model
from cirkular.library import services as basket_services
from cirkular.monitoring.views import peers_for
from cirkular.reports import case_export
from cirkular.reports.deliverables import common as deliverables_common
from cirkular.reports.numbers import numbers, plain
from cirkular.web.forms import add_validation_error


def _lang() -> str:
    return get_language() or "sv"


class LoginRequired(Exception):
    """An anonymous visitor tried to change something: send them to the log-in page."""


def get_case(request: HttpRequest, pk: int, *, private: bool = False, edit: bool = False) -> Case:
    """The case if the user may see it (404 otherwise, so nothing leaks), and edit it if asked (403)."""
    if (edit or request.method == "POST") and not request.user.is_authenticated:
        raise LoginRequired
    case = get_object_or_404(Case.objects.select_related("organisation", "round"), pk=pk)
    if not access.can_view(request.user, case) or (private and not access.can_view_private(request.user, case)):
        raise Http404
    if edit and not access.can_edit(request.user, case):
        raise PermissionDenied(_("You may not change this procurement."))
    return case


def pinned_criteria(case: Case, library: Any) -> list[dict[str, Any]]:
    """The case's pinned criteria with their library entry (None if the id left the library)."""
    out = []
    for pin in case.criteria.all():
        try:
            criterion = library.get(pin.criterion_id)
        except KeyError:
            criterion = None
        out.append({"pin": pin, "criterion": criterion})
    return out


def case_form_data(form: CaseForm) -> dict[str, Any]:
    """The case fields of a valid form, as the services take them."""
    data = {k: v for k, v in form.cleaned_data.items() if k not in {"organisation", "version", "round"}}
    data["round_id"] = form.cleaned_data["round"].pk if form.cleaned_data.get("round") else None
    return data


def error_text(form: Any) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def progress(case: Case) -> list[dict[str, Any]]:
    """Per phase and step: checklist items done, and where the case stands."""
    model = load_model()
    done = set(case.ticks.values_list("item_id", flat=True))
    current = model.step(case.current_step) if case.current_step in {s.id for s in model.steps} else model.steps[0]
    phases = []
    for phase in model.phases:
        steps = []
        for step in phase.steps:
            n = sum(1 for item in step.checklist if item.id in done)
            state = "current" if step.id == current.id else ("past" if step.number < current.number else "future")
            steps.append({"step": step, "done": n, "total": len(step.checklist), "state": state})
        phases.append({"phase": phase, "steps": steps})
    return phases


def case_list(request: HttpRequest) -> HttpResponse:
    cases = access.visible_cases(request.user).select_related("organisation", "round")
    round_year = request.GET.get("round", "")
    if round_year.isdigit():
        cases = cases.filter(round__year=int(round_year))
    own_organisations = list(access.buyer_organisations(request.user)) if request.user.is_authenticated else []
    can_create = bool(own_organisations)
    model = load_model()
    names = {s.id: s for s in model.steps}
    rows = [{"case": c, "step": names.get(c.current_step), "editable": access.can_edit(request.user, c)} for c in cases]
    context = {
        "rows": rows,
        "rounds": Round.objects.all(),
        "round": round_year,
        "can_create": can_create,
        "own_organisations": own_organisations,
    }
    return render(request, "cases/list.html", context)


@login_required
def case_create(request: HttpRequest) -> HttpResponseBase:
    organisations = access.buyer_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(_("You need to be a buyer in an organisation to start a procurement."))
    current_round = Round.objects.filter(is_current=True).first()
    form = CaseForm(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": organisations.first(), "round": current_round, "started": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = case_form_data(form)
        contacts = list(data.pop("contacts", None) or []) or [request.user]
        try:
            case = services.create_case(request.user, form.cleaned_data["organisation"], data, contacts)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("The procurement was created. Start with the first step."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/form.html", {"form": form, "case": None})


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk)
    private = access.can_view_private(request.user, case)
    library = load_library()
    model = load_model()
    pinned = pinned_criteria(case, library)
    context = {
        "case": case,
        "phases": progress(case),
        "current": model.step(case.current_step) if case.current_step in {s.id for s in model.steps} else None,
        "private": private,
        "editable": access.can_edit(request.user, case),
        "ambitions": [(a, model.strategy(a.strategy_id)) for a in case.ambitions.all()],
        "pinned": pinned,
        "timeline": case.audit.select_related("actor")[:30] if private else [],
        "group": next((g for g in library.groups if g.id == case.product_group), None),
        "lesson": getattr(case, "lesson", None),
        "peers": peers_for(list(case.cpv)),
    }
    return render(request, "cases/detail.html", context)


@login_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    case = get_case(request, pk, private=True, edit=True)
    form = CaseForm(request.POST or None, instance=case, organisations=access.buyer_organisations(request.user))
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = case_form_data(form)
        try:
            services.update_case(request.user, case, data, form.cleaned_data.get("version") or 0)
        except services.ConflictError as exc:
            conflict = exc
            data = request.POST.copy()
            data["version"] = str(Case.objects.get(pk=case.pk).version)
            form.data = data
            form.add_error(
                None,
                _(
                    "%(who)s saved this procurement while you were editing. Your text is kept below; compare it with theirs, then save again."
                )
                % {"who": exc.by},
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/form.html", {"form": form, "case": case, "conflict": conflict})


def case_step(request: HttpRequest, pk: int, step_id: str) -> HttpResponse:
    case = get_case(request, pk, private=True)
    model = load_model()
    try:
        step = model.step(step_id)
    except KeyError:
        raise Http404(step_id) from None
    editable = access.can_edit(request.user, case)
    note = case.step_notes.filter(step_id=step_id).select_related("updated_by").first()
    form = StepNoteForm(
        request.POST or None,
        initial={
            "notes": note.notes if note else "",
            "decisions": note.decisions if note else "",
            "version": note.version if note else 1,
        },
    )
    conflict = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_step_note(
                    request.user,
                    case,
                    step_id,
                    form.cleaned_data["notes"],
                    form.cleaned_data["decisions"],
                    form.cleaned_data.get("version") or 1,
                )
            except services.ConflictError as exc:
                conflict = exc
                data = request.POST.copy()
                data["version"] = str(exc.current["version"])
                form.data = data
                form.add_error(
                    None,
                    _(
                        "%(who)s saved notes for this step while you were editing. Your text is kept below; compare it with theirs, then save again."
                    )
                    % {"who": exc.by},
                )
            else:
                messages.success(request, _("The notes were saved."))
                return redirect("cases:step", pk=case.pk, step_id=step_id)
    ticks = {t.item_id: t for t in case.ticks.select_related("done_by")}
    previous, following = model.neighbours(step_id)
    context = {
        "case": case,
        "step": step,
        "phase": model.phase(step.phase_id),
        "items": [{"item": i, "tick": ticks.get(i.id)} for i in step.checklist],
        "tools": [model.tool(t) for t in step.tool_ids],
        "form": form,
        "conflict": conflict,
        "note": note,
        "editable": editable,
        "previous": previous,
        "next": following,
        "phases": progress(case),
    }
    return render(request, "cases/step.html", context)


@require_POST
@login_required
def case_tick(request: HttpRequest, pk: int, step_id: str) -> HttpResponseBase:
    case = get_case(request, pk, private=True, edit=True)
    item_id = request.POST.get("item", "")
    try:
        services.tick(request.user, case, item_id, request.POST.get("done") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("cases:step", kwargs={"pk": case.pk, "step_id": step_id}) + f"#{item_id}")


@require_POST
@login_required
def case_set_step(request: HttpRequest, pk: int, step_id: str) -> HttpResponseBase:
    case = get_case(request, pk, private=True, edit=True)
    try:
        services.set_current_step(request.user, case, step_id)
    except KeyError:
        raise Http404(step_id) from None
    messages.success(request, _("This is now the current step."))
    return redirect("cases:step", pk=case.pk, step_id=step_id)


def case_ambitions(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk)
    editable = access.can_edit(request.user, case)
    form = AmbitionForm(request.POST or None)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.set_ambition(
                    request.user,
                    case,
                    form.cleaned_data["strategy"],
                    form.cleaned_data["priority"],
                    form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("The ambition was saved."))
                return redirect("cases:ambitions", pk=case.pk)
    model = load_model()
    library = load_library()
    chosen = list(case.ambitions.all())
    pinned = pinned_criteria(case, library)
    pinned_ids = {p["pin"].criterion_id for p in pinned}
    suggestions: dict[str, Any] = {}
    for a in chosen:
        for hit in library.search(filters=Filters(group=case.product_group, strategy=a.strategy_id)):
            suggestions.setdefault(hit.criterion.id, hit.criterion)
    context = {
        "case": case,
        "form": form,
        "editable": editable,
        "chosen": [(a, model.strategy(a.strategy_id)) for a in chosen],
        "goals": model.goals,
        "suggested": [c for c in suggestions.values() if c.id not in pinned_ids],
        "pinned": pinned,
    }
    return render(request, "cases/ambitions.html", context)


@require_POST
@login_required
def case_ambition_remove(request: HttpRequest, pk: int, strategy_id: str) -> HttpResponseBase:
    case = get_case(request, pk, edit=True)
    services.remove_ambition(request.user, case, strategy_id)
    return redirect("cases:ambitions", pk=case.pk)


@require_POST
@login_required
def case_criterion_add(request: HttpRequest, pk: int) -> HttpResponseBase:
    case = get_case(request, pk, edit=True)
    try:
        services.add_criterion(request.user, case, request.POST.get("criterion", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:ambitions", pk=case.pk)


@require_POST
@login_required
def case_criterion_remove(request: HttpRequest, pk: int, criterion_id: str) -> HttpResponseBase:
    case = get_case(request, pk, edit=True)
    services.remove_criterion(request.user, case, criterion_id)
    return redirect("cases:ambitions", pk=case.pk)


@require_POST
@login_required
def attach_basket(request: HttpRequest) -> HttpResponseBase:
    """Pin every criterion of the visitor's basket to one of their cases."""
    form = AttachBasketForm(request.POST)
    case_field = form.fields["case"]
    case_field.queryset = Case.objects.filter(organisation__in=access.buyer_organisations(request.user))  # type: ignore[attr-defined]
    if not form.is_valid():
        messages.error(request, _("Choose one of your procurements."))
        return redirect("library:basket")
    case = form.cleaned_data["case"]
    entries = basket_services.get_basket(request.session)
    for entry in entries:
        try:
            services.add_criterion(request.user, case, entry.id, entry.values)
        except ValidationError:
            continue
    messages.success(request, _("%(n)s criteria were added to %(case)s.") % {"n": len(entries), "case": case.title})
    return redirect("cases:ambitions", pk=case.pk)


def case_needs(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, private=True)
    editable = access.can_edit(request.user, case)
    needs = getattr(case, "needs", None)
    initial: dict[str, Any] = {}
    if needs:
        initial = {"need": needs.need, "chosen": needs.chosen, "reason": needs.reason}
        initial.update({f"alt_{k}": v for k, v in needs.alternatives.items()})
    form = NeedsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            services.save_needs(
                request.user,
                case,
                {
                    "need": form.cleaned_data["need"],
                    "alternatives": form.alternatives(),
                    "chosen": form.cleaned_data["chosen"],
                    "reason": form.cleaned_data["reason"],
                },
            )
            messages.success(request, _("The needs analysis was saved."))
            return redirect("cases:needs", pk=case.pk)
    return render(
        request, "cases/needs.html", {"case": case, "form": form, "editable": editable, "alternatives": Alternative}
    )


def case_dialogue(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, private=True)
    editable = access.can_edit(request.user, case)
    form = DialogueForm(request.POST or None)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            services.add_dialogue(request.user, case, form.cleaned_data)
            messages.success(request, _("The dialogue activity was added."))
            return redirect("cases:dialogue", pk=case.pk)
    return render(
        request,
        "cases/dialogue.html",
        {"case": case, "form": form, "editable": editable, "entries": case.dialogue.all()},
    )


@require_POST
@login_required
def case_dialogue_delete(request: HttpRequest, pk: int, entry_id: int) -> HttpResponseBase:
    case = get_case(request, pk, private=True, edit=True)
    entry = get_object_or_404(DialogueEntry, pk=entry_id, case=case)
    services.delete_dialogue(request.user, entry)
    messages.success(request, _("The dialogue activity was deleted."))
    return redirect("cases:dialogue", pk=case.pk)


def case_dialogue_docx(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, private=True)
    body = case_export.dialogue_docx(case, list(case.dialogue.all()), _lang())
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    stem = _("dialogue-summary")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{case.pk}.docx"'
    return response


def _plain_number(value: Any) -> Any:
    """A Decimal without trailing zeros (0.500 → 0.5, 400.00 → 400); anything else as it is."""
    return plain(value) if isinstance(value, Decimal) else value


def impact_display(kpi: Kpi, language: str) -> dict[str, Any] | None:
    """The KPI's impact figures as text, or why there are none; None without a mapping."""
    found = services.kpi_impact(kpi)
    if found is None:
        return None
    fmt = numbers(language)
    factor = impact.factors().get(found.mapping.item)
    out: dict[str, Any] = {"item": factor.name.get(language) if factor else found.mapping.item}
    if found.result is None:
        out["pending" if found.pending else "problem"] = services.impact_message(found.error, kpi)  # type: ignore[arg-type]
        return out
    co2e, material = found.result.co2e_avoided, found.result.material_kept
    quantity = found.result.measurement.quantity
    out.update(
        quantity=f"{fmt.number(quantity, 1 if quantity < 10 else 0)}\u00a0"
        + deliverables_common.quantity_unit(found.result.factor.quantity_unit),
        note=deliverables_common.mapping_note(found.mapping, language),
        co2e=fmt.co2e(co2e.central),
        co2e_range=fmt.co2e_range(co2e.low, co2e.high),
        material=fmt.mass(material.central),
        material_range=fmt.mass_range(material.low, material.high),
        sources=co2e.sources,
        cost=deliverables_common.cost_difference_text(found.result.cost_difference, language),
    )
    if found.result.cost_difference is not None:
        out["cost_basis"] = _("(%(new)s new − %(circular)s circular) × %(quantity)s") % {
            "new": deliverables_common.money_text(found.mapping.new_price or Decimal(0), language),
            "circular": deliverables_common.money_text(found.mapping.circular_price or Decimal(0), language),
            "quantity": out["quantity"],
        }
    return out


def case_followup(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, private=True)
    editable = access.can_edit(request.user, case)
    lang = _lang()
    bound_impact: tuple[int, KpiImpactForm] | None = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if request.POST.get("action") == "impact":
            kpi = get_object_or_404(Kpi, pk=request.POST.get("kpi", 0), case=case)
            impact_form = KpiImpactForm(request.POST, prefix=f"i{kpi.pk}")
            if impact_form.is_valid():
                try:
                    services.set_kpi_impact(request.user, kpi, impact_form.cleaned_data)
                except ValidationError as exc:
                    add_validation_error(impact_form, exc)
                else:
                    messages.success(request, _("The impact mapping was saved."))
                    return redirect(reverse("cases:followup", kwargs={"pk": case.pk}) + f"#kpi-{kpi.pk}")
            bound_impact = (kpi.pk, impact_form)
        elif request.POST.get("action") == "kpi":
            kpi_form = KpiForm(request.POST)
            if kpi_form.is_valid():
                services.add_kpi(request.user, case, kpi_form.cleaned_data)
                messages.success(request, _("The KPI was added to the follow-up plan."))
                return redirect("cases:followup", pk=case.pk)
            messages.error(
                request,
                _("The KPI was not added: %(errors)s") % {"errors": error_text(kpi_form)},
            )
        else:
            kpi = get_object_or_404(Kpi, pk=request.POST.get("kpi", 0), case=case)
            m_form = MeasurementForm(request.POST, request.FILES)
            if m_form.is_valid():
                try:
                    services.add_measurement(request.user, kpi, m_form.cleaned_data, request.FILES.get("evidence"))
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(request, _("The measurement was recorded."))
                    return redirect("cases:followup", pk=case.pk)
            else:
                messages.error(
                    request,
                    _("The measurement was not recorded: %(errors)s") % {"errors": error_text(m_form)},
                )
    kpis = case.kpis.prefetch_related(Prefetch("measurements", queryset=Measurement.objects.order_by("date")))
    rows = []
    for kpi in kpis:
        ms = list(kpi.measurements.all())
        impact_form = (
            bound_impact[1]
            if bound_impact and bound_impact[0] == kpi.pk
            else KpiImpactForm(
                prefix=f"i{kpi.pk}",
                initial={name: _plain_number(getattr(kpi, name)) for name in services.IMPACT_FIELDS}
                | ({} if kpi.impact_basis else {"impact_basis": ImpactBasis.COUNT}),
            )
        )
        rows.append(
            {
                "kpi": kpi,
                "measurements": ms,
                "latest": ms[-1] if ms else None,
                "form": MeasurementForm(prefix=f"k{kpi.pk}", initial={"date": timezone.localdate()}),
                "impact": impact_display(kpi, lang),
                "impact_form": impact_form,
            }
        )
    suggestions = [
        KpiForm(initial={**s, "direction": "at_least", "frequency": "quarterly"})
        for s in services.suggested_kpis(case, lang)
    ]
    return render(
        request, "cases/followup.html", {"case": case, "rows": rows, "suggestions": suggestions, "editable": editable}
    )


def evidence(request: HttpRequest, pk: int, measurement_id: int) -> FileResponse:
    """Evidence files are served only here, to people who may see the case's private data."""
    case = get_case(request, pk, private=True)
    m = get_object_or_404(Measurement, pk=measurement_id, kpi__case=case)
    if not m.evidence:
        raise Http404
    return FileResponse(m.evidence.open("rb"), as_attachment=True, filename=m.evidence_name or "evidence")


def case_lesson(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, private=True)
    editable = access.can_edit(request.user, case)
    lesson = getattr(case, "lesson", None)
    initial: dict[str, Any] = {}
    if lesson:
        initial = {
            "what_worked": lesson.what_worked,
            "success_factors": lesson.success_factors,
            "tools_helped": lesson.tools_helped,
            "recommend": lesson.recommend,
        }
        initial.update({f"barrier_{k}": v for k, v in lesson.barriers.items()})
    form = LessonForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            services.save_lesson(
                request.user,
                case,
                {
                    "what_worked": form.cleaned_data["what_worked"],
                    "success_factors": form.cleaned_data["success_factors"],
                    "tools_helped": form.cleaned_data["tools_helped"],
                    "recommend": form.cleaned_data["recommend"],
                    "barriers": form.barriers(),
                },
            )
            messages.success(request, _("The lessons were saved."))
            return redirect("cases:lesson", pk=case.pk)
    return render(request, "cases/lesson.html", {"case": case, "form": form, "editable": editable})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not access.is_programme(request.user):
        raise PermissionDenied(_("The dashboard is for the programme team."))
    model = load_model()
    library = load_library()
    step_phase = {s.id: s.phase_id for s in model.steps}
    tool_ids = {t.id for t in model.tools}
    stalled_before = timezone.now() - dt.timedelta(weeks=settings.STALLED_AFTER_WEEKS)
    today = timezone.localdate()
    rounds = []
    for round_ in Round.objects.all():
        cases = list(round_.cases.select_related("organisation").prefetch_related("lesson"))
        phase_counts = Counter(step_phase.get(c.current_step, "forbereda") for c in cases)
        active = [c for c in cases if c.status == CaseStatus.ACTIVE]
        stalled = [c for c in active if c.last_activity_at and c.last_activity_at < stalled_before]
        milestones = sorted(
            (
                (d, label, c)
                for c in active
                for d, label in (
                    (c.advertised, _("advertised")),
                    (c.awarded, _("awarded")),
                    (c.contract_start, _("contract start")),
                    (c.contract_end, _("contract end")),
                )
                if d and d >= today
            ),
            key=lambda m: m[0],
        )[:10]
        groups = Counter(c.product_group for c in cases)
        barriers: Counter[str] = Counter()
        tools: Counter[str] = Counter()
        recommend: Counter[str] = Counter()
        for c in cases:
            lesson = getattr(c, "lesson", None)
            if lesson:
                barriers.update(lesson.barriers.keys())
                tools.update(lesson.tools_helped)
                if lesson.recommend:
                    recommend[lesson.recommend] += 1
        rounds.append(
            {
                "round": round_,
                "count": len(cases),
                "progress_pct": min(100, round(100 * len(cases) / round_.target)) if round_.target else 0,
                "phases": [(p, phase_counts.get(p.id, 0)) for p in model.phases],
                "status": Counter(c.get_status_display() for c in cases).most_common(),
                "stalled": stalled,
                "milestones": milestones,
                "groups": [
                    (next((g.name for g in library.groups if g.id == gid), None), n) for gid, n in groups.most_common()
                ],
                "barriers": [
                    (BarrierCategory(b).label, n) for b, n in barriers.most_common() if b in BarrierCategory.values
                ],
                "tools": [(model.tool(t).name, n) for t, n in tools.most_common() if t in tool_ids],
                "recommend": recommend,
                "lessons": sum(1 for c in cases if getattr(c, "lesson", None)),
            }
        )
    return render(request, "cases/dashboard.html", {"rounds": rounds, "weeks": settings.STALLED_AFTER_WEEKS})
