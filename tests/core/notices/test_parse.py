"""Parsing: eForms and legacy TED XML notices become records."""

from __future__ import annotations

from pathlib import Path

import pytest

from cirkular.core.notices.detect import detect
from cirkular.core.notices.parse import parse_notice
from cirkular.core.notices.record import Format, FormType, Notice, NoticeError

from .conftest import FIXTURES, LEGACY, SDK, SHARED, TED_EFORMS

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="shared notices not available")

CIRC_ECON = {"pin-rtl_24.xml", "subco_81.xml", "veat_81.xml"}


def _parse(path: Path) -> Notice:
    return parse_notice(path.read_bytes())


@pytest.mark.parametrize("name", sorted(CIRC_ECON))
def test_sdk_examples_with_circ_econ_are_circular_through_bt774(name: str) -> None:
    notice = _parse(SDK / name)
    detection = detect(notice)
    assert detection.circular
    assert detection.circular_source == "structured"
    assert detection.circular_confidence == 1.0
    structured = [e for e in detection.evidence if e.marker == "circular" and e.source == "BT-774"]
    assert structured and all(e.cue == "circ-econ" for e in structured)
    # BT-774 without BT-06 env-imp still counts (these examples have none).
    assert not any("env-imp" in lot.strategic for lot in notice.lots)


def test_other_sdk_examples_are_not_circular_through_codes() -> None:
    for path in sorted(SDK.glob("*.xml")):
        if path.name in CIRC_ECON or path.name.startswith("INVALID_"):
            continue
        detection = detect(_parse(path))
        assert not any(e.source == "BT-774" and e.marker == "circular" for e in detection.evidence), path.name


@pytest.mark.parametrize("path", sorted(TED_EFORMS.glob("*.xml")), ids=lambda p: p.name)
def test_real_ted_eforms_notices_are_not_circular(path: Path) -> None:
    notice = _parse(path)
    assert notice.format is Format.EFORMS
    # file names are TED publication numbers, YYYY-OJSnnn-nnnnnnnn
    assert notice.publication_id == f"{path.stem.split('-')[2]}-{path.stem[:4]}"
    assert not detect(notice).circular


def test_real_ted_notice_fields() -> None:
    notice = _parse(TED_EFORMS / "2023-OJS165-00522031.xml")
    assert notice.publication_id == "00522031-2023"
    assert notice.ted_url == "https://ted.europa.eu/en/notice/-/detail/00522031-2023"
    assert notice.publication_date == "2023-08-29"
    assert notice.issue_date == "2023-08-28"
    assert notice.notice_type == "can-standard"
    assert notice.form_type is FormType.RESULT
    assert notice.subtype == "29"
    assert notice.sdk_version == "eforms-sdk-1.8"
    assert notice.language == "en" and "sv" in notice.languages and len(notice.languages) == 24
    assert notice.procedure_id == "acead460-dbea-498c-9ffe-4f950bd95974"
    assert notice.procedure_type == "open"
    assert notice.contract_nature == "supplies"
    assert notice.buyer_country == "BE"
    assert notice.buyer_nuts == "BE213"
    assert notice.buyer_name.startswith("European Commission")  # the name in the notice's language
    assert notice.cpv_main == "39711124"
    assert (notice.value, notice.currency, notice.value_kind) == (660000.0, "EUR", "awarded")
    [lot] = notice.lots
    assert lot.lot_id == "LOT-0000"
    assert lot.title == "Ultra-low Temperature Freezers"
    assert lot.cpv_main == "39711124"
    assert lot.cpv_additional == ["39711124", "38000000", "39711120"]
    assert lot.award_criteria[0].type == "cost" and lot.award_criteria[0].weight == 100.0
    assert lot.award_criteria[0].description == "Enter value"
    # every language variant of the texts is kept for detection
    assert sum(1 for t in notice.texts if t[0] == "LOT-0000" and t[1].value == "title") == 24


