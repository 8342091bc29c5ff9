"""Small code mappings shared by both formats: languages, countries, dates, CPV."""

from __future__ import annotations

import datetime as dt
from functools import cache

# eForms uses ISO 639-3 style codes (ENG, SWE); legacy TED XML ISO 639-1 (EN, SV).
# Both are stored as ISO 639-1 lower case so that one filter fits both formats.
LANGUAGES_639_3 = {
    "BUL": "bg",
    "CES": "cs",
    "DAN": "da",
    "DEU": "de",
    "ELL": "el",
    "ENG": "en",
    "EST": "et",
    "FIN": "fi",
    "FRA": "fr",
    "GLE": "ga",
    "HRV": "hr",
    "HUN": "hu",
    "ITA": "it",
    "LAV": "lv",
    "LIT": "lt",
    "MLT": "mt",
    "NLD": "nl",
    "POL": "pl",
    "POR": "pt",
    "RON": "ro",
    "SLK": "sk",
    "SLV": "sl",
    "SPA": "es",
    "SWE": "sv",
    "NOR": "no",
    "NOB": "nb",
    "NNO": "nn",
    "ISL": "is",
    "CAT": "ca",
    "EUS": "eu",
    "GLG": "gl",
}

# Legacy form number → eForms form type. F21–F23 (social and other specific services) are
# announcements or results depending on their content; the parser refines them.
LEGACY_FORM_TYPES = {
    "F01": "planning",
    "F02": "competition",
    "F03": "result",
    "F04": "planning",
    "F05": "competition",
    "F06": "result",
    "F07": "competition",
    "F08": "planning",
    "F12": "competition",
    "F13": "result",
    "F14": "change",
    "F15": "dir-awa-pre",
    "F20": "cont-modif",
    "F21": "competition",
    "F22": "competition",
    "F23": "competition",
    "F24": "competition",
    "F25": "result",
}


def language(code: str | None) -> str:
    if not code:
        return ""
    return _language(code)


@cache
def _language(code: str) -> str:
    code = code.strip()
    if len(code) == 2:
        return code.lower()
    return LANGUAGES_639_3.get(code.upper(), code.lower())


# TED's legacy forms use the EU's own codes for Greece and the United Kingdom.
_EU_COUNTRY_CODES = {"UK": "GB", "EL": "GR"}


@cache
def country(code: str) -> str:
    """ISO 3166-1 alpha-3 (eForms) or alpha-2 (legacy) → alpha-2; unknown codes pass through."""
    code = code.strip().upper()
    if len(code) != 3:
        return _EU_COUNTRY_CODES.get(code, code)
    import pycountry  # loaded on first use: it reads a large JSON file

    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        return code
    return str(found.alpha_2)


def iso_date(value: str | None) -> str:
    """``2023-06-29Z``, ``2023-07-20+02:00`` or ``20210713`` → ``2023-06-29``; "" if not a date."""
    if not value:
        return ""
    value = value.strip()
    if len(value) >= 10 and value[4] == "-" and value[7] == "-":
        head = value[:10]
    elif len(value) >= 8 and value[:8].isdigit():
        head = f"{value[:4]}-{value[4:6]}-{value[6:8]}"
    else:
        return ""
    try:
        dt.date.fromisoformat(head)
    except ValueError:
        return ""
    return head


def cpv(value: str | None) -> str:
    """``39130000-2`` or ``39130000`` → ``39130000``; "" unless eight digits."""
    if not value:
        return ""
    head = value.strip()[:8]
    return head if len(head) == 8 and head.isdigit() else ""


def amount(value: str | None) -> float | None:
    if not value:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return number


def ojs_publication_id(value: str) -> str:
    """``2019/S 177-431038`` (the Official Journal reference) → ``431038-2019``."""
    value = value.strip()
    if "/" not in value or "-" not in value:
        return ""
    year = value.split("/", 1)[0].strip()
    number = value.rsplit("-", 1)[1].strip()
    if not (year.isdigit() and number.isdigit()):
        return ""
    return f"{int(number)}-{year}"
