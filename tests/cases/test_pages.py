"""Case pages as their users use them: forms, conflicts, log-in, invitations, dashboard, demo."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document

from cirkular.accounts.models import Invitation, Membership
from cirkular.cases import services
from cirkular.cases.demo import DEMO_PASSWORD, load_demo
from cirkular.cases.models import Case, Round
from tests.cases.conftest import PASSWORD, World


def login(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_the_project_hashes_passwords_with_scrypt() -> None:
    assert django_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.MD5PasswordHasher"  # in tests only
    from cirkular.web import settings as project

    assert project.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.ScryptPasswordHasher"


def test_create_a_case_through_the_form(world: World) -> None:
    client = login(world, "buyer")
    data = {
        "title": "Arbetskläder",
        "organisation": world.org_a.pk,
        "round": world.round.pk,
        "product_group": "textiles",
        "cpv": "18100000-0, 18000000",
        "estimated_value": "500000",
        "procedure": "forenklat",
        "entry_kind": "buy_circular",
        "status": "active",
        "current_step": "planera",
        "started": "2026-02-01",
    }
    response = client.post(reverse("cases:create"), data)
    case = Case.objects.get(title="Arbetskläder")
    assert response.status_code == 302 and case.cpv == ["18100000", "18000000"]
    bad = client.post(reverse("cases:create"), {**data, "cpv": "1234", "title": "Fel"})
    assert "1234 är inte en CPV-kod" in bad.content.decode()
    bad = client.post(reverse("cases:create"), {**data, "organisation": world.org_b.pk, "title": "Fel"})
    assert bad.status_code == 200 and not Case.objects.filter(title="Fel").exists()


def test_conflicting_edits_keep_both_texts(world: World) -> None:
    case = world.private
    url = reverse("cases:edit", args=[case.pk])
    first, second = login(world, "buyer"), login(world, "admin")
    form = {
        "title": case.title, "round": world.round.pk, "product_group": "furniture", "cpv": "39130000", "procedure": "oppet",
        "entry_kind": "buy_circular", "status": "active", "current_step": "kartlagga", "version": case.version,
    }  # fmt: skip
    assert first.post(url, {**form, "outcome": "Text från Anna"}).status_code == 302
    response = second.post(url, {**form, "outcome": "Text från Bo"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "sparade upphandlingen medan du redigerade" in html
    assert "Text från Bo" in html and "Text från Anna" in html
    assert Case.objects.get(pk=case.pk).outcome == "Text från Anna"
    # saving again with the new version works
    version = re.search(r'name="version" value="(\d+)"', html)
    assert version is not None
    assert (
        second.post(url, {**form, "version": version.group(1), "outcome": "Text från Anna och Bo"}).status_code == 302
    )


def test_login_is_throttled(world: World) -> None:
    client = Client()
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "buyer", "password": "fel"})
    response = client.post(url, {"username": "buyer", "password": PASSWORD})
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_and_logout(world: World) -> None:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "buyer", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email(world: World) -> None:
    Client().post(reverse("accounts:password_reset"), {"email": "buyer@example.se"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body)
    assert link is not None
    page = Client().get(link.group(0), follow=True)
    assert "Välj ett nytt lösenord" in page.content.decode()


def test_invitation_flow(world: World) -> None:
    client = login(world, "buyer")
    client.post(reverse("accounts:invite", args=[world.org_a.pk]), {"email": "ny@example.se", "role": "viewer"})
    invitation = Invitation.objects.get(email="ny@example.se")
    assert invitation.token in mail.outbox[0].body
    assert login(world, "viewer").get(reverse("accounts:invite", args=[world.org_a.pk])).status_code == 403
    accept = reverse("accounts:accept", args=[invitation.token])
    weak = Client().post(accept, {"name": "Ny Person", "username": "nyperson", "password": "12345678"})
    assert weak.status_code == 200 and not get_user_model().objects.filter(username="nyperson").exists()
    assert weak.context["form"].errors.get("password")  # the validators' message at the password field
    ok = Client().post(accept, {"name": "Ny Person", "username": "nyperson", "password": "ett-langt-losenord-42"})
    assert ok.status_code == 302
    membership = Membership.objects.get(user__username="nyperson")
    assert membership.organisation == world.org_a and membership.role == "viewer"
    assert Client().get(accept).status_code == 404  # used


def test_dialogue_summary_docx(world: World) -> None:
    services.add_dialogue(
        world.users["buyer"],
        world.private,
        {
            "kind": "rfi",
            "date": dt.date(2026, 3, 1),
            "suppliers": "Möbel AB\nRetro AB",
            "questions": "Vad kan ni erbjuda?",
            "insights": "Stor tillgång på begagnat.",
        },
    )
    response = login(world, "viewer").get(reverse("cases:dialogue_docx", args=[world.private.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Möbel AB" in text and "Stor tillgång på begagnat." in text and "Informationsförfrågan" in text


def test_dashboard_counts_phases_stalled_and_barriers(world: World) -> None:
    services.save_lesson(
        world.users["buyer"],
        world.private,
        {"barriers": {"cost": "Dyrt", "market": "Få leverantörer"}, "tools_helped": ["malkarta"], "recommend": "yes"},
    )
    Case.objects.filter(pk=world.public.pk).update(last_activity_at=timezone.now() - dt.timedelta(weeks=20))
    html = login(world, "programme").get(reverse("cases:dashboard")).content.decode()
    assert "2 upphandlingar av målet 10" in html
    stalled = html[html.index("Stillastående") :]
    assert "Öppen möbelupphandling" in stalled.split("</ul>")[0]
    assert "Kostnad" in html and "Målkarta" in html


@pytest.mark.django_db
def test_demo_data_loads_once_and_gives_every_role(client: Client) -> None:
    result = load_demo()
    assert result.created and result.cases == 25
    assert Round.objects.get(year=2020).cases.count() == 15
    assert Round.objects.get(year=2021).cases.count() == 10
    assert {u for u, _, _ in result.logins} >= {"kopare", "lasare", "kopare2", "programmet", "admin"}
    assert not load_demo().created
    assert Case.objects.count() == 25
    assert client.login(username="programmet", password=DEMO_PASSWORD)
    html = client.get(reverse("cases:dashboard")).content.decode()
    assert "Stillastående" in html
    assert all("(exempel)" in c.organisation.name for c in Case.objects.select_related("organisation"))
