"""The criteria basket as plain data: criterion refs with parameter values.

Kept in the visitor's session (no log-in needed) as a list of dicts
``{"id": "CIR-MOB-001", "version": 1, "values": {"warranty_years": "5"}}``, so that
it can later be attached to a case, pinned to id and version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from cirkular.core.criteria import CriteriaLibrary, Selected


@dataclass
class BasketEntry:
    id: str
    version: int
    values: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "values": dict(self.values)}


def entries(raw: Iterable[Any]) -> list[BasketEntry]:
    """Entries from session data, skipping anything malformed."""
    out = []
    for item in raw or ():
        if isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("version"), int):
            raw_values = item.get("values")
            values: dict[Any, Any] = raw_values if isinstance(raw_values, dict) else {}
            out.append(BasketEntry(item["id"], item["version"], {str(k): str(v) for k, v in values.items()}))
    return out


def parse_value(raw: str) -> Decimal | None:
    text = raw.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def selected(library: CriteriaLibrary, basket: Iterable[BasketEntry]) -> list[Selected]:
    """The basket's entries as core selections (unknown ids are left out)."""
    out = []
    for entry in basket:
        try:
            criterion = library.get(entry.id)
        except KeyError:
            continue
        values = {}
        for pid, raw in entry.values.items():
            value = parse_value(raw)
            if value is not None:
                values[pid] = value
        out.append(Selected(criterion, values))
    return out
