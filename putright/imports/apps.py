from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "putright.imports"
    label = "imports"
    verbose_name = "Imports from old systems"

    def ready(self) -> None:
        from putright.imports import steps, tasks

        # Each step of a staff-page import runs as a background task (tasks.py builds on runs.py, not the reverse).
        steps.run_steps_with(check=tasks.check_import.enqueue, apply=tasks.apply_import.enqueue)
