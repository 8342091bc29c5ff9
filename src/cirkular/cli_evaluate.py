"""`cirkular evaluate …`: run an evaluation from a file, verify a locked record."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from cirkular.core.evaluation import EvaluationModel, Message

# The engine (numpy, openpyxl) is imported inside the commands, so that every other `cirkular`
# command starts without it.

evaluate_app = typer.Typer(
    help="Tender evaluation: run a model on tenders, verify a locked record.", no_args_is_help=True
)

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

BAD_INPUT = 2

# English wording of the codes the CLI shows; the web layer has its own translated catalogue.
TEMPLATES = {
    "tie-broken-by-quality": "{first} and {second} have the same comparison value ({comparison}); "
    "{first} ranks first on the better quality part.",
    "tie-broken-by-price": "{first} and {second} have the same comparison value ({comparison}); "
    "{first} ranks first on the lower price.",
    "tie-lot-drawing": "{tenders} are level on every tie-break rule (rank {rank}): the buyer must draw lots.",
    "rank-reversal": "Relative price scoring: without {left_out}, {second} would rank ahead of {first}.",
    "hfd-2022-41-price-floor": "Price criterion {criterion} has a floor of {floor}: price cuts below it earn "
    "no points, the kind of price model HFD 2022 ref. 41 ruled out.",
    "ceiling-not-above-lowest": "The ceiling {ceiling} of {criterion} is not above the lowest price {lowest}: "
    "every tender gets 0 price points.",
    "price-above-ceiling": "price {price} is above the ceiling {ceiling}: 0 price points.",
    "price-below-floor": "price {price} is below the floor {floor} and is scored as {floor} (HFD 2022 ref. 41).",
    "comparison-negative": "the deductions exceed the price: comparison price {comparison}.",
    "winner-undetermined": "The first place is shared; lots decide, so there is no tipping point.",
    "tipping-none": "This method has no weights or parameters to move.",
}


def describe(message: Message) -> str:
    params = {k: ", ".join(v) if isinstance(v, tuple) else str(v) for k, v in message.params.items()}
    template = TEMPLATES.get(message.code.value)
    if template is not None:
        return template.format(**params)
    return message.code.value + (
        " (" + ", ".join(f"{k}={v}" for k, v in sorted(params.items())) + ")" if params else ""
    )


def _print_table(table: Table, rows: list[list[str]]) -> None:
    """Print at the table's natural width: a squeezed column would break numbers over lines."""
    headers = [str(c.header) for c in table.columns]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    natural = sum(w + 3 for w in widths) + 1
    # Console.print(width=…) cannot go beyond the terminal, so a wider console is made for the table
    wide = Console(width=max(console.width, natural), soft_wrap=True)
    wide.print(table)


def _fail(lines: list[str], title: str) -> typer.Exit:
    err_console.print(f"[bold red]{title}[/]")
    for line in lines:
        err_console.print(f"  {line}", markup=False, highlight=False)
    return typer.Exit(BAD_INPUT)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except UnicodeDecodeError as exc:
        raise _fail([f"{path}: not UTF-8 text ({exc.reason})"], "The file cannot be read") from None
    except json.JSONDecodeError as exc:
        raise _fail(
            [f"{path}: line {exc.lineno}, column {exc.colno}: {exc.msg}"], "The file is not valid JSON"
        ) from None


def load_input(path: Path) -> EvaluationModel:
    """Read and validate an input file; print every problem and exit 2 if there is one."""
    from cirkular.core.evaluation import EvaluationError, parse_model
    from cirkular.core.evaluation.xlsx import SheetInput, XlsxError, read_xlsx

    if not path.is_file():
        raise _fail([f"{path}: no such file"], "The file cannot be read")
    sheet: SheetInput | None = None
    if path.suffix.lower() == ".xlsx":
        try:
            sheet = read_xlsx(path)
        except XlsxError as exc:
            raise _fail([str(p) for p in exc.problems], f"{len(exc.problems)} problem(s) in {path.name}") from None
        data = sheet.data
    elif path.suffix.lower() == ".json":
        data = _read_json(path)
    else:
        raise _fail([f"{path}: expected a .json or .xlsx file"], "Unknown file type")
    try:
        return parse_model(data)
    except EvaluationError as exc:
        lines = []
        for p in exc.problems:
            cell = sheet.locate(p.path) if sheet is not None else None
            lines.append(f"{cell}: {p}" if cell is not None else str(p))
        raise _fail(lines, f"{len(exc.problems)} problem(s) in {path.name}") from None


