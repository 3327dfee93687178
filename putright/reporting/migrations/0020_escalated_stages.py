from django.db import migrations, models


def forget_totals(apps, schema_editor):
    """The facts kept say nothing yet of whether a stage was escalated to (a case may start at stage 2, and was then
    never escalated): with the totals empty, reporting.apps works the facts and every total out again from the
    cases when `migrate` finishes, as reporting 0018 did."""
    for name in ("StageTotal", "CaseTotal"):
        apps.get_model("reporting", name).objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0019_working_days_in_stage_totals'),
    ]

    operations = [
        migrations.AddField(
            model_name='stagefact',
            name='is_escalated',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='stagetotal',
            name='escalated',
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(forget_totals, migrations.RunPython.noop),
    ]
