"""The scheduler's runs move to core (`core.ScheduledRun`), with their history: copied, then this table dropped."""

from django.db import migrations

FIELDS = ("job_name", "period_start", "status", "attempt_count", "claimed_by", "claimed_at", "finished_at", "outcome")


def copy_runs(apps, schema_editor):
    old = apps.get_model("notifications", "ScheduledRun")
    new = apps.get_model("core", "ScheduledRun")
    rows = old.objects.values(*FIELDS).iterator(chunk_size=2000)
    batch = []
    for row in rows:
        batch.append(new(**row))
        if len(batch) == 2000:
            new.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    new.objects.bulk_create(batch, ignore_conflicts=True)


def copy_runs_back(apps, schema_editor):
    old = apps.get_model("notifications", "ScheduledRun")
    new = apps.get_model("core", "ScheduledRun")
    old.objects.bulk_create(
        (old(**row) for row in new.objects.values(*FIELDS).iterator(chunk_size=2000)), ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_scheduled_runs"),
        ("notifications", "0002_scheduler_alerts_inbound"),
    ]

    operations = [
        migrations.RunPython(copy_runs, copy_runs_back),
        migrations.RemoveConstraint(model_name="scheduledrun", name="scheduled_run_once_per_period"),
        migrations.DeleteModel(name="ScheduledRun"),
    ]
