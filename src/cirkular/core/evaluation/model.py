"""The evaluation input: method, criteria, buyer's parameters and tenders, parsed and validated.

:func:`parse_model` turns plain data (from JSON read with ``parse_float=Decimal``, or from the
XLSX template) into a frozen :class:`EvaluationModel`. It never stops at the first problem: every
:class:`Problem` names a code, the place in the input (``tenders[2].values.reuse``) and, where
there is one, the tender id and criterion id, so that a form or a spreadsheet can point at the
cell. If anything is wrong, one :class:`EvaluationError` lists them all.

Money is ``Decimal``. Floats are refused on purpose: a price that went through a float is no
longer the price the tenderer wrote.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from cirkular.core.evaluation.ladder import LADDER_ALIASES, ladder_table
from cirkular.core.evaluation.messages import Param, plain

FORMAT = "cirkular-evaluation/1"
ORE = Decimal("0.01")
HUNDRED = Decimal(100)
# Every calculation runs in this context, so a result never depends on the caller's decimal
# settings; 34 digits leave room for products of prices, quantities and discount factors.
CONTEXT = Context(prec=34)

LCC_FIELDS = (
    "energy_kwh_per_year",
    "maintenance_per_year",
    "consumables_per_year",
    "end_of_life_cost",
    "residual_value",
)
CO2_FIELD = "co2e_kg"
LADDER_FIELD = "ladder_level"
MKI_FIELD = "mki"
RANGE_NAMES = ("discount_rate_percent", "energy_price", "lifetime_years", "co2_price_per_kg", "mki_valuation_factor")
MAX_LIFETIME = 100
MAX_DRAWS = 10_000_000


T = TypeVar("T")


def need(value: T | None, what: str) -> T:
    """A value that validation guarantees; None here is a bug in the caller, not bad input."""
    if value is None:
        raise ValueError(f"{what} is missing: build models with parse_model()")
    return value


def money(amount: Decimal) -> Decimal:
    """Round an amount in SEK to whole öre, halves away from zero (the rounding people do by hand)."""
    return amount.quantize(ORE, rounding=ROUND_HALF_UP)


def round_to(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


class Method(StrEnum):
    LOWEST_PRICE = "lowest_price"
    WEIGHTED_SCORE = "weighted_score"
    VALUE_DEDUCTION = "value_deduction"  # mervärdesmodell
    QUOTIENT = "quotient"
    LCC = "lcc"
    PRICED_CO2 = "priced_co2"


class CriterionKind(StrEnum):
    PRICE = "price"
    QUALITY = "quality"


class PriceFormula(StrEnum):
    RELATIVE = "relative"  # max × lowest / price
    INTERPOLATION = "interpolation"  # max × (ceiling − price) / (ceiling − lowest)


class DeductionUnit(StrEnum):
    SEK = "sek"
    PERCENT = "percent"  # of the tender's own price


class Variant(StrEnum):
    DEDUCTION = "deduction"  # comparison price = price − Σ deductions for what is offered
    SURCHARGE = "surcharge"  # comparison price = price + Σ surcharges for what is not offered


class ProblemCode(StrEnum):
    WRONG_TYPE = "wrong-type"
    MISSING_FIELD = "missing-field"
    UNKNOWN_FIELD = "unknown-field"
    NOT_A_NUMBER = "not-a-number"
    NOT_AN_INTEGER = "not-an-integer"
    FLOAT_NOT_ALLOWED = "float-not-allowed"
    BAD_VALUE = "bad-value"
    BAD_FORMAT = "bad-format"
    UNKNOWN_METHOD = "unknown-method"
    NO_TENDERS = "no-tenders"
    NO_CRITERIA = "no-criteria"
    CRITERIA_NOT_USED = "criteria-not-used"
    NOT_USED = "not-used"
    DUPLICATE_ID = "duplicate-id"
    PRICE_NOT_POSITIVE = "price-not-positive"
    QUOTIENT_ZERO_PRICE = "quotient-zero-price"
    WEIGHT_NEGATIVE = "weight-negative"
    WEIGHTS_NOT_100 = "weights-not-100"
    MAX_NOT_POSITIVE = "max-not-positive"
    PRICE_CRITERION_COUNT = "price-criterion-count"
    PRICE_CRITERION_NOT_ALLOWED = "price-criterion-not-allowed"
    CEILING_MISSING = "ceiling-missing"
    FLOOR_NOT_BELOW_CEILING = "floor-not-below-ceiling"
    STEP_OUT_OF_RANGE = "step-out-of-range"
    DEDUCTIONS_PERCENT_TOO_LARGE = "deductions-percent-too-large"
    MISSING_VALUE = "missing-value"
    UNEXPECTED_VALUE = "unexpected-value"
    SCORE_OUT_OF_RANGE = "score-out-of-range"
    UNKNOWN_STEP = "unknown-step"
    VALUE_NEGATIVE = "value-negative"
    LCC_PARAMETERS_MISSING = "lcc-parameters-missing"
    CO2_NOTHING_PRICED = "co2-nothing-priced"
    LADDER_VERSION_UNKNOWN = "ladder-version-unknown"
    LADDER_LEVEL_UNKNOWN = "ladder-level-unknown"
    RANGE_INVALID = "range-invalid"


@dataclass(frozen=True)
class Problem:
    code: ProblemCode
    path: str
    tender: str | None = None
    criterion: str | None = None
    params: Mapping[str, Param] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "path": self.path,
            "tender": self.tender,
            "criterion": self.criterion,
            "params": {k: plain(v) for k, v in sorted(self.params.items())},
        }

    def __str__(self) -> str:
        where = self.path or "(top)"
        params = ", ".join(f"{k}={plain(v)}" for k, v in sorted(self.params.items()))
        return f"{where}: {self.code.value}" + (f" ({params})" if params else "")


class EvaluationError(ValueError):
    """The input cannot be evaluated; ``problems`` says every reason and where."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class ScoredCriterion:
    """A criterion of the weighted score or quotient method; ``weight`` is in percent."""

    id: str
    name: str
    kind: CriterionKind
    weight: Decimal
    max_points: Decimal | None = None  # the scale of a quality score (0..max_points)
    formula: PriceFormula = PriceFormula.RELATIVE
    ceiling: Decimal | None = None
    floor: Decimal | None = None  # prices below it score as if they were at it: see HFD 2022 ref. 41


