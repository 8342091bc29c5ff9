from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from cirkular.core.criteria import load_library

pytestmark = pytest.mark.django_db
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def test_search_api_with_filters(client: Client) -> None:
    response = client.get("/api/criteria/", {"q": "återbrukade möbler", "group": "furniture"})
    assert response.status_code == 200
    data = response.json()
    assert data and all(hit["criterion"]["group_id"] == "furniture" for hit in data)
    assert data[0]["criterion"]["id"].startswith("CIR-MOB-")


def test_api_validates_its_input(client: Client) -> None:
    assert client.get("/api/criteria/", {"type": "award-ish"}).status_code == 400
    response = client.get("/api/criteria/", {"cpv": "1234"}, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json() == {"cpv": ["A CPV code has eight digits, for example 39130000."]}
    assert client.get("/api/criteria/", {"group": "spaceships"}).status_code == 400
    assert client.get("/api/cpv/").status_code == 400


def test_one_criterion_and_the_groups(client: Client) -> None:
    first = load_library().criteria[0]
    data = client.get(f"/api/criteria/{first.id}/").json()
    assert data["id"] == first.id and data["version"] == first.version and data["ref"] == first.ref
    assert client.get("/api/criteria/CIR-NOP-000/").status_code == 404
    groups = client.get("/api/criteria/groups/").json()
    assert len(groups) == 8


def test_cpv_search(client: Client) -> None:
    data = client.get("/api/cpv/", {"q": "kontorsmöbler"}).json()
    assert any(row["code"] == "39130000" for row in data)


def test_committed_openapi_schema_is_current(tmp_path: Path) -> None:
    out = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(out), "--validate")
    assert SCHEMA.exists(), "run: .venv/bin/python manage.py spectacular --file docs/openapi.yaml"
    assert out.read_text() == SCHEMA.read_text(), "docs/openapi.yaml is out of date: regenerate it"
