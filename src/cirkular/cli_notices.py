"""`cirkular notices …`: ingest procurement notices, figures and peers."""

from __future__ import annotations

import typer

notices_app = typer.Typer(help="Market monitoring from TED eForms and legacy TED XML notices.", no_args_is_help=True)