@dataclass(frozen=True)
class Step:
    id: str
    value: Decimal  # SEK or percent, as the criterion's unit says


@dataclass(frozen=True)
class DeductionCriterion:
    id: str
    name: str
    unit: DeductionUnit
    maximum: Decimal
    steps: tuple[Step, ...]

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)


@dataclass(frozen=True)
class LccParameters:
    """The buyer's side of an LCC (UHM's "red cells"); costs are per unit, for ``quantity`` units."""

    quantity: Decimal
    lifetime_years: int
    discount_rate_percent: Decimal  # real rate: nominal minus inflation
    energy_price: Decimal  # SEK per kWh


@dataclass(frozen=True)
class LadderSettings:
    version: str
    discounts: Mapping[int, Decimal]  # level -> percent; level 0 means no level, 0 %
    custom: bool = False  # the buyer gave the table, rather than the version's default


@dataclass(frozen=True)
class Co2Settings:
    price_per_kg: Decimal | None = None  # SEK per kg CO2e
    ladder: LadderSettings | None = None
    mki_factor: Decimal | None = None  # MKI-W valuation factor


@dataclass(frozen=True)
class QuotientSettings:
    base: Decimal = Decimal(0)  # added to the quality points before dividing
    per: Decimal = Decimal(1_000_000)  # quality points per this many SEK
    decimals: int = 6


@dataclass(frozen=True)
class SensitivitySettings:
    seed: int = 1
    draws: int = 10_000
    concentration: Decimal = Decimal(100)
    deduction_spread_percent: Decimal = Decimal(20)
    ranges: Mapping[str, tuple[Decimal, Decimal]] = field(default_factory=dict)


Value = Decimal | str


@dataclass(frozen=True)
class Tender:
    id: str
    name: str
    price: Decimal
    values: Mapping[str, Value] = field(default_factory=dict)

    def number(self, key: str) -> Decimal:
        value = self.values[key]
        if not isinstance(value, Decimal):
            raise TypeError(f"{self.id}.{key} is not a number")
        return value

    def text(self, key: str) -> str:
        return str(self.values[key])


