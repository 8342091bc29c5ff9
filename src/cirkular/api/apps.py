from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cirkular.api"
    label = "api"
    verbose_name = "API"
