"""Seed the legal calendar 2004–2026 from the bundled chinesecalendar 1.11.0 package.

chinesecalendar's ``holidays`` lists every rest day of a holiday period (the weekend
days inside it included) and ``workdays`` the make-up working days (调休上班), both keyed
by date with the English holiday name. The constants are copied here rather than
imported from the app so that this migration stays as it was written.
"""

import datetime

from django.db import migrations

FIRST_YEAR = 2004
LAST_YEAR = 2026
SOURCE = "chinesecalendar 1.11.0（国务院办公厅通知）"
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def seed(apps, schema_editor):
    from chinese_calendar.constants import holidays, workdays

    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    db = schema_editor.connection.alias
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    rows = [
        CalendarDay(date=d, kind=kind, name=NAMES.get(name, name)[:30])
        for kind, table in (("holiday", holidays), ("workday", workdays))
        for d, name in sorted(table.items())
        if d.year in years
    ]
    CalendarDay.objects.using(db).bulk_create(rows, batch_size=500, ignore_conflicts=True)
    CalendarYear.objects.using(db).bulk_create(
        [CalendarYear(year=year, source=SOURCE) for year in years], ignore_conflicts=True
    )


def unseed(apps, schema_editor):
    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    db = schema_editor.connection.alias
    CalendarDay.objects.using(db).filter(
        date__gte=datetime.date(FIRST_YEAR, 1, 1), date__lte=datetime.date(LAST_YEAR, 12, 31)
    ).delete()
    CalendarYear.objects.using(db).filter(year__gte=FIRST_YEAR, year__lte=LAST_YEAR).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
