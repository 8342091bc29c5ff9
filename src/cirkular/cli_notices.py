"""`cirkular notices …`: ingest procurement notices, figures and peers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from cirkular.core.notices.stats import Filters

notices_app = typer.Typer(help="Market monitoring from TED eForms and legacy TED XML notices.", no_args_is_help=True)

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[
    Path | None,
    typer.Option("--store", help="Store folder (default: $CIRKULAR_DATA_DIR/notices, else ./var/notices)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _store_dir(store: Path | None) -> Path:
    from cirkular.core.notices.store import default_store

    return store if store is not None else default_store()


def _bad(message: str) -> typer.Exit:
    err_console.print(message, markup=False, highlight=False)
    return typer.Exit(2)


class _RateColumn(ProgressColumn):
    """Files per second (Rich's own speed column counts bytes)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None and task.elapsed:
            # Rich estimates from recent samples; a short run has too few, so use the average.
            speed = task.completed / task.elapsed
        return Text("… files/s" if speed is None else f"{speed:,.0f} files/s", style="progress.data.speed")


@notices_app.command("ingest")
def ingest_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Folders (read recursively), XML files, TED packages (.tar.gz) or file lists (.txt, .lst or @list).",
            show_default=False,
        ),
    ],
    store: StoreOption = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", help="Local worker processes (default: one per CPU; 0: none).")
    ] = None,
    dask: Annotated[
        str | None, typer.Option("--dask", help="Run on Dask: 'local' or a scheduler address tcp://HOST:PORT.")
    ] = None,
) -> None:
    """Read notices into the store (Parquet by year and month, DuckDB views). Re-runs add nothing new."""
    from cirkular.core.notices.pipeline import FileListError, ProgressEvent, ingest, survey
    from cirkular.core.notices.store import Store, StoreFormatError

    for raw in paths:
        target = Path(raw[1:] if raw.startswith("@") else raw)
        if not target.exists():
            raise _bad(f"No such file or folder: {target}")
    if workers is not None and workers < 0:
        raise _bad("--workers must be 0 or more")
    if dask is not None and dask != "local" and not dask.startswith("tcp://"):
        raise _bad("--dask must be 'local' or a scheduler address such as tcp://127.0.0.1:8786")
    try:
        found = survey(paths)  # counted in one pass, without keeping the names
    except FileNotFoundError as exc:
        raise _bad(f"No such file or folder: {exc}") from None
    except FileListError as exc:
        raise _bad(str(exc)) from None
    if not (found.files or found.archives):
        raise _bad("No XML files or TED packages found in the given paths.")
    target_store = _store_dir(store)
    try:
        Store(target_store).check_format()
    except StoreFormatError as exc:
        raise _bad(str(exc)) from None
    total = found.total

    progress = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )
    task = progress.add_task("notices", total=total)

    def on_progress(event: ProgressEvent) -> None:
        progress.update(task, completed=event.files)

    try:
        with progress:
            report = ingest(paths, target_store, workers=workers, dask=dask, progress=on_progress, counted=found)
    except KeyboardInterrupt:
        err_console.print("Interrupted. Completed batches are kept; run the same command again to resume.")
        raise typer.Exit(130) from None
    if report.recovered:
        console.print(f"removed {len(report.recovered)} unfinished batch(es) left by an interrupted run")
    console.print(
        f"{report.files:,} files in {report.seconds:.1f} s: {report.notices:,} new notices, {report.lots:,} lots, "
        f"{report.errors:,} errors, {report.skipped:,} already stored → {report.store}"
    )
    if report.error_reasons:
        reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(report.error_reasons.items()))
        console.print(f"errors by reason: {reasons}")


def _filters(country: str | None, cpv: str | None) -> Filters:
    from cirkular.core.notices.stats import Filters, cpv_prefix

    if cpv is not None:
        try:
            cpv_prefix(cpv)
        except ValueError:
            raise _bad(f"'{cpv}' is not a CPV code or division (digits, e.g. 39 or 39130000)") from None
    if country is not None and not (country.isalpha() and len(country) in (2, 3)):
        raise _bad(f"'{country}' is not a country code (e.g. SE or SWE)")
    return Filters(country=country, cpv=cpv)


