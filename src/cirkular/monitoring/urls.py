from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from cirkular.monitoring import views

app_name = "monitoring"
urlpatterns = [path(_("market-monitoring/"), views.monitoring, name="index")]
