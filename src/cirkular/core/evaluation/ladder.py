"""Discount tables of the Dutch CO2 performance ladder (CO2-Prestatieladder), by version.

A tenderer who commits to a level gets a fictitious discount on the tender price:
``fictitious price = price × (1 − discount)``. The buyer decides the size of the discount; the
tables below are the defaults a model gets when it names a version and gives no table of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType


@dataclass(frozen=True)
class LadderTable:
    version: str
    # level -> discount in percent of the tender price; level 0 (no certificate) is always 0 %
    discounts: Mapping[int, Decimal]
    source: str
    note: str


LADDER_TABLES: Mapping[str, LadderTable] = MappingProxyType(
    {
        "3.1": LadderTable(
            version="3.1",
            discounts=MappingProxyType({1: Decimal(1), 2: Decimal(2), 3: Decimal(4), 4: Decimal(7), 5: Decimal(10)}),
            source="https://deduurzameadviseurs.nl/kennisbank/co2-begrippen/wat-is-fictief-gunningsvoordeel",
            note="ProRail's original scheme for the five levels of versions up to 3.1: 1, 2, 4, 7 and 10 %.",
        ),
        "4.0": LadderTable(
            version="4.0",
            discounts=MappingProxyType({1: Decimal(4), 2: Decimal(7), 3: Decimal(10)}),
            source="https://www.duurzaam-ondernemen.nl/handreiking-aanbesteden-co%E2%82%82-prestatieladder-4-0-voor-aanbestedende-diensten-gepubliceerd/",
            note=(
                "Version 4.0 has three steps (treden): reduction in the own organisation, in the chain, "
                "and towards zero in 2050. SKAO leaves the size of the discount to the buyer; these defaults "
                "are inferred by giving each step the discount of the 3.1 level it is closest to (3, 4, 5). "
                "Set the buyer's own table in the model."
            ),
        ),
    }
)

# Versions are often written without the minor number.
LADDER_ALIASES: Mapping[str, str] = MappingProxyType({"3": "3.1", "4": "4.0"})


def ladder_table(version: str) -> LadderTable | None:
    return LADDER_TABLES.get(LADDER_ALIASES.get(version, version))
