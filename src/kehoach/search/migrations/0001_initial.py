from django.contrib.postgres.operations import CreateExtension
from django.db import migrations, models

# The folded text is indexed by FTS5 on SQLite and by a tsvector GIN index
# plus a trigram index on PostgreSQL. The expression below must stay equal
# to kehoach.search.backends.PG_VECTOR for PostgreSQL to use the index.
PG_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, title_folded), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body_folded), 'B'))"
)

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title_folded, body_folded,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_folded, body_folded)
        VALUES (new.id, new.title_folded, new.body_folded);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_folded, body_folded)
        VALUES ('delete', old.id, old.title_folded, old.body_folded);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_folded, body_folded)
        VALUES ('delete', old.id, old.title_folded, old.body_folded);
        INSERT INTO search_fts(rowid, title_folded, body_folded)
        VALUES (new.id, new.title_folded, new.body_folded);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
]
PG_FORWARD = [
    f"CREATE INDEX IF NOT EXISTS search_entry_fts ON search_searchentry USING gin ({PG_VECTOR})",
    "CREATE INDEX IF NOT EXISTS search_entry_title_trgm ON search_searchentry USING gin (title_folded gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        # IF NOT EXISTS: works when the extension is already there. Text is
        # folded in Python (đ→d included), so unaccent is not needed.
        CreateExtension("pg_trgm"),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=20)),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.TextField()),
                ("body", models.TextField(blank=True)),
                ("url", models.CharField(max_length=300)),
                ("title_folded", models.TextField()),
                ("body_folded", models.TextField(blank=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="search_entry_unique_object")
                ],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        ),
    ]
