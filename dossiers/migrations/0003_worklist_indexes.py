"""Worklist and search at scale.

- dossier_open_due: a partial index of the open dossiers by office and due date (every engine),
  for the "due today" and "overdue" filters.
- On PostgreSQL only, pg_trgm GIN indexes for the search by name, code and phone: Django's
  `icontains` is `UPPER(col::text) LIKE UPPER('%…%')` and `contains` is `col::text LIKE '%…%'`,
  so the indexes are on those expressions. Nothing happens on SQLite.
"""

from django.db import migrations, models

TRIGRAM_INDEXES = {
    "dossier_name_trgm": 'UPPER("full_name"::text)',
    "dossier_code_trgm": 'UPPER("code"::text)',
    "dossier_phone_trgm": '("phone"::text)',
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "dossiers_dossier" USING gin ({expression} gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0002_dossier_needs_verification"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["received", "assigned", "processing", "submitted", "approved", "result_ready"])
                ),
                fields=["office", "due_at"],
                name="dossier_open_due",
            ),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
