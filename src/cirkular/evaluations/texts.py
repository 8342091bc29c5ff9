"""Sentences for the message and problem codes of cirkular.core.evaluation, in the active language."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "price": _("Tender price %(price)s SEK."),
    "price-points-relative": _("Price points: max × lowest price / tender price."),
    "price-points-interpolation": _(
        "Price points by linear interpolation between the lowest price and the ceiling %(ceiling)s SEK."
    ),
    "price-above-ceiling": _("The price %(price)s SEK is above the ceiling %(ceiling)s SEK and gets no price points."),
    "price-below-floor": _(
        "The price %(price)s SEK is below the floor %(floor)s SEK; cuts below the floor do not count."
    ),
    "quality-points": _("Quality points."),
    "deduction-sek": _("Deduction in SEK for what is offered."),
    "deduction-percent": _("Deduction in percent of the price for what is offered."),
    "surcharge-sek": _("Surcharge in SEK for what is not offered."),
    "surcharge-percent": _("Surcharge in percent of the price for what is not offered."),
    "quotient": _("Quality value divided by price."),
    "lcc-investment": _("Investment: %(quantity)s × %(price)s SEK."),
    "lcc-energy": _("Energy over the lifetime, discounted."),
    "lcc-maintenance": _("Maintenance over the lifetime, discounted."),
    "lcc-consumables": _("Consumables over the lifetime, discounted."),
    "lcc-end-of-life": _("End-of-life cost, discounted."),
    "lcc-residual": _("Residual or buy-back value, discounted."),
    "co2-priced": _("%(co2e_kg)s kg CO2e at %(price_per_kg)s SEK per kg."),
    "ladder-discount": _("Fictitious discount for the certified level on the CO2 performance ladder."),
    "mki-w": _("Environmental cost %(mki)s × valuation factor %(factor)s."),
    "tie-broken-by-quality": _("A tie on the comparison value was broken by the better quality result."),
    "tie-broken-by-price": _("A tie was broken by the lower price."),
    "tie-lot-drawing": _("Tenders %(tenders)s share rank %(rank)s: the documented rule ends in drawing lots."),
    "rank-reversal": _(
        "Relative price scoring: the order of two tenders flips when another tender is left out. Check the price model."
    ),
    "hfd-2022-41-price-floor": _(
        "The price model has a floor below which price cuts do not count. HFD 2022 ref. 41 found such a model unlawful."
    ),
    "ceiling-not-above-lowest": _("The price ceiling is not above the lowest price."),
    "comparison-negative": _("The comparison value is negative (%(comparison)s): the deductions exceed the price."),
    "tipping-none": _("No tipping points for this method."),
    "winner-undetermined": _("The winner is not determined (shared first place)."),
}

METHODS = {
    "lowest_price": _("Lowest price"),
    "weighted_score": _("Weighted score (price and quality)"),
    "value_deduction": _("Value-deduction model (mervärdesmodell)"),
    "quotient": _("Quotient (quality value per price)"),
    "lcc": _("Cost basis with life-cycle cost (LCC)"),
    "priced_co2": _("Priced CO2"),
}


def method_text(method: str) -> str:
    return str(METHODS.get(method, method))


PROBLEMS = {
    "missing-field": _("a required value is missing"),
    "not-a-number": _("not a number"),
    "not-an-integer": _("not a whole number"),
    "bad-value": _("a value that is not allowed"),
    "unknown-method": _("unknown evaluation method"),
    "no-tenders": _("there are no tenders yet"),
    "no-criteria": _("the model has no criteria"),
    "duplicate-id": _("the same id twice"),
    "price-not-positive": _("the price must be more than 0"),
    "quotient-zero-price": _("the quotient method cannot divide by a zero price"),
    "weight-negative": _("a weight is negative"),
    "weights-not-100": _("the weights do not add up to 100 %"),
    "max-not-positive": _("the maximum must be more than 0"),
    "ceiling-missing": _("the price ceiling is missing"),
    "step-out-of-range": _("a scoring step lies outside the allowed range"),
    "missing-value": _("the tender has no value for this criterion"),
    "unexpected-value": _("a value for a criterion the model does not have"),
    "score-out-of-range": _("the points are outside 0 to the maximum"),
    "unknown-step": _("not one of the criterion's scoring steps"),
    "value-negative": _("a value is negative"),
    "lcc-parameters-missing": _("the LCC parameters are missing"),
    "range-invalid": _("the range is not valid"),
}


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return number_format(value, force_grouping=True)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str):
        try:
            return number_format(Decimal(value), force_grouping=True)
        except Exception:
            return value
    return str(value)


def message_text(code: str, params: dict[str, Any]) -> str:
    template = MESSAGES.get(code)
    if template is None:
        return code
    return str(template) % defaultdict(str, {k: _shown(v) for k, v in params.items()})


def problem_message(problem: Any) -> str:
    text = str(PROBLEMS.get(problem.code.value, problem.code.value))
    where = []
    if problem.tender:
        where.append(str(_("tender %(id)s") % {"id": problem.tender}))
    if problem.criterion:
        where.append(str(_("criterion %(id)s") % {"id": problem.criterion}))
    return (", ".join(where) + ": " if where else "") + text
