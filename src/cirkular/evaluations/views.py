"""Evaluation pages of a case. Reads through the access rules, writes through services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cirkular.accounts import access
from cirkular.cases.views import get_case
from cirkular.core.criteria import load_library
from cirkular.core.evaluation import EvaluationError, evaluate, parse_model
from cirkular.core.evaluation.record import dumps, verify
from cirkular.core.evaluation.sensitivity import monte_carlo, tipping_points
from cirkular.core.evaluation.xlsx import write_xlsx
from cirkular.evaluations import protocol, services
from cirkular.evaluations.models import Evaluation, EvaluationKind
from cirkular.evaluations.texts import message_text, method_text
from cirkular.reports.charts import bar_chart

MAX_UPLOAD = 5 * 1024 * 1024
WEB_DRAWS = 20_000


def _evaluation(request: HttpRequest, pk: int, eid: int, edit: bool = False) -> Evaluation:
    case = get_case(request, pk, private=True, edit=edit)
    return get_object_or_404(Evaluation.objects.select_related("case", "record"), pk=eid, case=case)


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def compute(ev: Evaluation, language: str) -> dict[str, Any]:
    """Results, sensitivity and chart for the page and the protocol; problems when it cannot run."""
    data = ev.record.record["inputs"] if ev.locked else ev.data
    try:
        model = parse_model(data)
    except EvaluationError as exc:
        return {"problems": [services.problem_text(p) for p in exc.problems]}
    result = evaluate(model)
    tipping = tipping_points(model, result)
    draws = min(model.sensitivity.draws, WEB_DRAWS)
    mc = monte_carlo(model, result, draws=draws)
    names = {t.id: t.name for t in result.tenders}
    rows = [
        {
            "t": t,
            "lines": [
                {"line": line, "text": message_text(line.message.code.value, dict(line.message.params))}
                for line in t.lines
            ],
            "notes": [message_text(m.code.value, dict(m.params)) for m in t.messages],
            "probability": round(100 * mc.probability(t.id), 1),
        }
        for t in result.tenders
    ]
    unit = "kr" if result.comparison.value != "total_points" and result.comparison.value != "quotient" else ""
    chart = bar_chart(
        [f"{t.rank}. {t.name}" for t in result.tenders],
        [t.comparison for t in result.tenders],
        title=_("Comparison value per tender"),
        language=language,
        unit=unit,
    )
    return {
        "model": model,
        "result": result,
        "rows": rows,
        "flags": [message_text(m.code.value, dict(m.params)) for m in result.messages],
        "tipping": tipping,
        "tipping_rows": [
            {
                "p": p,
                "up_winner": names.get(p.up_winner or "", p.up_winner),
                "down_winner": names.get(p.down_winner or "", p.down_winner),
            }
            for p in tipping.points
        ],
        "mc": mc,
        "chart": chart,
        "chart_svg": chart.inline_svg("evaluation-chart"),
        "winner": names.get(result.winner or ""),
    }


def evaluation_list(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, private=True)
    editable = access.can_edit(request.user, case)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        kind = request.POST.get("kind", EvaluationKind.TENDERS)
        if kind not in EvaluationKind.values:
            raise Http404
        ev = services.create(request.user, case, kind, get_language() or "sv")
        messages.success(request, _("The evaluation model was built from the procurement's award criteria."))
        return redirect("evaluations:detail", pk=case.pk, eid=ev.pk)
    evaluations = case.evaluations.select_related("record")
    return render(
        request,
        "evaluations/list.html",
        {"case": case, "evaluations": evaluations, "editable": editable, "private": True},
    )


def step_labels(criteria: list[dict[str, Any]], language: str) -> None:
    """Give the steps of library criteria their text ("at least 50 % reused"), for forms and tables."""
    library = load_library()
    for c in criteria:
        try:
            source = library.get(c["id"])
        except KeyError:
            continue
        if source.scoring is None:
            continue
        for i, step in enumerate(c.get("steps", [])):
            if step.get("id") == f"s{i + 1}" and i < len(source.scoring.steps):
                step["label"] = source.scoring.steps[i].when.get(language)


def evaluation_detail(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    ev = _evaluation(request, pk, eid)
    lang = get_language() or "sv"
    criteria = [dict(c, steps=[dict(s) for s in c.get("steps", [])]) for c in ev.data.get("criteria", [])]
    step_labels(criteria, lang)
    context = {
        "case": ev.case,
        "ev": ev,
        "editable": access.can_edit(request.user, ev.case) and not ev.locked,
        "can_correct": access.can_edit(request.user, ev.case) and ev.locked and not hasattr(ev, "superseded_by"),
        "criteria": criteria,
        "value_criteria": [c for c in criteria if c.get("kind") != "price"],
        "tenders": ev.data.get("tenders", []),
        "method_label": method_text(ev.data.get("method", "")),
        "private": True,
        **compute(ev, lang),
    }
    if ev.locked:
        context["verification"] = verify(ev.record.record)
    return render(request, "evaluations/detail.html", context)


@require_POST
@login_required
def evaluation_action(request: HttpRequest, pk: int, eid: int, action: str) -> HttpResponseBase:
    ev = _evaluation(request, pk, eid, edit=True)
    try:
        if action == "tender":
            values = {
                c["id"]: request.POST.get(f"value_{c['id']}", "")
                for c in ev.data.get("criteria", [])
                if c.get("kind") != "price"
            }
            services.add_tender(request.user, ev, request.POST.get("name", ""), request.POST.get("price", ""), values)
            messages.success(request, _("The tender was added."))
        elif action == "remove":
            services.remove_tender(request.user, ev, request.POST.get("tender", ""))
        elif action == "weights":
            weights = {
                c["id"]: request.POST.get(f"weight_{c['id']}", "") for c in ev.data.get("criteria", []) if "weight" in c
            }
            services.set_weights(request.user, ev, weights)
            messages.success(request, _("The weights were saved."))
        elif action == "upload":
            upload = request.FILES.get("file")
            if upload is None or not (upload.name or "").lower().endswith(".xlsx"):
                raise ValidationError(_("Choose the filled-in XLSX template."))
            if (upload.size or 0) > MAX_UPLOAD:
                raise ValidationError(_("The file is larger than 5 MB."))
            services.import_xlsx(request.user, ev, upload.read())
            messages.success(request, _("The tenders were read from the file."))
        elif action == "lock":
            record = services.lock(request.user, ev)
            messages.success(request, _("The evaluation is locked. SHA-256: %(hash)s") % {"hash": record.sha256})
        elif action == "correct":
            new = services.correct(request.user, ev)
            messages.success(request, _("A corrected version was started; the locked one is kept."))
            return redirect("evaluations:detail", pk=ev.case.pk, eid=new.pk)
        else:
            raise Http404(action)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("evaluations:detail", pk=ev.case.pk, eid=ev.pk)


def evaluation_template(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    ev = _evaluation(request, pk, eid)
    response = HttpResponse(
        write_xlsx(ev.data), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="anbud-{ev.case.pk}-{ev.number}.xlsx"'
    return response


def evaluation_protocol(request: HttpRequest, pk: int, eid: int, fmt: str) -> HttpResponse:
    ev = _evaluation(request, pk, eid)
    lang = get_language() or "sv"
    results = compute(ev, lang)
    if "problems" in results:
        raise Http404(_("The evaluation cannot be computed yet."))
    if fmt == "pdf":
        body, content_type = protocol.to_pdf(ev, results, lang), "application/pdf"
    elif fmt == "docx":
        body, content_type = (
            protocol.to_docx(ev, results, lang),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    elif fmt == "json" and ev.locked:
        body, content_type = dumps(ev.record.record).encode(), "application/json"
    else:
        raise Http404(fmt)
    response = HttpResponse(body, content_type=content_type)
    stem = _("evaluation-protocol")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{ev.case.pk}-v{ev.number}.{fmt}"'
    return response
