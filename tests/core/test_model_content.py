"""The model content loads, is complete, and broken content is reported precisely."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from cirkular.core.content import CONTENT_DIR, ContentError, Problem, ProblemCode
from cirkular.core.model import load_model

STEP_IDS = [
    "planera",
    "kartlagga",
    "analysera",
    "upphandlingsdokument",
    "annonsera",
    "utvardera",
    "tilldela",
    "implementera",
    "forvalta",
    "utvardera-lara",
]


def test_shipped_model_loads_with_all_phases_and_steps() -> None:
    model = load_model()
    assert [p.id for p in model.phases] == ["forbereda", "upphandla", "realisera"]
    assert [s.id for s in model.steps] == STEP_IDS
    assert [s.number for s in model.steps] == list(range(1, 11))


def test_every_step_is_complete_in_both_languages() -> None:
    for step in load_model().steps:
        for text in (step.name, step.purpose, step.circular):
            assert text.sv and text.en, step.id
        assert len(step.questions) >= 2, step.id
        assert len(step.checklist) >= 3, step.id
        assert step.outputs, step.id


def test_the_model_has_the_tools_the_swedish_model_names() -> None:
    model = load_model()
    tool_ids = {t.id for t in model.tools}
    assert {"malkarta", "reuse-check", "rfi", "hearing", "one-to-one", "draft-consultation", "lcc"} <= tool_ids
    # the målkarta is used at the kick-off, in the planning step
    assert "malkarta" in model.step("planera").tool_ids
    for tool in model.tools:
        assert model.steps_using(tool.id), f"tool {tool.id} is used by no step"


def test_malkarta_goals_strategies_and_rladder() -> None:
    model = load_model()
    assert [g.id for g in model.goals] == list("ABCDE")
    expected = {"A": 5, "B": 3, "C": 8, "D": 6, "E": 5}
    assert {g.id: len(g.strategies) for g in model.goals} == expected
    assert [r.id for r in model.ladder] == [f"R{i}" for i in range(10)]
    assert all(s.r_codes for s in model.strategies)
    assert model.strategy("A2").goal_id == "A"
    assert model.waste_levels[0].id == "prevent"
    bm_ids = {b.id for b in model.business_models}
    assert {
        "product-as-a-service",
        "leasing-and-renting",
        "sharing",
        "buy-back",
        "take-back",
        "refurbished-and-reused-supply",
        "repair-and-maintenance",
    } <= bm_ids


def test_the_neighbours_of_a_step_cross_phase_borders() -> None:
    model = load_model()
    previous, following = model.neighbours("analysera")
    assert previous is not None and previous.id == "kartlagga"
    assert following is not None and following.id == "upphandlingsdokument"
    assert model.neighbours("planera")[0] is None
    assert model.neighbours("utvardera-lara")[1] is None


# --- broken content -------------------------------------------------------------------


def broken_copy(tmp_path: Path, name: str, change: Callable[[Any], None]) -> Path:
    """A copy of the shipped model content with ``change`` applied to ``name``.yaml."""
    target = tmp_path / "model"
    shutil.copytree(CONTENT_DIR / "model", target)
    path = target / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def problems_of(directory: Path) -> tuple[Problem, ...]:
    with pytest.raises(ContentError) as info:
        load_model(directory)
    return info.value.problems


def line_text(directory: Path, problem: Problem) -> str:
    assert problem.line is not None
    path = directory / problem.file.removeprefix("model/")
    return path.read_text(encoding="utf-8").splitlines()[problem.line - 1]


def test_a_missing_translation_names_file_line_place_and_language(tmp_path: Path) -> None:
    directory = broken_copy(tmp_path, "phases", lambda d: d["phases"][0]["steps"][1]["name"].pop("en"))
    (problem,) = problems_of(directory)
    assert problem.code is ProblemCode.MISSING_TRANSLATION
    assert problem.file == "model/phases.yaml"
    assert problem.place == "phases[0].steps[1].name"
    assert problem.message == "the 'en' translation is missing"
    assert "name:" in line_text(directory, problem)
    assert str(problem).startswith(f"model/phases.yaml:{problem.line}: phases[0].steps[1].name:")


def test_an_empty_translation_is_missing_too(tmp_path: Path) -> None:
    def blank(d: Any) -> None:
        d["goals"][2]["strategies"][0]["description"]["sv"] = "   "

    (problem,) = problems_of(broken_copy(tmp_path, "malkarta", blank))
    assert problem.code is ProblemCode.MISSING_TRANSLATION
    assert problem.place == "goals[2].strategies[0].description"
    assert "'sv'" in problem.message


def test_a_dangling_strategy_reference_is_reported(tmp_path: Path) -> None:
    directory = broken_copy(tmp_path, "business_models", lambda d: d["business_models"][0]["strategies"].append("A9"))
    (problem,) = problems_of(directory)
    assert problem.code is ProblemCode.DANGLING_REFERENCE
    assert problem.file == "model/business_models.yaml"
    assert problem.place.startswith("business_models[0].strategies[")
    assert problem.message == "unknown målkarta strategy 'A9'"
    assert "A9" in line_text(directory, problem)


def test_a_dangling_tool_and_r_code_are_reported(tmp_path: Path) -> None:
    directory = broken_copy(tmp_path, "phases", lambda d: d["phases"][1]["steps"][0]["tools"].append("crystal-ball"))
    messages = [p.message for p in problems_of(directory)]
    assert messages == ["unknown tool 'crystal-ball'"]

    def bad_r(d: Any) -> None:
        d["goals"][0]["strategies"][0]["r_codes"] = ["R11"]

    messages = [p.message for p in problems_of(broken_copy(tmp_path / "2", "malkarta", bad_r))]
    assert messages == ["unknown R-ladder code 'R11'"]


def test_a_duplicate_step_id_names_both_places(tmp_path: Path) -> None:
    def duplicate(d: Any) -> None:
        d["phases"][2]["steps"][0]["id"] = "planera"
        for item in d["phases"][2]["steps"][0]["checklist"]:
            item["id"] = item["id"].replace("implementera", "planera") + "-x"

    directory = broken_copy(tmp_path, "phases", duplicate)
    (problem,) = problems_of(directory)
    assert problem.code is ProblemCode.DUPLICATE_ID
    assert problem.place == "phases[2].steps[0].id"
    assert problem.message.startswith("duplicate step id 'planera' (first defined at model/phases.yaml:")
    assert "planera" in line_text(directory, problem)


def test_a_duplicate_strategy_id_is_reported(tmp_path: Path) -> None:
    def duplicate(d: Any) -> None:
        d["goals"][0]["strategies"][1]["id"] = "A1"

    problem, *rest = problems_of(broken_copy(tmp_path, "malkarta", duplicate))
    assert problem.code is ProblemCode.DUPLICATE_ID
    assert "duplicate strategy id 'A1'" in problem.message
    # A2 is gone now, so what referred to it dangles
    assert {p.message for p in rest} <= {"unknown målkarta strategy 'A2'"}


def test_a_typo_in_a_field_name_and_a_missing_field(tmp_path: Path) -> None:
    def typo(d: Any) -> None:
        step = d["phases"][0]["steps"][0]
        step["purpsoe"] = step.pop("purpose")

    problems = problems_of(broken_copy(tmp_path, "phases", typo))
    assert {(p.code, p.message) for p in problems} == {
        (ProblemCode.MISSING_FIELD, "'purpose' is missing"),
        (ProblemCode.UNKNOWN_FIELD, "unknown field 'purpsoe'"),
    }


def test_a_yaml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    target = tmp_path / "model"
    shutil.copytree(CONTENT_DIR / "model", target)
    path = target / "tools.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "  - id: [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    (problem,) = problems_of(target)
    assert problem.code is ProblemCode.YAML_SYNTAX
    assert problem.file == "model/tools.yaml"
    assert problem.line is not None and problem.line >= 4


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    target = tmp_path / "model"
    shutil.copytree(CONTENT_DIR / "model", target)
    (target / "rladder.yaml").unlink()
    (problem,) = problems_of(target)
    assert problem.code is ProblemCode.MISSING_FILE
    assert problem.file == "model/rladder.yaml"
