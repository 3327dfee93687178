from django.db import migrations, models

# Statutory social care complaint records are kept longer than the six years usual for other complaints: a cautious
# local default for the presets, which each council sets to its own retention schedule.
LONGER = {"adult-social-care": 10, "childrens-social-care": 10}


def longer_for_social_care(apps, schema_editor):
    Procedure = apps.get_model("procedures", "Procedure")
    for slug, years in LONGER.items():
        Procedure.objects.filter(slug=slug).update(retention_years=years)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0007_preset_statutory_limits")]

    operations = [
        migrations.AddField(
            model_name="procedure",
            name="retention_years",
            field=models.PositiveSmallIntegerField(
                default=6,
                help_text=(
                    "Your retention schedule: this many years after a case closes, its personal data is erased and "
                    "the case is kept as figures only (unless a legal hold stops it). Six years is the usual "
                    "local-government period for complaint records; social care presets keep them longer."
                ),
                verbose_name="keep personal data for (years after closure)",
            ),
        ),
        migrations.RunPython(longer_for_social_care, migrations.RunPython.noop),
    ]
