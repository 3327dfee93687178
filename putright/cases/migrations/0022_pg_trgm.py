"""PostgreSQL's pg_trgm extension, for likely duplicates (words compared by trigram similarity).

Other vendors: nothing is created; `putright.cases.duplicates` works the same measure out itself.
"""

from django.db import migrations


def create_extension(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0021_restriction_and_tenure_event_kinds")]

    # Kept on reversal: other databases' objects may use the extension.
    operations = [migrations.RunPython(create_extension, migrations.RunPython.noop, elidable=False)]
