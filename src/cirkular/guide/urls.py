from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from cirkular.guide import views

app_name = "guide"
urlpatterns = [
    path("", views.home, name="home"),
    path(_("model/"), views.overview, name="overview"),
    path(_("model/step/<slug:step_id>/"), views.step, name="step"),
    path(_("model/ambition-map/"), views.malkarta, name="malkarta"),
    path(_("model/r-ladder/"), views.rladder, name="rladder"),
    path(_("model/business-models/"), views.business_models, name="business_models"),
    path(_("model/tools/"), views.tools, name="tools"),
]
