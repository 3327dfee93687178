"""The Complaint Handling Code's stage 2 preset cites each timescale by its own paragraph: 6.11 acknowledge within
5 working days, 6.14 respond within 20 working days of the acknowledgement, 6.15 extend by up to 20 working days.
It cited 6.11 for all three. Only a preset still carrying the old wording is rewritten (a council's edit stays)."""

from django.db import migrations

OLD = (
    "Complaint Handling Code 2024, paragraph 6.11 and section 6: acknowledge within 5 working days, respond within "
    "20 working days of the acknowledgement, extend by up to 20 working days"
)
NEW = (
    "Complaint Handling Code 2024, paragraphs 6.11, 6.14 and 6.15: acknowledge within 5 working days (6.11), respond "
    "within 20 working days of the acknowledgement (6.14), extend by up to 20 working days (6.15)"
)


def cite_each_paragraph(apps, schema_editor):
    StageRule = apps.get_model("procedures", "StageRule")
    StageRule.objects.filter(
        version__procedure__slug="joint-code", version__procedure__is_preset=True, number=2, source=OLD
    ).update(source=NEW)


def cite_as_before(apps, schema_editor):
    StageRule = apps.get_model("procedures", "StageRule")
    StageRule.objects.filter(
        version__procedure__slug="joint-code", version__procedure__is_preset=True, number=2, source=NEW
    ).update(source=OLD)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0010_early_resolution")]

    operations = [migrations.RunPython(cite_each_paragraph, cite_as_before)]
