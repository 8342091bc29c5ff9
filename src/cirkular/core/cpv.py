"""CPV 2008, the Common Procurement Vocabulary: codes, labels, hierarchy and search.

Codes are kept as their eight digits (``"39130000"``); the check digit is stored beside.
The hierarchy follows from the digits: a code's *prefix* is the code without its
trailing zeros (at least the two digits of the division), and a code covers every code
that starts with its prefix. So ``39100000`` (furniture) covers ``39130000`` (office
furniture) and ``39131000`` (office shelving).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cirkular.core.content import CONTENT_DIR, Text
from cirkular.core.text import fold

CPV_FILE = CONTENT_DIR / "codelists" / "cpv_2008.csv"
_CODE_RE = re.compile(r"^(\d{8})(?:-(\d))?$")


def normalise(code: str) -> str:
    """``"39130000-2"``, ``"39130000"`` or ``" 3913 0000 "`` → ``"39130000"``; ValueError otherwise."""
    compact = re.sub(r"\s+", "", str(code))
    match = _CODE_RE.match(compact)
    if not match:
        raise ValueError(f"not a CPV code: {code!r}")
    return match.group(1)


def prefix(code: str) -> str:
    """The significant digits of a code: ``39100000`` → ``391``, ``45000000`` → ``45``."""
    stripped = code.rstrip("0")
    return code[: max(2, len(stripped))]


def covers(general: str, specific: str) -> bool:
    """True when ``specific`` is ``general`` or lies below it in the hierarchy."""
    return specific.startswith(prefix(general))


def related(a: str, b: str) -> bool:
    """True when one of the two codes covers the other."""
    return covers(a, b) or covers(b, a)


@dataclass(frozen=True)
class CpvCode:
    code: str
    check_digit: str
    label: Text

    @property
    def full(self) -> str:
        return f"{self.code}-{self.check_digit}"

    @property
    def level(self) -> int:
        """1 division, 2 group, 3 class, 4 category, 5+ finer."""
        return max(1, len(prefix(self.code)) - 1)


class CpvList:
    def __init__(self, codes: Iterable[CpvCode]) -> None:
        self.codes: dict[str, CpvCode] = {c.code: c for c in codes}
        self._folded = {c.code: (fold(c.label.sv), fold(c.label.en)) for c in self.codes.values()}

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def get(self, code: str) -> CpvCode:
        """The entry for a code in any accepted spelling; KeyError if unknown."""
        try:
            return self.codes[normalise(code)]
        except ValueError as exc:
            raise KeyError(code) from exc

    def parent(self, code: str) -> CpvCode | None:
        p = prefix(code)
        for length in range(len(p) - 1, 1, -1):
            candidate = p[:length].ljust(8, "0")
            if candidate in self.codes and candidate != code:
                return self.codes[candidate]
        return None

    def ancestors(self, code: str) -> list[CpvCode]:
        out: list[CpvCode] = []
        current = self.parent(code)
        while current is not None:
            out.append(current)
            current = self.parent(current.code)
        return out

    def below(self, code: str) -> Iterator[CpvCode]:
        """Every code that ``code`` covers, itself excluded."""
        for other in self.codes.values():
            if other.code != code and covers(code, other.code):
                yield other

    def search(self, query: str, limit: int = 20) -> list[CpvCode]:
        """Codes whose number starts with ``query`` or whose Swedish or English label holds every word of it."""
        q = query.strip()
        digits = re.sub(r"[\s-]", "", q)
        if digits.isdigit():
            hits = [c for code, c in self.codes.items() if code.startswith(digits)]
            return hits[:limit]
        words = fold(q).split()
        if not words:
            return []
        hits = [
            self.codes[code]
            for code, (sv, en) in self._folded.items()
            if all(w in sv for w in words) or all(w in en for w in words)
        ]
        hits.sort(key=lambda c: (len(prefix(c.code)), c.code))
        return hits[:limit]


def load_cpv(path: Path = CPV_FILE) -> CpvList:
    if path == CPV_FILE:
        return _default_cpv()
    return _read(path)


@cache
def _default_cpv() -> CpvList:
    return _read(CPV_FILE)


def _read(path: Path) -> CpvList:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    codes = []
    for row in rows:
        code, check = row["code"].split("-")
        codes.append(CpvCode(code, check, Text(row["label_sv"], row["label_en"])))
    return CpvList(codes)
