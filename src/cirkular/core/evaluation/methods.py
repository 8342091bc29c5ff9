"""The award methods: each tender's breakdown, comparison value and rank, with the reasons as codes.

Rounding, fixed so that a protocol can be checked by hand:

- money (deductions, LCC items, CO2 charges) is rounded to öre, halves up, item by item; the
  comparison value is the sum of the rounded items;
- points are rounded per criterion to ``points_decimals`` (default 2), halves up; the total is the
  sum of the rounded points, so the ranking is the ranking of the numbers shown;
- a quotient is rounded to ``quotient.decimals`` (default 6) after dividing.

Tie-break, applied when comparison values are equal:

1. the better non-price part wins: more quality points (weighted score, quotient); the larger
   share of the available deductions, or the smaller share of the surcharges, summed over the
   criteria as step value / maximum (value deduction); the smaller CO2 and MKI charges (priced
   CO2). None of these depends on the tender's own price, so a lower price never loses a tie;
2. then the lower tender price;
3. tenders still equal share the rank, and the buyer must draw lots (``tie-lot-drawing``).

Risks that are flagged, never hidden:

- with the price scored relative to the lowest price (relative formula or interpolation), the
  order of two tenders can flip when a third is added or removed; every tender is left out in
  turn and each pair whose order flips is reported (``rank-reversal``);
- a price floor below which cuts no longer earn points is the kind of model HFD 2022 ref. 41
  ruled out (``hfd-2022-41-price-floor``); a floor of 0 is not flagged (HFD 2023 ref. 7).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from itertools import groupby, pairwise

from cirkular.core.evaluation.co2 import co2_lines
from cirkular.core.evaluation.lcc import lcc_lines
from cirkular.core.evaluation.messages import Code, Message, Param
from cirkular.core.evaluation.model import (
    CONTEXT,
    HUNDRED,
    CriterionKind,
    DeductionUnit,
    EvaluationModel,
    Method,
    PriceFormula,
    ScoredCriterion,
    Tender,
    Variant,
    money,
    need,
    parse_model,
    round_to,
)
from cirkular.core.evaluation.results import Better, Comparison, EvaluationResult, Line, TenderResult, Unit


@dataclass(frozen=True)
class _Row:
    tender: Tender
    lines: tuple[Line, ...]
    comparison: Decimal
    quality: Decimal | None
    messages: tuple[Message, ...] = ()


@dataclass(frozen=True)
class _Scored:
    rows: tuple[_Row, ...]
    comparison: Comparison
    better: Better
    messages: tuple[Message, ...] = ()


def evaluate_input(data: object) -> EvaluationResult:
    """Parse, validate and evaluate plain input data (see docs/evaluation-input.md)."""
    return evaluate(parse_model(data))


def evaluate(model: EvaluationModel, *, reversals: bool = True) -> EvaluationResult:
    """Evaluate a parsed model. ``reversals=False`` skips the leave-one-out check (n extra runs)."""
    with localcontext(CONTEXT):
        scored = score(model)
        ranks, tie_messages = rank(scored.rows, scored.better)
        messages = [*scored.messages, *tie_messages]
        if reversals and depends_on_others(model) and len(model.tenders) >= 3:
            messages += _reversals(model, ranks)
    tenders = tuple(
        TenderResult(
            id=row.tender.id,
            name=row.tender.name,
            price=row.tender.price,
            lines=row.lines,
            comparison=row.comparison,
            quality=row.quality,
            rank=ranks[row.tender.id],
            messages=row.messages,
        )
        for row in sorted(scored.rows, key=lambda r: (ranks[r.tender.id], _position(model, r.tender.id)))
    )
    return EvaluationResult(model.method, scored.comparison, scored.better, tenders, tuple(messages))


def _position(model: EvaluationModel, tender_id: str) -> int:
    return next(i for i, t in enumerate(model.tenders) if t.id == tender_id)


def depends_on_others(model: EvaluationModel) -> bool:
    """Whether a tender's score depends on the other tenders (price scored against the lowest price)."""
    price = model.price_criterion
    return model.method is Method.WEIGHTED_SCORE and price is not None and price.weight > 0


