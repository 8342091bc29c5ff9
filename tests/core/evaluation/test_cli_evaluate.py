"""`cirkular evaluate run|lock|verify`, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cirkular.cli import app
from cirkular.core.evaluation.xlsx import write_xlsx
from tests.core.evaluation.support import EXAMPLES, load_example

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["evaluate", *args])
    # bad input must end in a message and an exit code, never a traceback
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_run_prints_the_ranking_and_the_flags() -> None:
    code, out = run("run", str(EXAMPLES / "reversal.json"))
    assert code == 0, out
    assert "winner: B" in out
    assert "without C, A would rank ahead of B" in out
    code, out = run("run", str(EXAMPLES / "lcc.json"))
    assert code == 0 and "86240.07" in out and "Monte Carlo, 20,000 draws" in out


def test_run_json() -> None:
    code, out = run("run", str(EXAMPLES / "value-deduction.json"), "--json", "--draws", "2000", "--seed", "5")
    assert code == 0, out
    data = json.loads(out)
    assert data["evaluation"]["winner"] == "C"
    assert [t["comparison"] for t in data["evaluation"]["tenders"]] == ["430000.00", "435000.00", "435000.00"]
    assert data["monte_carlo"]["draws"] == 2000 and data["monte_carlo"]["seed"] == 5
    assert data["tipping_points"]["points"][0]["up"] == "45000.00"
    code, out = run("run", str(EXAMPLES / "lowest-price.json"), "--json", "--no-sensitivity")
    assert code == 0 and "monte_carlo" not in json.loads(out)


def test_run_from_the_xlsx_template(tmp_path: Path) -> None:
    book = tmp_path / "anbud.xlsx"
    book.write_bytes(write_xlsx(load_example("quotient.json")))
    code, out = run("run", str(book), "--json", "--no-sensitivity")
    assert code == 0, out
    assert json.loads(out)["evaluation"]["tenders"][0]["comparison"] == "333.333333"


def test_lock_and_verify(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    code, out = run("lock", str(EXAMPLES / "priced-co2.json"), "-o", str(record))
    assert code == 0, out
    stored = json.loads(record.read_text())
    assert stored["sha256"] in out
    code, out = run("verify", str(record))
    assert code == 0 and "verified" in out
    record.write_text(record.read_text().replace('"999000.00"', '"989000.00"'))
    code, out = run("verify", str(record))
    assert code == 1
    assert "does not verify" in out and "record-results-differ" in out and "record-hash-mismatch" in out


def test_bad_input_gives_a_clear_message_and_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"method": "lcc",\n "tenders": [}')
    code, out = run("run", str(broken))
    assert code == 2 and "not valid JSON" in out and "line 2" in out

    data = load_example("weighted-relative.json")
    del data["tenders"][1]["values"]["reuse"]
    data["tenders"][2]["price"] = "-1"
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(data, default=str))
    code, out = run("run", str(wrong))
    assert code == 2
    assert "2 problem(s)" in out
    assert "tenders[1].values.reuse: missing-value" in out
    assert "tenders[2].price: price-not-positive" in out

    assert run("run", str(tmp_path / "nothing.json"))[0] == 2
    other = tmp_path / "tenders.csv"
    other.write_text("id,price\n")
    assert run("run", str(other))[0] == 2
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    assert run("run", str(binary))[0] == 2
    assert run("lock", str(wrong), "-o", str(tmp_path / "r.json"))[0] == 2
    assert not (tmp_path / "r.json").exists()


def test_bad_xlsx_names_sheet_row_and_column(tmp_path: Path) -> None:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(write_xlsx(load_example("weighted-relative.json"))))
    book["Anbud"]["C2"] = "gratis"
    path = tmp_path / "anbud.xlsx"
    book.save(path)
    code, out = run("run", str(path))
    assert code == 2
    assert "sheet Anbud, row 2, column C: tenders[0].price: not-a-number" in out
    path.write_bytes(b"PK not really")
    code, out = run("run", str(path))
    assert code == 2 and "not-a-workbook" in out


def test_verify_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text("[1, 2")
    assert run("verify", str(path))[0] == 2
    path.write_text('{"format": "something else"}')
    code, out = run("verify", str(path))
    assert code == 1 and "record-malformed" in out
