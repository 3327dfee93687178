from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "putright.audit"
    label = "audit"
