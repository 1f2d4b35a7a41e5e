"""Thresholds of the statistics warnings (``jiandu.stats.warnings``): local practice, so
policy defaults (DOMAIN.md §9: "a dated threshold per kind of unit may replace 0"),
editable by an administrator with the date from which a new value applies."""

import datetime

from django.db import migrations

DEFAULTS = [
    (
        "stats.filing_min.resident_team",
        1,
        "件",
        "派驻纪检监察组年度自办立案不少于（件；1即零立案预警）",
        "政策默认值（地方实践）",
    ),
    (
        "stats.filing_min.township_commission",
        1,
        "件",
        "镇（街道）纪（工）委年度自办立案不少于（件；1即零立案预警）",
        "政策默认值（地方实践）",
    ),
    ("stats.on_time_min.clues", 90, "%", "线索按期处置率低于此值预警（%）", "政策默认值（地方实践）"),
    ("stats.on_time_min.inspections", 90, "%", "巡察整改按期完成率低于此值预警（%）", "政策默认值（地方实践）"),
    ("stats.on_time_min.directives", 90, "%", "督办任务按期完成率低于此值预警（%）", "政策默认值（地方实践）"),
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
    dependencies = [("stats", "0004_bulletin_templates"), ("core", "0003_policyvalue")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
