"""`cirkular evaluate …`: run an evaluation from a file, verify a locked record."""

from __future__ import annotations

import typer

evaluate_app = typer.Typer(
    help="Tender evaluation: run a model on tenders, verify a locked record.", no_args_is_help=True
)
