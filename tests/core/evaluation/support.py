"""Shared by the evaluation tests: the worked example files of docs/examples/evaluation/."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples" / "evaluation"


def load_example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"), parse_float=Decimal)
    return data
