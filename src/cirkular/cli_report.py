"""`cirkular report …`: the programme's deliverables generated from its data."""

from __future__ import annotations

import typer

report_app = typer.Typer(
    help="Generate the programme's deliverables (evaluation, guide, policy, webinar, project).", no_args_is_help=True
)