def _open_store(store: Path | None) -> Path:
    target = _store_dir(store)
    if not (target / "_commits").is_dir():
        raise _bad(f"No notice store in {target}. Run `cirkular notices ingest PATH --store {target}` first.")
    return target


def _pct(value: float) -> str:
    return f"{value * 100:.1f} %"


@notices_app.command("stats")
def stats_command(
    store: StoreOption = None,
    country: Annotated[str | None, typer.Option(help="Buyer country, e.g. SE.")] = None,
    cpv: Annotated[str | None, typer.Option(help="CPV division or code, e.g. 39 or 39130000.")] = None,
    by: Annotated[
        list[str] | None, typer.Option("--by", help="Dimension(s): country, buyer, cpv_division, notice_type, month.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Rows per dimension.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Counts and shares of circular and green procedures and lots (each procedure counted once)."""
    from cirkular.core.notices.stats import DIMENSIONS, stats

    filters = _filters(country, cpv)
    dims = by or list(DIMENSIONS)
    unknown = [d for d in dims if d not in DIMENSIONS]
    if unknown:
        raise _bad(f"Unknown dimension(s): {', '.join(unknown)}. Known: {', '.join(DIMENSIONS)}")
    result = stats(_open_store(store), filters, dims, limit)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    t = result.total
    console.print(
        f"[bold]{t.procedures:,} procedures[/] ({result.notices:,} notices, {result.errors:,} error rows): "
        f"circular {t.circular:,} ({_pct(t.circular_share)}), green {t.green:,} ({_pct(t.green_share)}); "
        f"lots {t.lots:,}: circular {t.circular_lots:,} ({_pct(t.circular_lot_share)})"
    )
    for dim, rows in result.by.items():
        table = Table(title=f"by {dim.replace('_', ' ')}")
        for column in (dim, "procedures", "circular", "circular %", "green", "green %", "lots", "circ. lots", "lots %"):
            table.add_column(column, justify="left" if column == dim else "right")
        for row in rows:
            table.add_row(
                row.key,
                f"{row.procedures:,}",
                f"{row.circular:,}",
                _pct(row.circular_share),
                f"{row.green:,}",
                _pct(row.green_share),
                f"{row.lots:,}",
                f"{row.circular_lots:,}",
                _pct(row.circular_lot_share),
            )
        console.print(table)


@notices_app.command("peers")
def peers_command(
    cpv: Annotated[list[str], typer.Option("--cpv", help="CPV code(s); narrower codes are included.")],
    store: StoreOption = None,
    country: Annotated[str | None, typer.Option(help="Buyer country, e.g. SE.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many notices.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Procurements with circular markers for these CPV codes, newest first, with evidence and a TED link."""
    from cirkular.core.notices.stats import peers

    for code in cpv:
        _filters(None, code)
    if country is not None:
        _filters(country, None)
    found = peers(_open_store(store), cpv, country=country, limit=limit)
    if as_json:
        typer.echo(json.dumps([p.as_dict() for p in found], ensure_ascii=False, indent=2))
        return
    if not found:
        console.print("No notices with circular markers for these CPV codes.")
        return
    for p in found:
        when = p.date.isoformat() if p.date else "—"
        console.print(f"[bold]{when}[/] {p.title or '(no title)'}", highlight=False)
        console.print(
            f"  {p.buyer_name or '?'} ({p.buyer_country or '?'}) · {p.notice_type} · CPV {', '.join(p.cpv)} · "
            f"confidence {p.confidence:.2f} ({p.source})",
            markup=False,
            highlight=False,
        )
        if p.ted_url:
            console.print(f"  {p.ted_url}", markup=False)
        for e in p.evidence[:5]:
            where = f"lot {e.lot_id}, " if e.lot_id else ""
            console.print(f"  • {e.source} {where}{e.field}: {e.phrase!r} ({e.cue}, {e.confidence:.2f})", markup=False)
