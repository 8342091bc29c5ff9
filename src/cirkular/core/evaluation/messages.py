"""Message codes with numbers: the core explains, the web layer and the renderers translate.

A :class:`Message` is a stable code plus the numbers it needs (``{"lowest": Decimal("90000"),
"price": Decimal("100000"), "max": Decimal("60"), "points": Decimal("54.00")}``). The codes are
listed in :class:`Code` so that a translation catalogue can be checked against them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

Param = str | int | Decimal | tuple[str, ...]


class Code(StrEnum):
    # one line of a tender's breakdown
    PRICE = "price"
    PRICE_POINTS_RELATIVE = "price-points-relative"
    PRICE_POINTS_INTERPOLATION = "price-points-interpolation"
    PRICE_ABOVE_CEILING = "price-above-ceiling"
    PRICE_BELOW_FLOOR = "price-below-floor"
    QUALITY_POINTS = "quality-points"
    DEDUCTION_SEK = "deduction-sek"
    DEDUCTION_PERCENT = "deduction-percent"
    SURCHARGE_SEK = "surcharge-sek"
    SURCHARGE_PERCENT = "surcharge-percent"
    QUOTIENT = "quotient"
    LCC_INVESTMENT = "lcc-investment"
    LCC_ENERGY = "lcc-energy"
    LCC_MAINTENANCE = "lcc-maintenance"
    LCC_CONSUMABLES = "lcc-consumables"
    LCC_END_OF_LIFE = "lcc-end-of-life"
    LCC_RESIDUAL = "lcc-residual"
    CO2_PRICED = "co2-priced"
    LADDER_DISCOUNT = "ladder-discount"
    MKI_W = "mki-w"
    # about the whole evaluation
    TIE_BROKEN_BY_QUALITY = "tie-broken-by-quality"
    TIE_BROKEN_BY_PRICE = "tie-broken-by-price"
    TIE_LOT_DRAWING = "tie-lot-drawing"
    RANK_REVERSAL = "rank-reversal"
    HFD_2022_41_PRICE_FLOOR = "hfd-2022-41-price-floor"
    CEILING_NOT_ABOVE_LOWEST = "ceiling-not-above-lowest"
    COMPARISON_NEGATIVE = "comparison-negative"
    # sensitivity
    TIPPING_NONE = "tipping-none"
    WINNER_UNDETERMINED = "winner-undetermined"


@dataclass(frozen=True)
class Message:
    code: Code
    params: Mapping[str, Param] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code.value, "params": {k: plain(v) for k, v in sorted(self.params.items())}}


def plain(value: Param) -> str | int | list[str]:
    """A parameter as JSON data: Decimals become strings so that no money passes through a float."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value
