from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "putright.learning"
    label = "learning"
