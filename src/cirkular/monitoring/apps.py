from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "cirkular.monitoring"
    label = "monitoring"
    verbose_name = "Marknadsbevakning"
