"""LCC against the closed-form annuity for constant yearly costs."""

from __future__ import annotations

from decimal import Decimal as D
from decimal import localcontext

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cirkular.core.evaluation.lcc import annuity_factor, annuity_factors, discount_factor, lcc_lines
from cirkular.core.evaluation.model import CONTEXT, LccParameters, Tender


def tender(price: D, yearly: D, end: D = D(0), residual: D = D(0)) -> Tender:
    values = {
        "energy_kwh_per_year": D(0),
        "maintenance_per_year": yearly,
        "consumables_per_year": D(0),
        "end_of_life_cost": end,
        "residual_value": residual,
    }
    return Tender("T", "T", price, values)


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 1500).map(lambda bp: D(bp) / 100),  # 0.01 % .. 15 %
    st.integers(1, 40),
    st.integers(1, 10_000_000).map(lambda ore: D(ore) / 100),
    st.integers(1, 100),
)
def test_lcc_equals_the_closed_form_annuity(rate: D, years: int, yearly: D, quantity: int) -> None:
    with localcontext(CONTEXT):
        r = rate / 100
        closed = D(quantity) * yearly * (1 - (1 + r) ** -years) / r  # LCC = I + C·(1 − (1+r)^−n)/r
        lines = {
            line.item: line.value
            for line in lcc_lines(LccParameters(D(quantity), years, rate, D(0)), tender(D(100), yearly))
        }
    assert abs(lines["maintenance"] - closed) <= D("0.005")
    assert lines["investment"] == D(quantity) * 100


def test_hand_worked_annuity_and_discount_factors() -> None:
    # 3 %, 8 years: 1.03^8 = 1.26677008, so 1.03^-8 = 0.78940923 and (1 − 0.78940923)/0.03 = 7.01969219
    with localcontext(CONTEXT):
        assert round(annuity_factor(D(3), 8), 8) == D("7.01969219")
        assert round(discount_factor(D(3), 8), 8) == D("0.78940923")
        # a negative real rate makes later costs weigh more than today's
        assert annuity_factor(D(-1), 2) > 2


def test_end_of_life_and_residual_are_discounted_from_the_last_year() -> None:
    # 5 %, 10 years, end-of-life cost 1 000, buy-back 400: 1.05^-10 = 0.61391325
    # → 1 000 × 0.61391325 = 613.91 and −400 × 0.61391325 = −245.57
    with localcontext(CONTEXT):
        lines = {
            line.item: line.value
            for line in lcc_lines(LccParameters(D(1), 10, D(5), D(1)), tender(D(0), D(0), D(1000), D(400)))
        }
    assert lines["end_of_life"] == D("613.91")
    assert lines["residual_value"] == D("-245.57")


def test_vectorised_annuity_matches_the_decimal_one() -> None:
    rates = np.array([0.0, 0.03, 0.05, -0.01])
    years = np.array([8.0, 8.0, 20.0, 3.0])
    got = annuity_factors(rates, years)
    with localcontext(CONTEXT):
        expected = [float(annuity_factor(D(str(r * 100)), int(n))) for r, n in zip(rates, years, strict=True)]
    assert np.allclose(got, expected, rtol=1e-12)
