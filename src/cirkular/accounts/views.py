from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cirkular.accounts import access, services
from cirkular.accounts.forms import AcceptInvitationForm, InvitationForm, ThrottledLoginForm
from cirkular.accounts.models import Organisation
from cirkular.web.forms import add_validation_error


class CirkularLoginView(LoginView):
    form_class = ThrottledLoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def invite(request: HttpRequest, org_id: int) -> HttpResponseBase:
    organisation = get_object_or_404(Organisation, pk=org_id)
    if not access.can_invite(request.user, organisation):
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite(
                request.user, organisation, form.cleaned_data["email"], form.cleaned_data["role"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            link = request.build_absolute_uri(reverse("accounts:accept", args=[invitation.token]))
            send_mail(
                _("Invitation to cirkular"),
                _("You are invited to %(org)s in cirkular. Accept within 14 days: %(link)s")
                % {"org": organisation.name, "link": link},
                None,
                [invitation.email],
            )
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("accounts:invite", org_id=organisation.pk)
    return render(request, "accounts/invite.html", {"form": form, "organisation": organisation})


def accept(request: HttpRequest, token: str) -> HttpResponseBase:
    invitation = services.open_invitation(token)
    if invitation is None:
        raise Http404(_("The invitation has expired or was already used."))
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                invitation, form.cleaned_data["username"], form.cleaned_data["name"], form.cleaned_data["password"]
            )
        except ValidationError as exc:
            add_validation_error(form, exc, fallback="password")  # the password validators
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to cirkular."))
            return redirect("cases:list")
    return render(request, "accounts/accept.html", {"form": form, "invitation": invitation})
