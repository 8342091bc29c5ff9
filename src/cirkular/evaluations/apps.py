from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "cirkular.evaluations"
    label = "evaluations"
    verbose_name = "Anbudsutvärdering"
