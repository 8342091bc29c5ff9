from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from cirkular.reports import views

app_name = "reports"
urlpatterns = [
    path(_("reports/"), views.jobs, name="jobs"),
    path(_("reports/<int:job_id>/run/"), views.run_now, name="run_now"),
    path(_("reports/<int:job_id>/download/"), views.download, name="download"),
]
