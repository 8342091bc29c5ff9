"""Every page and API endpoint of a case, called as every kind of person.

Rules: a case is seen by its organisation (buyer, viewer), the programme team and
admins; a public case also by everyone else, but only its overview, ambitions and
criteria. Only the organisation's buyers (and admins) change it. Cases one may not see
answer 404, so that their existence does not leak; changes one may not make answer 403;
anonymous writes go to the log-in page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cirkular.cases import services
from tests.cases.conftest import World

ROLES = ["anonymous", "viewer", "buyer", "other_buyer", "programme", "admin"]
SEES_PRIVATE = {"viewer", "buyer", "programme", "admin"}
EDITS = {"buyer", "admin"}


def client_for(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def expected_read(role: str, public: bool, private_page: bool) -> int:
    if role in SEES_PRIVATE:
        return 200
    if public and not private_page:
        return 200
    return 404


def expected_write(role: str, public: bool, private_page: bool) -> set[int]:
    if role == "anonymous":
        return {302}  # to the log-in page
    if role in EDITS:
        return {200, 302}
    if role in SEES_PRIVATE or (public and not private_page):
        return {403}
    return {404}


def page_urls(case_id: int) -> list[tuple[str, bool, dict[str, Any]]]:
    """(url, private page?, POST data or None for GET-only)"""
    return [
        (reverse("cases:detail", args=[case_id]), False, {}),
        (reverse("cases:ambitions", args=[case_id]), False, {"strategy": "A3", "priority": "1", "reason": "test"}),
        (reverse("cases:edit", args=[case_id]), True, {}),
        (reverse("cases:step", args=[case_id, "planera"]), True, {"notes": "n", "decisions": "d", "version": "1"}),
        (reverse("cases:needs", args=[case_id]), True, {"need": "Sittplatser för 40 personer"}),
        (reverse("cases:dialogue", args=[case_id]), True, {"kind": "rfi", "date": "2026-03-01", "suppliers": "A AB"}),
        (reverse("cases:dialogue_docx", args=[case_id]), True, {}),
        (reverse("cases:followup", args=[case_id]), True, {}),
        (reverse("cases:lesson", args=[case_id]), True, {"what_worked": "Dialogen"}),
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["private", "public"])
def test_case_pages(world: World, role: str, which: str) -> None:
    case = getattr(world, which)
    public = which == "public"
    client = client_for(world, role)
    for url, private_page, post in page_urls(case.pk):
        got = client.get(url).status_code
        want = expected_read(role, public, private_page)
        if url == reverse("cases:edit", args=[case.pk]):  # the edit form is itself a write
            want = min(expected_write(role, public, private_page))
        assert got == want, f"GET {url} as {role}: {got}, expected {want}"
        if post:
            got = client.post(url, post).status_code
            allowed = expected_write(role, public, private_page)
            assert got in allowed, f"POST {url} as {role}: {got}, expected one of {allowed}"


@pytest.mark.parametrize("role", ROLES)
def test_post_only_actions(world: World, role: str) -> None:
    case = world.private
    client = client_for(world, role)
    actions = [
        (reverse("cases:tick", args=[case.pk, "planera"]), {"item": "planera-team", "done": "1"}),
        (reverse("cases:set_step", args=[case.pk, "analysera"]), {}),
        (reverse("cases:criterion_add", args=[case.pk]), {"criterion": "CIR-MOB-001"}),
        (reverse("cases:criterion_remove", args=[case.pk, "CIR-MOB-001"]), {}),
        (reverse("cases:ambition_remove", args=[case.pk, "A3"]), {}),
    ]
    for url, data in actions:
        got = client.post(url, data).status_code
        assert got in expected_write(role, False, True), f"POST {url} as {role}: {got}"


@pytest.mark.parametrize("role", ROLES)
def test_list_create_and_dashboard(world: World, role: str) -> None:
    client = client_for(world, role)
    html = client.get(reverse("cases:list")).content.decode()
    assert ("Öppen möbelupphandling" in html) is True
    assert ("Hemlig möbelupphandling" in html) == (role in SEES_PRIVATE)
    create = client.get(reverse("cases:create")).status_code
    assert create == {"anonymous": 302, "buyer": 200, "other_buyer": 200, "admin": 200}.get(role, 403)
    dashboard = client.get(reverse("cases:dashboard")).status_code
    assert dashboard == {"anonymous": 302, "programme": 200, "admin": 200}.get(role, 403)


def test_public_case_hides_personal_data(world: World) -> None:
    html = Client().get(reverse("cases:detail", args=[world.public.pk])).content.decode()
    assert "buyer@example.se" not in html and "Kontaktpersoner" not in html
    assert "Det här hände" not in html  # the timeline names people
    own = client_for(world, "viewer").get(reverse("cases:detail", args=[world.public.pk])).content.decode()
    assert "buyer@example.se" in own


def test_evidence_is_served_only_to_those_who_see_the_case(world: World, tmp_path: Any, settings: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    kpi = services.add_kpi(
        world.users["buyer"], world.public, {"kpi_id": "k", "name": "Andel", "unit": "%", "target": "50"}
    )
    upload = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    m = services.add_measurement(world.users["buyer"], kpi, {"date": dt.date(2026, 5, 1), "value": "40"}, upload)
    assert m.kpi.off_target(m.value)
    url = reverse("cases:evidence", args=[world.public.pk, m.pk])
    for role in ROLES:
        got = client_for(world, role).get(url).status_code
        assert got == (200 if role in SEES_PRIVATE else 404), role
    assert not str(m.evidence.path).startswith(str(settings.STATIC_ROOT))


# --- the API ------------------------------------------------------------------------------


def api_for(world: World, role: str) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        token, _ = Token.objects.get_or_create(user=world.users[role])
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_token_endpoint(world: World) -> None:
    from tests.cases.conftest import PASSWORD

    response = APIClient().post("/api/auth/token/", {"username": "buyer", "password": PASSWORD})
    assert response.status_code == 200 and response.json()["token"]
    assert APIClient().post("/api/auth/token/", {"username": "buyer", "password": "nej"}).status_code == 400


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["private", "public"])
def test_case_api(world: World, role: str, which: str) -> None:
    case = getattr(world, which)
    public = which == "public"
    api = api_for(world, role)
    base = f"/api/cases/{case.pk}/"
    reads = [
        (base, False),
        (base + "ambitions/", False),
        (base + "basket/", False),
        (base + "steps/", True),
        (base + "dialogue/", True),
        (base + "kpis/", True),
        (base + "lesson/", True),
    ]
    for url, private_page in reads:
        got = api.get(url).status_code
        assert got == expected_read(role, public, private_page), f"GET {url} as {role}: {got}"
    writes = [
        (base + "ambitions/", {"strategy_id": "C1", "priority": 1, "reason": "api"}),
        (base + "basket/", {"criterion_id": "CIR-MOB-001"}),
        (base + "steps/", {"item": "planera-team", "done": True}),
        (base + "dialogue/", {"kind": "hearing", "date": "2026-02-02"}),
    ]
    for url, data in writes:
        got = api.post(url, data, format="json").status_code
        if role == "anonymous":
            want = {401, 403} if public and not url.endswith(("steps/", "dialogue/")) else {404}
        elif role in EDITS:
            want = {200, 201}
        elif role in SEES_PRIVATE or (public and not url.endswith(("steps/", "dialogue/"))):
            want = {403}
        else:
            want = {404}
        assert got in want, f"POST {url} as {role}: {got}, expected {want}"
    listed = {c["id"] for c in api.get("/api/cases/").json()["results"]}
    assert (world.private.pk in listed) == (role in SEES_PRIVATE)
    assert world.public.pk in listed


def test_api_create_and_organisations(world: World) -> None:
    data = {
        "title": "Via API",
        "organisation": world.org_a.pk,
        "product_group": "textiles",
        "procedure": "oppet",
        "entry_kind": "buy_circular",
        "current_step": "planera",
    }
    assert api_for(world, "buyer").post("/api/cases/", data, format="json").status_code == 201
    assert api_for(world, "other_buyer").post("/api/cases/", data, format="json").status_code == 403
    assert api_for(world, "viewer").post("/api/cases/", data, format="json").status_code == 403
    assert api_for(world, "anonymous").post("/api/cases/", data, format="json").status_code in {401, 403}
    orgs = api_for(world, "other_buyer").get("/api/organisations/").json()["results"]
    assert [o["id"] for o in orgs] == [world.org_b.pk]
    assert len(api_for(world, "programme").get("/api/organisations/").json()["results"]) == 2
    assert api_for(world, "anonymous").get("/api/organisations/").status_code in {401, 403}
