"""What an evaluation returns: per tender the breakdown, the comparison value and the rank."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from cirkular.core.evaluation.messages import Message
from cirkular.core.evaluation.model import Method


class Unit(StrEnum):
    POINTS = "points"
    SEK = "sek"


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Comparison(StrEnum):
    """What the comparison value is, so that a report can name it."""

    PRICE = "price"
    TOTAL_POINTS = "total_points"
    COMPARISON_PRICE = "comparison_price"
    QUOTIENT = "quotient"
    LCC = "lcc"
    PRICED_COST = "priced_cost"


@dataclass(frozen=True)
class Line:
    """One line of a tender's breakdown: a criterion or cost item, in points or SEK."""

    item: str
    value: Decimal
    unit: Unit
    message: Message

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "value": str(self.value), "unit": self.unit.value, "message": self.message.to_dict()}


@dataclass(frozen=True)
class TenderResult:
    id: str
    name: str
    price: Decimal
    lines: tuple[Line, ...]
    comparison: Decimal
    # the first tie-break: the part of the result that is not price (higher is better), if the method has one
    quality: Decimal | None
    rank: int
    messages: tuple[Message, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "id": self.id,
            "name": self.name,
            "price": str(self.price),
            "comparison": str(self.comparison),
            "quality": None if self.quality is None else str(self.quality),
            "lines": [line.to_dict() for line in self.lines],
            "messages": [m.to_dict() for m in self.messages],
        }


@dataclass(frozen=True)
class EvaluationResult:
    method: Method
    comparison: Comparison
    better: Better
    tenders: tuple[TenderResult, ...]  # in rank order
    messages: tuple[Message, ...] = ()

    @property
    def winner(self) -> str | None:
        """The tender ranked first, or None when lots must be drawn between tenders sharing first place."""
        first = [t for t in self.tenders if t.rank == 1]
        return first[0].id if len(first) == 1 else None

    @property
    def ranking(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tenders)

    def tender(self, tender_id: str) -> TenderResult:
        for t in self.tenders:
            if t.id == tender_id:
                return t
        raise KeyError(tender_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method.value,
            "comparison": self.comparison.value,
            "better": self.better.value,
            "winner": self.winner,
            "tenders": [t.to_dict() for t in self.tenders],
            "messages": [m.to_dict() for m in self.messages],
        }
