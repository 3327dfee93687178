"""Each case keeps its current stage's handler and number (`Case.current_handler`, `current_stage_number`), as the
lifecycle now keeps them with every change: "My cases" then reads the officer's cases in order from one index,
instead of first listing every open stage they handle, and the stage filter asks the case instead of joining its
stage. Existing cases get theirs from their current stage here, in one update, before the indexes are made (so the
update does not keep them up to date row by row). The index made for the old way of asking is dropped.
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def set_current_handlers_and_numbers(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Stage = apps.get_model("cases", "Stage")
    # Unordered: a stage's default order joins its case, whose table name would then hide the case being updated.
    current = Stage.objects.filter(pk=OuterRef("current_stage")).order_by()
    Case.objects.filter(current_stage__isnull=False).update(
        current_handler=Subquery(current.values("handler")[:1]),
        current_stage_number=Subquery(current.values("number")[:1]),
    )


def search_triggers_again(apps, schema_editor):
    """Taking the two columns out again makes SQLite rebuild cases_case, which drops the full-text search triggers
    of 0003_case_search: put them back (the index itself survives) and refill the index."""
    if schema_editor.connection.vendor != "sqlite":
        return
    search = importlib.import_module("putright.cases.migrations.0003_case_search")
    for statement in search.SQLITE_REVERSE[:3]:  # the three triggers, if any are left
        schema_editor.execute(statement)
    for statement in search.SQLITE_FORWARD[1:]:  # the triggers, then the index rebuilt
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0031_imported_reference_search_index_of_imported_cases"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Last when the migration is undone, after the columns have gone.
        migrations.RunPython(migrations.RunPython.noop, search_triggers_again),
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
        migrations.AddField(
            model_name="case",
            name="current_stage_number",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="stage"),
        ),
        migrations.RunPython(set_current_handlers_and_numbers, migrations.RunPython.noop),
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
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["acknowledged", "escalated", "investigating", "received"]),
                    ("next_due_date__isnull", False),
                    _connector="OR",
                ),
                fields=["current_handler", "current_stage_number", "next_due_date", "received_at", "id"],
                name="case_open_handler_stage_idx",
            ),
        ),
    ]
