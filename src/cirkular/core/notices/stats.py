"""Figures and peers from a notice store, as plain data for the CLI and the web pages.

Counting rules:

- a *procedure* is counted once, however many notices it has (a contract notice and its
  award notice share ``cbc:ContractFolderID``; legacy notices are linked through the
  notice they refer to). It is circular (green) when any of its notices is; it takes the
  country, buyer, CPV division and month of its earliest notice;
- a *lot* is counted once per procedure and lot id, likewise;
- by notice type, a procedure is counted once under each type of notice it has (a
  contract notice and an award notice: once under ``competition``, once under ``result``),
  so those rows do not add up to the total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from cirkular.core import cpv as cpvlib
from cirkular.core.notices import codes
from cirkular.core.notices.cues import CIRCULAR_THRESHOLD
from cirkular.core.notices.store import Store

DIMENSIONS = ("country", "buyer", "cpv_division", "notice_type", "month")


@dataclass(frozen=True, slots=True)
class Filters:
    country: str | None = None  # ISO 3166-1 alpha-2 (alpha-3 accepted)
    cpv: str | None = None  # a CPV code or its leading digits: 39, 391, 39130000
    since: dt.date | None = None
    until: dt.date | None = None

    def cpv_prefix(self) -> str | None:
        return cpv_prefix(self.cpv) if self.cpv else None

    def country_code(self) -> str | None:
        return codes.country(self.country) if self.country else None


def cpv_prefix(value: str) -> str:
    """``39`` → ``39``; ``39100000`` → ``391``; ``39130000-2`` → ``3913``. ValueError if not CPV digits."""
    compact = value.strip().replace(" ", "")
    head = compact.split("-", 1)[0]
    if not head.isdigit() or not 2 <= len(head) <= 8:
        raise ValueError(f"not a CPV code or division: {value!r}")
    return cpvlib.prefix(cpvlib.normalise(head.ljust(8, "0")))


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    procedures: int = 0
    circular: int = 0
    green: int = 0
    lots: int = 0
    circular_lots: int = 0
    green_lots: int = 0

    @property
    def circular_share(self) -> float:
        return self.circular / self.procedures if self.procedures else 0.0

    @property
    def green_share(self) -> float:
        return self.green / self.procedures if self.procedures else 0.0

    @property
    def circular_lot_share(self) -> float:
        return self.circular_lots / self.lots if self.lots else 0.0

    @property
    def green_lot_share(self) -> float:
        return self.green_lots / self.lots if self.lots else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "procedures": self.procedures,
            "circular": self.circular,
            "circular_share": round(self.circular_share, 4),
            "green": self.green,
            "green_share": round(self.green_share, 4),
            "lots": self.lots,
            "circular_lots": self.circular_lots,
            "circular_lot_share": round(self.circular_lot_share, 4),
            "green_lots": self.green_lots,
            "green_lot_share": round(self.green_lot_share, 4),
        }


@dataclass(frozen=True, slots=True)
class Stats:
    filters: Filters
    total: Row
    notices: int
    errors: int
    by: dict[str, list[Row]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "filters": {
                "country": self.filters.country_code(),
                "cpv": self.filters.cpv_prefix(),
                "since": self.filters.since.isoformat() if self.filters.since else None,
                "until": self.filters.until.isoformat() if self.filters.until else None,
            },
            "notices": self.notices,
            "errors": self.errors,
            "total": self.total.as_dict(),
            "by": {dim: [row.as_dict() for row in rows] for dim, rows in self.by.items()},
        }


def _store(store: Store | Path | str) -> Store:
    return store if isinstance(store, Store) else Store(Path(store))


# Table macros over the store's per-procedure and per-lot tables. A NULL filter lets
# everything through; values are always bound as parameters. The period filters apply to
# the first notice of a procedure (lot), the date it counts under. Without a CPV filter the
# macros leave the CPV lists unread (reading them is most of the cost of a query).
MACROS = (
    """CREATE OR REPLACE MACRO procedures_where(country, cpv, since, until) AS TABLE
       SELECT * FROM procedures
       WHERE (country IS NULL OR buyer_country = country)
         AND (since IS NULL OR first_date >= since)
         AND (until IS NULL OR first_date <= until)""",
    """CREATE OR REPLACE MACRO lots_where(country, cpv, since, until) AS TABLE
       SELECT * FROM lots_once
       WHERE (country IS NULL OR buyer_country = country)
         AND (since IS NULL OR first_date >= since)
         AND (until IS NULL OR first_date <= until)""",
)
MACROS_WITH_CPV = (
    """CREATE OR REPLACE MACRO procedures_where(country, cpv, since, until) AS TABLE
       SELECT * FROM procedures
       WHERE (country IS NULL OR buyer_country = country)
         AND len(list_filter(cpv_all, lambda c: starts_with(c, cpv))) > 0
         AND (since IS NULL OR first_date >= since)
         AND (until IS NULL OR first_date <= until)""",
    """CREATE OR REPLACE MACRO lots_where(country, cpv, since, until) AS TABLE
       SELECT * FROM lots_once
       WHERE (country IS NULL OR buyer_country = country)
         AND len(list_filter(cpv_all, lambda c: starts_with(c, cpv))) > 0
         AND (since IS NULL OR first_date >= since)
         AND (until IS NULL OR first_date <= until)""",
)

# Every dimension and the total in one pass (grouping sets). Rows are grouped on the raw
# values; the month is formatted after grouping, and empty values become "?" in Python.
PROCEDURE_GROUPS = """
    SELECT grouping(buyer_country), grouping(buyer_name), grouping(cpv_division), grouping(month),
           buyer_country, buyer_name, cpv_division, strftime(month, '%Y-%m'),
           count(*), count(*) FILTER (WHERE circular), count(*) FILTER (WHERE green)
    FROM (SELECT buyer_country, buyer_name, cpv_division, date_trunc('month', first_date) AS month, circular, green
          FROM procedures_where($country, $cpv, $since, $until))
    GROUP BY GROUPING SETS ((buyer_country), (buyer_name), (cpv_division), (month), ())"""

LOT_GROUPS = """
    SELECT grouping(buyer_country), grouping(buyer_name), grouping(cpv_division), grouping(month),
           buyer_country, buyer_name, cpv_division, strftime(month, '%Y-%m'),
           count(*), count(*) FILTER (WHERE circular), count(*) FILTER (WHERE green)
    FROM (SELECT buyer_country, buyer_name, cpv_division, date_trunc('month', first_date) AS month, circular, green
          FROM lots_where($country, $cpv, $since, $until))
    GROUP BY GROUPING SETS ((buyer_country), (buyer_name), (cpv_division), (month), ())"""

_LEVELS = ("country", "buyer", "cpv_division", "month")

# By notice type a procedure (lot) is counted under each type of notice it has: one pass
# over the rows, each tested against every type's bit (store.FORM_TYPE_BITS).
PROCEDURES_BY_TYPE = """
    SELECT t.name, count(*), count(*) FILTER (WHERE p.circular), count(*) FILTER (WHERE p.green)
    FROM procedures_where($country, $cpv, $since, $until) AS p,
         (VALUES ('planning', 1), ('competition', 2), ('result', 4), ('dir-awa-pre', 8), ('cont-modif', 16),
                 ('change', 32), ('completion', 64), ('consultation', 128), ('other', 256)) AS t(name, bit)
    WHERE (p.form_types & t.bit) <> 0
    GROUP BY t.name"""

LOTS_BY_TYPE = """
    SELECT t.name, count(*), count(*) FILTER (WHERE l.circular), count(*) FILTER (WHERE l.green)
    FROM lots_where($country, $cpv, $since, $until) AS l,
         (VALUES ('planning', 1), ('competition', 2), ('result', 4), ('dir-awa-pre', 8), ('cont-modif', 16),
                 ('change', 32), ('completion', 64), ('consultation', 128), ('other', 256)) AS t(name, bit)
    WHERE (l.form_types & t.bit) <> 0
    GROUP BY t.name"""

COUNT_NOTICES = """
    SELECT coalesce(sum(notices), 0) FROM procedures_where($country, $cpv, $since, $until)"""
COUNT_ERRORS = "SELECT count(*) FROM errors"


def connect(store: Store | Path | str) -> duckdb.DuckDBPyConnection:
    """The store's views plus the macros the figures are computed with."""
    con = _store(store).connect()
    _macros(con, Filters())
    return con


