from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cirkular.accounts"
    label = "accounts"
    verbose_name = "Organisationer och personer"
