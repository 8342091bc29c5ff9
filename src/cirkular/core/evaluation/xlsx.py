"""The XLSX template: read an evaluation input from a workbook, and write one.

Two sheets (the layout is described in docs/evaluation-input.md):

- ``Modell``: one setting per row, key in column A and value in column B (``method``,
  ``quantity``, ``range_energy_price``…); then a row whose column A reads ``id`` starts the
  criteria table, one criterion per row.
- ``Anbud``: a header row (``id``, ``name``, ``price``, then one column per criterion or tender
  field) and one row per tender.

:func:`read_xlsx` returns the same plain data as the JSON format plus the cell of every value,
so that each validation problem can name the sheet, row and column. Problems with the workbook
itself (a missing sheet, an unknown setting, a duplicate column) raise :class:`XlsxError`.
Formulas are read as the values last computed by the spreadsheet program that saved the file.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

MODEL_SHEET = "Modell"
TENDER_SHEET = "Anbud"
CRITERIA_HEADER = ("id", "name", "kind", "weight", "max_points", "formula", "ceiling", "floor", "unit", "max", "steps")
TENDER_FIXED = ("id", "name", "price")

# setting key -> where it goes in the input data
SETTINGS: dict[str, tuple[str, ...]] = {
    "method": ("method",),
    "title": ("title",),
    "variant": ("variant",),
    "points_decimals": ("points_decimals",),
    "quotient_base": ("quotient", "base"),
    "quotient_per": ("quotient", "per"),
    "quotient_decimals": ("quotient", "decimals"),
    "quantity": ("lcc", "quantity"),
    "lifetime_years": ("lcc", "lifetime_years"),
    "discount_rate_percent": ("lcc", "discount_rate_percent"),
    "energy_price": ("lcc", "energy_price"),
    "co2_price_per_kg": ("co2", "price_per_kg"),
    "ladder_version": ("co2", "ladder", "version"),
    "ladder_discounts": ("co2", "ladder", "discounts"),
    "mki_valuation_factor": ("co2", "mki_w", "valuation_factor"),
    "seed": ("sensitivity", "seed"),
    "draws": ("sensitivity", "draws"),
    "concentration": ("sensitivity", "concentration"),
    "deduction_spread_percent": ("sensitivity", "deduction_spread_percent"),
}
TEXT_SETTINGS = frozenset({"method", "title", "variant", "ladder_version"})
RANGE_PREFIX = "range_"
RANGE_RE = re.compile(r"^\s*(-?[\d.]+)\s*(?:\.\.|;|–)\s*(-?[\d.]+)\s*$")
PAIR_RE = re.compile(r"^\s*([^=]+?)\s*=\s*(.+?)\s*$")


@dataclass(frozen=True)
class CellRef:
    sheet: str
    row: int | None = None
    column: str | None = None  # a letter, A, B, …

    def __str__(self) -> str:
        parts = [f"sheet {self.sheet}"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class SheetProblem:
    code: str
    cell: CellRef
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.cell}: {self.code}" + (f" ({self.detail})" if self.detail else "")


class XlsxError(ValueError):
    def __init__(self, problems: list[SheetProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class SheetInput:
    data: dict[str, Any]
    cells: dict[str, CellRef] = field(default_factory=dict)

    def locate(self, path: str) -> CellRef | None:
        """The cell of a problem's path, or of the nearest enclosing place that has one."""
        while path:
            if path in self.cells:
                return self.cells[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None


def _cell_value(value: object) -> object:
    """A cell as input data: numbers become Decimals (through their shortest text), text is stripped."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, str):
        return value.strip()
    return value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_xlsx(source: bytes | Path) -> SheetInput:
    try:
        stream = io.BytesIO(source) if isinstance(source, bytes) else io.BytesIO(source.read_bytes())
        book = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise XlsxError([SheetProblem("not-a-workbook", CellRef("-"), type(exc).__name__)]) from exc
    problems: list[SheetProblem] = []
    for name in (MODEL_SHEET, TENDER_SHEET):
        if name not in book.sheetnames:
            problems.append(SheetProblem("missing-sheet", CellRef(name), f"sheets: {', '.join(book.sheetnames)}"))
    if problems:
        raise XlsxError(problems)
    data: dict[str, Any] = {}
    cells: dict[str, CellRef] = {}
    _read_model(list(book[MODEL_SHEET].iter_rows(values_only=True)), data, cells, problems)
    _read_tenders(list(book[TENDER_SHEET].iter_rows(values_only=True)), data, cells, problems)
    if problems:
        raise XlsxError(problems)
    return SheetInput(data, cells)


def _put(data: dict[str, Any], keys: tuple[str, ...], value: object) -> None:
    for key in keys[:-1]:
        data = data.setdefault(key, {})
    data[keys[-1]] = value


def _read_model(
    rows: list[tuple[object, ...]], data: dict[str, Any], cells: dict[str, CellRef], problems: list[SheetProblem]
) -> None:
    header_at = None
    for r, row in enumerate(rows, start=1):
        key = str(row[0]).strip() if row and not _blank(row[0]) else ""
        if not key:
            continue
        if key == "id":
            header_at = r
            break
        value = _cell_value(row[1]) if len(row) > 1 else None
        where = CellRef(MODEL_SHEET, r, "B")
        if key.startswith(RANGE_PREFIX):
            name = key[len(RANGE_PREFIX) :]
            match = RANGE_RE.match(str(value or ""))
            if not match:
                problems.append(SheetProblem("bad-range", where, f"{key}: write low..high, e.g. 2..6"))
                continue
            _put(data, ("sensitivity", "ranges", name), [match.group(1), match.group(2)])
            cells[f"sensitivity.ranges.{name}"] = where
        elif key == "ladder_discounts":
            table: dict[str, str] = {}
            for part in str(value or "").split(";"):
                if not part.strip():
                    continue
                pair = PAIR_RE.match(part)
                if not pair:
                    problems.append(
                        SheetProblem("bad-ladder-discounts", where, "write level=percent; …, e.g. 1=1; 2=2")
                    )
                    break
                table[pair.group(1)] = pair.group(2)
            _put(data, SETTINGS[key], table)
            cells["co2.ladder.discounts"] = where
        elif key in SETTINGS:
            if _blank(value):
                continue
            _put(data, SETTINGS[key], value)
            cells[".".join(SETTINGS[key])] = where
        else:
            problems.append(SheetProblem("unknown-setting", CellRef(MODEL_SHEET, r, "A"), key))
            continue
        # a problem with a whole block (e.g. "lcc") points at the block's first setting
        cells.setdefault(SETTINGS.get(key, ("sensitivity",))[0], where)
    if header_at is None:
        return
    header = [str(h).strip() if not _blank(h) else "" for h in rows[header_at - 1]]
    columns = {}
    for c, name in enumerate(header):
        if not name:
            continue
        letter = get_column_letter(c + 1)
        if name not in CRITERIA_HEADER:
            problems.append(SheetProblem("unknown-column", CellRef(MODEL_SHEET, header_at, letter), name))
        elif name in columns:
            problems.append(SheetProblem("duplicate-column", CellRef(MODEL_SHEET, header_at, letter), name))
        else:
            columns[name] = c
    cells["criteria"] = CellRef(MODEL_SHEET, header_at)
    criteria: list[dict[str, Any]] = []
    for r, row in enumerate(rows[header_at:], start=header_at + 1):
        if all(_blank(v) for v in row):
            continue
        i = len(criteria)
        item: dict[str, Any] = {}
        cells[f"criteria[{i}]"] = CellRef(MODEL_SHEET, r)
        for name, c in columns.items():
            value = _cell_value(row[c]) if c < len(row) else None
            if _blank(value):
                continue
            where = CellRef(MODEL_SHEET, r, get_column_letter(c + 1))
            cells[f"criteria[{i}].{name}"] = where
            if name == "steps":
                steps = []
                for part in str(value).split(";"):
                    if not part.strip():
                        continue
                    pair = PAIR_RE.match(part)
                    if not pair:
                        problems.append(SheetProblem("bad-steps", where, "write id=value; …, e.g. high=40000; none=0"))
                        break
                    steps.append({"id": pair.group(1), "value": pair.group(2)})
                item["steps"] = steps
            else:
                item[name] = value
        criteria.append(item)
    data["criteria"] = criteria


def _read_tenders(
    rows: list[tuple[object, ...]], data: dict[str, Any], cells: dict[str, CellRef], problems: list[SheetProblem]
) -> None:
    if not rows:
        data["tenders"] = []
        return
    header = [str(h).strip() if not _blank(h) else "" for h in rows[0]]
    columns: dict[str, int] = {}
    for c, name in enumerate(header):
        if not name:
            continue
        if name in columns:
            problems.append(SheetProblem("duplicate-column", CellRef(TENDER_SHEET, 1, get_column_letter(c + 1)), name))
        columns[name] = c
    for name in ("id", "price"):
        if name not in columns:
            problems.append(SheetProblem("missing-column", CellRef(TENDER_SHEET, 1), name))
    tenders: list[dict[str, Any]] = []
    for r, row in enumerate(rows[1:], start=2):
        if all(_blank(v) for v in row):
            continue
        i = len(tenders)
        tender: dict[str, Any] = {"values": {}}
        cells[f"tenders[{i}]"] = CellRef(TENDER_SHEET, r)
        for name, c in columns.items():
            value = _cell_value(row[c]) if c < len(row) else None
            where = CellRef(TENDER_SHEET, r, get_column_letter(c + 1))
            if name in TENDER_FIXED:
                cells[f"tenders[{i}].{name}"] = where
                if not _blank(value):
                    tender[name] = value
            else:
                cells[f"tenders[{i}].values.{name}"] = where
                if not _blank(value):
                    tender["values"][name] = value
        tenders.append(tender)
    data["tenders"] = tenders


def write_xlsx(data: Mapping[str, Any]) -> bytes:
    """A workbook in the template's layout holding ``data`` (input data, e.g. ``model.to_dict()``)."""
    book = Workbook()
    sheet = book.active
    sheet.title = MODEL_SHEET
    for key, keys in SETTINGS.items():
        value: Any = data
        for k in keys:
            value = value.get(k) if isinstance(value, Mapping) else None
        if value is None or value == {}:
            continue
        if key == "ladder_discounts":
            value = "; ".join(f"{k}={v}" for k, v in value.items())
        # a version such as 4.0 must stay text: as a number it would come back as 4
        sheet.append([key, value if key in TEXT_SETTINGS else _number(value)])
    for name, pair in (data.get("sensitivity", {}).get("ranges") or {}).items():
        sheet.append([f"{RANGE_PREFIX}{name}", f"{pair[0]}..{pair[1]}"])
    criteria = data.get("criteria") or []
    if criteria:
        sheet.append([])
        sheet.append(list(CRITERIA_HEADER))
        for c in criteria:
            row: list[object] = []
            for name in CRITERIA_HEADER:
                if name == "steps":
                    steps = c.get("steps") or []
                    row.append("; ".join(f"{s['id']}={s['value']}" for s in steps) or None)
                else:
                    row.append(_number(c.get(name)))
            sheet.append(row)
    tender_sheet = book.create_sheet(TENDER_SHEET)
    columns: list[str] = []
    for t in data.get("tenders") or []:
        columns += [k for k in (t.get("values") or {}) if k not in columns]
    tender_sheet.append([*TENDER_FIXED, *columns])
    for t in data.get("tenders") or []:
        values = t.get("values") or {}
        tender_sheet.append(
            [t.get("id"), t.get("name"), _number(t.get("price")), *(_number(values.get(k)) for k in columns)]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(value: object) -> object:
    """Numbers in text form become numeric cells, so that the sheet can be summed and edited."""
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except ArithmeticError:
            return value
        if number.is_finite() and value.strip() == value and not value.isalpha():
            return int(number) if number == number.to_integral_value() and "." not in value else number
    return value
