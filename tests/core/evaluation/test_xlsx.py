"""The XLSX template: the same data as the JSON format, and problems that name sheet, row and column."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from cirkular.core.evaluation import EvaluationError, evaluate_input, parse_model
from cirkular.core.evaluation.xlsx import CellRef, XlsxError, read_xlsx, write_xlsx
from tests.core.evaluation.support import EXAMPLES, load_example


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_every_example_survives_the_template(name: str) -> None:
    model = parse_model(load_example(name))
    sheet = read_xlsx(write_xlsx(model.to_dict()))
    # numbers come back equal but not always written alike (a cell holds 1.5, not "1.50")
    got, expected = evaluate_input(sheet.data), evaluate_input(load_example(name))
    assert got.ranking == expected.ranking
    for a, b in zip(got.tenders, expected.tenders, strict=True):
        assert (a.comparison, [x.value for x in a.lines]) == (b.comparison, [x.value for x in b.lines])
    assert parse_model(sheet.data) == model


def edit(book_bytes: bytes, sheet: str, cell: str, value: object) -> bytes:
    book = load_workbook(io.BytesIO(book_bytes))
    book[sheet][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_bad_cell_is_named_by_sheet_row_and_column() -> None:
    original = write_xlsx(load_example("weighted-relative.json"))
    # Anbud: header in row 1, tender B in row 3; columns id, name, price, reuse, repair → reuse is D
    sheet = read_xlsx(edit(original, "Anbud", "D3", "mycket"))
    with pytest.raises(EvaluationError) as info:
        parse_model(sheet.data)
    [problem] = info.value.problems
    assert (problem.code.value, problem.tender, problem.criterion) == ("not-a-number", "B", "reuse")
    assert sheet.locate(problem.path) == CellRef("Anbud", 3, "D")
    assert str(sheet.locate(problem.path)) == "sheet Anbud, row 3, column D"
    # an empty cell is a missing value, found at its cell
    sheet = read_xlsx(edit(original, "Anbud", "E4", None))
    with pytest.raises(EvaluationError) as info:
        parse_model(sheet.data)
    assert [(p.code.value, str(sheet.locate(p.path))) for p in info.value.problems] == [
        ("missing-value", "sheet Anbud, row 4, column E")
    ]


def test_model_settings_and_criteria_are_located_too() -> None:
    original = write_xlsx(load_example("weighted-relative.json"))
    book = load_workbook(io.BytesIO(original))
    rows = list(book["Modell"].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows, start=1) if row[0] == "id")
    bad = edit(original, "Modell", f"D{header + 2}", 45)  # the weight of reuse: 60 + 45 + 10 = 115
    sheet = read_xlsx(bad)
    with pytest.raises(EvaluationError) as info:
        parse_model(sheet.data)
    [problem] = info.value.problems
    assert problem.code.value == "weights-not-100"
    assert sheet.locate(problem.path) == CellRef("Modell", header)


def test_workbook_problems() -> None:
    with pytest.raises(XlsxError) as info:
        read_xlsx(b"not a zip file")
    assert info.value.problems[0].code == "not-a-workbook"
    book = load_workbook(io.BytesIO(write_xlsx(load_example("lowest-price.json"))))
    del book["Anbud"]
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(XlsxError) as info:
        read_xlsx(out.getvalue())
    assert [(p.code, p.cell.sheet) for p in info.value.problems] == [("missing-sheet", "Anbud")]
    unknown = edit(write_xlsx(load_example("lowest-price.json")), "Modell", "A1", "metod")
    with pytest.raises(XlsxError) as info:
        read_xlsx(unknown)
    assert [(p.code, str(p.cell)) for p in info.value.problems] == [
        ("unknown-setting", "sheet Modell, row 1, column A")
    ]
