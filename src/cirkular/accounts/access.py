"""Who may see and change what. Views, the API and tests all ask here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from cirkular.accounts.models import Membership, Organisation, Role

if TYPE_CHECKING:
    from cirkular.cases.models import Case


def _memberships(user: Any) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Membership] | None = getattr(user, "_cirkular_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user))
        user._cirkular_memberships = cached
    return cached


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(m.role == Role.ADMIN for m in _memberships(user))


def is_programme(user: Any) -> bool:
    """The programme team (and admins) read every case and edit programme data."""
    return is_admin(user) or any(m.role == Role.PROGRAMME for m in _memberships(user))


def organisation_ids(user: Any, *, write: bool) -> set[int]:
    roles = {Role.BUYER} if write else {Role.BUYER, Role.VIEWER}
    return {m.organisation_id for m in _memberships(user) if m.role in roles and m.organisation_id}


def buyer_organisations(user: Any) -> QuerySet[Organisation]:
    if is_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(id__in=organisation_ids(user, write=True))


def visible_cases(user: Any) -> QuerySet[Case]:
    from cirkular.cases.models import Case

    if is_programme(user):
        return Case.objects.all()
    own = organisation_ids(user, write=False)
    return Case.objects.filter(Q(organisation_id__in=own) | Q(public=True))


def can_view(user: Any, case: Case) -> bool:
    return case.public or is_programme(user) or case.organisation_id in organisation_ids(user, write=False)


def can_view_private(user: Any, case: Case) -> bool:
    """Personal data and internal notes: members of the organisation and the programme team."""
    return is_programme(user) or case.organisation_id in organisation_ids(user, write=False)


def can_edit(user: Any, case: Case) -> bool:
    return is_admin(user) or case.organisation_id in organisation_ids(user, write=True)


def can_invite(user: Any, organisation: Organisation) -> bool:
    return is_admin(user) or organisation.id in organisation_ids(user, write=True)
