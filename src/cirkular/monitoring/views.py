"""Market monitoring pages over the notice store (DuckDB over Parquet), read-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cirkular.core.notices.stats import Filters, peers, stats
from cirkular.core.notices.store import default_store
from cirkular.reports.charts import Series, bar_chart, line_chart
from cirkular.reports.numbers import numbers


class MonitoringForm(forms.Form):
    country = forms.RegexField(
        label=gettext_lazy("Country"),
        regex=r"^[A-Za-z]{2,3}$",
        required=False,
        help_text=gettext_lazy("For example SE"),
    )
    cpv = forms.RegexField(
        label=gettext_lazy("CPV code or its first digits"),
        regex=r"^\d{2,8}(-\d)?$",
        required=False,
        help_text=gettext_lazy("For example 39 or 39130000"),
    )


def peers_for(cpv_codes: list[str], limit: int = 5) -> list[Any] | None:
    """Notices with circular markers for these CPV codes; None when no notices are loaded."""
    store = default_store()
    if not cpv_codes or not store.exists():
        return None
    try:
        return peers(store, cpv_codes, limit=limit)
    except FileNotFoundError:
        return None


def _month_start(key: str) -> dt.date:
    """The first day of a month key as the figures give it (``2024-03``)."""
    year, month = key.split("-")
    return dt.date(int(year), int(month), 1)


def monitoring(request: HttpRequest) -> HttpResponse:
    form = MonitoringForm(request.GET or None)
    store = default_store()
    context: dict[str, Any] = {"form": form, "store": store}
    filters = Filters()
    if form.is_bound and form.is_valid():
        filters = Filters(country=(form.cleaned_data["country"] or None), cpv=(form.cleaned_data["cpv"] or None))
    if form.is_bound and not form.is_valid():
        return render(request, "monitoring/index.html", context)
    try:
        figures = stats(store, filters)
    except FileNotFoundError:
        context["missing"] = True
        return render(request, "monitoring/index.html", context)
    lang = get_language() or "sv"
    # Months on a time axis (spaced by time, a few labelled ticks); undated notices ("?")
    # have no place there and are only in the table below it.
    by_month = figures.by.get("month", [])
    months = [(_month_start(r.key), r) for r in by_month if r.key != "?"]
    divisions = figures.by.get("cpv_division", [])
    if months:
        context["time_chart"] = line_chart(
            [start for start, _row in months],
            [
                Series(_("circular"), tuple(round(100 * r.circular_share, 1) for _start, r in months)),
                Series(_("green"), tuple(round(100 * r.green_share, 1) for _start, r in months)),
            ],
            title=_("Share of procurements with circular or green markers, per month"),
            language=lang,
            unit="%",
            date_format="MMMM y",
            gap_days=31,  # months without procedures are a gap, not a slope
        )
    if divisions:
        context["cpv_chart"] = bar_chart(
            [r.key for r in divisions],
            [round(100 * r.circular_share, 1) for r in divisions],
            title=_("Share of procurements with circular markers, per CPV division"),
            language=lang,
            unit="%",
        )
    context["figures"] = figures
    named = numbers(lang)
    context["months"] = [(named.date(start, "MMMM y"), r) for start, r in months] + [
        (_("no date"), r) for r in by_month if r.key == "?"
    ]
    context["divisions"] = divisions
    context["countries"] = figures.by.get("country", [])
    if filters.cpv:
        context["peers"] = peers(store, [filters.cpv], country=filters.country, limit=30)
    return render(request, "monitoring/index.html", context)
