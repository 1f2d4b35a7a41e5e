"""Compulsory measures of the supervision law (监察强制措施) and the safety timers, pure
Python: 留置 with its extensions and recount, and the three measures the 2025 监察法
adds — 强制到案, 责令候查 and 管护 — each with its maximum duration; the notice to the
family and unit within 24 hours, and the 24-hour report of a safety incident.

Keys (DOMAIN.md style): **[监察法]** the 2018 text (in ``regulations/``);
**[条例]** the 2021 监察法实施条例 (in ``regulations/``); **[监察法2024]** the law as
amended on 2024-12-25 by the NPC Standing Committee (全国人民代表大会常务委员会关于修改
《中华人民共和国监察法》的决定, 14th NPCSC, 13th session), in force 2025-06-01;
**[条例2025]** the 监察法实施条例 as revised by the National Supervisory Commission on
2025-04-27 and published on 2025-06-01 (国家监察委员会公告第2号), in force the same day.

What was read, and where (public pages; none of them is in ``regulations/``):

- the dates: https://legal.gmw.cn/2024-12/26/content_37760417.htm (新华社, 受权发布:
  the amending decision, adopted 2024-12-25); https://zgjjjcxh.ccdi.gov.cn/llyj/202509/t20250911_446892.html
  (in force 2025-06-01); http://www.0543168.com/jcfsy/26747.html (header of the revised
  条例: 2025-04-27 revised, 2025-06-01 公告第2号 published and in force);
  https://xian.qinfeng.gov.cn/info/1012/40594.htm (CCDI article, same dates).
- 留置 second extension and recount: https://m.maxlaw.cn/n/20251024/11538483123957.shtml
  (after 3 + 3 months, "可能判处十年有期徒刑以上刑罚 … 经国家监察委员会批准还可再延长二个月";
  on finding a different, or the same but sentence-changing, major offence "经批准可重新计算
  留置时间一次"); https://www.gzlysc.com/falv/8392.html (8 months, 16 with the recount).
- 管护: https://www.163.com/dy/article/KBJB9GRA05568YJH.html (not more than 7 days,
  1–3 more in special cases; unit and family told within 24 hours).
- 强制到案 (12 hours, 24 when 管护 or 留置 may be needed) and 责令候查 (at most 12
  months): only a secondary summary in a public repository's teaching script; the
  wording and the article numbers of the amended law and of the revised 条例 could not
  be read.

Because the exact texts could not be read, every new number here is a **policy default**
(``core.models.PolicyValue``, valid from 2025-06-01, editable by an administrator),
read by the services with ``policy_value``; the constants below are only the seeded
values and the fallbacks of the pure functions. Once the texts are in ``regulations/``
the keys should cite their articles and may become fixed limits.

Counting ([条例] 285): a period in hours starts at the next full hour (the hour in
which it starts is not counted) and holidays do not matter; a period in days or months
starts the next day. 留置 ends on its date even on a holiday ([条例] 285 second
paragraph). 管护 is custody too: we end it on its date as well (the conservative reading;
whether [条例2025] 285 names it could not be checked). 责令候查 does not hold the person,
so the general rule applies and its last day rolls over a rest day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import models

from jiandu.core import calendar
from jiandu.core.errors import DomainError

__all__ = [
    "APPEARANCE_EXTENDED_HOURS",
    "APPEARANCE_HOURS",
    "AWAIT_MONTHS",
    "CUSTODIAL_MEASURES",
    "CUSTODY_DAYS",
    "CUSTODY_EXTENSION_DAYS",
    "DETENTION_SECOND_EXTENSION_MONTHS",
    "INCIDENT_REPORT_HOURS",
    "LAW_2025_IN_FORCE",
    "MEASURE_BASIS",
    "MEASURE_POLICY",
    "NOTICE_HOURS",
    "NOTICE_MEASURES",
    "IncidentKind",
    "MeasureKind",
    "appearance_due",
    "await_due",
    "custody_due",
    "custody_extended_due",
    "detention_recount_due",
    "detention_second_extended_due",
    "hours_due",
    "incident_report_due",
    "notice_due",
]

#: [监察法2024]: in force from this day; the new measures, the second extension and the
#: recount are refused before it.
LAW_2025_IN_FORCE = date(2025, 6, 1)


class MeasureKind(models.TextChoices):
    """The compulsory measures (GLOSSARY: detention, compelled appearance, ordered to
    await investigation, custody)."""

    DETENTION = "detention", "留置"
    APPEARANCE = "appearance", "强制到案"
    AWAIT = "await", "责令候查"
    CUSTODY = "custody", "管护"


class IncidentKind(models.TextChoices):
    """[条例] 103: 死亡、伤残、脱逃等办案安全事故、事件."""

    DEATH = "death", "死亡"
    INJURY = "injury", "伤残"
    ESCAPE = "escape", "脱逃"
    OTHER = "other", "其他安全事故、事件"


#: Measures that hold the person (a place, a guard): safety incidents happen there.
CUSTODIAL_MEASURES = frozenset({MeasureKind.DETENTION, MeasureKind.CUSTODY, MeasureKind.APPEARANCE})
#: Measures after which the unit and the family are told within 24 hours: 留置 ([监察法]
#: 44; [条例] 98) and 管护 (secondary source above).
NOTICE_MEASURES = frozenset({MeasureKind.DETENTION, MeasureKind.CUSTODY})

#: [监察法] 44; [条例] 98: the unit and the family are told within 24 hours of 留置.
NOTICE_HOURS = 24
#: [条例] 103: a safety incident is reported to the principal leader at once and, level by
#: level, to the National Supervisory Commission within 24 hours.
INCIDENT_REPORT_HOURS = 24
#: [监察法2024] (article not read; policy default "supervision.appearance_hours"):
#: 强制到案 lasts at most 12 hours …
APPEARANCE_HOURS = 12
#: … at most 24 when 管护 or 留置 may be needed ("supervision.appearance_extended_hours").
APPEARANCE_EXTENDED_HOURS = 24
#: [监察法2024] (article not read; policy default "supervision.await_months"): 责令候查
#: at most 12 months.
AWAIT_MONTHS = 12
#: [监察法2024] (article not read; policy defaults "supervision.custody_days" and
#: "supervision.custody_extension_days"): 管护 at most 7 days, 1–3 more in special cases.
CUSTODY_DAYS = 7
CUSTODY_EXTENSION_DAYS = 3
#: [监察法2024] (article not read; policy default
#: "supervision.detention_second_extension_months"): after the 3 + 3 months a further
#: 2 months, approved by the National Supervisory Commission, for an offence punishable
#: by ten years' imprisonment or more.
DETENTION_SECOND_EXTENSION_MONTHS = 2

#: The policy keys of the limits above, with their seeded values (migration
#: ``cases.0004_compulsory_measures``), valid from ``LAW_2025_IN_FORCE``.
MEASURE_POLICY: dict[str, tuple[int, str, str]] = {
    "supervision.appearance_hours": (APPEARANCE_HOURS, "小时", "强制到案持续时间"),
    "supervision.appearance_extended_hours": (
        APPEARANCE_EXTENDED_HOURS,
        "小时",
        "强制到案（需要采取管护或者留置措施的）持续时间",
    ),
    "supervision.await_months": (AWAIT_MONTHS, "月", "责令候查最长期限"),
    "supervision.custody_days": (CUSTODY_DAYS, "日", "管护期限"),
    "supervision.custody_extension_days": (CUSTODY_EXTENSION_DAYS, "日", "管护特殊情况下可延长"),
    "supervision.detention_second_extension_months": (
        DETENTION_SECOND_EXTENSION_MONTHS,
        "月",
        "留置再延长（可能判处十年有期徒刑以上，国家监察委员会批准）",
    ),
}

MEASURE_BASIS: dict[str, str] = {
    MeasureKind.DETENTION: "《监察法》第四十三条；《监察法实施条例》第一百零一条、第二百八十五条",
    MeasureKind.APPEARANCE: "2024年修改的《监察法》（政策默认值：12小时，需管护或留置的24小时）",
    MeasureKind.AWAIT: "2024年修改的《监察法》（政策默认值：最长12个月）",
    MeasureKind.CUSTODY: "2024年修改的《监察法》（政策默认值：7日，特殊情况可延长1至3日）",
}


def hours_due(start: datetime, hours: int) -> datetime:
    """[条例] 285: a period in hours; the hour in which it starts is not counted, so it
    runs from the next full hour. 14:20 + 24 hours → 15:00 the next day. Holidays do
    not matter."""
    first_hour = start.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return first_hour + timedelta(hours=hours)


def notice_due(started_at: datetime) -> datetime:
    """[监察法] 44; [条例] 98: the unit and the family are told within 24 hours of the
    measure (unless it would hinder the investigation, recorded with its approval)."""
    return hours_due(started_at, NOTICE_HOURS)


def incident_report_due(occurred_at: datetime) -> datetime:
    """[条例] 103: reported level by level up to the National Supervisory Commission
    within 24 hours of the incident."""
    return hours_due(occurred_at, INCIDENT_REPORT_HOURS)


def appearance_due(
    started_at: datetime, *, needs_custody: bool = False, hours: int | None = None
) -> datetime:
    """[监察法2024] (policy default): 强制到案 at most 12 hours, 24 hours when 管护 or
    留置 may be needed; counted in hours ([条例] 285)."""
    if hours is None:
        hours = APPEARANCE_EXTENDED_HOURS if needs_custody else APPEARANCE_HOURS
    return hours_due(started_at, hours)


def await_due(started_on: date, *, months: int = AWAIT_MONTHS) -> calendar.DueDate:
    """[监察法2024] (policy default): 责令候查 at most 12 months from the day it is
    announced; it does not hold the person, so a last day on a rest day rolls over
    ([条例] 285 first paragraphs)."""
    return calendar.add_months(started_on, months)


def custody_due(started_on: date, *, days: int = CUSTODY_DAYS) -> calendar.DueDate:
    """[监察法2024] (policy default): 管护 7 days, the start day not counted; custody, so
    it ends on its date ([条例] 285, as for 留置)."""
    return calendar.add_days(started_on, days, roll_over_rest_days=False)


def custody_extended_due(
    first_due: date, days: int, *, max_days: int = CUSTODY_EXTENSION_DAYS
) -> calendar.DueDate:
    """[监察法2024] (policy default): in special cases 管护 is extended once by 1 to 3
    days, counted from the end of the 7 days."""
    if not 1 <= days <= max_days:
        raise DomainError(f"管护只能延长一至{max_days}日")
    return calendar.add_days(first_due, days, roll_over_rest_days=False)


def detention_second_extended_due(
    extended_due: date, *, months: int = DETENTION_SECOND_EXTENSION_MONTHS
) -> calendar.DueDate:
    """[监察法2024] (policy default): 再延长 by at most 2 months, counted from the end of
    the extended period, never moved for holidays ([条例] 285)."""
    return calendar.add_months(extended_due, months, roll_over_rest_days=False)


def detention_recount_due(found_on: date, *, months: int = 3) -> calendar.DueDate:
    """[监察法2024]: on finding another major offence (不同种, or 同种 but changing the
    charge or the sentence range) the detention period is counted again, once, from the
    day it is found: a new 3 months ([监察法] 43), which may again be extended."""
    return calendar.add_months(found_on, months, roll_over_rest_days=False)
