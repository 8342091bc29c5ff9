"""Every write of the library app: changes to the visitor's basket."""

from __future__ import annotations

from django.contrib.sessions.backends.base import SessionBase
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cirkular.core.criteria import CriteriaLibrary
from cirkular.library.basket import BasketEntry, entries, parse_value

SESSION_KEY = "criteria_basket"
MAX_ITEMS = 200


class BasketError(ValueError):
    """A change that cannot be made; the message is translated and safe to show."""


def get_basket(session: SessionBase) -> list[BasketEntry]:
    return entries(session.get(SESSION_KEY, []))


def _save(session: SessionBase, basket: list[BasketEntry]) -> None:
    session[SESSION_KEY] = [e.to_dict() for e in basket]


def add(session: SessionBase, library: CriteriaLibrary, criterion_id: str) -> BasketEntry:
    try:
        criterion = library.get(criterion_id)
    except KeyError:
        raise BasketError(_("There is no criterion with the id %(id)s.") % {"id": criterion_id[:40]}) from None
    basket = get_basket(session)
    if len(basket) >= MAX_ITEMS:
        raise BasketError(_("The basket is full (at most %(n)s criteria).") % {"n": MAX_ITEMS})
    entry = BasketEntry(criterion.id, criterion.version, {p.id: str(p.default) for p in criterion.parameters})
    basket.append(entry)
    _save(session, basket)
    return entry


def remove(session: SessionBase, index: int) -> None:
    basket = get_basket(session)
    if not 0 <= index < len(basket):
        raise BasketError(_("That criterion is no longer in the basket."))
    del basket[index]
    _save(session, basket)


def set_values(session: SessionBase, library: CriteriaLibrary, index: int, raw: dict[str, str]) -> list[str]:
    """Set the parameters of one entry; returns translated errors (nothing is saved if any)."""
    basket = get_basket(session)
    if not 0 <= index < len(basket):
        raise BasketError(_("That criterion is no longer in the basket."))
    entry = basket[index]
    criterion = library.get(entry.id)
    errors: list[str] = []
    values: dict[str, str] = {}
    for param in criterion.parameters:
        text = raw.get(param.id, "")
        value = parse_value(text)
        label = param.label.get(get_language() or "sv")
        if value is None:
            errors.append(_("%(label)s: enter a number.") % {"label": label})
            continue
        problem = param.check(value)
        if problem == "parameter-not-integer":
            errors.append(_("%(label)s: enter a whole number.") % {"label": label})
        elif problem == "parameter-below-minimum":
            errors.append(_("%(label)s: the lowest allowed value is %(min)s.") % {"label": label, "min": param.minimum})
        elif problem == "parameter-above-maximum":
            errors.append(
                _("%(label)s: the highest allowed value is %(max)s.") % {"label": label, "max": param.maximum}
            )
        else:
            values[param.id] = str(value)
    if errors:
        return errors
    entry.values = values
    _save(session, basket)
    return []


def clear(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)