@dataclass(frozen=True)
class EvaluationModel:
    method: Method
    tenders: tuple[Tender, ...]
    title: str = ""
    criteria: tuple[ScoredCriterion, ...] = ()
    deductions: tuple[DeductionCriterion, ...] = ()
    variant: Variant = Variant.DEDUCTION
    lcc: LccParameters | None = None
    co2: Co2Settings | None = None
    quotient: QuotientSettings = QuotientSettings()
    points_decimals: int = 2
    sensitivity: SensitivitySettings = SensitivitySettings()

    @property
    def price_criterion(self) -> ScoredCriterion | None:
        return next((c for c in self.criteria if c.kind is CriterionKind.PRICE), None)

    @property
    def quality_criteria(self) -> tuple[ScoredCriterion, ...]:
        return tuple(c for c in self.criteria if c.kind is CriterionKind.QUALITY)

    def with_tenders(self, tenders: Iterable[Tender]) -> EvaluationModel:
        return dataclasses.replace(self, tenders=tuple(tenders))

    def tender(self, tender_id: str) -> Tender:
        for t in self.tenders:
            if t.id == tender_id:
                return t
        raise KeyError(tender_id)

    def to_dict(self) -> dict[str, Any]:
        """The model as plain data in the input format; :func:`parse_model` reads it back unchanged."""
        out: dict[str, Any] = {"format": FORMAT, "method": self.method.value, "title": self.title}
        if self.method in (Method.WEIGHTED_SCORE, Method.QUOTIENT):
            out["criteria"] = [_scored_to_dict(c) for c in self.criteria]
            out["points_decimals"] = self.points_decimals
        if self.method is Method.QUOTIENT:
            q = self.quotient
            out["quotient"] = {"base": str(q.base), "per": str(q.per), "decimals": q.decimals}
        if self.method is Method.VALUE_DEDUCTION:
            out["variant"] = self.variant.value
            out["criteria"] = [
                {
                    "id": c.id,
                    "name": c.name,
                    "unit": c.unit.value,
                    "max": str(c.maximum),
                    "steps": [{"id": s.id, "value": str(s.value)} for s in c.steps],
                }
                for c in self.deductions
            ]
        if self.lcc is not None:
            p = self.lcc
            out["lcc"] = {
                "quantity": str(p.quantity),
                "lifetime_years": p.lifetime_years,
                "discount_rate_percent": str(p.discount_rate_percent),
                "energy_price": str(p.energy_price),
            }
        if self.co2 is not None:
            co2: dict[str, Any] = {}
            if self.co2.price_per_kg is not None:
                co2["price_per_kg"] = str(self.co2.price_per_kg)
            if self.co2.ladder is not None:
                ladder: dict[str, Any] = {"version": self.co2.ladder.version}
                if self.co2.ladder.custom:
                    ladder["discounts"] = {str(k): str(v) for k, v in sorted(self.co2.ladder.discounts.items())}
                co2["ladder"] = ladder
            if self.co2.mki_factor is not None:
                co2["mki_w"] = {"valuation_factor": str(self.co2.mki_factor)}
            out["co2"] = co2
        s = self.sensitivity
        out["sensitivity"] = {
            "seed": s.seed,
            "draws": s.draws,
            "concentration": str(s.concentration),
            "deduction_spread_percent": str(s.deduction_spread_percent),
            "ranges": {k: [str(lo), str(hi)] for k, (lo, hi) in sorted(s.ranges.items())},
        }
        out["tenders"] = [
            {
                "id": t.id,
                "name": t.name,
                "price": str(t.price),
                "values": {k: (str(v) if isinstance(v, Decimal) else v) for k, v in sorted(t.values.items())},
            }
            for t in self.tenders
        ]
        return out


def _scored_to_dict(c: ScoredCriterion) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "name": c.name, "kind": c.kind.value, "weight": str(c.weight)}
    if c.kind is CriterionKind.QUALITY:
        out["max_points"] = str(c.max_points)
    else:
        out["formula"] = c.formula.value
        if c.ceiling is not None:
            out["ceiling"] = str(c.ceiling)
        if c.floor is not None:
            out["floor"] = str(c.floor)
    return out


# --- parsing -------------------------------------------------------------------------------------


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(
        self,
        code: ProblemCode,
        path: str,
        *,
        tender: str | None = None,
        criterion: str | None = None,
        **params: Param,
    ) -> None:
        self.items.append(Problem(code, path, tender, criterion, MappingProxyType(dict(params))))


