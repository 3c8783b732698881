"""Worklist and search at scale.

- dossier_office_open_due: a partial index of the open dossiers by office and due date (every engine),
  for the "due today" and "overdue" filters.
- dossier_worklist_order: the worklist's order (open first, then by due date) per office, so a
  page of 50 is read off the index instead of sorting the office's whole history.
- search_name: the applicant's name folded (lower case, no diacritics), filled for existing rows,
  so a search typed without diacritics finds the name.
- On PostgreSQL only, pg_trgm GIN indexes for the search by name, code and phone: Django's
  `icontains` is `UPPER(col::text) LIKE UPPER('%…%')` and `contains` is `col::text LIKE '%…%'`,
  so the indexes are on those expressions. Nothing happens on SQLite.
"""

import unicodedata

from django.db import migrations, models


def _fold(text: str) -> str:
    """models_catalog.text.fold as of this migration."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def fill_search_names(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    batch = []
    for d in Dossier.objects.only("pk", "full_name").iterator(chunk_size=2000):
        d.search_name = _fold(d.full_name)
        batch.append(d)
        if len(batch) == 2000:
            Dossier.objects.bulk_update(batch, ["search_name"])
            batch = []
    Dossier.objects.bulk_update(batch, ["search_name"])

TRIGRAM_INDEXES = {
    "dossier_name_trgm": '("search_name"::text)',
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
        ("dossiers", "0005_report_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="search_name",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Để tìm kiếm, tự điền.",
                max_length=120,
                verbose_name="họ và tên không dấu",
            ),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["received", "assigned", "processing", "submitted", "approved", "result_ready"])
                ),
                fields=["office", "due_at"],
                name="dossier_office_open_due",
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
