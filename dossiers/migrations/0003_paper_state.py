"""Papers get a rendering state (pending / ready / failed); papers that already have a PDF are ready."""

import django.db.models.deletion
from django.db import migrations, models


def existing_pdfs_are_ready(apps, schema_editor):
    Paper = apps.get_model("dossiers", "Paper")
    Paper.objects.exclude(pdf="").update(state="ready", rendered_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0002_dossier_needs_verification"),
        ("mocua", "0002_office_same_day_cutoff"),
    ]

    operations = [
        migrations.AddField(
            model_name="paper",
            name="apology_letter",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="papers",
                to="dossiers.apologyletter",
                verbose_name="phiếu xin lỗi",
            ),
        ),
        migrations.AddField(
            model_name="paper",
            name="enqueued_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Lần cuối gửi việc tạo tệp cho hàng đợi.",
                null=True,
                verbose_name="gửi yêu cầu tạo tệp lúc",
            ),
        ),
        migrations.AddField(
            model_name="paper",
            name="error",
            field=models.TextField(blank=True, verbose_name="lỗi khi tạo tệp"),
        ),
        migrations.AddField(
            model_name="paper",
            name="period_first",
            field=models.DateField(blank=True, null=True, verbose_name="từ ngày (sổ theo dõi)"),
        ),
        migrations.AddField(
            model_name="paper",
            name="period_last",
            field=models.DateField(blank=True, null=True, verbose_name="đến ngày (sổ theo dõi)"),
        ),
        migrations.AddField(
            model_name="paper",
            name="rendered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="tạo tệp lúc"),
        ),
        migrations.AddField(
            model_name="paper",
            name="state",
            field=models.CharField(
                choices=[("pending", "Đang tạo"), ("ready", "Sẵn sàng"), ("failed", "Lỗi")],
                default="pending",
                max_length=10,
                verbose_name="tình trạng tệp",
            ),
        ),
        migrations.AddField(
            model_name="paper",
            name="supplement_request",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="papers",
                to="dossiers.supplementrequest",
                verbose_name="yêu cầu bổ sung",
            ),
        ),
        migrations.AlterField(
            model_name="paper",
            name="pdf",
            field=models.FileField(blank=True, upload_to="papers/%Y/%m/", verbose_name="tệp PDF"),
        ),
        migrations.RunPython(existing_pdfs_are_ready, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="paper",
            index=models.Index(
                condition=models.Q(("state", "pending")), fields=["enqueued_at"], name="paper_pending"
            ),
        ),
        migrations.AddConstraint(
            model_name="paper",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "ready"), _negated=True),
                    models.Q(("pdf", ""), _negated=True),
                    _connector="OR",
                ),
                name="paper_ready_has_pdf",
            ),
        ),
    ]
