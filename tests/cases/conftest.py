"""People of every role around two organisations, and a private and a public case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from cirkular.accounts import services as accounts
from cirkular.accounts.models import Organisation, Role
from cirkular.cases import services
from cirkular.cases.models import Case, Round

PASSWORD = "correct-horse-battery-9"


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    users: dict[str, Any]
    private: Case
    public: Case
    round: Round


def make_user(username: str, org: Organisation | None, role: Role) -> Any:
    user = get_user_model().objects.create_user(
        username, f"{username}@example.se", PASSWORD, first_name=username.title()
    )
    accounts.add_member(user, org, role)
    return user


CASE_DATA = {
    "product_group": "furniture",
    "cpv": ["39130000"],
    "procedure": "oppet",
    "entry_kind": "buy_circular",
    "current_step": "kartlagga",
    "started": dt.date(2026, 1, 10),
}


@pytest.fixture
def world(db: Any) -> World:
    org_a = accounts.create_organisation("Växby kommun (exempel)", "212000-0142", "kommun")
    org_b = accounts.create_organisation("Norrå region (exempel)", "232100-0016", "region")
    users = {
        "viewer": make_user("viewer", org_a, Role.VIEWER),
        "buyer": make_user("buyer", org_a, Role.BUYER),
        "other_buyer": make_user("other_buyer", org_b, Role.BUYER),
        "programme": make_user("programme", None, Role.PROGRAMME),
        "admin": make_user("admin", None, Role.ADMIN),
    }
    round_ = Round.objects.create(year=2021, name="Demonstration 2021", target=10, is_current=True)
    private = services.create_case(
        users["buyer"],
        org_a,
        {**CASE_DATA, "title": "Hemlig möbelupphandling", "round_id": round_.pk},
        [users["buyer"]],
    )
    public = services.create_case(
        users["buyer"],
        org_a,
        {**CASE_DATA, "title": "Öppen möbelupphandling", "public": True, "round_id": round_.pk},
        [users["buyer"]],
    )
    return World(org_a, org_b, users, private, public, round_)
