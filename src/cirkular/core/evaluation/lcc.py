"""Life-cycle cost (LCC) as a cost basis for award, in present value.

``LCC = q × (I + Σ_{t=1..n} (E·p + M + C) / (1+r)^t + D / (1+r)^n − RV / (1+r)^n)``

with ``q`` the quantity, ``n`` the lifetime in years, ``r`` the real discount rate and ``p`` the
energy price (all four set by the buyer), and per unit the investment ``I`` (the tender price),
yearly energy use ``E`` in kWh, maintenance ``M``, consumables ``C``, end-of-life cost ``D`` and
residual or buy-back value ``RV`` (set by the tenderer). Yearly costs are paid at the end of each
year; end-of-life cost and residual value at the end of year ``n``.

Each cost item is rounded to öre on its own and the LCC is the sum of the rounded items, so the
breakdown printed in a protocol adds up exactly to the LCC.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from cirkular.core.evaluation.messages import Code, Message
from cirkular.core.evaluation.model import HUNDRED, LccParameters, Tender, money, round_to
from cirkular.core.evaluation.results import Line, Unit

FACTOR_DECIMALS = 10  # decimals of the discount factors shown in the explanation


def discount_factor(rate_percent: Decimal, year: int) -> Decimal:
    """``1 / (1 + r)^year``: today's value of one krona paid at the end of ``year``."""
    return 1 / (1 + rate_percent / HUNDRED) ** year


def annuity_factor(rate_percent: Decimal, years: int) -> Decimal:
    """``Σ_{t=1..n} (1 + r)^-t`` (nusummefaktor), summed year by year as the formula reads."""
    return sum((discount_factor(rate_percent, t) for t in range(1, years + 1)), Decimal(0))


def lcc_lines(params: LccParameters, tender: Tender) -> tuple[Line, ...]:
    q = params.quantity
    n = params.lifetime_years
    af = annuity_factor(params.discount_rate_percent, n)
    df = discount_factor(params.discount_rate_percent, n)
    afs = round_to(af, FACTOR_DECIMALS)
    dfs = round_to(df, FACTOR_DECIMALS)
    energy = tender.number("energy_kwh_per_year")
    maintenance = tender.number("maintenance_per_year")
    consumables = tender.number("consumables_per_year")
    end = tender.number("end_of_life_cost")
    residual = tender.number("residual_value")
    return (
        Line(
            "investment",
            money(q * tender.price),
            Unit.SEK,
            Message(Code.LCC_INVESTMENT, {"quantity": q, "price": tender.price, "amount": money(q * tender.price)}),
        ),
        _yearly(
            "energy",
            Code.LCC_ENERGY,
            q,
            energy * params.energy_price,
            af,
            afs,
            {"kwh_per_year": energy, "energy_price": params.energy_price},
        ),
        _yearly("maintenance", Code.LCC_MAINTENANCE, q, maintenance, af, afs, {}),
        _yearly("consumables", Code.LCC_CONSUMABLES, q, consumables, af, afs, {}),
        Line(
            "end_of_life",
            money(q * end * df),
            Unit.SEK,
            Message(
                Code.LCC_END_OF_LIFE,
                {"quantity": q, "cost": end, "years": n, "discount_factor": dfs, "amount": money(q * end * df)},
            ),
        ),
        Line(
            "residual_value",
            -money(q * residual * df),
            Unit.SEK,
            Message(
                Code.LCC_RESIDUAL,
                {
                    "quantity": q,
                    "value": residual,
                    "years": n,
                    "discount_factor": dfs,
                    "amount": -money(q * residual * df),
                },
            ),
        ),
    )


def _yearly(
    item: str,
    code: Code,
    quantity: Decimal,
    per_year: Decimal,
    af: Decimal,
    shown_af: Decimal,
    extra: dict[str, Decimal],
) -> Line:
    amount = money(quantity * per_year * af)
    params = {"quantity": quantity, "per_year": per_year, "annuity_factor": shown_af, "amount": amount, **extra}
    return Line(item, amount, Unit.SEK, Message(code, params))


# --- vectorised, for the Monte Carlo ------------------------------------------------------------


def annuity_factors(rate: NDArray[np.float64], years: NDArray[np.float64]) -> NDArray[np.float64]:
    """Closed-form annuity factor ``(1 − (1+r)^-n) / r`` per draw (``r`` as a fraction; ``n`` at r = 0)."""
    small = np.abs(rate) < 1e-12
    safe = np.where(small, 1.0, rate)
    return np.where(small, years, (1.0 - (1.0 + safe) ** -years) / safe)


def lcc_matrix(
    quantity: float,
    per_unit: dict[str, NDArray[np.float64]],
    rate: NDArray[np.float64],
    energy_price: NDArray[np.float64],
    years: NDArray[np.float64],
) -> NDArray[np.float64]:
    """LCC for draws × tenders: the buyer's parameters vary by draw (rows), the tenders by column.

    ``per_unit`` holds the tenders' columns: ``price`` and the five :data:`LCC_FIELDS`.
    """
    af = annuity_factors(rate, years)[:, None]
    df = ((1.0 + rate) ** -years)[:, None]
    yearly = per_unit["energy_kwh_per_year"][None, :] * energy_price[:, None]
    yearly = yearly + (per_unit["maintenance_per_year"] + per_unit["consumables_per_year"])[None, :]
    end = (per_unit["end_of_life_cost"] - per_unit["residual_value"])[None, :]
    result: NDArray[np.float64] = quantity * (per_unit["price"][None, :] + af * yearly + df * end)
    return result
