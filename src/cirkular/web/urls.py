from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = [
    path("api/", include("cirkular.api.urls")),
    *i18n_patterns(
        path("", include("cirkular.guide.urls")),
        path("", include("cirkular.library.urls")),
        path("", include("cirkular.cases.urls")),
        path("", include("cirkular.evaluations.urls")),
        path("", include("cirkular.monitoring.urls")),
        path("", include("cirkular.reports.urls")),
        path("", include("cirkular.accounts.urls")),
        prefix_default_language=False,
    ),
]
