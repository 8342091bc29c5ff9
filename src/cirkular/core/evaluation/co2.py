"""Priced CO2 and environmental cost added to (or, for the ladder, taken from) the price.

- CO2e priced: ``+ CO2e [kg] × price per kg``.
- CO2 performance ladder: ``− price × discount(level)``, the discount from a version's table
  (:mod:`cirkular.core.evaluation.ladder`) or the buyer's own.
- MKI-W (Rijkswaterstaat, standard since May 2024): ``+ MKI × valuation factor``, no bounds.

Each amount is rounded to öre on its own, like every amount of money in an evaluation.
"""

from __future__ import annotations

from decimal import Decimal

from cirkular.core.evaluation.messages import Code, Message
from cirkular.core.evaluation.model import CO2_FIELD, HUNDRED, LADDER_FIELD, MKI_FIELD, Co2Settings, Tender, money
from cirkular.core.evaluation.results import Line, Unit


def ladder_percent(settings: Co2Settings, tender: Tender) -> Decimal:
    if settings.ladder is None:
        return Decimal(0)
    level = int(tender.number(LADDER_FIELD))
    return settings.ladder.discounts.get(level, Decimal(0))


def co2_lines(settings: Co2Settings, tender: Tender, price_total: Decimal) -> tuple[Line, ...]:
    """The environmental lines of one tender; ``price_total`` is what the ladder discount applies to."""
    lines = []
    if settings.price_per_kg is not None:
        kg = tender.number(CO2_FIELD)
        amount = money(kg * settings.price_per_kg)
        message = Message(Code.CO2_PRICED, {"co2e_kg": kg, "price_per_kg": settings.price_per_kg, "amount": amount})
        lines.append(Line("co2", amount, Unit.SEK, message))
    if settings.ladder is not None:
        level = int(tender.number(LADDER_FIELD))
        percent = ladder_percent(settings, tender)
        amount = -money(price_total * percent / HUNDRED)
        message = Message(
            Code.LADDER_DISCOUNT,
            {
                "version": settings.ladder.version,
                "level": level,
                "percent": percent,
                "price": price_total,
                "amount": amount,
            },
        )
        lines.append(Line("ladder", amount, Unit.SEK, message))
    if settings.mki_factor is not None:
        mki = tender.number(MKI_FIELD)
        amount = money(mki * settings.mki_factor)
        message = Message(Code.MKI_W, {"mki": mki, "factor": settings.mki_factor, "amount": amount})
        lines.append(Line("mki", amount, Unit.SEK, message))
    return tuple(lines)