class _Obj:
    """A cursor over one JSON object: typed accessors record problems instead of raising."""

    def __init__(self, data: Mapping[str, Any], path: str, problems: _Problems, tender: str | None = None) -> None:
        self.data = data
        self.path = path
        self.problems = problems
        self.tender = tender
        self.used: set[str] = set()

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str, *, required: bool = False) -> Any:
        self.used.add(key)
        if not self.has(key):
            if required:
                self.problems.add(ProblemCode.MISSING_FIELD, self.at(key), tender=self.tender, field=key)
            return None
        return self.data[key]

    def string(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self.raw(key, required=required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.problems.add(ProblemCode.WRONG_TYPE, self.at(key), tender=self.tender, expected="text")
            return default
        return str(value).strip()

    def decimal(self, key: str, *, required: bool = False, default: Decimal | None = None) -> Decimal | None:
        value = self.raw(key, required=required)
        if value is None:
            return default
        return to_decimal(value, self.at(key), self.problems, tender=self.tender)

    def integer(self, key: str, *, default: int) -> int:
        value = self.raw(key)
        if value is None:
            return default
        number = to_decimal(value, self.at(key), self.problems, tender=self.tender)
        if number is None:
            return default
        if number != number.to_integral_value():
            self.problems.add(ProblemCode.NOT_AN_INTEGER, self.at(key), tender=self.tender, value=str(value))
            return default
        return int(number)

    def obj(self, key: str, *, required: bool = False) -> _Obj | None:
        value = self.raw(key, required=required)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.problems.add(ProblemCode.WRONG_TYPE, self.at(key), tender=self.tender, expected="object")
            return None
        return _Obj(value, self.at(key), self.problems, self.tender)

    def objects(self, key: str) -> list[_Obj]:
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.add(ProblemCode.WRONG_TYPE, self.at(key), expected="list")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append(_Obj(item, f"{self.at(key)}[{i}]", self.problems))
            else:
                self.problems.add(ProblemCode.WRONG_TYPE, f"{self.at(key)}[{i}]", expected="object")
        return out

    def choice(self, key: str, enum: type[StrEnum], default: StrEnum) -> Any:
        value = self.string(key)
        if not value:
            return default
        if value not in enum._value2member_map_:
            self.problems.add(ProblemCode.BAD_VALUE, self.at(key), value=value, allowed=tuple(e.value for e in enum))
            return default
        return enum(value)

    def done(self) -> None:
        for key in sorted(set(self.data) - self.used):
            self.problems.add(ProblemCode.UNKNOWN_FIELD, self.at(key), tender=self.tender, field=str(key))


def to_decimal(
    value: object, path: str, problems: _Problems, *, tender: str | None = None, criterion: str | None = None
) -> Decimal | None:
    """A number from JSON data: an int, a Decimal or a string such as ``"1200.50"``; never a float."""
    if isinstance(value, bool):
        problems.add(ProblemCode.NOT_A_NUMBER, path, tender=tender, criterion=criterion, value=str(value))
        return None
    if isinstance(value, float):
        problems.add(ProblemCode.FLOAT_NOT_ALLOWED, path, tender=tender, criterion=criterion, value=repr(value))
        return None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip().replace(" ", "").replace("\u00a0", ""))
        except InvalidOperation:
            problems.add(ProblemCode.NOT_A_NUMBER, path, tender=tender, criterion=criterion, value=value)
            return None
    else:
        problems.add(ProblemCode.NOT_A_NUMBER, path, tender=tender, criterion=criterion, value=type(value).__name__)
        return None
    if not number.is_finite():
        problems.add(ProblemCode.NOT_A_NUMBER, path, tender=tender, criterion=criterion, value=str(value))
        return None
    # -0 and 0E+3 print differently from 0; normalising the zero keeps the canonical form stable
    return Decimal(0) if number.is_zero() else number


def parse_model(data: object) -> EvaluationModel:
    """Parse and validate an evaluation input; raise :class:`EvaluationError` listing every problem."""
    problems = _Problems()
    if not isinstance(data, Mapping):
        problems.add(ProblemCode.WRONG_TYPE, "", expected="object")
        raise EvaluationError(problems.items)
    top = _Obj(data, "", problems)
    fmt = top.string("format")
    if fmt and fmt != FORMAT:
        problems.add(ProblemCode.BAD_FORMAT, "format", value=fmt, expected=FORMAT)
    title = top.string("title")
    method_text = top.string("method", required=True)
    method: Method | None = None
    if method_text:
        if method_text in Method._value2member_map_:
            method = Method(method_text)
        else:
            problems.add(
                ProblemCode.UNKNOWN_METHOD, "method", value=method_text, allowed=tuple(m.value for m in Method)
            )
    points_decimals = top.integer("points_decimals", default=2)
    if not 0 <= points_decimals <= 8:
        problems.add(ProblemCode.BAD_VALUE, "points_decimals", value=points_decimals)
        points_decimals = 2
    variant: Variant = top.choice("variant", Variant, Variant.DEDUCTION)

    criteria: tuple[ScoredCriterion, ...] = ()
    deductions: tuple[DeductionCriterion, ...] = ()
    criteria_objs = top.objects("criteria")
    if method in (Method.WEIGHTED_SCORE, Method.QUOTIENT):
        criteria = _scored_criteria(criteria_objs, method, problems)
    elif method is Method.VALUE_DEDUCTION:
        deductions = _deduction_criteria(criteria_objs, variant, problems)
    elif criteria_objs and method is not None:
        problems.add(ProblemCode.CRITERIA_NOT_USED, "criteria", method=method.value)

    quotient = QuotientSettings()
    q = top.obj("quotient")
    if q is not None:
        base = q.decimal("base", default=Decimal(0)) or Decimal(0)
        per = q.decimal("per", default=Decimal(1_000_000)) or Decimal(1_000_000)
        decimals = q.integer("decimals", default=6)
        if per <= 0:
            problems.add(ProblemCode.BAD_VALUE, q.at("per"), value=per)
        if base < 0:
            problems.add(ProblemCode.VALUE_NEGATIVE, q.at("base"), value=base)
        if not 0 <= decimals <= 12:
            problems.add(ProblemCode.BAD_VALUE, q.at("decimals"), value=decimals)
        q.done()
        quotient = QuotientSettings(base, per, decimals)

    lcc_given = top.has("lcc") and method in (Method.LCC, Method.PRICED_CO2)
    co2_data = data.get("co2")
    ladder_given = method is Method.PRICED_CO2 and isinstance(co2_data, Mapping) and "ladder" in co2_data
    lcc = _lcc(top.obj("lcc"), problems)
    if method is Method.LCC and lcc is None:
        problems.add(ProblemCode.LCC_PARAMETERS_MISSING, "lcc")
    co2 = _co2(top.obj("co2", required=method is Method.PRICED_CO2), problems)
    sensitivity = _sensitivity(top.obj("sensitivity"), problems)

    if method is not None:
        used = {
            "quotient": method is Method.QUOTIENT,
            "lcc": method in (Method.LCC, Method.PRICED_CO2),
            "co2": method is Method.PRICED_CO2,
            "variant": method is Method.VALUE_DEDUCTION,
            "points_decimals": method in (Method.WEIGHTED_SCORE, Method.QUOTIENT),
        }
        for key, ok in used.items():
            if top.has(key) and not ok:
                problems.add(ProblemCode.NOT_USED, key, field=key, method=method.value)
    raw_tenders = _tenders(top, problems)
    top.done()
    # the tenders are checked even when the model itself has problems, so one run names them all
    if method is not None:
        model = EvaluationModel(
            method=method,
            tenders=(),
            title=title,
            criteria=criteria,
            deductions=deductions,
            variant=variant,
            lcc=lcc if method in (Method.LCC, Method.PRICED_CO2) else None,
            co2=co2 if method is Method.PRICED_CO2 else None,
            quotient=quotient,
            points_decimals=points_decimals,
            sensitivity=sensitivity,
        )
        model = dataclasses.replace(
            model,
            tenders=_check_tenders(model, raw_tenders, problems, expect_lcc=lcc_given, expect_ladder=ladder_given),
        )
        _check_ranges(model, problems, lcc_given=lcc_given)
        if not problems.items:
            return model
    raise EvaluationError(problems.items)


def _scored_criteria(objs: list[_Obj], method: Method, problems: _Problems) -> tuple[ScoredCriterion, ...]:
    if not objs:
        problems.add(ProblemCode.NO_CRITERIA, "criteria", method=method.value)
        return ()
    out = []
    seen: set[str] = set()
    for o in objs:
        cid = o.string("id", required=True)
        if cid in seen:
            problems.add(ProblemCode.DUPLICATE_ID, o.at("id"), criterion=cid, id=cid)
        seen.add(cid)
        name = o.string("name", default=cid) or cid
        kind: CriterionKind = o.choice("kind", CriterionKind, CriterionKind.QUALITY)
        weight = o.decimal("weight", required=True) or Decimal(0)
        if weight < 0:
            problems.add(ProblemCode.WEIGHT_NEGATIVE, o.at("weight"), criterion=cid, weight=weight)
        if kind is CriterionKind.QUALITY:
            max_points = o.decimal("max_points", required=True)
            if max_points is not None and max_points <= 0:
                problems.add(ProblemCode.MAX_NOT_POSITIVE, o.at("max_points"), criterion=cid, max=max_points)
            out.append(ScoredCriterion(cid, name, kind, weight, max_points))
        else:
            if method is Method.QUOTIENT:
                problems.add(ProblemCode.PRICE_CRITERION_NOT_ALLOWED, o.at("kind"), criterion=cid)
            formula: PriceFormula = o.choice("formula", PriceFormula, PriceFormula.RELATIVE)
            ceiling = o.decimal("ceiling")
            floor = o.decimal("floor")
            if formula is PriceFormula.INTERPOLATION and (ceiling is None or ceiling <= 0):
                problems.add(ProblemCode.CEILING_MISSING, o.at("ceiling"), criterion=cid)
            if floor is not None and floor < 0:
                problems.add(ProblemCode.VALUE_NEGATIVE, o.at("floor"), criterion=cid, value=floor)
            if floor is not None and ceiling is not None and formula is PriceFormula.INTERPOLATION and floor >= ceiling:
                problems.add(
                    ProblemCode.FLOOR_NOT_BELOW_CEILING, o.at("floor"), criterion=cid, floor=floor, ceiling=ceiling
                )
            if formula is PriceFormula.RELATIVE and ceiling is not None:
                problems.add(ProblemCode.UNKNOWN_FIELD, o.at("ceiling"), criterion=cid, field="ceiling")
            out.append(ScoredCriterion(cid, name, kind, weight, None, formula, ceiling, floor))
        o.done()
    prices = [c for c in out if c.kind is CriterionKind.PRICE]
    if len(prices) > 1:
        problems.add(ProblemCode.PRICE_CRITERION_COUNT, "criteria", count=len(prices))
    total = sum((c.weight for c in out), Decimal(0))
    if total != HUNDRED:
        problems.add(ProblemCode.WEIGHTS_NOT_100, "criteria", sum=total)
    return tuple(out)


def _deduction_criteria(objs: list[_Obj], variant: Variant, problems: _Problems) -> tuple[DeductionCriterion, ...]:
    if not objs:
        problems.add(ProblemCode.NO_CRITERIA, "criteria", method=Method.VALUE_DEDUCTION.value)
        return ()
    out = []
    seen: set[str] = set()
    for o in objs:
        cid = o.string("id", required=True)
        if cid in seen:
            problems.add(ProblemCode.DUPLICATE_ID, o.at("id"), criterion=cid, id=cid)
        seen.add(cid)
        name = o.string("name", default=cid) or cid
        unit: DeductionUnit = o.choice("unit", DeductionUnit, DeductionUnit.SEK)
        maximum = o.decimal("max", required=True) or Decimal(0)
        if maximum <= 0:
            problems.add(ProblemCode.MAX_NOT_POSITIVE, o.at("max"), criterion=cid, max=maximum)
        steps = []
        step_ids: set[str] = set()
        step_objs = o.objects("steps")
        if not step_objs:
            problems.add(ProblemCode.MISSING_FIELD, o.at("steps"), criterion=cid, field="steps")
        for s in step_objs:
            sid = s.string("id", required=True)
            if sid in step_ids:
                problems.add(ProblemCode.DUPLICATE_ID, s.at("id"), criterion=cid, id=sid)
            step_ids.add(sid)
            value = s.decimal("value", required=True)
            if value is not None and not Decimal(0) <= value <= maximum:
                problems.add(ProblemCode.STEP_OUT_OF_RANGE, s.at("value"), criterion=cid, value=value, max=maximum)
            s.done()
            steps.append(Step(sid, value if value is not None else Decimal(0)))
        o.done()
        out.append(DeductionCriterion(cid, name, unit, maximum, tuple(steps)))
    percent = sum((c.maximum for c in out if c.unit is DeductionUnit.PERCENT), Decimal(0))
    # 100 % or more of deductions would give a comparison price of zero or below for every tender
    if variant is Variant.DEDUCTION and percent >= HUNDRED:
        problems.add(ProblemCode.DEDUCTIONS_PERCENT_TOO_LARGE, "criteria", sum=percent)
    return tuple(out)


def _lcc(o: _Obj | None, problems: _Problems) -> LccParameters | None:
    if o is None:
        return None
    quantity = o.decimal("quantity", required=True)
    lifetime = o.integer("lifetime_years", default=0)
    if not o.has("lifetime_years"):
        problems.add(ProblemCode.MISSING_FIELD, o.at("lifetime_years"), field="lifetime_years")
    rate = o.decimal("discount_rate_percent", required=True)
    energy = o.decimal("energy_price", required=True)
    o.done()
    if quantity is not None and quantity <= 0:
        problems.add(ProblemCode.BAD_VALUE, o.at("quantity"), value=quantity)
    if o.has("lifetime_years") and not 1 <= lifetime <= MAX_LIFETIME:
        problems.add(ProblemCode.BAD_VALUE, o.at("lifetime_years"), value=lifetime, max=MAX_LIFETIME)
    if rate is not None and rate <= -HUNDRED:
        problems.add(ProblemCode.BAD_VALUE, o.at("discount_rate_percent"), value=rate)
    if energy is not None and energy < 0:
        problems.add(ProblemCode.VALUE_NEGATIVE, o.at("energy_price"), value=energy)
    if quantity is None or rate is None or energy is None:
        return None
    return LccParameters(quantity, lifetime, rate, energy)


def _co2(o: _Obj | None, problems: _Problems) -> Co2Settings | None:
    if o is None:
        return None
    price = o.decimal("price_per_kg")
    if price is not None and price < 0:
        problems.add(ProblemCode.VALUE_NEGATIVE, o.at("price_per_kg"), value=price)
    ladder = None
    lo = o.obj("ladder")
    if lo is not None:
        version = lo.string("version", required=True)
        table = ladder_table(version)
        if version and table is None:
            problems.add(
                ProblemCode.LADDER_VERSION_UNKNOWN,
                lo.at("version"),
                value=version,
                allowed=tuple(sorted({*LADDER_ALIASES, *(LADDER_ALIASES.values())})),
            )
        custom = lo.obj("discounts")
        discounts: dict[int, Decimal] = dict(table.discounts) if table else {}
        if custom is not None and table is not None:
            given: dict[int, Decimal] = {}
            for key in custom.data:
                number = to_decimal(custom.raw(key), custom.at(str(key)), problems)
                level = str(key).strip()
                if not level.isdigit() or int(level) not in table.discounts:
                    problems.add(
                        ProblemCode.LADDER_LEVEL_UNKNOWN, custom.at(str(key)), level=level, version=table.version
                    )
                elif number is not None:
                    if not Decimal(0) <= number < HUNDRED:
                        problems.add(ProblemCode.BAD_VALUE, custom.at(str(key)), value=number)
                    given[int(level)] = number
            missing = sorted(set(table.discounts) - set(given))
            if missing:
                problems.add(ProblemCode.MISSING_FIELD, custom.path, field=",".join(str(m) for m in missing))
            discounts = given
        lo.done()
        if table is not None:
            ladder = LadderSettings(table.version, MappingProxyType(discounts), custom=custom is not None)
    mki = None
    mo = o.obj("mki_w")
    if mo is not None:
        mki = mo.decimal("valuation_factor", required=True)
        if mki is not None and mki < 0:
            problems.add(ProblemCode.VALUE_NEGATIVE, mo.at("valuation_factor"), value=mki)
        mo.done()
    o.done()
    if price is None and lo is None and mo is None:
        problems.add(ProblemCode.CO2_NOTHING_PRICED, o.path)
    return Co2Settings(price, ladder, mki)


def _sensitivity(o: _Obj | None, problems: _Problems) -> SensitivitySettings:
    if o is None:
        return SensitivitySettings()
    defaults = SensitivitySettings()
    seed = o.integer("seed", default=defaults.seed)
    draws = o.integer("draws", default=defaults.draws)
    concentration = o.decimal("concentration", default=defaults.concentration) or defaults.concentration
    spread = o.decimal("deduction_spread_percent", default=defaults.deduction_spread_percent)
    if seed < 0:
        problems.add(ProblemCode.BAD_VALUE, o.at("seed"), value=seed)
    if not 1 <= draws <= MAX_DRAWS:
        problems.add(ProblemCode.BAD_VALUE, o.at("draws"), value=draws, max=MAX_DRAWS)
    if concentration <= 0:
        problems.add(ProblemCode.BAD_VALUE, o.at("concentration"), value=concentration)
    if spread is None or not Decimal(0) <= spread < HUNDRED:
        problems.add(ProblemCode.BAD_VALUE, o.at("deduction_spread_percent"), value=str(spread))
        spread = defaults.deduction_spread_percent
    ranges: dict[str, tuple[Decimal, Decimal]] = {}
    ro = o.obj("ranges")
    if ro is not None:
        for key in ro.data:
            path = ro.at(str(key))
            pair = ro.raw(key)
            if key not in RANGE_NAMES:
                problems.add(ProblemCode.UNKNOWN_FIELD, path, field=str(key), allowed=RANGE_NAMES)
                continue
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                problems.add(ProblemCode.WRONG_TYPE, path, expected="[low, high]")
                continue
            lo = to_decimal(pair[0], f"{path}[0]", problems)
            hi = to_decimal(pair[1], f"{path}[1]", problems)
            if lo is None or hi is None:
                continue
            if lo > hi or (key != "discount_rate_percent" and lo < 0) or lo <= -HUNDRED:
                problems.add(ProblemCode.RANGE_INVALID, path, low=lo, high=hi)
                continue
            if key == "lifetime_years" and (lo != lo.to_integral_value() or hi != hi.to_integral_value() or lo < 1):
                problems.add(ProblemCode.RANGE_INVALID, path, low=lo, high=hi)
                continue
            ranges[str(key)] = (lo, hi)
    o.done()
    return SensitivitySettings(seed, draws, concentration, spread, MappingProxyType(ranges))


@dataclass(frozen=True)
class _RawTender:
    id: str
    name: str
    price: Decimal | None  # None: missing or not a number, already reported
    values: Mapping[str, object]


def _tenders(top: _Obj, problems: _Problems) -> tuple[_RawTender, ...]:
    objs = top.objects("tenders")
    if not objs:
        problems.add(ProblemCode.NO_TENDERS, "tenders")
    out = []
    seen: set[str] = set()
    for o in objs:
        tid = o.string("id", required=True)
        o.tender = tid or None
        if tid in seen:
            problems.add(ProblemCode.DUPLICATE_ID, o.at("id"), tender=tid, id=tid)
        seen.add(tid)
        name = o.string("name", default=tid) or tid
        price = o.decimal("price", required=True)
        vo = o.obj("values")
        values: dict[str, object] = {}
        if vo is not None:
            values = {str(k): v for k, v in vo.data.items() if v is not None}
            vo.used.update(vo.data)
        o.done()
        out.append(_RawTender(tid, name, price, values))
    return tuple(out)


def _check_tenders(
    model: EvaluationModel,
    raw: Sequence[_RawTender],
    problems: _Problems,
    *,
    expect_lcc: bool,
    expect_ladder: bool,
) -> tuple[Tender, ...]:
    """Check every tender against the method: prices, and one valid value for every criterion."""
    numbers: dict[str, tuple[Decimal | None, Decimal | None]] = {}  # key -> (min, max)
    steps: dict[str, DeductionCriterion] = {}
    method = model.method
    if method in (Method.WEIGHTED_SCORE, Method.QUOTIENT):
        numbers = {c.id: (Decimal(0), c.max_points) for c in model.quality_criteria}
    elif method is Method.VALUE_DEDUCTION:
        steps = {c.id: c for c in model.deductions}
    if expect_lcc:
        numbers.update({f: (Decimal(0), None) for f in LCC_FIELDS})
    if model.co2 is not None:
        if model.co2.price_per_kg is not None:
            numbers[CO2_FIELD] = (Decimal(0), None)
        if model.co2.mki_factor is not None:
            numbers[MKI_FIELD] = (Decimal(0), None)
    if expect_ladder:
        numbers[LADDER_FIELD] = (None, None)
    expected = set(numbers) | set(steps)
    out: list[Tender] = []
    for i, t in enumerate(raw):
        base = f"tenders[{i}]"
        if t.price is not None and t.price <= 0:
            if method is Method.QUOTIENT and t.price == 0:
                problems.add(ProblemCode.QUOTIENT_ZERO_PRICE, f"{base}.price", tender=t.id, price=t.price)
            else:
                problems.add(ProblemCode.PRICE_NOT_POSITIVE, f"{base}.price", tender=t.id, price=t.price)
        values: dict[str, Value] = {}
        for key in sorted(set(t.values) - expected):
            problems.add(ProblemCode.UNEXPECTED_VALUE, f"{base}.values.{key}", tender=t.id, criterion=key)
        for key in sorted(expected):
            path = f"{base}.values.{key}"
            if key not in t.values:
                problems.add(ProblemCode.MISSING_VALUE, path, tender=t.id, criterion=key)
                continue
            value = t.values[key]
            if key in steps:
                crit = steps[key]
                step_id = (
                    str(value).strip() if isinstance(value, str | int | Decimal) and not isinstance(value, bool) else ""
                )
                if step_id not in {s.id for s in crit.steps}:
                    problems.add(
                        ProblemCode.UNKNOWN_STEP,
                        path,
                        tender=t.id,
                        criterion=key,
                        step=str(value),
                        allowed=tuple(s.id for s in crit.steps),
                    )
                else:
                    values[key] = step_id
                continue
            number = to_decimal(value, path, problems, tender=t.id, criterion=key)
            if number is None:
                continue
            low, high = numbers[key]
            if key == LADDER_FIELD:
                ladder = model.co2.ladder if model.co2 else None
                if ladder is None:
                    continue  # the ladder itself is wrong, and that is reported already
                known = number == 0 or number in ladder.discounts
                if not known or number != number.to_integral_value():
                    problems.add(
                        ProblemCode.LADDER_LEVEL_UNKNOWN,
                        path,
                        tender=t.id,
                        criterion=key,
                        level=str(number),
                        version=ladder.version,
                    )
                    continue
            elif low is not None and high is not None and not low <= number <= high:
                problems.add(ProblemCode.SCORE_OUT_OF_RANGE, path, tender=t.id, criterion=key, value=number, max=high)
                continue
            elif low is not None and number < low:
                problems.add(ProblemCode.VALUE_NEGATIVE, path, tender=t.id, criterion=key, value=number)
                continue
            values[key] = number
        out.append(Tender(t.id, t.name, t.price if t.price is not None else Decimal(0), MappingProxyType(values)))
    return tuple(out)


def _check_ranges(model: EvaluationModel, problems: _Problems, *, lcc_given: bool) -> None:
    lcc_names = {"discount_rate_percent", "energy_price", "lifetime_years"}
    allowed: set[str] = set()
    if lcc_given:
        allowed |= lcc_names
    if model.co2 is not None:
        if model.co2.price_per_kg is not None:
            allowed.add("co2_price_per_kg")
        if model.co2.mki_factor is not None:
            allowed.add("mki_valuation_factor")
    for name in model.sensitivity.ranges:
        if name not in allowed:
            problems.add(ProblemCode.RANGE_INVALID, f"sensitivity.ranges.{name}", name=name, method=model.method.value)
