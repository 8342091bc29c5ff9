"""Impact figures: CO2e avoided, material kept in use and cost difference of circular choices.

``content/factors.csv`` holds, per item (office chair, laptop, glass partition …), the CO2e
of a new unit, of a reused or refurbished one and the difference (what reuse avoids), each
as low, central and high, plus the item's weight. Every CO2e figure names its source, URL
and year, and whether it is taken from the source, derived from it or a marked assumption;
``content/factors.md`` explains each derivation.

:func:`calculate` turns one measurement (120 reused chairs delivered; 350 kg of workwear
reused; 40 refurbished laptops used 2 more years) into an :class:`Impact`, and
:func:`total` adds many of them up into programme totals. Each figure comes as an
:class:`Estimate`: central value, low–high range, unit and sources, never a bare number.
A case's KPI is tied to a factor item by a :class:`KpiMapping`: either the KPI counts
something (value × units of the item per measured unit, e.g. 0.5 kg per garment) or it is a
share in % of a stated volume per measurement period (14 % of 400 chairs delivered); its
prices per new and per circular unit, when given, turn into the cost difference.
:func:`check_mapping` validates one, :func:`calculate_mapped` turns a KPI's measured values
into an :class:`Impact`, and :data:`DEFAULT_MAPPINGS` proposes a mapping for the criteria
library's KPI ids. :func:`unit_of` reads the unit a KPI is measured in.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Protocol

from cirkular.core.content import CONTENT_DIR, ID_RE, ContentError, Problem, ProblemCode, Text

FACTORS_FILE = CONTENT_DIR / "factors.csv"
COLUMNS = (
    "item",
    "version",
    "group",
    "name_sv",
    "name_en",
    "kind",
    "per",
    "low",
    "central",
    "high",
    "basis",
    "source_title",
    "source_url",
    "source_year",
    "year_kind",
    "note",
)
CO2E = "kg CO2e"
KG = "kg"
ZERO = Decimal(0)


class Kind(StrEnum):
    """What a value in factors.csv measures."""

    NEW = "new"  # CO2e of a new unit
    CIRCULAR = "circular"  # CO2e of a reused or refurbished unit, including the work and transport
    AVOIDED = "avoided"  # CO2e that choosing the circular unit avoids: new − circular
    WEIGHT = "weight"  # kg of material in one unit


class Per(StrEnum):
    """What a value is per."""

    ITEM = "item"
    KG = "kg"
    M2 = "m2"
    ITEM_YEAR = "item-year"  # per item and year of extra use (ICT, after ADEME)


class Basis(StrEnum):
    SOURCE = "source"  # as the source gives it (a range may be added, see the note)
    DERIVED = "derived"  # calculated from the source's figures, as the note says
    ASSUMPTION = "assumption"  # the source has no such figure; a stated, conservative assumption


class YearKind(StrEnum):
    PUBLISHED = "published"  # the year the source was published
    DATA = "data"  # the year the data describes
    READ = "read"  # the page gives no date: the year it was read


class ImpactErrorCode(StrEnum):
    UNKNOWN_ITEM = "unknown-item"
    UNKNOWN_UNIT = "unknown-unit"
    UNIT_MISMATCH = "unit-mismatch"
    NOT_A_NUMBER = "not-a-number"
    NEGATIVE_QUANTITY = "negative-quantity"
    YEARS_REQUIRED = "years-required"
    YEARS_NOT_APPLICABLE = "years-not-applicable"
    NEGATIVE_YEARS = "negative-years"
    NEGATIVE_PRICE = "negative-price"
    PRICE_INCOMPLETE = "price-incomplete"
    MIXED_UNITS = "mixed-units"
    UNKNOWN_BASIS = "unknown-basis"
    NEGATIVE_PER_UNIT = "negative-per-unit"
    PER_UNIT_NOT_APPLICABLE = "per-unit-not-applicable"
    VOLUME_REQUIRED = "volume-required"
    VOLUME_NOT_APPLICABLE = "volume-not-applicable"
    NEGATIVE_VOLUME = "negative-volume"
    SHARE_OUT_OF_RANGE = "share-out-of-range"


class ImpactError(ValueError):
    """A measurement that cannot be turned into figures; ``code`` says why, ``field`` where."""

    def __init__(self, code: ImpactErrorCode, field: str, value: object = None) -> None:
        self.code = code
        self.field = field
        self.value = value
        super().__init__(f"{code.value}: {field}={value!r}")


@dataclass(frozen=True)
class Citation:
    title: str
    url: str
    year: int
    year_kind: YearKind


@dataclass(frozen=True)
class Value:
    """One row of factors.csv: low ≤ central ≤ high, per ``per``, with its basis and source."""

    kind: Kind
    per: Per
    low: Decimal
    central: Decimal
    high: Decimal
    basis: Basis
    source: Citation | None
    note: str

    @property
    def unit(self) -> str:
        """ "kg CO2e/item", "kg/m2", "kg CO2e/item-year"."""
        return f"{KG if self.kind is Kind.WEIGHT else CO2E}/{self.per.value}"


@dataclass(frozen=True)
class Factor:
    """Everything known about one item: CO2e new, circular and avoided, and its weight."""

    item: str
    version: str
    group: str  # product group, as the criteria files name them ("furniture", "it-equipment")
    name: Text
    per: Per  # what the CO2e values are per
    avoided: Value
    new: Value | None = None
    circular: Value | None = None
    weight: Value | None = None  # None for items counted in kg

    @property
    def quantity_unit(self) -> Per:
        """The unit a measurement of this item is counted in (items for per-year factors)."""
        return Per.ITEM if self.per is Per.ITEM_YEAR else self.per

    @property
    def sources(self) -> tuple[Citation, ...]:
        values = (self.avoided, self.new, self.circular, self.weight)
        return _unique(v.source for v in values if v is not None and v.source is not None)


@dataclass(frozen=True)
class Estimate:
    """A figure with its range and unit, and the factor values it rests on (their sources,
    basis and notes, such as the weight assumed for an item)."""

    central: Decimal
    low: Decimal
    high: Decimal
    unit: str
    values: tuple[Value, ...] = ()

    @property
    def sources(self) -> tuple[Citation, ...]:
        return _unique(v.source for v in self.values if v.source is not None)

    def __add__(self, other: Estimate) -> Estimate:
        if self.unit != other.unit:
            raise ImpactError(ImpactErrorCode.MIXED_UNITS, "unit", (self.unit, other.unit))
        return Estimate(
            self.central + other.central,
            self.low + other.low,
            self.high + other.high,
            self.unit,
            tuple(dict.fromkeys((*self.values, *other.values))),
        )

    @classmethod
    def zero(cls, unit: str) -> Estimate:
        return cls(ZERO, ZERO, ZERO, unit)


@dataclass(frozen=True)
class Measurement:
    """What a case measured, e.g. ``Measurement("office-chair", Decimal(120))``.

    ``quantity`` counts items, kg or m² (the factor's :attr:`Factor.quantity_unit`);
    ``unit`` is the unit as the KPI states it ("st", "kg", "m²") and is checked against the
    factor when given. ``years`` is the extra years of use, required for per-year factors.
    Prices are SEK per unit counted; give both or neither. ``ref`` is the caller's own
    reference (case, KPI) and is carried through.
    """

    item: str
    quantity: Decimal
    unit: str | None = None
    years: Decimal | None = None
    new_price: Decimal | None = None
    circular_price: Decimal | None = None
    ref: str = ""


@dataclass(frozen=True)
class Impact:
    measurement: Measurement
    factor: Factor
    co2e_avoided: Estimate  # kg CO2e
    material_kept: Estimate  # kg of material kept in use
    cost_difference: Decimal | None  # SEK, new − circular; positive means the circular choice cost less


@dataclass(frozen=True)
class Totals:
    co2e_avoided: Estimate
    material_kept: Estimate
    cost_difference: Decimal | None  # sum over the priced measurements; None when none was priced
    count: int
    priced: int  # how many measurements had prices
    by_item: Mapping[str, Estimate]  # CO2e avoided per factor item, in first-seen order
    by_group: Mapping[str, Estimate]  # CO2e avoided per product group, in first-seen order


def _unique(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(citations))


# Units as KPIs and people write them, mapped to what a measurement counts.
UNIT_ALIASES: Mapping[str, Per] = {
    **dict.fromkeys(
        ("st", "st.", "styck", "stycken", "antal", "item", "items", "pcs", "pc", "unit", "units"), Per.ITEM
    ),
    **dict.fromkeys(("kg", "kilo", "kilogram"), Per.KG),
    **dict.fromkeys(("m2", "m²", "kvm", "sq m", "sqm"), Per.M2),
}


def unit_of(text: str) -> Per:
    """The unit a measurement counts in, from how a KPI writes it: "st" → item, "m²" → m2."""
    unit = UNIT_ALIASES.get(text.strip().lower())
    if unit is None:
        raise ImpactError(ImpactErrorCode.UNKNOWN_UNIT, "unit", text)
    return unit


# Loading ----------------------------------------------------------------------------------


def _problem(label: str, line: int, place: str, code: ProblemCode, message: str) -> Problem:
    return Problem(label, line, place, code, message)


def load_factors(path: Path = FACTORS_FILE) -> dict[str, Factor]:
    """Read and check factors.csv; raises :class:`ContentError` listing every problem."""
    label = path.name
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([_problem(label, 0, "", ProblemCode.MISSING_FILE, "the file does not exist")]) from None
    reader = csv.DictReader(text.splitlines())
    header = tuple(reader.fieldnames or ())
    if header != COLUMNS:
        message = f"the columns must be {', '.join(COLUMNS)}"
        raise ContentError([_problem(label, 1, "", ProblemCode.MISSING_FIELD, message)])
    rows: dict[str, dict[Kind, tuple[int, Value]]] = {}
    heads: dict[str, tuple[int, str, str, Text]] = {}
    for line, row in enumerate(reader, start=2):
        parsed = _parse_row(label, line, row, problems)
        if parsed is None:
            continue
        item, version, group, name, value = parsed
        head = heads.setdefault(item, (line, version, group, name))
        if head[1:] != (version, group, name):
            problems.append(
                _problem(label, line, item, ProblemCode.BAD_VALUE, f"version, group or name differ from line {head[0]}")
            )
        kinds = rows.setdefault(item, {})
        if value.kind in kinds:
            message = f"{value.kind.value} is given twice (line {kinds[value.kind][0]})"
            problems.append(_problem(label, line, item, ProblemCode.DUPLICATE_ID, message))
        kinds[value.kind] = (line, value)
    factors: dict[str, Factor] = {}
    for item, kinds in rows.items():
        factor = _build_factor(label, item, heads[item], {k: v for k, (_, v) in kinds.items()}, problems)
        if factor is not None:
            factors[item] = factor
    if problems:
        raise ContentError(problems)
    return factors


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _parse_row(
    label: str, line: int, row: Mapping[str, str | None], problems: list[Problem]
) -> tuple[str, str, str, Text, Value] | None:
    cell = {key: (row.get(key) or "").strip() for key in COLUMNS}
    item = cell["item"]
    before = len(problems)

    def bad(column: str, message: str, code: ProblemCode = ProblemCode.BAD_VALUE) -> None:
        problems.append(_problem(label, line, f"{item}.{column}" if item else column, code, message))

    if not ID_RE.match(item):
        bad("item", "the item id must be lower-case words joined by hyphens")
    for column in ("version", "group", "name_sv", "name_en"):
        if not cell[column]:
            bad(column, "is empty", ProblemCode.MISSING_FIELD)
    enums: dict[str, type[StrEnum]] = {"kind": Kind, "per": Per, "basis": Basis}
    for column, enum in enums.items():
        if cell[column] not in {e.value for e in enum}:
            bad(column, f"must be one of {', '.join(e.value for e in enum)}")
    numbers = {c: _decimal(cell[c]) for c in ("low", "central", "high")}
    for column, number in numbers.items():
        if number is None:
            bad(column, "is not a number")
        elif number < 0:
            bad(column, "must not be negative")
    low, central, high = numbers["low"], numbers["central"], numbers["high"]
    if low is not None and central is not None and high is not None and not low <= central <= high:
        bad("central", "low ≤ central ≤ high does not hold")
    source = _parse_source(cell, bad)
    if len(problems) > before:
        return None
    kind = Kind(cell["kind"])
    basis = Basis(cell["basis"])
    if kind is not Kind.WEIGHT and source is None:
        bad("source_title", "a CO2e figure needs a source title, URL and year", ProblemCode.MISSING_FIELD)
    if basis is not Basis.SOURCE and not cell["note"]:
        bad("note", "a derived or assumed figure needs a note saying how", ProblemCode.MISSING_FIELD)
    if len(problems) > before or low is None or central is None or high is None:
        return None
    value = Value(kind, Per(cell["per"]), low, central, high, basis, source, cell["note"])
    return item, cell["version"], cell["group"], Text(cell["name_sv"], cell["name_en"]), value


class _Reporter(Protocol):
    def __call__(self, column: str, message: str, code: ProblemCode = ProblemCode.BAD_VALUE) -> None: ...


def _parse_source(cell: Mapping[str, str], bad: _Reporter) -> Citation | None:
    title, url, year, year_kind = (cell[c] for c in ("source_title", "source_url", "source_year", "year_kind"))
    if not any((title, url, year, year_kind)):
        return None
    ok = True
    if not title:
        bad("source_title", "is empty", ProblemCode.MISSING_FIELD)
        ok = False
    if not url.startswith(("https://", "http://")):
        bad("source_url", "must be an http(s) URL")
        ok = False
    if not (year.isdigit() and 1990 <= int(year) <= 2100):
        bad("source_year", "must be a year")
        ok = False
    if year_kind not in {e.value for e in YearKind}:
        bad("year_kind", f"must be one of {', '.join(e.value for e in YearKind)}")
        ok = False
    return Citation(title, url, int(year), YearKind(year_kind)) if ok else None


def _build_factor(
    label: str,
    item: str,
    head: tuple[int, str, str, Text],
    values: Mapping[Kind, Value],
    problems: list[Problem],
) -> Factor | None:
    line, version, group, name = head
    before = len(problems)

    def bad(message: str, code: ProblemCode = ProblemCode.BAD_VALUE) -> None:
        problems.append(_problem(label, line, item, code, message))

    avoided = values.get(Kind.AVOIDED)
    if avoided is None:
        bad("has no avoided value", ProblemCode.MISSING_FIELD)
        return None
    new, circular, weight = values.get(Kind.NEW), values.get(Kind.CIRCULAR), values.get(Kind.WEIGHT)
    per = avoided.per
    for value in (new, circular):
        if value is not None and value.per is not per:
            bad(f"{value.kind.value} is per {value.per.value} but avoided is per {per.value}")
    if (new is None) != (circular is None):
        bad("give both new and circular, or neither", ProblemCode.MISSING_FIELD)
    elif new is not None and circular is not None:
        for end in ("low", "central", "high"):
            if getattr(new, end) - getattr(circular, end) != getattr(avoided, end):
                bad(f"avoided {end} must equal new {end} minus circular {end}")
    quantity_unit = Per.ITEM if per is Per.ITEM_YEAR else per
    if quantity_unit is Per.KG:
        if weight is not None:
            bad("an item counted in kg needs no weight")
    elif weight is None:
        bad(f"needs a weight per {quantity_unit.value}", ProblemCode.MISSING_FIELD)
    elif weight.per is not quantity_unit:
        bad(f"the weight must be per {quantity_unit.value}")
    if len(problems) > before:
        return None
    return Factor(item, version, group, name, per, avoided, new, circular, weight)


@cache
def factors() -> Mapping[str, Factor]:
    """The shipped factors, by item id (loaded once)."""
    return load_factors()


def factor(item: str) -> Factor:
    """The factor of an item id; raises :class:`ImpactError` ``unknown-item``."""
    found = factors().get(item)
    if found is None:
        raise ImpactError(ImpactErrorCode.UNKNOWN_ITEM, "item", item)
    return found


def factors_for_group(group: str) -> tuple[Factor, ...]:
    """The factors of one product group, in file order."""
    return tuple(f for f in factors().values() if f.group == group)


# Calculating ------------------------------------------------------------------------------


def _checked(value: Decimal, field: str, negative: ImpactErrorCode) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ImpactError(ImpactErrorCode.NOT_A_NUMBER, field, value)
    if value < 0:
        raise ImpactError(negative, field, value)
    return value


def _scaled(value: Value, times: Decimal, unit: str) -> Estimate:
    return Estimate(value.central * times, value.low * times, value.high * times, unit, (value,))


def calculate(measurement: Measurement, catalogue: Mapping[str, Factor] | None = None) -> Impact:
    """CO2e avoided, material kept in use and cost difference of one measurement.

    Raises :class:`ImpactError` for an unknown item or unit, a unit that does not fit the
    item, a negative or non-finite number, missing or needless years, or only one price.
    """
    found = (factors() if catalogue is None else catalogue).get(measurement.item)
    if found is None:
        raise ImpactError(ImpactErrorCode.UNKNOWN_ITEM, "item", measurement.item)
    quantity = _checked(measurement.quantity, "quantity", ImpactErrorCode.NEGATIVE_QUANTITY)
    if measurement.unit is not None and unit_of(measurement.unit) is not found.quantity_unit:
        raise ImpactError(ImpactErrorCode.UNIT_MISMATCH, "unit", measurement.unit)
    if found.per is Per.ITEM_YEAR:
        if measurement.years is None:
            raise ImpactError(ImpactErrorCode.YEARS_REQUIRED, "years")
        use = quantity * _checked(measurement.years, "years", ImpactErrorCode.NEGATIVE_YEARS)
    elif measurement.years is not None:
        raise ImpactError(ImpactErrorCode.YEARS_NOT_APPLICABLE, "years", measurement.years)
    else:
        use = quantity
    co2e = _scaled(found.avoided, use, CO2E)
    if found.weight is None:
        material = Estimate(quantity, quantity, quantity, KG)
    else:
        material = _scaled(found.weight, quantity, KG)
    return Impact(measurement, found, co2e, material, _cost(measurement, quantity))


def _cost(measurement: Measurement, quantity: Decimal) -> Decimal | None:
    new, circular = measurement.new_price, measurement.circular_price
    if new is None and circular is None:
        return None
    if new is None or circular is None:
        missing = "new_price" if new is None else "circular_price"
        raise ImpactError(ImpactErrorCode.PRICE_INCOMPLETE, missing)
    new = _checked(new, "new_price", ImpactErrorCode.NEGATIVE_PRICE)
    circular = _checked(circular, "circular_price", ImpactErrorCode.NEGATIVE_PRICE)
    return (new - circular) * quantity


def total(impacts: Iterable[Impact]) -> Totals:
    """Programme totals: sums of central, low and high, so the range is kept."""
    co2e, material = Estimate.zero(CO2E), Estimate.zero(KG)
    cost: Decimal | None = None
    count = priced = 0
    by_item: dict[str, Estimate] = {}
    by_group: dict[str, Estimate] = {}
    for impact in impacts:
        count += 1
        co2e += impact.co2e_avoided
        material += impact.material_kept
        if impact.cost_difference is not None:
            priced += 1
            cost = (cost or ZERO) + impact.cost_difference
        item, group = impact.factor.item, impact.factor.group
        by_item[item] = by_item.get(item, Estimate.zero(CO2E)) + impact.co2e_avoided
        by_group[group] = by_group.get(group, Estimate.zero(CO2E)) + impact.co2e_avoided
    return Totals(co2e, material, cost, count, priced, by_item, by_group)


# KPI mappings -----------------------------------------------------------------------------


class QuantityBasis(StrEnum):
    """How a KPI's measured value turns into a quantity of a factor item."""

    COUNT = "count"  # value × units of the item per measured unit (1 when not given)
    SHARE = "share"  # value is a share in % of ``volume`` units of the item per measurement period


@dataclass(frozen=True)
class KpiMapping:
    """What a case's KPI measures in terms of a factor item.

    ``per_unit`` (count): units of the item (items, kg or m², the factor's
    :attr:`Factor.quantity_unit`) per measured unit, e.g. 0.5 kg per garment; ``None`` means 1.
    ``volume`` (share): units of the item per measurement period that the share is of,
    e.g. 400 chairs delivered per quarter. ``years``: extra years of use, for per-year items (IT).
    A mapping without its volume or years is *pending*: it is kept, but gives no figures.
    ``new_price`` and ``circular_price`` (SEK per unit of the item, both or neither) give the
    cost difference of the measured quantity; without them the figures have no cost.
    """

    item: str
    basis: QuantityBasis
    per_unit: Decimal | None = None
    volume: Decimal | None = None
    years: Decimal | None = None
    new_price: Decimal | None = None
    circular_price: Decimal | None = None


def _check_optional(value: Decimal | None, field: str, negative: ImpactErrorCode) -> ImpactError | None:
    if value is None:
        return None
    try:
        _checked(value, field, negative)
    except ImpactError as exc:
        return exc
    return None


def check_mapping(
    mapping: KpiMapping, catalogue: Mapping[str, Factor] | None = None, *, complete: bool = True
) -> list[ImpactError]:
    """Every problem of a mapping, each with its code and field (empty when it is fine).

    With ``complete`` (the default) a share without a volume and a per-year item without
    years are problems; without it they are allowed, as for a pending default mapping.
    """
    errors: list[ImpactError] = []
    found = (factors() if catalogue is None else catalogue).get(mapping.item)
    if found is None:
        errors.append(ImpactError(ImpactErrorCode.UNKNOWN_ITEM, "item", mapping.item))
    try:
        basis = QuantityBasis(mapping.basis)
    except ValueError:
        errors.append(ImpactError(ImpactErrorCode.UNKNOWN_BASIS, "basis", mapping.basis))
        basis = None
    for value, field, code in (
        (mapping.per_unit, "per_unit", ImpactErrorCode.NEGATIVE_PER_UNIT),
        (mapping.volume, "volume", ImpactErrorCode.NEGATIVE_VOLUME),
        (mapping.years, "years", ImpactErrorCode.NEGATIVE_YEARS),
        (mapping.new_price, "new_price", ImpactErrorCode.NEGATIVE_PRICE),
        (mapping.circular_price, "circular_price", ImpactErrorCode.NEGATIVE_PRICE),
    ):
        error = _check_optional(value, field, code)
        if error is not None:
            errors.append(error)
    if (mapping.new_price is None) != (mapping.circular_price is None):
        missing = "new_price" if mapping.new_price is None else "circular_price"
        errors.append(ImpactError(ImpactErrorCode.PRICE_INCOMPLETE, missing))
    if basis is QuantityBasis.SHARE:
        if mapping.per_unit is not None:
            errors.append(ImpactError(ImpactErrorCode.PER_UNIT_NOT_APPLICABLE, "per_unit", mapping.per_unit))
        if mapping.volume is None and complete:
            errors.append(ImpactError(ImpactErrorCode.VOLUME_REQUIRED, "volume"))
    elif basis is QuantityBasis.COUNT and mapping.volume is not None:
        errors.append(ImpactError(ImpactErrorCode.VOLUME_NOT_APPLICABLE, "volume", mapping.volume))
    if found is not None:
        if found.per is Per.ITEM_YEAR:
            if mapping.years is None and complete:
                errors.append(ImpactError(ImpactErrorCode.YEARS_REQUIRED, "years"))
        elif mapping.years is not None:
            errors.append(ImpactError(ImpactErrorCode.YEARS_NOT_APPLICABLE, "years", mapping.years))
    return errors


def mapped_quantity(mapping: KpiMapping, values: Iterable[Decimal]) -> Decimal:
    """The quantity of the item that measured values stand for: the sum over the measurements.

    Count: Σ value × per_unit. Share: Σ value / 100 × volume, each value a share of one
    period's volume; a share below 0 or above 100 raises ``share-out-of-range``.
    """
    values = list(values)
    for value in values:
        _checked(value, "value", ImpactErrorCode.NEGATIVE_QUANTITY)
    if mapping.basis is QuantityBasis.SHARE:
        if mapping.volume is None:
            raise ImpactError(ImpactErrorCode.VOLUME_REQUIRED, "volume")
        for value in values:
            if value > 100:
                raise ImpactError(ImpactErrorCode.SHARE_OUT_OF_RANGE, "value", value)
        return sum(values, ZERO) / 100 * mapping.volume
    per_unit = Decimal(1) if mapping.per_unit is None else mapping.per_unit
    return sum(values, ZERO) * per_unit


def calculate_mapped(
    mapping: KpiMapping,
    values: Iterable[Decimal],
    ref: str = "",
    catalogue: Mapping[str, Factor] | None = None,
) -> Impact:
    """The impact of a KPI's measured values under its mapping, with the cost difference
    (new − circular price) × quantity when the mapping has prices.

    Raises the first :class:`ImpactError` of :func:`check_mapping` (a pending mapping raises
    ``volume-required`` or ``years-required``), or one of :func:`mapped_quantity`.
    """
    errors = check_mapping(mapping, catalogue)
    if errors:
        raise errors[0]
    quantity = mapped_quantity(mapping, values)
    measurement = Measurement(
        mapping.item,
        quantity,
        years=mapping.years,
        new_price=mapping.new_price,
        circular_price=mapping.circular_price,
        ref=ref,
    )
    return calculate(measurement, catalogue)


# Mappings proposed when a KPI is taken from a criterion, by the criterion's KPI id. Counts
# name their units per measured unit; shares name only the item, since the volume they are a
# share of belongs to the contract. Per-year (IT) items still need the extra years of use.
DEFAULT_MAPPINGS: Mapping[str, KpiMapping] = {
    # furniture: the office chair stands for a piece of office furniture (renovation factor)
    "furniture-refurbished": KpiMapping("office-chair", QuantityBasis.COUNT, Decimal(1)),
    "furniture-repaired-by-part-swap": KpiMapping("office-chair", QuantityBasis.COUNT, Decimal(1)),
    "covers-replaced": KpiMapping("office-chair", QuantityBasis.COUNT, Decimal(1)),
    "reused-furniture-share": KpiMapping("office-chair", QuantityBasis.SHARE),
    "existing-furniture-reused-share": KpiMapping("office-chair", QuantityBasis.SHARE),
    "surplus-furniture-reused-share": KpiMapping("office-chair", QuantityBasis.SHARE),
    # IT equipment, per year of extra use
    "devices-upgraded": KpiMapping("laptop", QuantityBasis.COUNT, Decimal(1)),
    "refurbished-share-of-deliveries": KpiMapping("laptop", QuantityBasis.SHARE),
    "returned-devices-reused": KpiMapping("laptop", QuantityBasis.SHARE),
    # textiles, in kg: a work garment weighs about 0.5 kg (assumption)
    "garments-redistributed": KpiMapping("workwear", QuantityBasis.COUNT, Decimal("0.5")),
    "garments-reissued": KpiMapping("workwear", QuantityBasis.COUNT, Decimal("0.5")),
    "reused-garments-share": KpiMapping("workwear", QuantityBasis.SHARE),
    "garment-repair-share": KpiMapping("workwear", QuantityBasis.SHARE),
    # building products
    "reused-products-share": KpiMapping("interior-door", QuantityBasis.SHARE),
}


def default_mapping(kpi_id: str) -> KpiMapping | None:
    """The mapping proposed for a criterion's KPI id, or ``None`` when no factor item fits."""
    return DEFAULT_MAPPINGS.get(kpi_id)
