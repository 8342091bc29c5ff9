"""Detection: structured markers, text cues with evidence and confidence."""

from __future__ import annotations

import re

import pytest

from cirkular.core.notices.cues import CIRCULAR_THRESHOLD, CUES, FIELD_WEIGHT, MASKS, Strength
from cirkular.core.notices.detect import anchors, detect, detect_many, split_alternatives
from cirkular.core.notices.parse import parse_notice
from cirkular.core.notices.record import Field, Format, Lot, Notice

from .conftest import FIXTURES


def _notice(texts: list[tuple[str, Field, str, str]], nature: str = "supplies", lots: int = 1) -> Notice:
    notice = Notice(Format.EFORMS, language="en", contract_nature=nature)
    notice.lots = [Lot(f"LOT-{i:04d}", contract_nature=nature) for i in range(1, lots + 1)]
    notice.texts = texts
    return notice


def test_structured_outranks_criteria_which_outrank_descriptions() -> None:
    notice = parse_notice((FIXTURES / "cn_circular_sv.xml").read_bytes())
    detection = detect(notice)
    assert detection.circular and detection.circular_source == "structured"
    by_field = {(e.lot_id, e.field, e.cue): e for e in detection.evidence if e.marker == "circular"}
    structured = by_field[("LOT-0001", "structured", "circ-econ")].confidence
    condition = by_field[("LOT-0001", "performance-condition", "take-back")]
    criterion = by_field[("LOT-0002", "award-criterion", "reuse")]
    title = by_field[("LOT-0001", "title", "refurbished")]
    assert structured > criterion.confidence == condition.confidence > title.confidence
    assert condition.phrase == "återtagande" and condition.language == "sv"
    assert "återtagande av uttjänta möbler" in condition.context
    # lot 2 is circular through its award criterion alone, lot 3 is not
    assert detection.lots["LOT-0002"].circular and not detection.lots["LOT-0003"].circular
    # green: BT-06 env-imp and BT-805 national on lot 1
    assert {(e.source, e.cue) for e in detection.evidence if e.marker == "green"} == {
        ("BT-06", "env-imp"),
        ("BT-805", "national"),
    }
    assert detection.lots["LOT-0001"].green and not detection.lots["LOT-0002"].green


def test_a_sentence_in_twenty_four_languages_counts_once() -> None:
    notice = parse_notice((FIXTURES / "cn_multilingual_circular.xml").read_bytes())
    assert len([t for t in notice.texts if t[1] is Field.DESCRIPTION]) == 24
    detection = detect(notice)
    circular = [e for e in detection.evidence if e.marker == "circular"]
    assert len(circular) == 1
    assert circular[0].cue == "circular-economy"
    assert circular[0].language == "en"  # the notice's own language is the one kept
    assert detection.circular  # a strong cue in a description: 0.5


def test_every_language_of_the_multilingual_fixture_is_recognised() -> None:
    """Each translation alone is detected, so the once-only count above is real deduplication."""
    notice = parse_notice((FIXTURES / "cn_multilingual_circular.xml").read_bytes())
    variants = [t for t in notice.texts if t[1] is Field.DESCRIPTION]
    missed = [t[2] for t in variants if not detect(_notice([t])).evidence]
    assert missed == []


def test_works_contract_for_a_recycling_station_is_not_circular() -> None:
    notice = parse_notice((FIXTURES / "cn_works_recycling_station.xml").read_bytes())
    assert notice.contract_nature == "works"
    detection = detect(notice)
    assert not detection.circular
    assert detection.evidence == []


def test_recycling_station_is_masked_in_any_contract() -> None:
    text = "Operation of the recycling centre and the återvinningscentral."
    detection = detect(_notice([("", Field.DESCRIPTION, "ENG", text)], nature="services"))
    assert detection.evidence == []


def test_weak_cue_alone_is_evidence_but_not_circular() -> None:
    detection = detect(_notice([("", Field.DESCRIPTION, "ENG", "Runway refurbishment works.")], nature="services"))
    assert [e.cue for e in detection.evidence] == ["renovation"]
    assert detection.evidence[0].confidence < CIRCULAR_THRESHOLD
    assert not detection.circular


def test_cues_need_a_word_start_and_the_right_form() -> None:
    texts = [
        ("", Field.DESCRIPTION, "FRA", "Des recycleurs de plongée pour la marine."),  # a rebreather
        ("", Field.DESCRIPTION, "ENG", "The fleureuse is not a cue; the chairs must be reused."),
    ]
    detection = detect(_notice(texts))
    assert [(e.cue, e.phrase) for e in detection.evidence] == [("reuse", "reused")]


def test_cpv_labels_are_never_read() -> None:
    # Legacy notices carry CPV labels ("Construction work for recycling station") in
    # ORIGINAL_CPV; the parser keeps codes only, so no label text reaches detection.
    notice = parse_notice((FIXTURES / "legacy_f02_sv_reuse.xml").read_bytes())
    assert all("Office furniture" not in t[3] for t in notice.texts)


def test_detect_many_matches_detect_one_by_one() -> None:
    notices = [parse_notice(p.read_bytes()) for p in sorted(FIXTURES.glob("*.xml"))]
    together = detect_many(notices)
    alone = [detect(n) for n in notices]
    assert [(d.circular, d.circular_confidence, d.evidence) for d in together] == [
        (d.circular, d.circular_confidence, d.evidence) for d in alone
    ]


@pytest.mark.parametrize("cue", CUES, ids=lambda c: f"{c.language}:{c.pattern[:30]}")
def test_cue_data_is_well_formed(cue: object) -> None:
    from cirkular.core.notices.cues import Cue

    assert isinstance(cue, Cue)
    assert cue.pattern == cue.pattern.lower()
    re.compile(cue.pattern)
    assert cue.strength in Strength
    assert all(len(a) >= 3 for a in anchors(cue)), "each alternative needs a literal anchor"
    assert len(cue.language) == 2


def test_cue_lists_cover_the_eu_languages_and_fields_have_weights() -> None:
    languages = {c.language for c in CUES}
    eu = set("bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split())
    assert eu <= languages
    assert {m.concept for m in MASKS} == {"facility"}
    assert set(FIELD_WEIGHT) == {f.value for f in Field}


def test_split_alternatives_keeps_groups_whole() -> None:
    assert split_alternatives(r"a(?:b|c)d|e[|]f|g") == ["a(?:b|c)d", "e[|]f", "g"]
