"""Problem categories: the six disciplines ([处分条例] parts 6–11), the eight-point
categories in their two groups (a dated list: sub-categories change over time,
DOMAIN.md §9), and fields of concern named in the issue."""

import datetime

from django.db import migrations

START = datetime.date(2013, 1, 1)
ROWS = [
    ("discipline", [
        ("political", "违反政治纪律"), ("organisational", "违反组织纪律"),
        ("integrity", "违反廉洁纪律"), ("mass", "违反群众纪律"),
        ("work", "违反工作纪律"), ("life", "违反生活纪律"),
    ]),
    ("formalism", [
        ("fm_inaction", "不担当不作为乱作为假作为"),
        ("fm_decision", "贯彻党中央重大决策部署有令不行、有禁不止"),
        ("fm_burden", "文山会海、督查检查考核过多过频"),
        ("fm_mass", "漠视侵害群众利益"),
    ]),
    ("hedonism", [
        ("hd_gifts", "违规收送名贵特产和礼品礼金"),
        ("hd_dining", "违规吃喝"),
        ("hd_allowance", "违规发放津补贴或福利"),
        ("hd_weddings", "违规操办婚丧喜庆"),
        ("hd_travel", "公款旅游"),
        ("hd_vehicles", "违规配备使用公务用车"),
        ("hd_buildings", "楼堂馆所违规问题"),
        ("hd_reception", "提供或接受超标准接待"),
    ]),
    ("field", [
        ("rural", "乡村振兴"), ("livelihood", "民生"), ("construction", "工程建设"),
        ("medicine", "医药"), ("finance", "金融"), ("business", "营商环境"),
        ("statistics", "统计造假"),
    ]),
]


def seed(apps, schema_editor):
    """Also called with the project's registry to seed again after a flush (``jiandu demo
    --reset``, tests): there the model is core's (core 0005 moved it, same table)."""
    try:
        Category = apps.get_model("intake", "ProblemCategory")
    except LookupError:
        Category = apps.get_model("core", "ProblemCategory")
    db = schema_editor.connection.alias
    for group, items in ROWS:
        for order, (code, name) in enumerate(items):
            Category.objects.using(db).get_or_create(
                code=code,
                defaults={"name": name, "group": group, "valid_from": START, "sort_order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