def _macros(con: duckdb.DuckDBPyConnection, filters: Filters) -> None:
    """(Re)define the filter macros for these filters (cheap: no data is read)."""
    for statement in MACROS_WITH_CPV if filters.cpv else MACROS:
        con.execute(statement)


def _params(filters: Filters) -> dict[str, Any]:
    return {
        "country": filters.country_code(),
        "cpv": filters.cpv_prefix(),
        "since": filters.since,
        "until": filters.until,
    }


Counts = dict[str, dict[str, tuple[int, int, int]]]  # level → key → (all, circular, green)


def _grouped(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any], into: Counts) -> None:
    for row in con.execute(sql, params).fetchall():
        flags, values, counts = row[:4], row[4:8], row[8:]
        if all(flags):
            level, key = "total", "total"
        else:
            i = flags.index(0)
            level, key = _LEVELS[i], str(values[i] or "?")
        _add(into, level, key, counts)


def _typed(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any], into: Counts) -> None:
    for key, *counts in con.execute(sql, params).fetchall():
        _add(into, "notice_type", str(key or "?"), counts)


def _add(into: Counts, level: str, key: str, counts: Sequence[Any]) -> None:
    # Missing and empty values both show as "?": their counts add up.
    old = into.setdefault(level, {}).get(key, (0, 0, 0))
    into[level][key] = (old[0] + int(counts[0]), old[1] + int(counts[1]), old[2] + int(counts[2]))


