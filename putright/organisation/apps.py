from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "putright.organisation"
    label = "organisation"
