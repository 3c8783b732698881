"""Worklist and search at scale.

- dossier_open_due: a partial index of the open dossiers by office and due date (every engine),
  for the "due today" and "overdue" filters.
- dossier_worklist_order: the worklist's order (open first, then by due date) per office, so a
  page of 50 is read off the index instead of sorting the office's whole history.
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
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                models.F("office"),
                models.Case(
                    models.When(
                        status__in=["received", "assigned", "processing", "submitted", "approved", "result_ready"],
                        then=models.Value(0),
                    ),
                    default=models.Value(1),
                    output_field=models.IntegerField(),
                ),
                models.F("due_at"),
                models.OrderBy(models.F("received_at"), descending=True),
                name="dossier_worklist_order",
            ),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
