"""The 2025 and 2026 assessment schemes (考核办法), as data. Edited afterwards on the
scheme page (stats:assessment_scheme), never here."""

from datetime import date
from decimal import Decimal

from django.db import migrations

CASE_HANDLING = ["supervision_office", "resident_team", "township_commission"]


def _ind(order, key, label, formula, weight, *, kind="linear", measure="%", floor="0",
         target=None, step=None, when_empty="full", kinds=CASE_HANDLING, explanation=""):
    return {
        "order": order, "key": key, "label": label, "formula": formula,
        "weight": Decimal(weight), "kind": kind, "measure": measure, "floor": Decimal(floor),
        "target": None if target is None else Decimal(target),
        "step": None if step is None else Decimal(step), "when_empty": when_empty,
        "unit_kinds": list(kinds), "explanation": explanation,
    }


def _indicators(year):
    per_staff_target = "0.5" if year >= 2026 else "0.4"
    out = [
        _ind(10, "self_filed", "自办立案数（人均）", "cases.filed[kind=self] / unit.staff", "30",
             measure="件/人", target=per_staff_target, when_empty="zero",
             explanation="本单位自办立案件数除以单位人数（在岗用户账号数）。"),
        _ind(20, "clue_on_time", "线索按期处置率",
             "100 * clues.disposition_on_time / clues.disposition_due", "20",
             floor="60", target="100",
             explanation="期间内处置期限届满的线索中按期处置的比例；无到期线索的得满分。"),
        _ind(30, "review_on_time", "审理期限内结案率",
             "100 * assess.review_on_time / assess.review_concluded", "15",
             floor="80", target="100",
             explanation="期间内审结的案件中在审理期限内审结的比例；无审结案件的得满分。"),
        _ind(40, "appeal_changed", "申诉改变率",
             "100 * assess.appeals_changed / assess.appeals_decided", "10",
             floor="20", target="0",
             explanation="期间内申诉（复审复核）作出决定的案件中改变原决定的比例，越低越好；无申诉的得满分。"),
        _ind(50, "rectification", "整改率",
             "100 * inspections.items_done / inspections.items_due", "10",
             floor="60", target="100", kinds=[],
             explanation="期间内到期的整改事项中已完成的比例；无到期事项的得满分。"),
        _ind(60, "directives_on_time", "督办按期完成率",
             "100 * directives.tasks_on_time / directives.tasks_due", "15",
             floor="60", target="100", kinds=[],
             explanation="期间内到期的督办事项中按期完成的比例；无到期事项的得满分。"),
        _ind(90, "zero_filing", "零立案", "cases.filed[kind=self]", "5",
             kind="deduct", measure="件", floor="0",
             explanation="期间内自办立案为零的，扣5分。"),
    ]
    if year >= 2026:
        out.append(
            _ind(95, "clues_overdue", "线索逾期未处置", "clues.overdue", "5",
                 kind="deduct_each", measure="件", step="0.5",
                 explanation="期末逾期未处置的线索每件扣0.5分，最多扣5分。")
        )
    return out


def seed(apps, schema_editor):
    Scheme = apps.get_model("stats", "AssessmentScheme")
    Indicator = apps.get_model("stats", "AssessmentIndicator")
    previous = None
    for year in (2025, 2026):
        scheme, created = Scheme.objects.get_or_create(
            year=year,
            defaults={
                "title": f"{year}年度纪检监察工作考核办法",
                "version": f"{year}.1",
                "valid_from": date(year, 1, 1),
                "valid_to": date(year, 12, 31),
                "notes": "各项指标按统计期间从业务记录自动计算；办案单位（纪检监察室、派驻纪检监察组、"
                "镇街纪（工）委）与机关其他部门分别排名。",
                "based_on": previous,
            },
        )
        previous = scheme
        if created:
            for data in _indicators(year):
                Indicator.objects.create(scheme=scheme, **data)


def unseed(apps, schema_editor):
    apps.get_model("stats", "AssessmentScheme").objects.filter(
        year__in=(2025, 2026), version__in=("2025.1", "2026.1")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("stats", "0002_assessment_schemes")]

    operations = [migrations.RunPython(seed, unseed)]
