"""Tender evaluation: the Swedish award methods, LCC and priced CO2, sensitivity and locked records.

Pure Python (numpy only where vectorised); money is ``Decimal``; explanations are message codes
with numbers. The input format is described in ``docs/evaluation-input.md``.
"""

from __future__ import annotations

from cirkular.core.evaluation.messages import Code, Message
from cirkular.core.evaluation.methods import evaluate, evaluate_input
from cirkular.core.evaluation.model import (
    EvaluationError,
    EvaluationModel,
    Method,
    Problem,
    ProblemCode,
    parse_model,
)
from cirkular.core.evaluation.results import EvaluationResult, Line, TenderResult

__all__ = [
    "Code",
    "EvaluationError",
    "EvaluationModel",
    "EvaluationResult",
    "Line",
    "Message",
    "Method",
    "Problem",
    "ProblemCode",
    "TenderResult",
    "evaluate",
    "evaluate_input",
    "parse_model",
]
