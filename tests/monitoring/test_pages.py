"""Market monitoring pages over a store made from the shared notices."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cirkular.core.notices.pipeline import ingest
from tests.cases.conftest import World

NOTICES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "notices"


@pytest.fixture
def store_needed() -> None:
    if not NOTICES.exists():
        pytest.skip("../shared/data/notices is not beside the repository")


@pytest.fixture
def store(store_needed: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CIRKULAR_DATA_DIR", str(tmp_path))
    target = tmp_path / "notices"
    ingest([NOTICES / "eforms-sdk-1.15.1"], target, workers=0)
    return target


@pytest.mark.django_db
def test_page_without_notices_explains_how_to_load_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    monkeypatch.setenv("CIRKULAR_DATA_DIR", str(tmp_path))
    html = client.get(reverse("monitoring:index")).content.decode()
    assert "cirkular notices ingest" in html


@pytest.mark.django_db
def test_figures_charts_and_peers(store: Path, client: Client) -> None:
    html = client.get(reverse("monitoring:index")).content.decode()
    assert 'role="img"' in html and "<svg" in html
    assert "Per CPV-huvudgrupp" in html or "Per CPV division" in html
    bad = client.get(reverse("monitoring:index"), {"cpv": "abc"}).content.decode()
    assert 'class="error"' in bad


@pytest.mark.django_db
def test_months_are_placed_by_time_and_named_in_words(store: Path, client: Client) -> None:
    html = client.get(reverse("monitoring:index")).content.decode()
    alt = html[html.index("Linjediagram") :][:800]
    months = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
    assert re.search(rf"\((?:{months}) \d{{4}}\)", alt), alt
    assert not re.search(r"\(\d{4}-\d{2}\)", alt), alt  # not the raw month keys
    table = html[html.index("<caption>Per månad</caption>") :].split("</table>")[0]
    assert re.search(rf'<th scope="row">(?:{months}) \d{{4}}</th><td>\d+</td>', table), table


def test_case_page_lists_peers_for_its_cpv(store: Path, world: World, client: Any) -> None:
    client.force_login(world.users["buyer"])
    html = client.get(reverse("cases:detail", args=[world.private.pk])).content.decode()
    assert "TED" in html
