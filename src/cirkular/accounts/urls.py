from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from cirkular.accounts import views

app_name = "accounts"
urlpatterns = [
    path(_("account/login/"), views.CirkularLoginView.as_view(), name="login"),
    path(_("account/logout/"), auth_views.LogoutView.as_view(), name="logout"),
    path(
        _("account/password-reset/"),
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(_("account/password-reset/sent/"), auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        _("account/password-reset/<uidb64>/<token>/"),
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path(
        _("account/password-reset/done/"),
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(_("organisations/<int:org_id>/invite/"), views.invite, name="invite"),
    path(_("invitation/<str:token>/"), views.accept, name="accept"),
]
