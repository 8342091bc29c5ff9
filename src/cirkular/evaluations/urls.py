from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from cirkular.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path(_("cases/<int:pk>/evaluation/"), views.evaluation_list, name="list"),
    path(_("cases/<int:pk>/evaluation/<int:eid>/"), views.evaluation_detail, name="detail"),
    path(_("cases/<int:pk>/evaluation/<int:eid>/template.xlsx"), views.evaluation_template, name="template"),
    path(_("cases/<int:pk>/evaluation/<int:eid>/protocol.<str:fmt>"), views.evaluation_protocol, name="protocol"),
    path(_("cases/<int:pk>/evaluation/<int:eid>/<str:action>/"), views.evaluation_action, name="action"),
]
