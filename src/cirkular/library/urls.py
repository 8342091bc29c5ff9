from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from cirkular.library import views

app_name = "library"
urlpatterns = [
    path(_("criteria/"), views.search, name="search"),
    path(_("criteria/basket/"), views.basket, name="basket"),
    path(_("criteria/basket/add/"), views.basket_add, name="basket_add"),
    path(_("criteria/basket/<int:index>/remove/"), views.basket_remove, name="basket_remove"),
    path(_("criteria/basket/<int:index>/values/"), views.basket_values, name="basket_values"),
    path(_("criteria/basket/clear/"), views.basket_clear, name="basket_clear"),
    path(_("criteria/basket/export/<str:fmt>/"), views.basket_export, name="basket_export"),
    path(_("criteria/cpv/"), views.cpv_search, name="cpv"),
    path(_("criteria/<str:criterion_id>/"), views.detail, name="detail"),
]