def score(model: EvaluationModel) -> _Scored:
    """Every tender's lines and comparison value, not yet ranked."""
    if model.method is Method.LOWEST_PRICE:
        rows = tuple(_Row(t, (_price_line(t),), t.price, None) for t in model.tenders)
        return _Scored(rows, Comparison.PRICE, Better.LOWER)
    if model.method is Method.WEIGHTED_SCORE:
        return _weighted(model)
    if model.method is Method.QUOTIENT:
        return _quotient(model)
    if model.method is Method.VALUE_DEDUCTION:
        return _value_deduction(model)
    if model.method is Method.LCC:
        return _lcc(model)
    return _priced_co2(model)


def _price_line(t: Tender) -> Line:
    return Line("price", t.price, Unit.SEK, Message(Code.PRICE, {"price": t.price}))


# --- weighted score and quotient ----------------------------------------------------------------


@dataclass(frozen=True)
class PriceScale:
    """How one price criterion turns prices into a fraction 0..1 of its points, for one set of tenders."""

    criterion: ScoredCriterion
    lowest: Decimal  # the lowest price, or the floor if that is higher

    @classmethod
    def of(cls, criterion: ScoredCriterion, prices: Sequence[Decimal]) -> PriceScale:
        lowest = min(prices)
        if criterion.floor is not None:
            lowest = max(lowest, criterion.floor)
        return cls(criterion, lowest)

    @property
    def degenerate(self) -> bool:
        c = self.criterion
        return c.formula is PriceFormula.INTERPOLATION and c.ceiling is not None and c.ceiling <= self.lowest

    def fraction(self, price: Decimal) -> Decimal:
        c = self.criterion
        counted = price if c.floor is None else max(price, c.floor)
        if c.formula is PriceFormula.RELATIVE:
            return self.lowest / counted
        ceiling = need(c.ceiling, "ceiling")
        if self.degenerate or counted >= ceiling:
            return Decimal(0)
        return (ceiling - counted) / (ceiling - self.lowest)


def total_weight(model: EvaluationModel) -> Decimal:
    return sum((c.weight for c in model.criteria), Decimal(0))


def fractions(model: EvaluationModel) -> list[list[Decimal]]:
    """Tenders × criteria: the share 0..1 of each criterion's points, before weighting and rounding."""
    price = model.price_criterion
    scale = PriceScale.of(price, [t.price for t in model.tenders]) if price is not None else None
    out = []
    for t in model.tenders:
        row = []
        for c in model.criteria:
            if c.kind is CriterionKind.PRICE:
                row.append(need(scale, "price scale").fraction(t.price))
            else:
                row.append(t.number(c.id) / need(c.max_points, "max_points"))
        out.append(row)
    return out


def _points_lines(model: EvaluationModel) -> tuple[list[tuple[Line, ...]], list[list[Message]], list[Message]]:
    """Weighted points per tender and criterion, with per-tender and model-level messages."""
    weight_sum = total_weight(model)
    d = model.points_decimals
    price = model.price_criterion
    scale = PriceScale.of(price, [t.price for t in model.tenders]) if price is not None else None
    model_messages: list[Message] = []
    if price is not None and price.floor is not None and price.floor > 0:
        model_messages.append(Message(Code.HFD_2022_41_PRICE_FLOOR, {"criterion": price.id, "floor": price.floor}))
    if price is not None and scale is not None and scale.degenerate:
        model_messages.append(
            Message(
                Code.CEILING_NOT_ABOVE_LOWEST,
                {"criterion": price.id, "ceiling": need(price.ceiling, "ceiling"), "lowest": scale.lowest},
            )
        )
    all_lines = []
    all_messages = []
    for t in model.tenders:
        lines = []
        messages: list[Message] = []
        for c in model.criteria:
            top = c.weight * HUNDRED / weight_sum  # the criterion's maximum points on the 0–100 scale
            if c.kind is CriterionKind.PRICE:
                price_scale = need(scale, "price scale")
                fraction = price_scale.fraction(t.price)
                points = round_to(c.weight * HUNDRED * fraction / weight_sum, d)
                params: dict[str, Param] = {
                    "lowest": price_scale.lowest,
                    "price": t.price,
                    "max": round_to(top, d),
                    "points": points,
                }
                if c.formula is PriceFormula.RELATIVE:
                    message = Message(Code.PRICE_POINTS_RELATIVE, params)
                else:
                    ceiling = need(c.ceiling, "ceiling")
                    message = Message(Code.PRICE_POINTS_INTERPOLATION, {**params, "ceiling": ceiling})
                    if t.price > ceiling:
                        messages.append(Message(Code.PRICE_ABOVE_CEILING, {"price": t.price, "ceiling": ceiling}))
                if c.floor is not None and t.price < c.floor:
                    messages.append(Message(Code.PRICE_BELOW_FLOOR, {"price": t.price, "floor": c.floor}))
                lines.append(Line(c.id, points, Unit.POINTS, message))
            else:
                max_points = need(c.max_points, "max_points")
                s = t.number(c.id)
                points = round_to(c.weight * HUNDRED * s / (max_points * weight_sum), d)
                message = Message(
                    Code.QUALITY_POINTS,
                    {"score": s, "max_score": max_points, "max": round_to(top, d), "points": points},
                )
                lines.append(Line(c.id, points, Unit.POINTS, message))
        all_lines.append(tuple(lines))
        all_messages.append(messages)
    return all_lines, all_messages, model_messages


