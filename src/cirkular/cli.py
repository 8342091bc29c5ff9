"""The ``cirkular`` command."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

import cirkular
from cirkular.core.content import ContentError
from cirkular.core.model import Model, load_model

app = typer.Typer(help="cirkular: circular public procurement, the Swedish model.", no_args_is_help=True)
content_app = typer.Typer(help="Reference content (model, criteria).", no_args_is_help=True)
model_app = typer.Typer(help="The Swedish model for circular procurement.", no_args_is_help=True)
app.add_typer(content_app, name="content")
app.add_typer(model_app, name="model")

console = Console()
err_console = Console(stderr=True)

Lang = Annotated[str, typer.Option("--lang", "-l", help="Language: sv or en.")]


def _version(value: bool) -> None:
    if value:
        console.print(f"cirkular {cirkular.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """cirkular: circular public procurement, the Swedish model."""


def _load_or_exit() -> Model:
    try:
        return load_model()
    except ContentError as exc:
        _print_problems(exc)
        raise typer.Exit(1) from exc


def _print_problems(exc: ContentError) -> None:
    err_console.print(f"[bold red]{len(exc.problems)} problem(s) in the content[/]")
    for p in exc.problems:
        err_console.print(f"  {p}", markup=False, highlight=False)


@content_app.command("check")
def content_check() -> None:
    """Validate all reference content; exit 1 with readable errors if anything is wrong."""
    model = _load_or_exit()
    console.print(
        f"model {model.version}: {len(model.phases)} phases, {len(model.steps)} steps, "
        f"{sum(len(s.checklist) for s in model.steps)} checklist items, {len(model.tools)} tools, "
        f"{len(model.goals)} goals, {len(model.strategies)} strategies, {len(model.ladder)} R-steps, "
        f"{len(model.business_models)} business models"
    )
    console.print("[green]content OK[/]")


@model_app.command("show")
def model_show(
    step_id: Annotated[str | None, typer.Argument(help="A step id, e.g. kartlagga. Without it: all steps.")] = None,
    lang: Lang = "sv",
) -> None:
    """Show the phases and steps, or one step in full."""
    model = _load_or_exit()
    if step_id is None:
        table = Table(title=f"cirkular model {model.version}")
        table.add_column("#", justify="right")
        table.add_column("phase")
        table.add_column("step id")
        table.add_column("step")
        for phase in model.phases:
            for step in phase.steps:
                table.add_row(str(step.number), phase.name.get(lang), step.id, step.name.get(lang))
        console.print(table)
        return
    try:
        step = model.step(step_id)
    except KeyError:
        err_console.print(f"Unknown step '{step_id}'. Known steps: {', '.join(s.id for s in model.steps)}")
        raise typer.Exit(2) from None
    phase = model.phase(step.phase_id)
    heads = {
        "sv": ("Syfte", "Det här ändras när upphandlingen är cirkulär", "Frågor", "Checklista", "Verktyg", "Resultat"),
        "en": ("Purpose", "What changes when it is circular", "Questions", "Checklist", "Tools", "Output"),
    }["en" if lang.startswith("en") else "sv"]
    console.print(f"[bold]{step.number}. {step.name.get(lang)}[/] ({phase.name.get(lang)})")
    console.print(f"\n[bold]{heads[0]}[/]\n{step.purpose.get(lang)}")
    console.print(f"\n[bold]{heads[1]}[/]\n{step.circular.get(lang)}")
    console.print(f"\n[bold]{heads[2]}[/]")
    for q in step.questions:
        console.print(f"  • {q.get(lang)}")
    console.print(f"\n[bold]{heads[3]}[/]")
    for item in step.checklist:
        console.print(f"  ☐ {item.text.get(lang)}  [dim]({item.id})[/]")
    if step.tool_ids:
        console.print(f"\n[bold]{heads[4]}[/]")
        for tool_id in step.tool_ids:
            console.print(f"  • {model.tool(tool_id).name.get(lang)}")
    console.print(f"\n[bold]{heads[5]}[/]")
    for o in step.outputs:
        console.print(f"  • {o.get(lang)}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Start the web server (Django's server; use gunicorn in production)."""
    _load_or_exit()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cirkular.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    console.print(f"cirkular serves on [bold]http://{host}:{port}/[/]  (English: http://{host}:{port}/en/)")
    call_command("runserver", f"{host}:{port}", use_reloader=False)


if __name__ == "__main__":
    app()
