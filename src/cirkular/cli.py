"""The ``cirkular`` command."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

import cirkular
from cirkular.cli_evaluate import evaluate_app
from cirkular.cli_notices import notices_app
from cirkular.cli_report import report_app
from cirkular.core import cpv as cpvlib
from cirkular.core.content import ContentError
from cirkular.core.criteria import CriteriaLibrary, CriterionType, Filters, Level, Selected, eforms_xml, load_library
from cirkular.core.model import Model, load_model

app = typer.Typer(help="cirkular: circular public procurement, the Swedish model.", no_args_is_help=True)
content_app = typer.Typer(help="Reference content (model, criteria).", no_args_is_help=True)
model_app = typer.Typer(help="The Swedish model for circular procurement.", no_args_is_help=True)
app.add_typer(content_app, name="content")
criteria_app = typer.Typer(help="The circular criteria library.", no_args_is_help=True)
demo_app = typer.Typer(help="Fictional example data.", no_args_is_help=True)
app.add_typer(model_app, name="model")
app.add_typer(criteria_app, name="criteria")
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(demo_app, name="demo")
app.add_typer(report_app, name="report")
app.add_typer(notices_app, name="notices")

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

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


def _library_or_exit() -> CriteriaLibrary:
    _load_or_exit()
    try:
        return load_library()
    except ContentError as exc:
        _print_problems(exc)
        raise typer.Exit(1) from exc


@content_app.command("check")
def content_check() -> None:
    """Validate all reference content; exit 1 with readable errors if anything is wrong."""
    model = _load_or_exit()
    library = _library_or_exit()
    console.print(
        f"model {model.version}: {len(model.phases)} phases, {len(model.steps)} steps, "
        f"{sum(len(s.checklist) for s in model.steps)} checklist items, {len(model.tools)} tools, "
        f"{len(model.goals)} goals, {len(model.strategies)} strategies, {len(model.ladder)} R-steps, "
        f"{len(model.business_models)} business models"
    )
    console.print(
        f"criteria: {len(library)} criteria in {len(library.groups)} product groups, "
        f"{len(library.choices)} procurement choices; CPV 2008: {len(cpvlib.load_cpv())} codes"
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


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cirkular.web.settings")
    import django

    django.setup()


def _enum_option(value: str | None, enum: type[CriterionType] | type[Level], name: str) -> str | None:
    if value is None:
        return None
    allowed = [e.value for e in enum]
    if value not in allowed:
        err_console.print(f"--{name} must be one of: {', '.join(allowed)}")
        raise typer.Exit(2)
    return value


@criteria_app.command("search")
def criteria_search(
    query: Annotated[str, typer.Argument(help="Words to search for, in Swedish or English.")] = "",
    group: Annotated[str | None, typer.Option(help="Product group id, e.g. furniture.")] = None,
    cpv: Annotated[str | None, typer.Option(help="CPV code; matches broader and narrower codes.")] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="selection, specification, award, contract_clause")
    ] = None,
    level: Annotated[str | None, typer.Option(help="core, advanced, leading_edge")] = None,
    r: Annotated[str | None, typer.Option("--r", help="R-ladder code, e.g. R3.")] = None,
    goal: Annotated[str | None, typer.Option(help="Ambition map goal A-E.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lang: Lang = "sv",
) -> None:
    """Search and filter the criteria library."""
    library = _library_or_exit()
    if group is not None and group not in {g.id for g in library.groups}:
        err_console.print(f"Unknown product group '{group}'. Groups: {', '.join(g.id for g in library.groups)}")
        raise typer.Exit(2)
    code = None
    if cpv is not None:
        try:
            code = cpvlib.normalise(cpv)
        except ValueError:
            err_console.print(f"'{cpv}' is not a CPV code (eight digits, e.g. 39130000)")
            raise typer.Exit(2) from None
    t = _enum_option(type_, CriterionType, "type")
    lv = _enum_option(level, Level, "level")
    filters = Filters(
        group=group,
        cpv=code,
        type=CriterionType(t) if t else None,
        level=Level(lv) if lv else None,
        r_code=r,
        goal=goal.upper() if goal else None,
    )
    hits = library.search(query, filters)
    if as_json:
        out = [
            {
                "id": h.criterion.id,
                "version": h.criterion.version,
                "score": round(h.score, 2),
                "type": h.criterion.type.value,
                "level": h.criterion.level.value,
                "name": h.criterion.name.get(lang),
            }
            for h in hits
        ]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(hits)} criteria")
    for column in ("id", "type", "level", "name"):
        table.add_column(column)
    for h in hits:
        c = h.criterion
        table.add_row(c.id, c.type.value, c.level.value, c.name.get(lang))
    console.print(table)


@criteria_app.command("show")
def criteria_show(criterion_id: Annotated[str, typer.Argument(help="e.g. CIR-MOB-001")], lang: Lang = "sv") -> None:
    """Show one criterion in full."""
    library = _library_or_exit()
    try:
        c = library.get(criterion_id)
    except KeyError:
        err_console.print(f"There is no criterion with the id '{criterion_id}'.")
        raise typer.Exit(2) from None
    console.print(f"[bold]{c.id}[/] v{c.version}  {c.name.get(lang)}")
    console.print(f"{c.type.value} · {c.level.value} · R: {', '.join(c.r_codes)} · {', '.join(c.strategies)}")
    console.print(f"\n{c.render(lang)}", markup=False)
    if c.scoring:
        for step in c.scoring.steps:
            console.print(f"  • {step.when.get(lang)}: {step.value} ({c.scoring.kind.value})", markup=False)
    for label, text in (("motive", c.motive), ("verification", c.verification), ("follow-up", c.follow_up)):
        console.print(f"\n[bold]{label}[/]")
        console.print(text.get(lang), markup=False)
    console.print(f"\n[bold]KPI[/] {c.kpi.name.get(lang)} ({c.kpi.unit.get(lang)})", markup=False)
    console.print(f"[bold]CPV[/] {', '.join(c.cpv)}")


EXPORT_FORMATS = ("docx", "xlsx", "pdf", "json", "eforms")


@criteria_app.command("export")
def criteria_export_command(
    ids: Annotated[list[str], typer.Argument(help="Criterion ids, e.g. CIR-MOB-001 CIR-MOB-004.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="docx, xlsx, pdf, json or eforms (XML)")] = "docx",
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path("kriterier.docx"),
    lang: Lang = "sv",
) -> None:
    """Export criteria as a tender annex (DOCX, PDF), a spreadsheet (XLSX) or JSON."""
    if fmt not in EXPORT_FORMATS:
        err_console.print(f"--format must be one of: {', '.join(EXPORT_FORMATS)}")
        raise typer.Exit(2)
    library = _library_or_exit()
    unknown = [i for i in ids if i.strip().upper() not in {c.id for c in library.criteria}]
    if unknown:
        err_console.print(f"Unknown criterion id(s): {', '.join(unknown)}")
        raise typer.Exit(2)
    items = [Selected(library.get(i), {}) for i in ids]
    _setup_django()
    from cirkular.reports import criteria_export

    body: bytes
    if fmt == "docx":
        body = criteria_export.to_docx(items, lang)
    elif fmt == "xlsx":
        body = criteria_export.to_xlsx(items, lang)
    elif fmt == "pdf":
        body = criteria_export.to_pdf(items, lang)
    elif fmt == "eforms":
        body = eforms_xml([i.criterion for i in items])
    else:
        body = criteria_export.to_json_bytes(items)
    output.write_bytes(body)
    console.print(f"{len(items)} criteria → {output} ({len(body):,} bytes)")


@demo_app.command("load")
def demo_load(
    reset: Annotated[bool, typer.Option("--reset", help="Delete the demo cases and load them again.")] = False,
) -> None:
    """Load fictional organisations, people and cases (safe to run again)."""
    _library_or_exit()
    _setup_django()
    from cirkular.cases.demo import DEMO_PASSWORD, load_demo

    result = load_demo(reset=reset)
    state = "loaded" if result.created else "already loaded"
    console.print(f"Demo data {state}: {result.cases} example cases. Logins (password [bold]{DEMO_PASSWORD}[/]):")
    for username, role, organisation in result.logins:
        if username in {"kopare", "lasare", "kopare2", "programmet", "admin"}:
            console.print(f"  {username:<12} {role:<10} {organisation}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Start the web server (Django's server; use gunicorn in production)."""
    _library_or_exit()
    _setup_django()
    from django.core.management import call_command

    console.print(f"cirkular serves on [bold]http://{host}:{port}/[/]  (English: http://{host}:{port}/en/)")
    call_command("runserver", f"{host}:{port}", use_reloader=False)


if __name__ == "__main__":
    app()
