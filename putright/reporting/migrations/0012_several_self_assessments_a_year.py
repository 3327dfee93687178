"""A financial year may have more than one Code self-assessment: the annual one and others after a significant
change (Code 8.3). Existing assessments become number 1 of their year, annual, assessed on the day they were
started, and approved on the date of the governing body's response where one was recorded."""

from django.db import migrations, models
from django.utils import timezone


def fill_existing(apps, schema_editor):
    SelfAssessment = apps.get_model("reporting", "SelfAssessment")
    for assessment in SelfAssessment.objects.all():
        assessment.assessed_on = timezone.localtime(assessment.created_at).date()
        assessment.approved_on = assessment.governing_body_response_date
        assessment.save(update_fields=["assessed_on", "approved_on"])


class Migration(migrations.Migration):
    dependencies = [("reporting", "0011_recent_report_reads_figures_in_cache")]

    operations = [
        migrations.AlterField(
            model_name="selfassessment",
            name="year",
            field=models.PositiveSmallIntegerField(
                help_text="The year the financial year starts in: 2025 for 2025-26.", verbose_name="financial year"
            ),
        ),
        migrations.AddField(
            model_name="selfassessment",
            name="number",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="number in the year"),
        ),
        migrations.AddField(
            model_name="selfassessment",
            name="reason",
            field=models.CharField(
                choices=[("annual", "Annual"), ("significant_change", "After a significant change")],
                default="annual",
                max_length=20,
                verbose_name="why it was carried out",
            ),
        ),
        migrations.AddField(
            model_name="selfassessment",
            name="change",
            field=models.TextField(
                blank=True,
                help_text="For an assessment after a significant change: the restructure, merger or change in procedures.",
                verbose_name="the significant change",
            ),
        ),
        migrations.AddField(
            model_name="selfassessment",
            name="approved_on",
            field=models.DateField(blank=True, null=True, verbose_name="approved by the governing body on"),
        ),
        migrations.AddField(
            model_name="selfassessment",
            name="assessed_on",
            field=models.DateField(null=True, verbose_name="date of the assessment"),
        ),
        migrations.RunPython(fill_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="selfassessment",
            name="assessed_on",
            field=models.DateField(verbose_name="date of the assessment"),
        ),
        migrations.AlterModelOptions(
            name="selfassessment",
            options={"ordering": ["-year", "-number"], "verbose_name": "Code self-assessment"},
        ),
        migrations.AddConstraint(
            model_name="selfassessment",
            constraint=models.UniqueConstraint(fields=("year", "number"), name="self_assessment_number_in_year"),
        ),
        migrations.AddConstraint(
            model_name="selfassessment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("reason", "annual")), fields=("year",), name="self_assessment_one_annual_a_year"
            ),
        ),
    ]
