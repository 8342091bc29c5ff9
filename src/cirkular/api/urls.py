from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from cirkular.api import views

app_name = "api"
urlpatterns = [
    path("criteria/", views.CriteriaView.as_view(), name="criteria"),
    path("criteria/groups/", views.GroupsView.as_view(), name="groups"),
    path("criteria/<str:criterion_id>/", views.CriterionView.as_view(), name="criterion"),
    path("cpv/", views.CpvView.as_view(), name="cpv"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
