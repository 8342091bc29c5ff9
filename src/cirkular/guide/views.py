"""Pages that present the Swedish model: read-only views over the content."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cirkular.core.model import load_model


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/home.html", {"model": load_model()})


def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/overview.html", {"model": load_model()})


def step(request: HttpRequest, step_id: str) -> HttpResponse:
    model = load_model()
    try:
        current = model.step(step_id)
    except KeyError as exc:
        raise Http404(step_id) from exc
    previous, following = model.neighbours(step_id)
    context = {
        "model": model,
        "step": current,
        "phase": model.phase(current.phase_id),
        "tools": [model.tool(t) for t in current.tool_ids],
        "previous": previous,
        "next": following,
    }
    return render(request, "guide/step.html", context)


def malkarta(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/malkarta.html", {"model": load_model()})


def rladder(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/rladder.html", {"model": load_model()})


def business_models(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/business_models.html", {"model": load_model()})


def tools(request: HttpRequest) -> HttpResponse:
    model = load_model()
    rows = [(tool, model.steps_using(tool.id)) for tool in model.tools]
    return render(request, "guide/tools.html", {"model": model, "rows": rows})
