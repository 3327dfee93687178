from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "putright.records"
    label = "records"
    verbose_name = "Records and information rights"

    def ready(self) -> None:
        from putright.core.scheduler import register
        from putright.records.jobs import jobs

        register(*jobs())
