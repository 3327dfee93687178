"""The case-insensitive indexes on customer email and names, again, on SQLite.

Migrations 0002 and 0003 made them with SQL Django does not know about, and Django's SQLite schema editor rebuilds
a table to add a column with a default (0004 tenure, 0007 preferred language), keeping only the indexes it knows:
so they were gone, and a signed-in customer's case list, the staff search by name and matching an inbound email to
a customer scanned every customer. PostgreSQL alters the table in place and kept its expression indexes.
`putright/people/tests/test_indexes.py` fails if a later migration drops them again.
"""

from django.db import migrations

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS customer_last_name_nocase_idx ON people_customer (last_name COLLATE NOCASE)",
    "CREATE INDEX IF NOT EXISTS customer_first_name_nocase_idx ON people_customer (first_name COLLATE NOCASE)",
    "CREATE INDEX IF NOT EXISTS customer_email_nocase_idx ON people_customer (email COLLATE NOCASE)",
]


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in STATEMENTS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0007_preferred_language")]

    # Backwards: 0003 and 0002 drop them when they are reversed.
    operations = [migrations.RunPython(restore, migrations.RunPython.noop)]