def procedure_counts(con: duckdb.DuckDBPyConnection, filters: Filters, notice_types: bool = True) -> Counts:
    """Procedures (each once) by every dimension, and the total under ``"total"``."""
    counts: Counts = {}
    params = _params(filters)
    _macros(con, filters)
    _grouped(con, PROCEDURE_GROUPS, params, counts)
    if notice_types:
        _typed(con, PROCEDURES_BY_TYPE, params, counts)
    return counts


def lot_counts(con: duckdb.DuckDBPyConnection, filters: Filters, notice_types: bool = True) -> Counts:
    """Lots (each once per procedure) by every dimension, and the total under ``"total"``."""
    counts: Counts = {}
    params = _params(filters)
    _macros(con, filters)
    _grouped(con, LOT_GROUPS, params, counts)
    if notice_types:
        _typed(con, LOTS_BY_TYPE, params, counts)
    return counts


def _rows(
    dimension: str,
    procedures: dict[str, tuple[int, int, int]],
    lots: dict[str, tuple[int, int, int]],
    limit: int | None,
) -> list[Row]:
    if dimension == "month":
        # The most recent months in order; notices without a date last.
        keys = sorted(k for k in procedures if k != "?")
        keys = keys[-limit:] if limit else keys
        if "?" in procedures and (not limit or len(keys) < limit):
            keys.append("?")
    else:
        keys = sorted(procedures, key=lambda k: (-procedures[k][0], k))
        keys = keys[:limit] if limit else keys
    return [Row(k, *procedures[k], *lots.get(k, (0, 0, 0))) for k in keys]


