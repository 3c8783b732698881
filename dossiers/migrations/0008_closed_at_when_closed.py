"""A closed dossier has its closing moment and an open one has none, enforced by the database.

Rows that break the rule (written by SQL before it existed) are repaired first: a closed dossier
without closed_at gets its return moment, else its reception; an open one loses a stray closed_at.
"""

from django.db import migrations, models
from django.db.models import F, Q
from django.db.models.functions import Coalesce

CLOSED = ["returned", "refused", "stopped"]


def repair(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    Dossier.objects.filter(status__in=CLOSED, closed_at__isnull=True).update(
        closed_at=Coalesce(F("returned_at"), F("received_at"))
    )
    Dossier.objects.exclude(status__in=CLOSED).filter(closed_at__isnull=False).update(closed_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0007_worklist_newest_history"),
    ]

    operations = [
        migrations.RunPython(repair, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="dossier",
            constraint=models.CheckConstraint(
                condition=Q(status__in=CLOSED, closed_at__isnull=False)
                | (~Q(status__in=CLOSED) & Q(closed_at__isnull=True)),
                name="dossier_closed_at_when_closed",
            ),
        ),
    ]
