from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = i18n_patterns(
    path("", include("cirkular.guide.urls")),
    prefix_default_language=False,
)
