"""Fictional example data: organisations, people of every role and cases of two rounds.

Loaded by ``cirkular demo load`` (and so by ``make run``). Everything goes through the
services, as a buyer's work would, so the audit log and the pinned criterion versions
are real. The data file is ``content/demo/demo.yaml`` (schema in docs/demo-schema.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cirkular.accounts import services as accounts
from cirkular.accounts.models import Organisation, Role
from cirkular.cases import services
from cirkular.cases.models import Case, Round
from cirkular.core.content import CONTENT_DIR
from cirkular.core.criteria import load_library
from cirkular.core.model import load_model

DEMO_FILE = CONTENT_DIR / "demo" / "demo.yaml"
DEMO_PASSWORD = "demo-cirkular-2026"  # noqa: S105 - fictional example logins, printed by `make run`


@dataclass
class DemoResult:
    created: bool
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, organisation
    cases: int = 0


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def _logins(data: dict[str, Any], orgs: dict[str, Organisation]) -> list[tuple[str, str, str]]:
    out = []
    for p in data["people"]:
        org = orgs.get(p.get("organisation", ""))
        out.append((p["username"], p["role"], org.name if org else "—"))
    return out


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _impact(data: dict[str, Any] | None) -> dict[str, Any]:
    """A KPI's ``impact:`` entry as set_kpi_impact takes it; empty or null removes the mapping."""
    data = data or {}
    return {
        "impact_item": data.get("item", ""),
        "impact_basis": data.get("basis", "count" if data.get("item") else ""),
        "impact_per_unit": _number(data.get("per_unit")),
        "impact_volume": _number(data.get("volume")),
        "impact_years": _number(data.get("years")),
        "impact_new_price": _number(data.get("new_price")),
        "impact_circular_price": _number(data.get("circular_price")),
    }


def load_demo(path: Path = DEMO_FILE, reset: bool = False) -> DemoResult:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first_number = data["organisations"][0]["org_number"]
    if Organisation.objects.filter(org_number=first_number).exists() and not reset:
        orgs = {o["key"]: Organisation.objects.get(org_number=o["org_number"]) for o in data["organisations"]}
        return DemoResult(False, _logins(data, orgs), Case.objects.filter(organisation__in=orgs.values()).count())
    with transaction.atomic():
        if reset:
            numbers = [o["org_number"] for o in data["organisations"]]
            Case.objects.filter(organisation__org_number__in=numbers).delete()
        return _load(data)


def _load(data: dict[str, Any]) -> DemoResult:
    User = get_user_model()
    orgs: dict[str, Organisation] = {}
    for o in data["organisations"]:
        org = Organisation.objects.filter(org_number=o["org_number"]).first()
        orgs[o["key"]] = org or accounts.create_organisation(o["name"], o["org_number"], o["kind"])
    users: dict[str, Any] = {}
    for p in data["people"]:
        first, _sep, last = p["name"].partition(" ")
        user, _created = User.objects.get_or_create(
            username=p["username"], defaults={"email": p["email"], "first_name": first, "last_name": last}
        )
        user.set_password(DEMO_PASSWORD)
        user.is_superuser = user.is_staff = p["role"] == Role.ADMIN
        user.save()
        accounts.add_member(user, orgs.get(p.get("organisation", "")), Role(p["role"]))
        users[p["username"]] = user
    rounds = {}
    latest = max(r["year"] for r in data["rounds"])
    for r in data["rounds"]:
        rounds[r["year"]], _ = Round.objects.update_or_create(
            year=r["year"], defaults={"name": r["name"], "target": r["target"], "is_current": r["year"] == latest}
        )
    model = load_model()
    library = load_library()
    count = 0
    for c in data["cases"]:
        _case(c, orgs, users, rounds, model, library)
        count += 1
    return DemoResult(True, _logins(data, orgs), count)


