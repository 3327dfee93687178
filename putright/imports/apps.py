from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "putright.imports"
    label = "imports"
    verbose_name = "Imports from old systems"
