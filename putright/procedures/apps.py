from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "putright.procedures"
    label = "procedures"