def _weighted(model: EvaluationModel) -> _Scored:
    lines, messages, model_messages = _points_lines(model)
    rows = []
    for t, ls, ms in zip(model.tenders, lines, messages, strict=True):
        total = sum((line.value for line in ls), Decimal(0))
        quality = sum(
            (line.value for line, c in zip(ls, model.criteria, strict=True) if c.kind is CriterionKind.QUALITY),
            Decimal(0),
        )
        rows.append(_Row(t, ls, total, quality, tuple(ms)))
    return _Scored(tuple(rows), Comparison.TOTAL_POINTS, Better.HIGHER, tuple(model_messages))


def _quotient(model: EvaluationModel) -> _Scored:
    lines, messages, model_messages = _points_lines(model)
    q = model.quotient
    rows = []
    for t, ls, ms in zip(model.tenders, lines, messages, strict=True):
        quality = q.base + sum((line.value for line in ls), Decimal(0))
        value = round_to(quality * q.per / t.price, q.decimals)
        message = Message(
            Code.QUOTIENT, {"quality": quality, "base": q.base, "price": t.price, "per": q.per, "quotient": value}
        )
        rows.append(_Row(t, ls, value, quality, (message, *ms)))
    return _Scored(tuple(rows), Comparison.QUOTIENT, Better.HIGHER, tuple(model_messages))


# --- money-based methods ------------------------------------------------------------------------


def _value_deduction(model: EvaluationModel) -> _Scored:
    surcharge = model.variant is Variant.SURCHARGE
    rows = []
    for t in model.tenders:
        lines = [_price_line(t)]
        total = Decimal(0)
        shares = Decimal(0)
        for c in model.deductions:
            step = c.step(t.text(c.id))
            shares += step.value / c.maximum
            if c.unit is DeductionUnit.SEK:
                amount = money(step.value)
                code = Code.SURCHARGE_SEK if surcharge else Code.DEDUCTION_SEK
                params: dict[str, Param] = {"step": step.id, "amount": amount}
            else:
                amount = money(t.price * step.value / HUNDRED)
                code = Code.SURCHARGE_PERCENT if surcharge else Code.DEDUCTION_PERCENT
                params = {"step": step.id, "percent": step.value, "price": t.price, "amount": amount}
            total += amount
            lines.append(Line(c.id, amount if surcharge else -amount, Unit.SEK, Message(code, params)))
        comparison = t.price + total if surcharge else t.price - total
        messages: tuple[Message, ...] = ()
        if comparison < 0:
            messages = (Message(Code.COMPARISON_NEGATIVE, {"comparison": comparison}),)
        # The tie-break compares the share of the available deductions (or surcharges) each tender
        # earned, not the amounts: a percent deduction shrinks with the price, and a cheaper tender
        # must never lose a tie-break for being cheaper.
        rows.append(_Row(t, tuple(lines), comparison, -shares if surcharge else shares, messages))
    return _Scored(tuple(rows), Comparison.COMPARISON_PRICE, Better.LOWER)


