"""ReportSignature: the MinHash signature of each report's text, for near-duplicate
detection (jiandu.intake.similarity). Signatures of existing reports are computed by
``jiandu.intake.similarity.reindex_all`` (run here, so an upgraded database is complete)."""

import django.db.models.deletion
from django.db import migrations, models


def index_existing(apps, schema_editor):
    from jiandu.intake.similarity import signature_rows

    Report = apps.get_model("intake", "Report")
    ReportSignature = apps.get_model("intake", "ReportSignature")
    batch = []
    rows = Report.objects.exclude(status="submitted").order_by("pk").values_list("pk", "content")
    for pk, blob, count in signature_rows(rows.iterator(chunk_size=2000)):
        batch.append(ReportSignature(report_id=pk, signature=blob, shingle_count=count))
        if len(batch) >= 2000:
            ReportSignature.objects.bulk_create(batch)
            batch = []
    ReportSignature.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_cache_table")]

    operations = [
        migrations.CreateModel(
            name="ReportSignature",
            fields=[
                (
                    "report",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="signature",
                        serialize=False,
                        to="intake.report",
                    ),
                ),
                ("signature", models.BinaryField(verbose_name="MinHash签名")),
                ("shingle_count", models.PositiveIntegerField(verbose_name="分片数")),
            ],
            options={"verbose_name": "文本签名", "verbose_name_plural": "文本签名"},
        ),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
