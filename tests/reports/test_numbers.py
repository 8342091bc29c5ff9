"""The one number formatter, in Swedish and English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cirkular.reports.numbers import numbers

NB = "\u00a0"


def plain(text: str) -> str:
    """No-break spaces shown as spaces, to compare with what a reader sees."""
    return text.replace(NB, " ")


def test_swedish() -> None:
    sv = numbers("sv")
    assert plain(sv.number(1234567)) == "1 234 567"
    assert plain(sv.number(Decimal("7.65"), 1)) == "7,7"  # half up, not half even
    assert plain(sv.money(1234567)) == "1 234 567 kr"
    assert plain(sv.money(Decimal("-1500.5"), digits=2)) == "−1 500,50 kr"
    assert plain(sv.percent(Decimal("0.255"))) == "26 %"
    assert plain(sv.percent(0.076, 1)) == "7,6 %"
    assert sv.date(dt.date(2026, 3, 1)) == "1 mars 2026"
    assert plain(sv.range(12, 18, "t CO2e")) == "12–18 t CO2e"
    assert plain(sv.co2e(1680)) == "1,7 t CO2e"
    assert plain(sv.co2e_range(4192, 13358)) == "4,2–13,4 t CO2e"
    assert plain(sv.mass_range(52, 100)) == "52–100 kg"


def test_english() -> None:
    en = numbers("en")
    assert en.number(1234567) == "1,234,567"
    assert plain(en.money(1234567)) == "SEK 1,234,567"
    assert plain(en.money(-1500)) == "-SEK 1,500"
    assert en.percent(Decimal("0.255")) == "26%"
    assert en.date(dt.date(2026, 3, 1)) == "1 March 2026"
    assert plain(en.range(Decimal("12.04"), Decimal("17.96"), "t CO2e")) == "12–18 t CO2e"
    assert plain(en.co2e(350)) == "350 kg CO2e"
    assert plain(en.mass(Decimal("2230"))) == "2.2 t"


def test_numbers_never_break_inside() -> None:
    text = numbers("sv").money(1234567)
    assert " " not in text and NB in text


def test_a_range_whose_ends_round_alike_is_one_number() -> None:
    assert numbers("en").range(Decimal("3.01"), Decimal("2.99")) == "3"


@pytest.mark.parametrize("language", ["sv-SE", "sv", "de"])
def test_other_language_codes_fall_back_to_swedish(language: str) -> None:
    assert numbers(language).number(Decimal("1.5"), 1) == "1,5"
