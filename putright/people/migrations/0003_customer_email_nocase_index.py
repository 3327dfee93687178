"""A case-insensitive index on customer email: a signed-in customer's cases are found by `email__iexact`."""

from django.db import migrations

STATEMENTS = {
    "sqlite": ["CREATE INDEX customer_email_nocase_idx ON people_customer (email COLLATE NOCASE)"],
    "postgresql": ["CREATE INDEX customer_email_upper_idx ON people_customer (UPPER(email::text) text_pattern_ops)"],
}
REVERSE = {
    "sqlite": ["DROP INDEX IF EXISTS customer_email_nocase_idx"],
    "postgresql": ["DROP INDEX IF EXISTS customer_email_upper_idx"],
}


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0002_customer_name_prefix_indexes")]

    operations = [migrations.RunPython(_run(STATEMENTS), _run(REVERSE))]
