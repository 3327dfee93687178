from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "putright.core"
    label = "core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from putright.core import scheduler
        from putright.core.choices import speed_up_labels
        from putright.core.security import note_sign_in

        scheduler.register(*scheduler.core_jobs())
        # The idle clock starts at sign-in (StaffIdleTimeoutMiddleware).
        user_logged_in.connect(note_sign_in, dispatch_uid="putright.core.security.note_sign_in")
        # Every model is loaded by now: their get_FOO_display() without rebuilding every label on each call.
        speed_up_labels()
