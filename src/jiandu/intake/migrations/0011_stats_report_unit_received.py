from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0010_stats_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["handling_unit", "received_at"], name="report_unit_received"
            ),
        ),
    ]
