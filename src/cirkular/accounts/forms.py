from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from cirkular.accounts import services
from cirkular.accounts.models import Role


def client_ip(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


class ThrottledLoginForm(AuthenticationForm):
    """Refuses further attempts after repeated failures for a user name or an address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed log-in attempts. Wait 15 minutes and try again."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request)
        if services.login_blocked(username, ip):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            services.record_login_failure(username, ip)
            raise
        services.clear_login_failures(username)
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=[(Role.BUYER, _("Buyer")), (Role.VIEWER, _("Viewer"))])


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    username = forms.RegexField(
        label=_("User name"),
        regex=r"^[a-z0-9._-]{3,40}$",
        error_messages={"invalid": _("3–40 characters: lower-case letters, digits, dot, dash or underscore.")},
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=12)
