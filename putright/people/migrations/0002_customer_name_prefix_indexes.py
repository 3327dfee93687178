"""Case-insensitive prefix indexes on customer names, for the staff search box ("smi" finds Smith).

Django's `istartswith` is `LIKE 'smi%'` on SQLite (which uses an index only with NOCASE collation) and
`UPPER(name) LIKE UPPER('smi%')` on PostgreSQL (which needs an expression index with pattern ops).
"""

from django.db import migrations

STATEMENTS = {
    "sqlite": [
        "CREATE INDEX customer_last_name_nocase_idx ON people_customer (last_name COLLATE NOCASE)",
        "CREATE INDEX customer_first_name_nocase_idx ON people_customer (first_name COLLATE NOCASE)",
    ],
    "postgresql": [
        "CREATE INDEX customer_last_name_upper_idx ON people_customer (UPPER(last_name::text) text_pattern_ops)",
        "CREATE INDEX customer_first_name_upper_idx ON people_customer (UPPER(first_name::text) text_pattern_ops)",
    ],
}
REVERSE = {
    "sqlite": ["DROP INDEX IF EXISTS customer_last_name_nocase_idx", "DROP INDEX IF EXISTS customer_first_name_nocase_idx"],
    "postgresql": ["DROP INDEX IF EXISTS customer_last_name_upper_idx", "DROP INDEX IF EXISTS customer_first_name_upper_idx"],
}


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(_run(STATEMENTS), _run(REVERSE))]
