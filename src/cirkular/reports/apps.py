from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cirkular.reports"
    label = "reports"
    verbose_name = "Rapporter"
