"""The criteria library: content, search, selections, eForms fields, broken content."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from cirkular.core.content import CONTENT_DIR, ContentError, Problem, ProblemCode
from cirkular.core.cpv import load_cpv
from cirkular.core.criteria import (
    CriterionType,
    Filters,
    Level,
    Selected,
    SelectionIssueKind,
    eforms_fields,
    load_library,
    order_by_type,
    selection_issues,
)
from cirkular.core.model import load_model

GROUPS = {
    "furniture",
    "it-equipment",
    "textiles",
    "construction",
    "vehicles",
    "food-services",
    "cleaning",
    "office-services",
}


def test_library_covers_every_product_group_with_enough_criteria() -> None:
    library = load_library()
    assert {g.id for g in library.groups} == GROUPS
    assert len(library) >= 120
    per_group = Counter(c.group_id for c in library.criteria)
    assert min(per_group.values()) >= 10, per_group
    assert len(library.choices) >= 8


def test_every_criterion_is_complete_and_consistent() -> None:
    library = load_library()
    model = load_model()
    cpv = load_cpv()
    strategies = {s.id for s in model.strategies}
    r_codes = {r.id for r in model.ladder}
    for c in library.criteria:
        assert c.id.startswith(f"CIR-{library.group(c.group_id).code}-"), c.id
        assert c.version >= 1 and c.created and c.reviewed
        for text in (c.name, c.text, c.motive, c.verification, c.follow_up, c.kpi.name):
            assert text.sv and text.en, c.id
        assert (c.scoring is not None) == (c.type is CriterionType.AWARD), c.id
        assert set(c.strategies) <= strategies and set(c.r_codes) <= r_codes
        assert all(code in cpv for code in c.cpv)
        assert c.sources
        assert "{" not in c.render("sv") and "{" not in c.render("en"), c.id


def test_all_types_and_levels_are_represented() -> None:
    library = load_library()
    assert {c.type for c in library.criteria} == set(CriterionType)
    assert {c.level for c in library.criteria} == set(Level)


def test_labels_in_verification_always_allow_equivalents() -> None:
    labels = ("Svanen", "EU Ecolabel", "TCO Certified", "Blaue Engel", "Möbelfakta", "Oeko-Tex", "Bra Miljöval")
    for c in load_library().criteria:
        sv, en = c.verification.sv, c.verification.en
        if any(label in sv for label in labels):
            assert "likvärdig" in sv.lower(), c.id
        if any(label in en for label in labels):
            assert "equivalent" in en.lower(), c.id


# --- search ---------------------------------------------------------------------------


def ids(hits: list[Any]) -> list[str]:
    return [h.criterion.id for h in hits]


def test_swedish_stemming_finds_reuse_and_furniture() -> None:
    library = load_library()
    hits = library.search("återbrukade möbler")
    assert hits, "nothing found for 'återbrukade möbler'"
    for h in hits[:5]:
        c = h.criterion
        blob = " ".join(t.sv.lower() for t in (c.name, c.text, c.motive, c.verification, c.follow_up))
        assert "återbruk" in blob, c.id
        assert "möbel" in blob or "möbl" in blob, c.id


def test_english_search_finds_the_same_kind_of_criteria() -> None:
    library = load_library()
    hits = library.search("spare parts")
    assert hits
    top = hits[0].criterion
    assert "spare part" in (top.name.en + top.text.en).lower()


def test_every_word_must_match() -> None:
    library = load_library()
    assert library.search("möbler") and library.search("zzzqqq") == []
    assert library.search("möbler zzzqqq") == []


def test_search_by_id() -> None:
    library = load_library()
    first = library.criteria[0]
    assert ids(library.search(first.id))[0] == first.id


def test_filters_combine() -> None:
    library = load_library()
    award = library.search(filters=Filters(group="furniture", type=CriterionType.AWARD))
    assert award and all(h.criterion.group_id == "furniture" and h.criterion.type is CriterionType.AWARD for h in award)
    r3 = library.search(filters=Filters(r_code="R3"))
    assert r3 and all("R3" in h.criterion.r_codes for h in r3)
    goal_c = library.search(filters=Filters(goal="C"))
    assert goal_c and all(any(s.startswith("C") for s in h.criterion.strategies) for h in goal_c)
    leading = library.search(filters=Filters(level=Level.LEADING_EDGE))
    assert leading and all(h.criterion.level is Level.LEADING_EDGE for h in leading)


def test_cpv_filter_is_hierarchical() -> None:
    library = load_library()
    tagged_broad = [c for c in library.criteria if "39100000" in c.cpv]
    assert tagged_broad, "no criterion is tagged with 39100000 (furniture)"
    found = ids(library.search(filters=Filters(cpv="39130000")))
    assert all(c.id in found for c in tagged_broad)
    # and nothing about vehicles turns up for office furniture
    assert not [i for i in found if i.startswith("CIR-FOR-")]
    # check digit accepted
    assert ids(library.search(filters=Filters(cpv="39130000-2"))) == found


# --- selections -------------------------------------------------------------------------


def test_basket_order_duplicates_and_conflicting_levels() -> None:
    library = load_library()
    by_kpi: dict[tuple[str, str], list[Any]] = {}
    for c in library.criteria:
        by_kpi.setdefault((c.group_id, c.kpi.id), []).append(c)
    pair = next(v for v in by_kpi.values() if len({c.level for c in v}) > 1)
    a, b = pair[0], next(c for c in pair if c.level is not pair[0].level)
    award = next(c for c in library.criteria if c.type is CriterionType.AWARD)
    items = [Selected(award, {}), Selected(a, {}), Selected(b, {}), Selected(a, {})]
    issues = selection_issues(items)
    kinds = Counter(i.kind for i in issues)
    assert kinds[SelectionIssueKind.DUPLICATE] == 1
    assert kinds[SelectionIssueKind.CONFLICTING_LEVELS] == 1
    ordered = [s.criterion.type for s in order_by_type(items)]
    assert ordered == sorted(ordered, key=list(CriterionType).index)


def test_parameters_fill_the_text_and_are_range_checked() -> None:
    library = load_library()
    c = next(c for c in library.criteria if c.parameters and c.parameters[0].maximum is not None)
    p = c.parameters[0]
    assert p.maximum is not None
    value = p.default if p.default != p.maximum else p.maximum - 1
    text = c.render("en", {p.id: value})
    assert format(value.normalize(), "f") in text
    too_big = p.maximum + 1
    issues = selection_issues([Selected(c, {p.id: too_big})])
    assert [(i.kind, i.detail) for i in issues] == [
        (SelectionIssueKind.BAD_PARAMETER, f"{p.id}:parameter-above-maximum")
    ]
    assert c.render("sv", {p.id: Decimal("2.5")}).count("2,5") >= 1 or p.kind.value == "integer"


def test_eforms_fields_of_a_selection() -> None:
    library = load_library()
    some = list(library.criteria[:3])
    fields = eforms_fields(some)
    assert fields["BT-06-Lot"] == ["env-imp"]
    assert fields["BT-774-Lot"][0] == "circ-econ"
    assert fields["BT-805-Lot"]
    assert eforms_fields([]) == {"BT-06-Lot": ["none"], "BT-774-Lot": [], "BT-805-Lot": ["none"]}


# --- broken content ----------------------------------------------------------------------


def broken(tmp_path: Path, change: Callable[[Any], None], name: str = "furniture") -> Path:
    target = tmp_path / "criteria"
    shutil.copytree(CONTENT_DIR / "criteria", target)
    path = target / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def problems(directory: Path) -> tuple[Problem, ...]:
    with pytest.raises(ContentError) as info:
        load_library(directory)
    return info.value.problems


def test_duplicate_criterion_id(tmp_path: Path) -> None:
    def dup(d: Any) -> None:
        d["criteria"][1]["id"] = d["criteria"][0]["id"]

    (p,) = problems(broken(tmp_path, dup))
    assert p.code is ProblemCode.DUPLICATE_ID and "duplicate criterion id" in p.message


def test_unknown_cpv_code(tmp_path: Path) -> None:
    (p,) = problems(broken(tmp_path, lambda d: d["criteria"][0]["cpv"].append("39999999")))
    assert p.code is ProblemCode.DANGLING_REFERENCE
    assert p.message == "unknown CPV 2008 code '39999999'"
    assert p.place.startswith("criteria[0].cpv[")


def test_missing_language(tmp_path: Path) -> None:
    (p,) = problems(broken(tmp_path, lambda d: d["criteria"][2]["motive"].pop("sv")))
    assert p.code is ProblemCode.MISSING_TRANSLATION and p.place == "criteria[2].motive"


def test_award_criterion_without_scoring(tmp_path: Path) -> None:
    def strip(d: Any) -> None:
        award = next(c for c in d["criteria"] if c["type"] == "award")
        award.pop("scoring")

    (p,) = problems(broken(tmp_path, strip))
    assert p.message == "an award criterion needs a 'scoring' rule"


def test_unknown_strategy_code(tmp_path: Path) -> None:
    (p,) = problems(broken(tmp_path, lambda d: d["criteria"][0]["strategies"].append("F1")))
    assert p.message == "unknown målkarta strategy 'F1'"


def test_placeholder_without_parameter(tmp_path: Path) -> None:
    def bad(d: Any) -> None:
        d["criteria"][0]["text"]["en"] += " within {days} days"

    (p,) = problems(broken(tmp_path, bad))
    assert p.message == "the en text uses {days}, which is no parameter"
