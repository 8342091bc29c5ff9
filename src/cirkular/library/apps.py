from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "cirkular.library"
    label = "library"
    verbose_name = "Kriteriebibliotek"