def _lcc(model: EvaluationModel) -> _Scored:
    params = need(model.lcc, "lcc")
    rows = []
    for t in model.tenders:
        lines = lcc_lines(params, t)
        rows.append(_Row(t, lines, sum((line.value for line in lines), Decimal(0)), None))
    return _Scored(tuple(rows), Comparison.LCC, Better.LOWER)


def _priced_co2(model: EvaluationModel) -> _Scored:
    settings = need(model.co2, "co2")
    rows = []
    for t in model.tenders:
        if model.lcc is not None:
            base = lcc_lines(model.lcc, t)
            price_total = money(model.lcc.quantity * t.price)
        else:
            base = (_price_line(t),)
            price_total = t.price
        env = co2_lines(settings, t, price_total)
        lines = (*base, *env)
        # the tie-break looks at the CO2 and MKI charges only: the ladder discount grows with the
        # price, and a cheaper tender must never lose a tie-break for being cheaper
        charges = sum((line.value for line in env if line.item != "ladder"), Decimal(0))
        rows.append(_Row(t, lines, sum((line.value for line in lines), Decimal(0)), -charges))
    return _Scored(tuple(rows), Comparison.PRICED_COST, Better.LOWER)


# --- ranking, ties and reversals ----------------------------------------------------------------


def _key(row: _Row, better: Better) -> tuple[Decimal, Decimal, Decimal]:
    primary = -row.comparison if better is Better.HIGHER else row.comparison
    quality = row.quality if row.quality is not None else Decimal(0)
    return (primary, -quality, row.tender.price)


def rank(rows: Sequence[_Row], better: Better) -> tuple[dict[str, int], list[Message]]:
    """Competition ranks (1, 2, 2, 4) after the tie-break, and a message for every tie."""
    ordered = sorted(rows, key=lambda r: _key(r, better))
    ranks: dict[str, int] = {}
    for i, row in enumerate(ordered):
        previous = ordered[i - 1] if i else None
        same = previous is not None and _key(previous, better) == _key(row, better)
        ranks[row.tender.id] = ranks[previous.tender.id] if same and previous is not None else i + 1
    messages = []
    for _, group in groupby(ordered, key=lambda r: r.comparison):
        tied = list(group)
        if len(tied) < 2:
            continue
        for a, b in pairwise(tied):
            ka, kb = _key(a, better), _key(b, better)
            pair: dict[str, Param] = {"first": a.tender.id, "second": b.tender.id, "comparison": a.comparison}
            if ka[1] != kb[1]:
                messages.append(Message(Code.TIE_BROKEN_BY_QUALITY, pair))
            elif ka[2] != kb[2]:
                messages.append(Message(Code.TIE_BROKEN_BY_PRICE, pair))
        for _, level in groupby(tied, key=lambda r: _key(r, better)):
            lot = [r.tender.id for r in level]
            if len(lot) > 1:
                messages.append(Message(Code.TIE_LOT_DRAWING, {"tenders": tuple(lot), "rank": ranks[lot[0]]}))
    return ranks, messages


def _reversals(model: EvaluationModel, ranks: Mapping[str, int]) -> list[Message]:
    """Leave each tender out in turn; report every pair of the others whose order flips."""
    messages = []
    for left_out in model.tenders:
        sub = model.with_tenders(t for t in model.tenders if t.id != left_out.id)
        sub_ranks, _ = rank(score(sub).rows, Better.HIGHER)
        ids = [t.id for t in sub.tenders]
        for a in ids:
            for b in ids:
                if ranks[a] < ranks[b] and sub_ranks[a] > sub_ranks[b]:
                    messages.append(
                        Message(
                            Code.RANK_REVERSAL,
                            {
                                "left_out": left_out.id,
                                "first": a,
                                "second": b,
                                "rank_first": ranks[a],
                                "rank_second": ranks[b],
                            },
                        )
                    )
    return messages
