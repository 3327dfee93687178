from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "putright.reporting"
    label = "reporting"
