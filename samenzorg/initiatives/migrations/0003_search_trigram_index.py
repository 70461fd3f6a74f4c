"""A trigram index for the search on ``search_text`` (``LIKE '%word%'``).

PostgreSQL: the ``pg_trgm`` extension and a GIN trigram index on ``search_text``;
it serves the existing ``contains`` lookup unchanged.

SQLite (3.34 or newer): an FTS5 table with the trigram tokenizer on the content of
``initiatives_initiative``, kept up to date by triggers on that table. The
selector asks it for words of three or more characters.

Note for later migrations on SQLite: a migration that remakes the table
``initiatives_initiative`` (most AlterField/RemoveField operations do) drops its
triggers; run ``create_sqlite_search`` again in such a migration. The test
``test_sqlite_search_triggers_exist`` fails when they are missing.
"""

import sqlite3

from django.db import migrations

TABLE = "initiatives_initiative"
SEARCH = "initiatives_initiative_search"

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH} USING fts5("
    f"search_text, content='{TABLE}', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH}_insert AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {SEARCH}(rowid, search_text) VALUES (new.id, new.search_text); "
    "END",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH}_delete AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {SEARCH}({SEARCH}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH}_update AFTER UPDATE OF id, search_text "
    f"ON {TABLE} BEGIN "
    f"INSERT INTO {SEARCH}({SEARCH}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {SEARCH}(rowid, search_text) VALUES (new.id, new.search_text); "
    "END",
    f"INSERT INTO {SEARCH}({SEARCH}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {SEARCH}_insert",
    f"DROP TRIGGER IF EXISTS {SEARCH}_delete",
    f"DROP TRIGGER IF EXISTS {SEARCH}_update",
    f"DROP TABLE IF EXISTS {SEARCH}",
]
POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS initiatives_search_text_trgm ON {TABLE} "
    "USING gin (search_text gin_trgm_ops)",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS initiatives_search_text_trgm"]


def sqlite_has_trigram() -> bool:
    # Keep in step with selectors.sqlite_search_table_available.
    return sqlite3.sqlite_version_info >= (3, 34, 0)


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def create_sqlite_search(schema_editor) -> None:
    """Create (or repair) the SQLite trigram table and its triggers."""
    _run(schema_editor, SQLITE_CREATE)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_CREATE)
    elif vendor == "sqlite" and sqlite_has_trigram():
        create_sqlite_search(schema_editor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_DROP)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_tag_values")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
