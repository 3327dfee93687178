"""The old system's reference on a case brought in by an import, and the timeline's "imported" event.

The two columns are added with ALTER TABLE ... ADD COLUMN on both databases: on SQLite, Django would otherwise
rebuild cases_case, which drops the full-text search triggers of 0003_case_search (and copies every row).
"""

from django.db import migrations, models

ADD_COLUMNS = [
    "ALTER TABLE cases_case ADD COLUMN imported_from varchar(100) NOT NULL DEFAULT ''",
    "ALTER TABLE cases_case ADD COLUMN imported_reference varchar(60) NOT NULL DEFAULT ''",
]
DROP_COLUMNS = [
    "ALTER TABLE cases_case DROP COLUMN imported_reference",
    "ALTER TABLE cases_case DROP COLUMN imported_from",
]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_event_kinds_together"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(ADD_COLUMNS, DROP_COLUMNS)],
            state_operations=[
                migrations.AddField(
                    model_name="case",
                    name="imported_from",
                    field=models.CharField(
                        blank=True,
                        help_text="The old system the case was brought in from; empty for cases logged in PutRight.",
                        max_length=100,
                        verbose_name="imported from",
                    ),
                ),
                migrations.AddField(
                    model_name="case",
                    name="imported_reference",
                    field=models.CharField(
                        blank=True,
                        help_text="Kept so the old reference still finds the case; re-importing the same record updates it.",
                        max_length=60,
                        verbose_name="reference in the old system",
                    ),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="timelineevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("logged", "Logged"),
                    ("triaged", "Triaged"),
                    ("acknowledged", "Acknowledged"),
                    ("investigation_started", "Investigation started"),
                    ("responded", "Responded"),
                    ("escalated", "Escalated"),
                    ("extended", "Deadline extended"),
                    ("declined", "Declined"),
                    ("closed", "Closed"),
                    ("reopened", "Reopened"),
                    ("split", "Split"),
                    ("merged", "Merged"),
                    ("linked", "Linked"),
                    ("lead_officer_changed", "Lead officer changed"),
                    ("contribution_requested", "Contribution requested"),
                    ("contribution_received", "Contribution received"),
                    ("call_logged", "Call logged"),
                    ("note_added", "Note added"),
                    ("email_received", "Email received"),
                    ("definition_changed", "Complaint definition changed"),
                    ("ombudsman_referred", "Referred to the ombudsman"),
                    ("ombudsman_decision", "Ombudsman decision recorded"),
                    ("ombudsman_remedy_set", "Ombudsman remedy recorded"),
                    ("ombudsman_remedy_done", "Ombudsman remedy complied with"),
                    ("learning_action", "Learning action recorded"),
                    ("imported", "Imported from an old system"),
                ],
                max_length=30,
                verbose_name="kind",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["imported_reference"], name="case_imported_reference_idx"),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                condition=models.Q(("imported_reference", ""), _negated=True),
                fields=("imported_from", "imported_reference"),
                name="case_unique_imported_reference",
            ),
        ),
    ]
