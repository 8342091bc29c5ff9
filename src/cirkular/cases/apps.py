from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cirkular.cases"
    label = "cases"
    verbose_name = "Upphandlingar"
