"""An index of every customer's phone number as digits, on PostgreSQL: likely duplicates and the search for a person
by phone number find the customers with the same number through it (`people.selectors.customers_with_phone`).

Numbers are stored as typed ("07700 900123", "+44 7700 900123"), so the index is of the expression
`people.selectors.PhoneDigits`, which must stay written the same for PostgreSQL to use it. SQLite has no regular
expressions: there the customers whose number ends alike are read and compared in Python.
"""

from django.db import migrations

DIGITS = "regexp_replace(regexp_replace(phone::text, '[^0-9]', '', 'g'), '^44', '0')"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS customer_phone_digits_idx ON people_customer (({DIGITS}))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS customer_phone_digits_idx")


class Migration(migrations.Migration):
    dependencies = [("people", "0008_customer_nocase_indexes_again")]

    operations = [migrations.RunPython(create, drop)]