def stats(
    store: Store | Path | str,
    filters: Filters | None = None,
    dimensions: Sequence[str] = DIMENSIONS,
    limit: int | None = 20,
) -> Stats:
    """Counts and shares of circular and green procedures and lots, in total and by dimension."""
    filters = filters or Filters()
    unknown = [d for d in dimensions if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimension(s): {', '.join(unknown)}; known: {', '.join(DIMENSIONS)}")
    con = connect(store)
    try:
        with_types = "notice_type" in dimensions
        procedures = procedure_counts(con, filters, with_types)
        lots = lot_counts(con, filters, with_types)
        _macros(con, filters)
        notices_row = con.execute(COUNT_NOTICES, _params(filters)).fetchone()
        errors_row = con.execute(COUNT_ERRORS).fetchone()
    finally:
        con.close()
    total = Row(
        "total",
        *procedures.get("total", {}).get("total", (0, 0, 0)),
        *lots.get("total", {}).get("total", (0, 0, 0)),
    )
    by = {dim: _rows(dim, procedures.get(dim, {}), lots.get(dim, {}), limit) for dim in dimensions}
    return Stats(
        filters,
        total,
        int(notices_row[0]) if notices_row else 0,
        int(errors_row[0]) if errors_row else 0,
        by,
    )


@dataclass(frozen=True, slots=True)
class PeerEvidence:
    lot_id: str
    source: str
    field: str
    cue: str
    phrase: str
    language: str
    confidence: float
    context: str


@dataclass(frozen=True, slots=True)
class Peer:
    publication_id: str
    notice_id: str
    procedure_id: str
    date: dt.date | None
    notice_type: str
    form_type: str
    title: str
    buyer_name: str
    buyer_country: str
    cpv: list[str]  # the notice's codes covered by the query
    confidence: float
    source: str  # structured, criterion or text
    ted_url: str
    evidence: list[PeerEvidence]

    def as_dict(self) -> dict[str, Any]:
        return {
            "publication_id": self.publication_id,
            "notice_id": self.notice_id,
            "procedure_id": self.procedure_id,
            "date": self.date.isoformat() if self.date else None,
            "notice_type": self.notice_type,
            "form_type": self.form_type,
            "title": self.title,
            "buyer_name": self.buyer_name,
            "buyer_country": self.buyer_country,
            "cpv": self.cpv,
            "confidence": self.confidence,
            "source": self.source,
            "ted_url": self.ted_url,
            "evidence": [
                {
                    "lot_id": e.lot_id,
                    "source": e.source,
                    "field": e.field,
                    "cue": e.cue,
                    "phrase": e.phrase,
                    "language": e.language,
                    "confidence": e.confidence,
                    "context": e.context,
                }
                for e in self.evidence
            ],
        }


# One notice per procedure: its newest circular one.
PEERS = """
    SELECT content_hash, publication_id, notice_id, procedure_id, date, notice_type, form_type, title,
           buyer_name, buyer_country, cpv_all, circular_confidence, circular_source, ted_url
    FROM notices
    WHERE circular_confidence >= $min_confidence
      AND ($country IS NULL OR buyer_country = $country)
      AND len(list_filter(cpv_all, lambda c: list_bool_or(list_transform($prefixes, lambda p: starts_with(c, p))))) > 0
    QUALIFY row_number() OVER (PARTITION BY procedure_key ORDER BY date DESC NULLS LAST, content_hash) = 1
    ORDER BY date DESC NULLS LAST, publication_id DESC
    LIMIT $limit"""

PEER_EVIDENCE = """
    SELECT content_hash, lot_id, source, field, cue, phrase, language, confidence, context
    FROM evidence
    WHERE marker = 'circular' AND list_contains($hashes, content_hash)
    ORDER BY confidence DESC, lot_id, field"""


def peers(
    store: Store | Path | str,
    cpv_codes: Sequence[str],
    *,
    country: str | None = None,
    limit: int = 50,
    min_confidence: float = CIRCULAR_THRESHOLD,
) -> list[Peer]:
    """Notices with circular markers whose CPV codes fall under any of ``cpv_codes``, newest first.

    A code covers the codes that start with its significant digits (``39100000`` covers
    ``39130000``). One notice per procedure is listed: its newest circular one.
    """
    prefixes = sorted({cpv_prefix(code) for code in cpv_codes})
    if not prefixes:
        raise ValueError("give at least one CPV code")
    params = {
        "prefixes": prefixes,
        "country": codes.country(country) if country else None,
        "min_confidence": min_confidence,
        "limit": int(limit),
    }
    con = _store(store).connect()
    try:
        rows = con.execute(PEERS, params).fetchall()
        hashes = [r[0] for r in rows]
        evidence: dict[str, list[PeerEvidence]] = {h: [] for h in hashes}
        if hashes:
            for row in con.execute(PEER_EVIDENCE, {"hashes": hashes}).fetchall():
                evidence[row[0]].append(PeerEvidence(*row[1:]))
    finally:
        con.close()
    out = []
    for r in rows:
        matched = [c for c in r[10] if any(cpvlib.covers(p.ljust(8, "0"), c) for p in prefixes)]
        out.append(
            Peer(
                publication_id=r[1],
                notice_id=r[2],
                procedure_id=r[3],
                date=r[4],
                notice_type=r[5],
                form_type=r[6],
                title=r[7],
                buyer_name=r[8],
                buyer_country=r[9],
                cpv=matched,
                confidence=float(r[11]),
                source=r[12],
                ted_url=r[13],
                evidence=evidence.get(r[0], []),
            )
        )
    return out