@evaluate_app.command("run")
def run(
    file: Annotated[
        Path, typer.Argument(help="Evaluation input: FILE.json or FILE.xlsx (see docs/evaluation-input.md).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    sensitivity: Annotated[
        bool, typer.Option("--sensitivity/--no-sensitivity", help="Tipping points and Monte Carlo.")
    ] = True,
    draws: Annotated[int | None, typer.Option(help="Monte Carlo draws (default: the model's).", min=1)] = None,
    seed: Annotated[int | None, typer.Option(help="Monte Carlo seed (default: the model's).", min=0)] = None,
) -> None:
    """Evaluate the tenders: ranking, breakdown per criterion, flags and sensitivity."""
    from cirkular.core.evaluation import evaluate
    from cirkular.core.evaluation.sensitivity import monte_carlo, tipping_points

    model = load_input(file)
    result = evaluate(model)
    tipping = tipping_points(model, result) if sensitivity else None
    mc = monte_carlo(model, result, draws=draws, seed=seed) if sensitivity else None
    if as_json:
        out: dict[str, Any] = {"title": model.title, "evaluation": result.to_dict()}
        if tipping is not None and mc is not None:
            out["tipping_points"] = tipping.to_dict()
            out["monte_carlo"] = mc.to_dict()
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    # a money method's first line repeats the tender price; the price column already shows it
    first = result.tenders[0].lines if result.tenders else ()
    items = [line.item for line in first if not (line.item == "price" and line.unit.value == "sek")]
    better = "highest" if result.better.value == "higher" else "lowest"
    table = Table(title=f"{model.title or file.name}: {model.method.value}, {result.comparison.value} ({better} wins)")
    for column in ("rank", "id", "name", "tender price", *items, result.comparison.value):
        table.add_column(column, justify="left" if column in ("id", "name") else "right")
    rows = []
    for t in result.tenders:
        values = {line.item: str(line.value) for line in t.lines}
        rows.append([str(t.rank), t.id, t.name, str(t.price), *(values.get(i, "") for i in items), str(t.comparison)])
    for row in rows:
        table.add_row(*row)
    _print_table(table, rows)
    console.print(f"winner: [bold]{result.winner or 'lots must be drawn'}[/]")
    notes = [describe(m) for m in result.messages]
    notes += [f"{t.id}: {describe(m)}" for t in result.tenders for m in t.messages if m.code.value in TEMPLATES]
    for note in notes:
        console.print(f"  ! {note}", markup=False, highlight=False)
    if tipping is not None and tipping.points:
        tp = Table(title="Tipping points (the winner changes at)")
        for column in ("parameter", "current", "up", "down"):
            tp.add_column(column, justify="left" if column == "parameter" else "right")
        tp_rows = []
        for p in tipping.points:
            up = f"{p.up} → {p.up_winner}" if p.up is not None else "-"
            down = f"{p.down} → {p.down_winner}" if p.down is not None else "-"
            label = f"{p.parameter} ({p.unit})" + ("" if p.exact else f" ±{p.tolerance}")
            tp_rows.append([label, str(p.current), up, down])
        for row in tp_rows:
            tp.add_row(*row)
        _print_table(tp, tp_rows)
    if mc is not None and mc.varied:
        console.print(
            f"Monte Carlo, {mc.draws:,} draws (seed {mc.seed}) varying {', '.join(mc.varied)}: P(win) "
            + ", ".join(f"{tid} {mc.probability(tid):.1%}" for tid in mc.wins)
        )


@evaluate_app.command("lock")
def lock_command(
    file: Annotated[Path, typer.Argument(help="Evaluation input: FILE.json or FILE.xlsx.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Record file to write.")],
) -> None:
    """Evaluate and write a locked record (inputs, results, tipping points, SHA-256)."""
    from cirkular.core.evaluation.record import dumps, lock

    model = load_input(file)
    record = lock(model)
    output.write_text(dumps(record), encoding="utf-8")
    console.print(f"locked → {output}  sha256 {record['sha256']}")


@evaluate_app.command("verify")
def verify_command(record_file: Annotated[Path, typer.Argument(help="A record written by `evaluate lock`.")]) -> None:
    """Recompute a locked record from its inputs; exit 0 if it verifies, 1 if it does not."""
    from cirkular.core.evaluation.record import verify

    if not record_file.is_file():
        raise _fail([f"{record_file}: no such file"], "The file cannot be read")
    check = verify(_read_json(record_file))
    if check.ok:
        console.print(f"[green]verified[/]: sha256 {check.stored_hash}")
        return
    err_console.print(f"[bold red]The record does not verify[/] ({record_file})")
    explain = {
        "record-malformed": "not a complete evaluation record",
        "record-hash-mismatch": "the stored content does not match its SHA-256: it was changed after locking",
        "record-inputs-invalid": "the stored inputs no longer validate",
        "record-results-differ": "recomputing from the stored inputs gives a different value at",
    }
    for code, detail in check.problems:
        err_console.print(f"  {code.value}: {explain[code.value]} {detail}", markup=False, highlight=False)
    if check.computed_hash and check.computed_hash != check.stored_hash:
        err_console.print(f"  stored sha256   {check.stored_hash}", markup=False, highlight=False)
        err_console.print(f"  computed sha256 {check.computed_hash}", markup=False, highlight=False)
    raise typer.Exit(1)
