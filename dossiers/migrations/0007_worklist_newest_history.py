"""The worklist lists closed dossiers newest first (after the open ones, soonest due first); its index follows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0006_worklist_indexes"),
        ("mocua", "0003_jobs"),
        ("models_catalog", "0004_same_day_unit_label"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="dossier",
            name="dossier_worklist_order",
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                models.F("office"),
                models.Case(
                    models.When(
                        models.Q(
                            (
                                "status__in",
                                [
                                    "received",
                                    "assigned",
                                    "processing",
                                    "submitted",
                                    "approved",
                                    "result_ready",
                                ],
                            )
                        ),
                        then=models.Value(0),
                    ),
                    default=models.Value(1),
                ),
                models.Case(
                    models.When(
                        models.Q(
                            (
                                "status__in",
                                [
                                    "received",
                                    "assigned",
                                    "processing",
                                    "submitted",
                                    "approved",
                                    "result_ready",
                                ],
                            )
                        ),
                        then=models.F("due_at"),
                    ),
                    output_field=models.DateTimeField(),
                ),
                models.OrderBy(models.F("due_at"), descending=True),
                models.OrderBy(models.F("received_at"), descending=True),
                name="dossier_worklist_order",
            ),
        ),
    ]
