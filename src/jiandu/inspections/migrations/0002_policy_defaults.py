"""Escalation intervals for overdue rectification items: local practice, so policy
defaults (DOMAIN.md §8), editable by an administrator. Kept in step with
``jiandu.inspections.rules.POLICY_DEFAULTS``."""

import datetime

from django.db import migrations

DEFAULTS = [
    ("inspection.escalation_notice_days", 1, "日", "逾期后发督办通知书（逾期天数）", "政策默认值（地方实践）"),
    ("inspection.escalation_reminder_days", 15, "日", "督办通知书后仍未完成，发提醒书（天）", "政策默认值（地方实践）"),
    ("inspection.escalation_warning_days", 15, "日", "提醒书后仍未完成，发告诫书（天）", "政策默认值（地方实践）"),
    ("inspection.escalation_accountability_days", 30, "日", "告诫书后仍未完成，提出问责建议（天）", "政策默认值（地方实践）"),
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
    dependencies = [("inspections", "0001_initial"), ("core", "0003_policyvalue")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