def _case(
    c: dict[str, Any],
    orgs: dict[str, Organisation],
    users: dict[str, Any],
    rounds: dict[int, Round],
    model: Any,
    library: Any,
) -> Case:
    owner = users[c["owner"]]
    dates = c.get("dates", {})
    fields = {
        "title": c["title"],
        "round_id": rounds[c["round"]].pk,
        "product_group": c["product_group"],
        "cpv": [str(x) for x in c.get("cpv", [])],
        "estimated_value": Decimal(str(c["estimated_value_sek"])) if c.get("estimated_value_sek") is not None else None,
        "procedure": c["procedure"],
        "entry_kind": c["entry_kind"],
        "status": c["status"],
        "public": bool(c.get("public")),
        "current_step": c["current_step"],
        "started": c.get("started"),
        "advertised": dates.get("advertised"),
        "awarded": dates.get("awarded"),
        "contract_start": dates.get("contract_start"),
        "contract_end": dates.get("contract_end"),
        "outcome": c.get("outcome", ""),
    }
    case = services.create_case(owner, orgs[c["organisation"]], fields, [users[u] for u in c.get("contacts", [])])
    activity: list[dt.date] = [d for d in (fields["started"], *dates.values()) if isinstance(d, dt.date)]
    # checklist: everything before the current step, or the items listed
    current = model.step(c["current_step"])
    done = c.get("checklist_done", "all_before_current")
    items = (
        [i.id for s in model.steps if s.number < current.number for i in s.checklist]
        if done == "all_before_current"
        else list(done)
    )
    tick_day = fields["started"] or timezone.localdate()
    for item in items:
        services.tick(owner, case, item, True, when=_aware(tick_day))
    for step_id, text in (c.get("step_notes") or {}).items():
        services.save_step_note(owner, case, step_id, str(text), "", 1)
    for a in c.get("ambitions", []):
        services.set_ambition(owner, case, a["strategy"], int(a.get("priority", 2)), a.get("reason", ""))
    for criterion_id in c.get("criteria", []):
        services.add_criterion(owner, case, criterion_id)
    if c.get("needs"):
        n = c["needs"]
        services.save_needs(
            owner,
            case,
            {
                "need": n.get("need", ""),
                "alternatives": n.get("alternatives", {}),
                "chosen": n.get("chosen", ""),
                "reason": n.get("reason", ""),
            },
        )
    for d in c.get("dialogue", []):
        services.add_dialogue(
            owner,
            case,
            {
                "kind": d["kind"],
                "date": d["date"],
                "suppliers": "\n".join(d.get("suppliers", [])),
                "questions": d.get("questions", ""),
                "answers": d.get("answers", ""),
                "insights": d.get("insights", ""),
            },
        )
        activity.append(d["date"])
    for k in c.get("kpis", []):
        criterion = library.get(k["criterion"])
        kpi = services.add_kpi(
            owner,
            case,
            {
                "criterion_id": criterion.id,
                "kpi_id": criterion.kpi.id,
                "name": criterion.kpi.name.sv,
                "unit": criterion.kpi.unit.sv,
                "target": Decimal(str(k["target"])),
                "direction": k.get("direction", "at_least"),
                "frequency": k.get("frequency", "quarterly"),
            },
        )
        if "impact" in k:
            kpi = services.set_kpi_impact(owner, kpi, _impact(k["impact"]))
        for m in k.get("measurements", []):
            services.add_measurement(
                owner, kpi, {"date": m["date"], "value": Decimal(str(m["value"])), "note": m.get("note", "")}
            )
            activity.append(m["date"])
    if c.get("lesson"):
        lesson = c["lesson"]
        services.save_lesson(
            owner,
            case,
            {
                "what_worked": lesson.get("what_worked", ""),
                "barriers": lesson.get("barriers", {}),
                "success_factors": lesson.get("success_factors", ""),
                "tools_helped": lesson.get("tools_helped", []),
                "recommend": {True: "yes", False: "no"}.get(lesson.get("recommend"), lesson.get("recommend", "")),
            },
        )
    # the case's last activity is the latest date in its own history, not the moment of loading
    today = timezone.localdate()
    last = max((d for d in activity if d <= today), default=fields["started"] or today)
    Case.objects.filter(pk=case.pk).update(last_activity_at=_aware(last))
    return case
