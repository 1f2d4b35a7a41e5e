import datetime

from django.db import migrations, models

DEFAULTS = [
    ("clue.verification_months", 2, "月", "初步核实期限",
     "无全国统一时限，按1994年规则2个月+1个月延长的做法设定（政策默认值）"),
    ("clue.verification_extension_months", 1, "月", "初步核实经批准可延长", "同上（政策默认值）"),
    ("clue.shelve_review_months", 6, "月", "暂存待查线索定期复查周期", "政策默认值"),
]


def seed(apps, schema_editor):
    PolicyValue = apps.get_model("core", "PolicyValue")
    for key, value, unit, label, source in DEFAULTS:
        PolicyValue.objects.using(schema_editor.connection.alias).get_or_create(
            key=key,
            valid_from=datetime.date(2000, 1, 1),
            defaults={"value": value, "unit": unit, "label": label, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_seed_calendar")]

    operations = [
        migrations.CreateModel(
            name="PolicyValue",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=60, verbose_name="参数")),
                ("value", models.PositiveIntegerField(verbose_name="取值")),
                ("unit", models.CharField(default="月", max_length=10, verbose_name="单位")),
                ("valid_from", models.DateField(verbose_name="起用日期")),
                ("label", models.CharField(max_length=100, verbose_name="说明")),
                ("source", models.CharField(blank=True, max_length=200, verbose_name="依据")),
            ],
            options={
                "verbose_name": "政策默认值",
                "verbose_name_plural": "政策默认值",
                "ordering": ["key", "-valid_from"],
                "constraints": [models.UniqueConstraint(fields=("key", "valid_from"), name="uniq_policy_key_date")],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
