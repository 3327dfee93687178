"""Each case keeps its current stage's handler (`Case.current_handler`), as the lifecycle now keeps it with every
change: "My cases" then reads the officer's cases in order from one index, instead of first listing every open stage
they handle. Existing cases get theirs from their current stage here, before the index is made (so the update does
not keep an index up to date row by row). The index made for the old way of asking is dropped.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def set_current_handlers(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Stage = apps.get_model("cases", "Stage")
    # Unordered: a stage's default order joins its case, whose table name would then hide the case being updated.
    handler = Stage.objects.filter(pk=OuterRef("current_stage")).order_by().values("handler")[:1]
    Case.objects.filter(current_stage__handler__isnull=False).update(current_handler=Subquery(handler))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0031_imported_reference_search_index_of_imported_cases"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="case",
            name="case_owed_not_open_stage_idx",
        ),
        migrations.AddField(
            model_name="case",
            name="current_handler",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(set_current_handlers, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["acknowledged", "escalated", "investigating", "received"]),
                    ("next_due_date__isnull", False),
                    _connector="OR",
                ),
                fields=["current_handler", "next_due_date", "received_at", "id"],
                name="case_open_handler_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["acknowledged", "escalated", "investigating", "received"]),
                    ("next_due_date__isnull", False),
                    _connector="OR",
                ),
                fields=["current_handler", "status", "next_due_date", "received_at", "id"],
                name="case_open_handler_status_idx",
            ),
        ),
    ]
