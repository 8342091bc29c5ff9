"""The criteria library pages: search and filter, a criterion, the basket and its exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cirkular.accounts import access
from cirkular.cases.models import Case
from cirkular.core.cpv import load_cpv
from cirkular.core.criteria import (
    SelectionIssueKind,
    eforms_fields,
    eforms_xml,
    load_library,
    order_by_type,
    selection_issues,
)
from cirkular.core.model import load_model
from cirkular.library import services
from cirkular.library.basket import selected
from cirkular.library.forms import SearchForm
from cirkular.reports import criteria_export

EXPORTS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
    "json": ("application/json", "json"),
    "eforms": ("application/xml", "xml"),
}


def _lang() -> str:
    return get_language() or "sv"


def search(request: HttpRequest) -> HttpResponse:
    library = load_library()
    form = SearchForm(request.GET or None, library=library)
    hits = []
    if form.is_bound and form.is_valid():
        hits = library.search(form.cleaned_data.get("q", ""), form.filters())
    elif not form.is_bound:
        hits = library.search()
    basket = services.get_basket(request.session)
    basket_ids = {e.id for e in basket}
    context = {
        "form": form,
        "hits": hits,
        "library": library,
        "basket_ids": basket_ids,
        "basket_count": len(basket),
        "choice_groups": [(g, library.choices_in(g.id)) for g in library.groups],
        "model": load_model(),
    }
    template = "library/_results.html" if request.htmx else "library/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def detail(request: HttpRequest, criterion_id: str) -> HttpResponse:
    library = load_library()
    try:
        criterion = library.get(criterion_id)
    except KeyError:
        raise Http404(criterion_id) from None
    model = load_model()
    context = {
        "c": criterion,
        "group": library.group(criterion.group_id),
        "strategies": [model.strategy(s) for s in criterion.strategies],
        "r_steps": [model.r_strategy(r) for r in criterion.r_codes],
        "cpv": [load_cpv().get(code) for code in criterion.cpv],
        "in_basket": criterion.id in {e.id for e in services.get_basket(request.session)},
        "model": model,
    }
    return render(request, "library/detail.html", context)


def _back(request: HttpRequest, default: str) -> HttpResponseBase:
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(default)


@require_POST
def basket_add(request: HttpRequest) -> HttpResponseBase:
    library = load_library()
    try:
        entry = services.add(request.session, library, request.POST.get("criterion", ""))
    except services.BasketError as exc:
        messages.error(request, str(exc))
    else:
        name = library.get(entry.id).name.get(_lang())
        messages.success(request, _("%(id)s %(name)s is in the basket.") % {"id": entry.id, "name": name})
    return _back(request, "library:basket")


@require_POST
def basket_remove(request: HttpRequest, index: int) -> HttpResponseBase:
    try:
        services.remove(request.session, index)
    except services.BasketError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The criterion was removed from the basket."))
    return redirect("library:basket")


@require_POST
def basket_values(request: HttpRequest, index: int) -> HttpResponseBase:
    try:
        errors = services.set_values(request.session, load_library(), index, request.POST.dict())
    except services.BasketError as exc:
        errors = [str(exc)]
    for error in errors:
        messages.error(request, error)
    if not errors:
        messages.success(request, _("The values were saved."))
    return redirect("library:basket")


@require_POST
def basket_clear(request: HttpRequest) -> HttpResponseBase:
    services.clear(request.session)
    messages.success(request, _("The basket is empty."))
    return redirect("library:basket")


def basket(request: HttpRequest) -> HttpResponse:
    library = load_library()
    entries = services.get_basket(request.session)
    items = selected(library, entries)
    issues = selection_issues(items)
    rows: list[dict[str, Any]] = []
    for index, entry in enumerate(entries):
        try:
            criterion = library.get(entry.id)
        except KeyError:
            continue
        rows.append({"index": index, "entry": entry, "c": criterion})
    order = {item.criterion.id: n for n, item in enumerate(order_by_type(items))}
    rows.sort(key=lambda r: (order.get(r["c"].id, 0), r["index"]))
    names = {c.id: c.name.get(_lang()) for c in library.criteria}
    issue_texts = []
    for issue in issues:
        ids = ", ".join(f"{i} {names.get(i, '')}" for i in issue.criterion_ids)
        if issue.kind is SelectionIssueKind.DUPLICATE:
            issue_texts.append(_("%(ids)s is in the basket more than once.") % {"ids": ids})
        elif issue.kind is SelectionIssueKind.CONFLICTING_LEVELS:
            issue_texts.append(
                _("%(ids)s are the same requirement at different levels; keep one of them.") % {"ids": ids}
            )
        else:
            issue_texts.append(_("%(ids)s has a value that is not allowed.") % {"ids": ids})
    context = {
        "rows": rows,
        "issues": issue_texts,
        "eforms": eforms_fields([i.criterion for i in items]) if items else None,
        "my_cases": Case.objects.filter(organisation__in=access.buyer_organisations(request.user)) if items else [],
        "model": load_model(),
    }
    return render(request, "library/basket.html", context)


def basket_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in EXPORTS:
        raise Http404(fmt)
    items = selected(load_library(), services.get_basket(request.session))
    if not items:
        messages.error(request, _("The basket is empty: add criteria before exporting."))
        return redirect("library:basket")
    lang = _lang()
    content_type, ext = EXPORTS[fmt]
    if fmt == "docx":
        body = criteria_export.to_docx(items, lang)
    elif fmt == "xlsx":
        body = criteria_export.to_xlsx(items, lang)
    elif fmt == "pdf":
        body = criteria_export.to_pdf(items, lang)
    elif fmt == "eforms":
        body = eforms_xml([i.criterion for i in items])
    else:
        body = criteria_export.to_json_bytes(items)
    response = HttpResponse(body, content_type=content_type)
    name = _("circular-criteria") if fmt != "eforms" else "eforms-lot"
    response["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
    return response


def cpv_search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    codes = load_cpv().search(q, limit=50) if q.strip() else []
    return render(request, "library/cpv.html", {"q": q, "codes": codes, "model": load_model()})
