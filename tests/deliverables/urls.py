"""The site's URLs plus the report pages, as web/urls.py will include them."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from cirkular.web.urls import urlpatterns as site

urlpatterns = [
    *site,
    *i18n_patterns(path("", include("cirkular.reports.urls")), prefix_default_language=False),
]
