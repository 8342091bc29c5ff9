"""Every write of the accounts app: organisations, memberships, invitations, log-in failures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cirkular.accounts import access
from cirkular.accounts.models import Invitation, LoginFailure, Membership, Organisation, Role

LOGIN_WINDOW = dt.timedelta(minutes=15)
LOGIN_LIMIT = 5
INVITATION_DAYS = 14


def create_organisation(name: str, org_number: str, kind: str) -> Organisation:
    org = Organisation(name=name, org_number=org_number, kind=kind)
    org.full_clean()
    org.save()
    return org


def add_member(user: Any, organisation: Organisation | None, role: Role) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    return membership


@transaction.atomic
def invite(actor: Any, organisation: Organisation, email: str, role: str) -> Invitation:
    if not access.can_invite(actor, organisation):
        raise PermissionDenied(_("You may not invite people to this organisation."))
    if role not in {Role.BUYER, Role.VIEWER}:
        raise ValidationError(_("Invite as buyer or viewer."))
    invitation = Invitation(
        organisation=organisation,
        email=email.strip().lower(),
        role=role,
        invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    return invitation


def open_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.filter(token=token, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("organisation")
        .first()
    )


@transaction.atomic
def accept_invitation(invitation: Invitation, username: str, name: str, password: str) -> Any:
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("That user name is taken.")})
    first, _sep, last = name.strip().partition(" ")
    user = User(username=username, email=invitation.email, first_name=first, last_name=last)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    add_member(user, invitation.organisation, Role(invitation.role))
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def login_blocked(username: str, ip: str | None) -> bool:
    since = timezone.now() - LOGIN_WINDOW
    recent = LoginFailure.objects.filter(at__gte=since)
    by_user = recent.filter(username=username.lower()).count()
    by_ip = recent.filter(ip=ip).count() if ip else 0
    return by_user >= LOGIN_LIMIT or by_ip >= LOGIN_LIMIT * 4


def record_login_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], ip=ip)


def clear_login_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
