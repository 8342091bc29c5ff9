"""Figures counted once per procedure, and the peer finder."""

from __future__ import annotations

from pathlib import Path

import pytest

from cirkular.core.notices.pipeline import ingest
from cirkular.core.notices.stats import Filters, cpv_prefix, peers, stats

from .conftest import FIXTURES, SHARED


@pytest.fixture(scope="module")
def pair_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A contract notice (circular) and its award notice (no marker), plus one unrelated notice."""
    store = tmp_path_factory.mktemp("pair")
    ingest(
        [
            FIXTURES / "cn_circular_sv.xml",
            FIXTURES / "can_circular_sv.xml",
            FIXTURES / "cn_works_recycling_station.xml",
        ],
        store,
        workers=0,
    )
    return store


def test_contract_and_award_notice_are_one_procedure(pair_store: Path) -> None:
    result = stats(pair_store)
    assert result.notices == 3
    assert (result.total.procedures, result.total.circular, result.total.green) == (2, 1, 1)
    # lots: LOT-0001..3 of the Swedish procedure (two of them repeated in the award notice) + one
    assert (result.total.lots, result.total.circular_lots, result.total.green_lots) == (4, 2, 1)
    assert result.total.circular_share == 0.5
    countries = {row.key: row for row in result.by["country"]}
    assert (countries["SE"].procedures, countries["SE"].circular, countries["SE"].lots) == (1, 1, 3)
    assert (countries["IE"].procedures, countries["IE"].circular) == (1, 0)
    # the procedure counts under the month of its first notice (March), not again in June
    months = {row.key: row.procedures for row in result.by["month"]}
    assert months == {"2024-03": 1, "2024-04": 1}
    # by notice type it appears under both of its types, circular in both
    types = {row.key: (row.procedures, row.circular) for row in result.by["notice_type"]}
    assert types == {"competition": (2, 1), "result": (1, 1)}
    assert {row.key for row in result.by["cpv_division"]} == {"39", "45"}
    assert {row.key for row in result.by["buyer"]} == {"Exempelby kommun", "Northshire District Council"}


def test_filters(pair_store: Path) -> None:
    assert stats(pair_store, Filters(country="SE")).total.procedures == 1
    assert stats(pair_store, Filters(country="SWE")).total.procedures == 1
    assert stats(pair_store, Filters(cpv="39")).total.procedures == 1
    assert stats(pair_store, Filters(cpv="45222110")).total.procedures == 1
    assert stats(pair_store, Filters(cpv="391")).total.lots == 2  # lots 1 and 2 (39130000, 39150000)
    assert stats(pair_store, Filters(cpv="03")).total.procedures == 0
    with pytest.raises(ValueError):
        stats(pair_store, dimensions=["colour"])


def test_cpv_prefix() -> None:
    assert cpv_prefix("39") == "39"
    assert cpv_prefix("39100000") == "391"
    assert cpv_prefix("39130000-2") == "3913"
    for bad in ("x", "3", "391300001", ""):
        with pytest.raises(ValueError):
            cpv_prefix(bad)


def test_peers_hierarchical_newest_first_with_evidence_and_link(pair_store: Path) -> None:
    found = peers(pair_store, ["39100000"])  # furniture covers office furniture
    assert len(found) == 1  # one entry per procedure, its newest circular notice
    peer = found[0]
    assert peer.publication_id == "00123456-2024"
    assert peer.ted_url == "https://ted.europa.eu/en/notice/-/detail/00123456-2024"
    assert peer.cpv == ["39130000", "39150000", "39121000"]
    assert peer.source == "structured" and peer.confidence == 1.0
    assert peer.evidence[0].cue == "circ-econ"
    assert {e.field for e in peer.evidence} >= {"structured", "award-criterion", "performance-condition"}
    assert peers(pair_store, ["39130000"])[0].cpv == ["39130000"]
    assert peers(pair_store, ["45000000"]) == []  # the recycling-station works are not circular
    assert peers(pair_store, ["39100000"], country="IE") == []
    assert peer.as_dict()["date"] == "2024-03-05"


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared notices not available")
def test_stats_and_peers_on_the_shared_notices(shared_store: Path) -> None:
    result = stats(shared_store, limit=5)
    assert result.total.circular >= 3  # the three SDK examples with circ-econ, and fixtures
    assert all(len(rows) <= 5 for rows in result.by.values())
    found = peers(shared_store, ["80000000", "73000000", "24000000"])
    dates = [p.date for p in found if p.date]
    assert dates == sorted(dates, reverse=True)
    assert {p.notice_type for p in found} == {"pin-rtl", "veat", "subco"}


def test_form_type_bits_cover_every_form_type() -> None:
    from cirkular.core.notices.record import FormType
    from cirkular.core.notices.stats import LOTS_BY_TYPE, PROCEDURES_BY_TYPE
    from cirkular.core.notices.store import FORM_TYPE_BIT, FORM_TYPE_BITS

    assert set(FORM_TYPE_BITS) == {t.value for t in FormType}
    for name, bit in FORM_TYPE_BITS.items():
        for sql in (PROCEDURES_BY_TYPE, LOTS_BY_TYPE):
            assert f"('{name}', {bit})" in sql
        if name != "other":
            assert f"WHEN '{name}' THEN {bit}" in FORM_TYPE_BIT
