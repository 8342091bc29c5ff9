from __future__ import annotations

import pytest

from cirkular.core import cpv
from cirkular.core.cpv import load_cpv


def test_the_whole_cpv_2008_list_is_shipped_with_both_languages() -> None:
    codes = load_cpv()
    assert len(codes) == 9454
    office = codes.get("39130000-2")
    assert office.full == "39130000-2"
    assert office.label.sv == "Kontorsmöbler"
    assert office.label.en == "Office furniture"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("39130000-2", "39130000"), ("39130000", "39130000"), (" 3913 0000 ", "39130000")],
)
def test_normalise_accepts_common_spellings(raw: str, expected: str) -> None:
    assert cpv.normalise(raw) == expected


@pytest.mark.parametrize("raw", ["3913", "39130000-22", "abc", "", "391300000"])
def test_normalise_rejects_what_is_no_code(raw: str) -> None:
    with pytest.raises(ValueError, match="not a CPV code"):
        cpv.normalise(raw)


def test_hierarchy_by_digits() -> None:
    assert cpv.prefix("39100000") == "391"
    assert cpv.prefix("45000000") == "45"
    assert cpv.prefix("03000000") == "03"
    assert cpv.covers("39100000", "39130000")
    assert cpv.covers("39100000", "39131000")
    assert not cpv.covers("39130000", "39100000")
    assert not cpv.covers("39100000", "39200000")
    assert cpv.related("39130000", "39100000")
    codes = load_cpv()
    assert [c.code for c in codes.ancestors("39131000")] == ["39130000", "39100000", "39000000"]
    assert codes.get("39000000").level == 1


def test_search_by_words_in_either_language_and_by_digits() -> None:
    codes = load_cpv()
    assert "39130000" in [c.code for c in codes.search("kontorsmöbler")]
    assert "39130000" in [c.code for c in codes.search("office furniture")]
    assert all(c.code.startswith("3913") for c in codes.search("3913"))
    assert codes.search("   ") == []
