"""How robust is the winner? Tipping points for each weight, deduction or parameter, and a Monte Carlo.

**Tipping points.** For a weight, the weight is moved and the other weights are rescaled in
proportion so that they still add up to 100 %. Every tender's total is then a straight line in
the moved weight, so the point where another tender overtakes the winner is found exactly, by
solving for the crossing of two lines (``exact=True``). The same holds for the maximum of a
deduction (the steps scale with it) and for the quotient method. For the LCC and priced-CO2
parameters (discount rate, energy price, CO2 price, MKI-W factor) the comparison is not linear:
the range is scanned in 50 steps and the first change is narrowed by bisection until the bracket
is no wider than ``tolerance`` (0.0001 in the parameter's unit); the lifetime is a whole number of
years and is scanned year by year. Tipping points use unrounded points and amounts, so a winner
decided by the rounding of the protocol shows a tipping point at (or next to) the current value.

**Monte Carlo.** The weights are drawn from a Dirichlet distribution centred on the chosen
weights, ``alpha = concentration × weight share`` (larger concentration, draws closer to the
chosen weights; criteria with zero weight stay at zero); the maximum deductions are each scaled
by a factor uniform in ``1 ± deduction_spread_percent``; the LCC and CO2 parameters given a
range are drawn uniformly within it (the lifetime as a whole number). Each draw picks a winner
and the share of draws each tender wins is its probability of winning. The seed fixes the
result: ``numpy.random.default_rng(seed)``, with one child stream per drawn quantity so that the
result does not depend on the chunk size. Draws are evaluated in chunks, vectorised with numpy,
in floating point; when two tenders are exactly level in a draw, the one ranked higher in the
evaluation wins it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cirkular.core.evaluation.co2 import ladder_percent
from cirkular.core.evaluation.lcc import lcc_matrix
from cirkular.core.evaluation.messages import Code, Message
from cirkular.core.evaluation.methods import evaluate, fractions, rank, score, total_weight
from cirkular.core.evaluation.model import (
    CO2_FIELD,
    CONTEXT,
    HUNDRED,
    LCC_FIELDS,
    MAX_LIFETIME,
    MKI_FIELD,
    DeductionUnit,
    EvaluationModel,
    Method,
    Variant,
    money,
    need,
)
from cirkular.core.evaluation.results import EvaluationResult

TOLERANCE = Decimal("0.0001")
GRID = 50
SHOWN = Decimal("0.0001")  # tipping points are reported to four decimals, halves up
CHUNK = 10_000


@dataclass(frozen=True)
class TippingPoint:
    """Where the winner changes when one parameter moves up or down (None: not within the range)."""

    parameter: str
    kind: str  # weight | deduction | parameter
    unit: str  # percent | sek | sek_per_kwh | years | sek_per_kg | factor
    current: Decimal
    up: Decimal | None
    up_winner: str | None
    down: Decimal | None
    down_winner: str | None
    exact: bool
    tolerance: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        def s(v: Decimal | None) -> str | None:
            return None if v is None else str(v)

        return {
            "parameter": self.parameter,
            "kind": self.kind,
            "unit": self.unit,
            "current": str(self.current),
            "up": s(self.up),
            "up_winner": self.up_winner,
            "down": s(self.down),
            "down_winner": self.down_winner,
            "exact": self.exact,
            "tolerance": s(self.tolerance),
        }


@dataclass(frozen=True)
class Tipping:
    winner: str | None
    points: tuple[TippingPoint, ...]
    messages: tuple[Message, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "winner": self.winner,
            "points": [p.to_dict() for p in self.points],
            "messages": [m.to_dict() for m in self.messages],
        }


def tipping_points(model: EvaluationModel, result: EvaluationResult | None = None) -> Tipping:
    result = result or evaluate(model, reversals=False)
    if result.winner is None:
        return Tipping(None, (), (Message(Code.WINNER_UNDETERMINED, {}),))
    order = {tid: i for i, tid in enumerate(result.ranking)}
    with localcontext(CONTEXT):
        if model.method in (Method.WEIGHTED_SCORE, Method.QUOTIENT):
            points = _weight_points(model, order)
        elif model.method is Method.VALUE_DEDUCTION:
            points = _deduction_points(model, order)
        elif model.method in (Method.LCC, Method.PRICED_CO2):
            points = _parameter_points(model, result.winner)
        else:
            points = []
    messages = () if points else (Message(Code.TIPPING_NONE, {"method": model.method.value}),)
    return Tipping(result.winner, tuple(points), messages)


def _shown(value: Decimal, step: Decimal = SHOWN) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


def crossings(
    a: Sequence[Decimal], b: Sequence[Decimal], x0: Decimal, lo: Decimal, hi: Decimal | None, order: Sequence[int]
) -> tuple[tuple[Decimal, int] | None, tuple[Decimal, int] | None]:
    """The nearest change of leader above and below ``x0`` for values ``a[t] + b[t]·x`` (higher wins).

    ``order`` lists the tenders best first; it breaks exact ties at ``x0``.
    """
    values = [a[t] + b[t] * x0 for t in range(len(a))]
    best = max(values)
    leader = next(t for t in order if values[t] == best)
    up: tuple[Decimal, int] | None = None
    down: tuple[Decimal, int] | None = None
    for t in range(len(a)):
        if t == leader:
            continue
        da, db = a[leader] - a[t], b[leader] - b[t]
        if db == 0:
            continue
        x = -da / db
        if db < 0 and (hi is None or x <= hi):
            # the leader's lead shrinks going up; at equal crossings the steeper challenger takes over
            if up is None or x < up[0] or (x == up[0] and b[t] > b[up[1]]):
                up = (max(x, x0), t)
        elif db > 0 and x >= lo and (down is None or x > down[0] or (x == down[0] and b[t] < b[down[1]])):
            down = (min(x, x0), t)
    return up, down


def _weight_points(model: EvaluationModel, order_of: Mapping[str, int]) -> list[TippingPoint]:
    s = fractions(model)
    w_sum = total_weight(model)
    f = [c.weight / w_sum for c in model.criteria]
    ids = [t.id for t in model.tenders]
    order = sorted(range(len(ids)), key=lambda t: order_of[ids[t]])
    out = []
    for i, c in enumerate(model.criteria):
        if f[i] == 1:
            out.append(TippingPoint(c.id, "weight", "percent", c.weight, None, None, None, None, exact=True))
            continue
        a, b = [], []
        for t in range(len(ids)):
            rest = sum((f[j] * s[t][j] for j in range(len(f)) if j != i), Decimal(0)) / (1 - f[i])
            a.append(rest)
            b.append(s[t][i] - rest)
        if model.method is Method.QUOTIENT:
            q = model.quotient
            prices = [t.price for t in model.tenders]
            a = [(q.base + HUNDRED * a[t]) * q.per / prices[t] for t in range(len(ids))]
            b = [HUNDRED * b[t] * q.per / prices[t] for t in range(len(ids))]
        up, down = crossings(a, b, f[i], Decimal(0), Decimal(1), order)
        out.append(
            TippingPoint(
                c.id,
                "weight",
                "percent",
                c.weight,
                _shown(up[0] * w_sum) if up else None,
                ids[up[1]] if up else None,
                _shown(down[0] * w_sum) if down else None,
                ids[down[1]] if down else None,
                exact=True,
            )
        )
    return out


def _amounts(model: EvaluationModel) -> list[list[Decimal]]:
    """Tenders × deduction criteria: the unrounded amount of each deduction or surcharge."""
    out = []
    for t in model.tenders:
        row = []
        for c in model.deductions:
            value = c.step(t.text(c.id)).value
            row.append(value if c.unit is DeductionUnit.SEK else t.price * value / HUNDRED)
        out.append(row)
    return out


def _deduction_points(model: EvaluationModel, order_of: Mapping[str, int]) -> list[TippingPoint]:
    amounts = _amounts(model)
    ids = [t.id for t in model.tenders]
    order = sorted(range(len(ids)), key=lambda t: order_of[ids[t]])
    sign = Decimal(-1) if model.variant is Variant.SURCHARGE else Decimal(1)
    out = []
    for i, c in enumerate(model.deductions):
        a, b = [], []
        for t, tender in enumerate(model.tenders):
            rest = sum((amounts[t][j] for j in range(len(model.deductions)) if j != i), Decimal(0))
            a.append(-tender.price + sign * rest)
            b.append(sign * amounts[t][i] / c.maximum)
        hi: Decimal | None = None
        if c.unit is DeductionUnit.PERCENT and model.variant is Variant.DEDUCTION:
            others = sum(
                (d.maximum for d in model.deductions if d is not c and d.unit is DeductionUnit.PERCENT), Decimal(0)
            )
            hi = HUNDRED - others
        up, down = crossings(a, b, c.maximum, Decimal(0), hi, order)
        step = Decimal("0.01") if c.unit is DeductionUnit.SEK else SHOWN
        out.append(
            TippingPoint(
                c.id,
                "deduction",
                c.unit.value,
                c.maximum,
                _shown(up[0], step) if up else None,
                ids[up[1]] if up else None,
                _shown(down[0], step) if down else None,
                ids[down[1]] if down else None,
                exact=True,
            )
        )
    return out


def _winner(model: EvaluationModel) -> str:
    scored = score(model)
    ranks, _ = rank(scored.rows, scored.better)
    return min(ranks, key=lambda tid: (ranks[tid], [t.id for t in model.tenders].index(tid)))


def _parameter_points(model: EvaluationModel, winner: str) -> list[TippingPoint]:
    out = []
    lcc = model.lcc
    if lcc is not None:
        r0 = lcc.discount_rate_percent
        rate_lo = max(r0 - 10, Decimal(-99))

        def with_rate(x: Decimal) -> EvaluationModel:
            return dataclasses.replace(model, lcc=dataclasses.replace(lcc, discount_rate_percent=x))

        out.append(_bisect_point(model, winner, "discount_rate_percent", "percent", r0, rate_lo, r0 + 10, with_rate))
        p0 = lcc.energy_price

        def with_energy(x: Decimal) -> EvaluationModel:
            return dataclasses.replace(model, lcc=dataclasses.replace(lcc, energy_price=x))

        out.append(
            _bisect_point(
                model, winner, "energy_price", "sek_per_kwh", p0, Decimal(0), max(10 * p0, Decimal(10)), with_energy
            )
        )
        out.append(_lifetime_point(model, winner))
    co2 = model.co2
    if co2 is not None and co2.price_per_kg is not None:
        c0 = co2.price_per_kg

        def with_co2(x: Decimal) -> EvaluationModel:
            return dataclasses.replace(model, co2=dataclasses.replace(need(co2, "co2"), price_per_kg=x))

        out.append(
            _bisect_point(
                model, winner, "co2_price_per_kg", "sek_per_kg", c0, Decimal(0), max(10 * c0, Decimal(10)), with_co2
            )
        )
    if co2 is not None and co2.mki_factor is not None:
        m0 = co2.mki_factor

        def with_mki(x: Decimal) -> EvaluationModel:
            return dataclasses.replace(model, co2=dataclasses.replace(need(co2, "co2"), mki_factor=x))

        out.append(
            _bisect_point(
                model, winner, "mki_valuation_factor", "factor", m0, Decimal(0), max(10 * m0, Decimal(10)), with_mki
            )
        )
    return out


def _bisect_point(
    model: EvaluationModel,
    winner: str,
    name: str,
    unit: str,
    x0: Decimal,
    lo: Decimal,
    hi: Decimal,
    at: Callable[[Decimal], EvaluationModel],
) -> TippingPoint:
    up = _search(winner, x0, hi, at)
    down = _search(winner, x0, lo, at)
    return TippingPoint(
        name,
        "parameter",
        unit,
        x0,
        up[0] if up else None,
        up[1] if up else None,
        down[0] if down else None,
        down[1] if down else None,
        exact=False,
        tolerance=TOLERANCE,
    )


def _search(
    winner: str, x0: Decimal, bound: Decimal, at: Callable[[Decimal], EvaluationModel]
) -> tuple[Decimal, str] | None:
    """Scan from ``x0`` towards ``bound``; bisect the first step where the winner changes."""
    if bound == x0:
        return None
    step = (bound - x0) / GRID
    same = x0
    for k in range(1, GRID + 1):
        x = bound if k == GRID else x0 + step * k
        other = _winner(at(x))
        if other != winner:
            changed, new = x, other
            while abs(changed - same) > TOLERANCE:
                mid = (changed + same) / 2
                w = _winner(at(mid))
                if w == winner:
                    same = mid
                else:
                    changed, new = mid, w
            return _shown(changed, TOLERANCE), new
        same = x
    return None


def _lifetime_point(model: EvaluationModel, winner: str) -> TippingPoint:
    lcc = need(model.lcc, "lcc")
    n0 = lcc.lifetime_years

    def at(n: int) -> str:
        return _winner(dataclasses.replace(model, lcc=dataclasses.replace(lcc, lifetime_years=n)))

    up = next(
        ((n, w) for n in range(n0 + 1, min(MAX_LIFETIME, max(3 * n0, n0 + 20)) + 1) if (w := at(n)) != winner), None
    )
    down = next(((n, w) for n in range(n0 - 1, 0, -1) if (w := at(n)) != winner), None)
    return TippingPoint(
        "lifetime_years",
        "parameter",
        "years",
        Decimal(n0),
        Decimal(up[0]) if up else None,
        up[1] if up else None,
        Decimal(down[0]) if down else None,
        down[1] if down else None,
        exact=True,
    )


# --- Monte Carlo --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonteCarlo:
    draws: int
    seed: int
    varied: tuple[str, ...]  # what was drawn: "weights", "deductions", or parameter names
    wins: Mapping[str, int]  # tender id -> draws won, in ranking order

    def probability(self, tender_id: str) -> float:
        return self.wins.get(tender_id, 0) / self.draws

    def to_dict(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "seed": self.seed,
            "varied": list(self.varied),
            "wins": dict(self.wins),
            "probabilities": {tid: f"{n / self.draws:.4f}" for tid, n in self.wins.items()},
        }


def dirichlet(rng: np.random.Generator, alpha: NDArray[np.float64], size: int) -> NDArray[np.float64]:
    """``size`` draws from Dirichlet(alpha), as normalised gamma variates; zero alphas give zero weights."""
    out = np.zeros((size, alpha.size))
    positive = alpha > 0
    gammas = rng.standard_gamma(alpha[positive], size=(size, int(positive.sum())))
    out[:, positive] = gammas / gammas.sum(axis=1, keepdims=True)
    return out


def weighted_wins(
    scores: NDArray[np.float64],
    weights: NDArray[np.float64],
    concentration: float,
    draws: int,
    rng: np.random.Generator,
    *,
    chunk: int = CHUNK,
    transform: Callable[[NDArray[np.float64]], NDArray[np.float64]] | None = None,
) -> NDArray[np.int64]:
    """Wins per tender (row of ``scores``, tenders × criteria shares) over Dirichlet weight draws."""
    alpha = concentration * weights / weights.sum()
    wins = np.zeros(scores.shape[0], dtype=np.int64)
    done = 0
    while done < draws:
        size = min(chunk, draws - done)
        totals = dirichlet(rng, alpha, size) @ scores.T
        if transform is not None:
            totals = transform(totals)
        wins += np.bincount(np.argmax(totals, axis=1), minlength=scores.shape[0])
        done += size
    return wins


def monte_carlo(
    model: EvaluationModel,
    result: EvaluationResult | None = None,
    *,
    draws: int | None = None,
    seed: int | None = None,
    chunk: int = CHUNK,
) -> MonteCarlo:
    settings = model.sensitivity
    draws = draws if draws is not None else settings.draws
    seed = seed if seed is not None else settings.seed
    result = result or evaluate(model, reversals=False)
    # tenders in ranking order: argmax/argmin return the first of equals, i.e. the better ranked
    ordered = [model.tender(tid) for tid in result.ranking]
    model = model.with_tenders(ordered)
    ids = [t.id for t in ordered]
    rng = np.random.default_rng(seed)
    if model.method in (Method.WEIGHTED_SCORE, Method.QUOTIENT):
        with localcontext(CONTEXT):
            s = np.array([[float(x) for x in row] for row in fractions(model)])
        weights = np.array([float(c.weight) for c in model.criteria])
        transform = None
        if model.method is Method.QUOTIENT:
            q = model.quotient
            prices = np.array([float(t.price) for t in ordered])
            base, per = float(q.base), float(q.per)

            def transform(totals: NDArray[np.float64]) -> NDArray[np.float64]:
                result: NDArray[np.float64] = (base + 100.0 * totals) * per / prices[None, :]
                return result

        wins = weighted_wins(s, weights, float(settings.concentration), draws, rng, chunk=chunk, transform=transform)
        varied: tuple[str, ...] = ("weights",)
    elif model.method is Method.VALUE_DEDUCTION:
        wins, varied = _deduction_wins(model, draws, rng, chunk)
    elif model.method in (Method.LCC, Method.PRICED_CO2):
        wins, varied = _cost_wins(model, draws, rng, chunk)
    else:
        wins, varied = np.bincount([0], minlength=len(ids)) * draws, ()
    return MonteCarlo(draws, seed, varied, {tid: int(n) for tid, n in zip(ids, wins, strict=True)})


def _deduction_wins(
    model: EvaluationModel, draws: int, rng: np.random.Generator, chunk: int
) -> tuple[NDArray[np.int64], tuple[str, ...]]:
    with localcontext(CONTEXT):
        amounts = np.array([[float(x) for x in row] for row in _amounts(model)])
    prices = np.array([float(t.price) for t in model.tenders])
    spread = float(model.sensitivity.deduction_spread_percent) / 100.0
    sign = 1.0 if model.variant is Variant.SURCHARGE else -1.0
    wins = np.zeros(len(prices), dtype=np.int64)
    done = 0
    while done < draws:
        size = min(chunk, draws - done)
        factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(size, amounts.shape[1]))
        comparison = prices[None, :] + sign * (factors @ amounts.T)
        wins += np.bincount(np.argmin(comparison, axis=1), minlength=len(prices))
        done += size
    return wins, ("deductions",) if spread > 0 else ()


def _cost_wins(
    model: EvaluationModel, draws: int, rng: np.random.Generator, chunk: int
) -> tuple[NDArray[np.int64], tuple[str, ...]]:
    ranges = model.sensitivity.ranges
    names = ("discount_rate_percent", "energy_price", "lifetime_years", "co2_price_per_kg", "mki_valuation_factor")
    # one stream per quantity, so that the draws do not depend on the chunk size
    streams = dict(zip(names, rng.spawn(len(names)), strict=True))
    tenders = model.tenders
    lcc, co2 = model.lcc, model.co2
    fixed: dict[str, float] = {}
    if lcc is not None:
        fixed |= {
            "discount_rate_percent": float(lcc.discount_rate_percent),
            "energy_price": float(lcc.energy_price),
            "lifetime_years": float(lcc.lifetime_years),
        }
    if co2 is not None:
        fixed |= {
            "co2_price_per_kg": float(co2.price_per_kg or 0),
            "mki_valuation_factor": float(co2.mki_factor or 0),
        }

    def draw(name: str, size: int) -> NDArray[np.float64]:
        if name not in ranges:
            return np.full(size, fixed.get(name, 0.0))
        lo, hi = ranges[name]
        if name == "lifetime_years":
            return streams[name].integers(int(lo), int(hi) + 1, size=size).astype(np.float64)
        return streams[name].uniform(float(lo), float(hi), size=size)

    columns = {"price": np.array([float(t.price) for t in tenders])}
    if lcc is not None:
        columns |= {f: np.array([float(t.number(f)) for t in tenders]) for f in LCC_FIELDS}
    ladder = np.zeros(len(tenders))
    kg = np.zeros(len(tenders))
    mki = np.zeros(len(tenders))
    if co2 is not None:
        q = lcc.quantity if lcc is not None else Decimal(1)
        with localcontext(CONTEXT):
            ladder = np.array([float(money(money(q * t.price) * ladder_percent(co2, t) / HUNDRED)) for t in tenders])
        if co2.price_per_kg is not None:
            kg = np.array([float(t.number(CO2_FIELD)) for t in tenders])
        if co2.mki_factor is not None:
            mki = np.array([float(t.number(MKI_FIELD)) for t in tenders])
    wins = np.zeros(len(tenders), dtype=np.int64)
    done = 0
    while done < draws:
        size = min(chunk, draws - done)
        if lcc is not None:
            rate = draw("discount_rate_percent", size) / 100.0
            cost = lcc_matrix(
                float(lcc.quantity), columns, rate, draw("energy_price", size), draw("lifetime_years", size)
            )
        else:
            cost = np.broadcast_to(columns["price"][None, :], (size, len(tenders)))
        if co2 is not None:
            cost = cost - ladder[None, :]
            cost = cost + draw("co2_price_per_kg", size)[:, None] * kg[None, :]
            cost = cost + draw("mki_valuation_factor", size)[:, None] * mki[None, :]
        wins += np.bincount(np.argmin(cost, axis=1), minlength=len(tenders))
        done += size
    return wins, tuple(sorted(ranges))
