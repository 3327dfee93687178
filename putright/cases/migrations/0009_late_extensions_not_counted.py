"""Extensions recorded after the response date had passed no longer count (docs/rules-deadlines.md,
"Extensions"): such a stage is due on the date in force when it became late, so every report counts it late.

Calendar-free: the date restored is the previous date of the first late extension. `manage.py recount_deadlines`
recounts every stage under the current rules (it also applies the late-acknowledgement rule).
"""

from django.db import migrations
from django.utils import timezone


def restore_due_dates(apps, schema_editor):
    Extension = apps.get_model("cases", "Extension")
    Stage = apps.get_model("cases", "Stage")
    Case = apps.get_model("cases", "Case")
    done = set()
    for extension in Extension.objects.order_by("stage_id", "granted_at"):
        if extension.stage_id in done:
            continue
        granted_on = timezone.localtime(extension.granted_at).date()
        if granted_on <= extension.previous_due_date:
            continue
        done.add(extension.stage_id)
        stage = Stage.objects.get(pk=extension.stage_id)
        stage.response_due_date = extension.previous_due_date
        stage.due_explanation = [
            *stage.due_explanation,
            f"Extension to {extension.new_due_date:%a %d %b %Y} recorded on {granted_on:%a %d %b %Y}, after the "
            f"response was due ({extension.previous_due_date:%a %d %b %Y}): not counted, so the response stays due "
            f"{extension.previous_due_date:%a %d %b %Y}.",
        ]
        stage.save(update_fields=["response_due_date", "due_explanation"])
        # The queues sort by what is due next: an open stage's response is now overdue since the earlier date.
        Case.objects.filter(current_stage_id=stage.pk, next_due_label__endswith="response").update(
            next_due_date=extension.previous_due_date
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_deadline_rules_extension_agreement_and_time_limits"),
    ]

    operations = [
        migrations.RunPython(restore_due_dates, migrations.RunPython.noop),
    ]
