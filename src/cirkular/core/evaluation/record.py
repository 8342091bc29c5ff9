"""A locked evaluation record: inputs and results as canonical JSON, sealed with SHA-256.

Canonical JSON: keys sorted, no insignificant white space, UTF-8, numbers that are money or
points written as strings (``"480000.00"``), whole numbers (ranks, years, seeds) as integers, and
no floats anywhere. The hash covers everything in the record except the ``sha256`` field itself.

:func:`verify` recomputes the results from the stored inputs with this version of the engine,
seals them the same way and compares the hash with the stored one; it also says which part
differs, so that a changed input, a changed result and a changed engine can be told apart.

The hash shows that a record was changed after it was locked; it is not a signature. Whoever
can rewrite a record can also rewrite its hash, so the stored hash must be kept where it cannot
be changed (an immutable, audited database row).

The Monte Carlo is not part of a record: it is reproducible from its seed, but it depends on
numpy's random streams and floating point, which a court-proof record should not. The tipping
points are exact (or bisected) ``Decimal`` values and are sealed with the results.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from cirkular.core.evaluation.methods import evaluate
from cirkular.core.evaluation.model import EvaluationError, EvaluationModel, parse_model
from cirkular.core.evaluation.sensitivity import tipping_points

RECORD_FORMAT = "cirkular-evaluation-record/1"
HASH_FIELD = "sha256"


class VerifyCode(StrEnum):
    MALFORMED = "record-malformed"
    HASH_MISMATCH = "record-hash-mismatch"  # the stored content does not match the stored hash
    INPUTS_INVALID = "record-inputs-invalid"
    RESULTS_DIFFER = "record-results-differ"  # recomputing from the inputs gives other results


def canonical(data: object) -> bytes:
    """Canonical JSON bytes of plain data; refuses floats, turns Decimals into strings."""
    return json.dumps(_plain(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _plain(value: object) -> Any:
    if isinstance(value, float):
        raise TypeError(f"a float has no place in a record: {value!r}")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"cannot put {type(value).__name__} into a record")


def seal(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical({k: v for k, v in content.items() if k != HASH_FIELD})).hexdigest()


def results_of(model: EvaluationModel) -> dict[str, Any]:
    result = evaluate(model)
    return {"evaluation": result.to_dict(), "tipping_points": tipping_points(model, result).to_dict()}


def lock(model: EvaluationModel, meta: Mapping[str, str | int] | None = None) -> dict[str, Any]:
    """A record of the model and its results; ``meta`` (e.g. case id, locked at) is sealed with them."""
    record: dict[str, Any] = {
        "format": RECORD_FORMAT,
        "inputs": _plain(model.to_dict()),
        "results": _plain(results_of(model)),
    }
    if meta:
        record["meta"] = _plain(dict(meta))
    record[HASH_FIELD] = seal(record)
    return record


def dumps(record: Mapping[str, Any]) -> str:
    """The record as a readable file; verification re-canonicalises, so indentation does not matter."""
    return json.dumps(_plain(record), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Verification:
    ok: bool
    stored_hash: str | None
    computed_hash: str | None
    problems: tuple[tuple[VerifyCode, str], ...] = ()  # (code, detail: a path or a problem)


def verify(record: object) -> Verification:
    """Recompute the results from the stored inputs and check them and the hash."""
    if not isinstance(record, Mapping):
        return Verification(False, None, None, ((VerifyCode.MALFORMED, "not an object"),))
    missing = [k for k in ("format", "inputs", "results", HASH_FIELD) if k not in record]
    if missing:
        return Verification(False, None, None, tuple((VerifyCode.MALFORMED, f"missing {k}") for k in missing))
    stored = record[HASH_FIELD]
    if record["format"] != RECORD_FORMAT or not isinstance(stored, str):
        return Verification(False, None, None, ((VerifyCode.MALFORMED, f"format {record['format']!r}"),))
    try:
        content_hash = seal(record)
    except TypeError as exc:
        return Verification(False, stored, None, ((VerifyCode.MALFORMED, str(exc)),))
    problems: list[tuple[VerifyCode, str]] = []
    if content_hash != stored:
        problems.append((VerifyCode.HASH_MISMATCH, "stored content"))
    try:
        model = parse_model(record["inputs"])
    except EvaluationError as exc:
        problems += [(VerifyCode.INPUTS_INVALID, str(p)) for p in exc.problems]
        return Verification(False, stored, None, tuple(problems))
    recomputed = {**record, "results": _plain(results_of(model))}
    computed = seal(recomputed)
    problems += [(VerifyCode.RESULTS_DIFFER, path) for path in _differences(record["results"], recomputed["results"])]
    return Verification(not problems and computed == stored, stored, computed, tuple(problems))


def _differences(stored: object, computed: object, path: str = "results", limit: int = 10) -> list[str]:
    """Where two plain-data trees differ (first ``limit`` places)."""
    out: list[str] = []

    def walk(a: object, b: object, where: str) -> None:
        if len(out) >= limit:
            return
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            for key in sorted(set(a) | set(b), key=str):
                walk(a.get(key), b.get(key), f"{where}.{key}")
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, f"{where}[{i}]")
        elif a != b:
            out.append(where)

    walk(stored, computed, path)
    return out
