from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo council (`manage.py seed_demo`, `manage.py demo_sign_ins`); the top floor: nothing imports it."""

    name = "putright.demo"
    label = "demo"
