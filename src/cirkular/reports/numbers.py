"""The one number formatter for documents: numbers, money, percent, dates and ranges.

Every renderer and chart formats its figures through :class:`Numbers`, bound to the
document's language, so a Swedish document says "1 234 567 kr" and "7,6 %" and an English
one "SEK 1,234,567" and "7.6%". Rounding is half up (what readers expect), not Python's
half even. Group separators are no-break spaces where the language uses spaces, so a
number never breaks over two lines.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.dates import format_date
from babel.numbers import format_decimal, get_currency_symbol, get_minus_sign_symbol

NBSP = "\u00a0"
EN_DASH = "\u2013"
LOCALES = {"sv": "sv_SE", "en": "en_GB"}
Number = Decimal | int | float


def locale_for(language: str) -> str:
    """The Babel locale of a document language: ``sv`` (also the fallback) or ``en``."""
    return LOCALES["en"] if language.startswith("en") else LOCALES["sv"]


def to_decimal(value: Number) -> Decimal:
    """The exact Decimal of a number (a float as it is written, not its binary expansion)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def plain(value: Decimal) -> Decimal:
    """A finite Decimal without trailing zeros and without an exponent: 400.00 → 400,
    0.500 → 0.5 (``normalize`` alone would give 4E+2)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _round(value: Number, digits: int) -> Decimal:
    return to_decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


class Numbers:
    """Formats figures for one language (``sv`` or ``en``)."""

    def __init__(self, language: str) -> None:
        self.language = "en" if language.startswith("en") else "sv"
        self.locale = locale_for(language)
        self._minus = get_minus_sign_symbol(self.locale)

    def _signed(self, value: Decimal, body: str) -> str:
        return f"{self._minus}{body}" if value < 0 else body

    def number(self, value: Number, digits: int = 0) -> str:
        """``1234567.5`` → "1 234 568" (sv) or "1,234,568" (en); ``digits`` decimals, always shown."""
        rounded = _round(value, digits)
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        body = format_decimal(abs(rounded), format=pattern, locale=self.locale)
        return self._signed(rounded, body)

    def money(self, value: Number, currency: str = "SEK", digits: int = 0) -> str:
        """``1234567`` → "1 234 567 kr" (sv) or "SEK 1,234,567" (en)."""
        rounded = _round(value, digits)
        body = self.number(abs(rounded), digits)
        symbol = get_currency_symbol(currency, self.locale)
        text = f"{body}{NBSP}{symbol}" if self.language == "sv" else f"{symbol}{NBSP}{body}"
        return self._signed(rounded, text)

    def percent(self, fraction: Number, digits: int = 0) -> str:
        """A fraction as a percentage: ``0.255`` → "26 %" (sv) or "26%" (en)."""
        value = to_decimal(fraction) * 100
        body = self.number(value, digits)
        return f"{body}{NBSP}%" if self.language == "sv" else f"{body}%"

    def date(self, value: dt.date, style: str = "long") -> str:
        """``2026-03-01`` → "1 mars 2026" (sv) or "1 March 2026" (en); ``style`` is a Babel format name."""
        return format_date(value, format=style, locale=self.locale)

    def range(self, low: Number, high: Number, unit: str = "", digits: int = 0) -> str:
        """``12, 18, "t CO2e"`` → "12–18 t CO2e"; one number when both ends round alike."""
        lo, hi = self.number(low, digits), self.number(high, digits)
        body = lo if lo == hi else f"{lo}{EN_DASH}{hi}"
        return f"{body}{NBSP}{unit}" if unit else body

    @staticmethod
    def _scale(kg: Decimal) -> tuple[str, Decimal, int]:
        """Unit ("t" from 1 000 kg, else "kg"), divisor and default decimals for a mass."""
        if abs(kg) >= 1000:
            return "t", Decimal(1000), 1 if abs(kg) < 100_000 else 0
        return "kg", Decimal(1), 1 if abs(kg) < 10 else 0

    def _mass(self, kg: Number, digits: int | None, suffix: str) -> str:
        value = to_decimal(kg)
        unit, divisor, auto = self._scale(value)
        return f"{self.number(value / divisor, auto if digits is None else digits)}{NBSP}{unit}{suffix}"

    def _mass_range(self, low_kg: Number, high_kg: Number, digits: int | None, suffix: str) -> str:
        lo, hi = to_decimal(low_kg), to_decimal(high_kg)
        unit, divisor, auto = self._scale(max(abs(lo), abs(hi)))
        return self.range(lo / divisor, hi / divisor, unit + suffix, auto if digits is None else digits)

    def mass(self, kg: Number, digits: int | None = None) -> str:
        """A mass in kg, in tonnes from 1 000 kg: "1,8 t", "80 kg"."""
        return self._mass(kg, digits, "")

    def mass_range(self, low_kg: Number, high_kg: Number, digits: int | None = None) -> str:
        """A range of masses in kg, both ends in the unit the larger one needs: "1,8–2,6 t"."""
        return self._mass_range(low_kg, high_kg, digits, "")

    def co2e(self, kg: Number, digits: int | None = None) -> str:
        """A mass of CO2e given in kg, in tonnes from 1 000 kg: "1,7 t CO2e", "350 kg CO2e"."""
        return self._mass(kg, digits, f"{NBSP}CO2e")

    def co2e_range(self, low_kg: Number, high_kg: Number, digits: int | None = None) -> str:
        """A range of CO2e in kg, both ends in the unit the larger one needs: "4,2–13,4 t CO2e"."""
        return self._mass_range(low_kg, high_kg, digits, f"{NBSP}CO2e")


@cache
def numbers(language: str) -> Numbers:
    """The shared formatter of a language."""
    return Numbers(language)
