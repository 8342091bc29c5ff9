"""`cirkular report …`: the programme's deliverables generated from its data."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

report_app = typer.Typer(
    help="Generate the programme's deliverables (evaluation, guide, policy, webinar, project).", no_args_is_help=True
)

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

RoundOption = Annotated[int | None, typer.Option("--round", help="Round year, e.g. 2021 (default: the current round).")]
LangOption = Annotated[str | None, typer.Option("--lang", help="sv or en.")]
FormatOption = Annotated[
    str | None, typer.Option("--format", "-f", help="pdf, docx, pptx or html (default: the first offered).")
]
OutOption = Annotated[
    Path | None,
    typer.Option("-o", "--output", help="File to write; for html a folder for the site, or a .zip file."),
]


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cirkular.web.settings")
    import django

    django.setup()


def _bad(message: str) -> typer.Exit:
    err_console.print(message, markup=False, highlight=False)
    return typer.Exit(2)


def generate(kind: str, year: int | None, lang: str | None, fmt: str | None, output: Path | None) -> None:
    from cirkular.reports import deliverables

    offered = deliverables.FORMATS[deliverables.Kind(kind)]
    fmt = (fmt or offered[0].value).lower()
    try:
        deliverables.check(kind, fmt)
    except deliverables.UnsupportedFormat:
        raise _bad(f"{kind} is not offered as {fmt}; offered: {', '.join(offered)}") from None
    language = lang or ("en" if kind == "webinar" else "sv")
    if language not in {"sv", "en"}:
        raise _bad(f"--lang must be sv or en, not {language}")
    _setup_django()
    from django.utils import translation

    from cirkular.cases.models import Round
    from cirkular.reports.deliverables.guide import site_zip, write_site

    rnd = Round.objects.filter(year=year).first() if year else Round.objects.filter(is_current=True).first()
    if rnd is None:
        known = ", ".join(str(y) for y in Round.objects.order_by("year").values_list("year", flat=True)) or "none"
        raise _bad(f"No round {year or '(current)'}; known rounds: {known}")
    suffix = deliverables.SUFFIX[deliverables.Format(fmt)]
    target = output or Path(f"{kind}-{rnd.year}-{language}{'' if fmt == 'html' else suffix}")
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=err_console,
    )
    with progress:
        task = progress.add_task(f"{kind} {fmt} {language}", total=100)
        progress.update(task, completed=10, description=f"{kind}: reading the cases")
        doc = deliverables.build(kind, rnd.year, language)
        progress.update(task, completed=50, description=f"{kind}: rendering {fmt}")
        if fmt == "html" and target.suffix.lower() != ".zip":
            with translation.override(language):
                written = write_site(doc, target)
            size = sum(p.stat().st_size for p in written)
        else:
            if fmt == "html":
                with translation.override(language):
                    content = site_zip(doc)
            else:
                content = deliverables.render(kind, doc, fmt).content
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            size = len(content)
        progress.update(task, completed=100, description=f"{kind}: done")
    console.print(f"{kind} ({fmt}, {language}, {rnd.name}): {size:,} bytes → {target}")


def _command(kind: str, doc: str) -> None:
    def command(
        round_year: RoundOption = None,
        lang: LangOption = None,
        fmt: FormatOption = None,
        output: OutOption = None,
    ) -> None:
        generate(kind, round_year, lang, fmt, output)

    command.__doc__ = doc
    report_app.command(kind)(command)


_command("evaluation", "Evaluation of a round (pptx, pdf).")
_command("guide", "The guide to circular procurement: static HTML site (html) or PDF.")
_command("policy", "Policy input: barriers and proposals (pdf, docx).")
_command("webinar", "Webinar deck with speaker notes (pptx); in Swedish the final meeting deck.")
_command("project", "Project report (pdf, docx).")
