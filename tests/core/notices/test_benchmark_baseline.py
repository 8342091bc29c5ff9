"""The xmltodict baseline of the notice benchmark extracts what the pipeline extracts.

A ratio against a baseline that reads fewer fields, or other values, would flatter the
pipeline; this compares the two field by field on every shared notice the pipeline reads.
"""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.xmltodict_baseline import extract
from cirkular.core.notices.parse import parse_notice
from cirkular.core.notices.record import Format, Notice, NoticeError

from .conftest import SHARED

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="shared notices not available")


def _expected(notice: Notice) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    fields: dict[str, Any] = {
        "notice_id": notice.notice_id,
        "issue_date": notice.issue_date,
        "publication_date": notice.publication_date,
        "language": notice.language,
        "notice_type": notice.notice_type,
        "buyer_name": notice.buyer_name,
        "buyer_id": notice.buyer_id,
        "buyer_country": notice.buyer_country,
        "buyer_nuts": notice.buyer_nuts,
        "title": notice.title,
        "cpv": notice.cpv_main,
    }
    lots: list[dict[str, Any]] = [{"id": lot.lot_id, "title": lot.title} for lot in notice.lots]
    if notice.format is Format.EFORMS:
        fields |= {
            "procedure_id": notice.procedure_id,
            "publication_id": notice.publication_id,
            "subtype": notice.subtype,
            "sdk_version": notice.sdk_version,
            "procedure_type": notice.procedure_type,
            "nature": notice.contract_nature,
            "description": notice.description,
            "value": notice.value,
            "currency": notice.currency,
        }
        for row, lot in zip(lots, notice.lots, strict=True):
            row |= {
                "description": lot.description,
                "nature": lot.contract_nature,
                "cpv": lot.cpv_main,
                "cpv_additional": lot.cpv_additional,
                "strategic": lot.strategic,
                "environmental": lot.environmental,
                "gpp": lot.gpp_criteria,
                "criteria": [(c.type, c.name, c.weight) for c in lot.award_criteria],
                "conditions": lot.performance_conditions,
                "value": lot.value,
            }
    return fields, lots


def test_baseline_reads_the_same_fields_as_the_pipeline() -> None:
    compared = 0
    for path in sorted(SHARED.rglob("*.xml")):
        data = path.read_bytes()
        try:
            notice = parse_notice(data)
        except NoticeError:
            continue
        fields, lots = _expected(notice)
        found = extract(data)
        assert {k: found.get(k) for k in fields} == fields, path.name
        found_lots = found["lots"]
        assert len(found_lots) == len(lots), path.name
        for want, got in zip(lots, found_lots, strict=True):
            if "criteria" in got:
                got = got | {"criteria": [(c["type"], c["name"], c.get("weight")) for c in got["criteria"]]}
            assert {k: got.get(k) for k in want} == want, f"{path.name} lot {want['id']}"
        compared += 1
    assert compared > 100
