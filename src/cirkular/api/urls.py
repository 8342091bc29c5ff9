from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import SimpleRouter

from cirkular.api import cases, views

router = SimpleRouter()
router.register("organisations", cases.OrganisationViewSet, basename="organisation")
router.register("cases", cases.CaseViewSet, basename="case")

app_name = "api"
urlpatterns = [
    path("criteria/", views.CriteriaView.as_view(), name="criteria"),
    path("criteria/groups/", views.GroupsView.as_view(), name="groups"),
    path("criteria/<str:criterion_id>/", views.CriterionView.as_view(), name="criterion"),
    path("cpv/", views.CpvView.as_view(), name="cpv"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("auth/token/", obtain_auth_token, name="token"),
    *router.urls,
]
