"""Organisations, memberships with roles, invitations and failed log-ins."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.se import orgnr


def validate_org_number(value: str) -> None:
    if not orgnr.is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid Swedish organisation number (check the digits)."),
            params={"value": value},
            code="invalid_org_number",
        )


class OrganisationKind(models.TextChoices):
    KOMMUN = "kommun", _("Municipality")
    REGION = "region", _("Region")
    STATLIG_MYNDIGHET = "statlig_myndighet", _("Government agency")
    KOMMUNALT_BOLAG = "kommunalt_bolag", _("Municipal company")
    PRIVAT = "privat", _("Private company")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"), max_length=11, unique=True, validators=[validate_org_number]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.org_number = orgnr.format(self.org_number) if orgnr.is_valid(self.org_number) else self.org_number
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Role(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    VIEWER = "viewer", _("Viewer")
    PROGRAMME = "programme", _("Programme team")
    ADMIN = "admin", _("Administrator")


class Membership(models.Model):
    """A person's role: in an organisation (buyer, viewer) or across the programme (programme, admin)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation"),
            models.CheckConstraint(
                condition=models.Q(role__in=["programme", "admin"]) | models.Q(organisation__isnull=False),
                name="organisation_roles_need_an_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} · {self.organisation or '-'}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=12, choices=[(Role.BUYER, _("Buyer")), (Role.VIEWER, _("Viewer"))])
    token = models.CharField(max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class LoginFailure(models.Model):
    """Failed log-ins, to slow down password guessing (kept in the database so every worker sees them)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.at}"
