from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "cirkular.guide"
    label = "guide"
    verbose_name = "Modellen"
