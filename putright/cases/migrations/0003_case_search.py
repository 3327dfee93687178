"""Full-text search over a case's words, kept in step by database triggers.

Triggers, not Python, because cases are also written by `bulk_create` (the demo loads 100,000 rows) and by
`QuerySet.update`, neither of which calls `save()` or sends signals.

- SQLite: an external-content FTS5 table `cases_case_fts` over the case's text columns, with the insert, delete
  and update triggers of https://sqlite.org/fts5.html#external_content_tables, rebuilt once for existing rows.
- PostgreSQL: a `search_vector tsvector` column (not a model field) set by a BEFORE trigger, with a GIN index.
  A trigger rather than a STORED generated column because PostgreSQL refuses to change the type of a column a
  generated column uses, so a later `AlterField(max_length=...)` on `title` would fail.

Other vendors: nothing is created, and `putright.cases.search` says the search is not supported.
"""

from django.db import migrations

# The text a resident or officer would search for; `reference` is matched exactly by the search box instead.
TEXT_COLUMNS = ("title", "description", "desired_outcome", "definition")

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE cases_case_fts USING fts5(
        title, description, desired_outcome, definition,
        content='cases_case', content_rowid='id', tokenize='porter unicode61'
    )
    """,
    """
    CREATE TRIGGER cases_case_fts_insert AFTER INSERT ON cases_case BEGIN
        INSERT INTO cases_case_fts(rowid, title, description, desired_outcome, definition)
        VALUES (new.id, new.title, new.description, new.desired_outcome, new.definition);
    END
    """,
    # An external-content index is told what to forget by giving it the old values with the 'delete' command.
    """
    CREATE TRIGGER cases_case_fts_delete AFTER DELETE ON cases_case BEGIN
        INSERT INTO cases_case_fts(cases_case_fts, rowid, title, description, desired_outcome, definition)
        VALUES ('delete', old.id, old.title, old.description, old.desired_outcome, old.definition);
    END
    """,
    # Only when the text changes: status and due-date saves with update_fields leave the index alone.
    """
    CREATE TRIGGER cases_case_fts_update AFTER UPDATE OF id, title, description, desired_outcome, definition
    ON cases_case BEGIN
        INSERT INTO cases_case_fts(cases_case_fts, rowid, title, description, desired_outcome, definition)
        VALUES ('delete', old.id, old.title, old.description, old.desired_outcome, old.definition);
        INSERT INTO cases_case_fts(rowid, title, description, desired_outcome, definition)
        VALUES (new.id, new.title, new.description, new.desired_outcome, new.definition);
    END
    """,
    "INSERT INTO cases_case_fts(cases_case_fts) VALUES ('rebuild')",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS cases_case_fts_update",
    "DROP TRIGGER IF EXISTS cases_case_fts_delete",
    "DROP TRIGGER IF EXISTS cases_case_fts_insert",
    "DROP TABLE IF EXISTS cases_case_fts",
]

POSTGRESQL_VECTOR = " || ' ' || ".join(f"coalesce(new.{column}, '')" for column in TEXT_COLUMNS)

POSTGRESQL_FORWARD = [
    "ALTER TABLE cases_case ADD COLUMN search_vector tsvector",
    f"""
    CREATE FUNCTION cases_case_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        new.search_vector := to_tsvector('english', {POSTGRESQL_VECTOR});
        RETURN new;
    END
    $$
    """,
    f"""
    CREATE TRIGGER cases_case_search_vector
    BEFORE INSERT OR UPDATE OF {", ".join(TEXT_COLUMNS)} ON cases_case
    FOR EACH ROW EXECUTE FUNCTION cases_case_search_vector()
    """,
    # Fill existing rows: the update of `title` fires the trigger, which computes the vector.
    "UPDATE cases_case SET title = title",
    "CREATE INDEX case_search_idx ON cases_case USING gin (search_vector)",
]

POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS case_search_idx",
    "DROP TRIGGER IF EXISTS cases_case_search_vector ON cases_case",
    "DROP FUNCTION IF EXISTS cases_case_search_vector()",
    "ALTER TABLE cases_case DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def create_search(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})


def drop_search(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(create_search, drop_search),
    ]