def test_maximal_notice_lots_codes_criteria_and_conditions() -> None:
    notice = _parse(SDK / "cn_24_maximal.xml")
    assert [lot.lot_id for lot in notice.lots] == ["LOT-0001", "LOT-0002"]  # the group of lots is left out
    lot = notice.lots[0]
    assert lot.strategic == ["env-imp"]
    assert lot.environmental == ["clim-mitig"]
    assert lot.gpp_criteria == []
    assert [(c.type, c.weight, c.weight_kind) for c in lot.award_criteria] == [
        ("cost", 60.0, "per-exa"),
        ("quality", 40.0, "per-exa"),
    ]
    assert lot.award_criteria[0].name == "Name of AC ---"
    assert lot.performance_conditions == ["Terms Performance ---"]
    assert (lot.value, lot.currency) == (9999999.99, "EUR")
    assert any(t[1].value == "strategic-description" for t in notice.texts)
    detection = detect(notice)
    assert detection.green and not detection.circular


def test_hundred_lots() -> None:
    notice = _parse(SDK / "cn_24_maximal_100_lots.xml")
    assert len(notice.lots) == 100
    assert len({lot.lot_id for lot in notice.lots}) == 100


@pytest.mark.parametrize("path", sorted(SDK.glob("INVALID_*.xml")), ids=lambda p: p.name)
def test_invalid_examples_end_as_record_or_error(path: Path) -> None:
    try:
        notice = parse_notice(path.read_bytes())
    except NoticeError as exc:
        assert exc.reason.value
    else:
        detect(notice)


def test_swedish_legacy_notices() -> None:
    cn = _parse(LEGACY / "21-364236-001-EXP.xml")
    can = _parse(LEGACY / "21-364240-001-EXP.xml")
    for notice in (cn, can):
        assert notice.format is Format.TED_LEGACY
        assert notice.buyer_country == "SE"
        assert notice.language == "sv"
        assert notice.buyer_nuts == "SE121"
    assert cn.notice_type == "F02" and cn.form_type is FormType.COMPETITION
    assert can.notice_type == "F03" and can.form_type is FormType.RESULT
    assert cn.buyer_name == "Uppsala universitet" and cn.buyer_id == "202100-2932"
    assert cn.title == "Laboratorieinredning Hus 6 och 7 Ångström"
    assert cn.cpv_main == "39180000"
    assert (cn.value, cn.currency, cn.value_kind) == (2000000.0, "SEK", "estimated")
    assert cn.procedure_type == "open" and cn.contract_nature == "supplies"
    assert cn.publication_id == "352907-2021" and cn.publication_date == "2021-07-13"
    # the award notice belongs to the procedure of the notice it refers to (2019/S 177-431038)
    assert can.procedure_id == "431038-2019"
    assert can.procedure_type == "restricted"


def test_every_legacy_notice_parses() -> None:
    for path in sorted(LEGACY.glob("*.xml")):
        notice = _parse(path)
        assert notice.buyer_country, path.name
        assert notice.lots, path.name
        assert not detect(notice).circular, path.name  # none of them has a circular cue


def test_legacy_translations_are_not_read_twice() -> None:
    notice = _parse(LEGACY / "20-242009-001-EXP.xml")  # an original form and 23 translations
    assert notice.language == "en"
    assert len(notice.lots) == 1


def test_legacy_award_criterion_text_is_circular() -> None:
    notice = _parse(FIXTURES / "legacy_f02_sv_reuse.xml")
    assert notice.lots[0].award_criteria[0].name == "Andel återbrukade möbler"
    assert notice.lots[0].award_criteria[0].weight == 30.0
    assert notice.procedure_conditions == ["Se upphandlingsdokumenten."]
    detection = detect(notice)
    assert detection.circular and detection.circular_source == "criterion"


def test_buyer_registration_number_is_the_first_of_several() -> None:
    # The buyer carries two PartyLegalEntity ids; BT-501 is the first, the other is another id.
    notice = _parse(SDK / "pin-only_24.xml")
    assert notice.buyer_id == "PartyLegalEntityCID1234"
