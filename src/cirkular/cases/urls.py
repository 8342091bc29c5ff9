from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from cirkular.cases import views

app_name = "cases"
urlpatterns = [
    path(_("cases/"), views.case_list, name="list"),
    path(_("cases/new/"), views.case_create, name="create"),
    path(_("cases/attach-basket/"), views.attach_basket, name="attach_basket"),
    path(_("cases/<int:pk>/"), views.case_detail, name="detail"),
    path(_("cases/<int:pk>/edit/"), views.case_edit, name="edit"),
    path(_("cases/<int:pk>/step/<slug:step_id>/"), views.case_step, name="step"),
    path(_("cases/<int:pk>/step/<slug:step_id>/tick/"), views.case_tick, name="tick"),
    path(_("cases/<int:pk>/step/<slug:step_id>/current/"), views.case_set_step, name="set_step"),
    path(_("cases/<int:pk>/ambitions/"), views.case_ambitions, name="ambitions"),
    path(_("cases/<int:pk>/ambitions/<str:strategy_id>/remove/"), views.case_ambition_remove, name="ambition_remove"),
    path(_("cases/<int:pk>/criteria/add/"), views.case_criterion_add, name="criterion_add"),
    path(_("cases/<int:pk>/criteria/<str:criterion_id>/remove/"), views.case_criterion_remove, name="criterion_remove"),
    path(_("cases/<int:pk>/needs/"), views.case_needs, name="needs"),
    path(_("cases/<int:pk>/dialogue/"), views.case_dialogue, name="dialogue"),
    path(_("cases/<int:pk>/dialogue/<int:entry_id>/delete/"), views.case_dialogue_delete, name="dialogue_delete"),
    path(_("cases/<int:pk>/dialogue/summary.docx"), views.case_dialogue_docx, name="dialogue_docx"),
    path(_("cases/<int:pk>/follow-up/"), views.case_followup, name="followup"),
    path(_("cases/<int:pk>/evidence/<int:measurement_id>/"), views.evidence, name="evidence"),
    path(_("cases/<int:pk>/lessons/"), views.case_lesson, name="lesson"),
    path(_("programme/"), views.dashboard, name="dashboard"),
]
