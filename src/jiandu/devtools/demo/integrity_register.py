"""The demo county's integrity-file register records: 1,000 personal-matters
declarations of the leading cadres over 2024–2026, talks (a 任前廉政谈话 for most but
not all of the leading posts taken in the last year, so that the "no 任前谈话" alert
has cases), 述责述廉 of the units' heads, gifts turned in, 婚丧喜庆 reports and
commendations.

Written as the organisation register's demo is: through the bulk service
(``register_services.records_bulk_create``, the system as actor), which checks each
record as one entry would and records one audit event per kind. Deterministic for a
seed; a few seconds.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

COUNT_LABELS = {
    "integrity_declarations": "个人有关事项报告",
    "integrity_talks": "廉政谈话",
    "integrity_duty_reports": "述责述廉",
    "integrity_gifts": "礼品礼金上交",
    "integrity_family_events": "婚丧喜庆事宜报告",
    "integrity_commendations": "表彰奖励",
}
DECLARATIONS = 1000
YEARS = (2024, 2025, 2026)
PRE_TALK_SHARE = 0.8  # of the leading posts taken in the last year
TALKERS = (
    ("县纪委书记", "县纪委监委"),
    ("县纪委副书记", "县纪委监委"),
    ("派驻纪检监察组组长", "县纪委监委派驻纪检监察组"),
    ("县委组织部副部长", "中共青山县委组织部"),
)
ESTATE_PLACES = ("城关镇幸福路", "青山花园", "滨江小区", "东城名苑", "文昌路", "新华街")
COMPANIES = ("青山县顺达商贸有限公司", "青山县恒通建材经营部", "青山县绿源农业专业合作社")
GIFT_THINGS = (
    ("购物卡", (500, 3000)),
    ("现金红包", (200, 2000)),
    ("茶叶两盒", (300, 1200)),
    ("白酒两瓶", (400, 2600)),
    ("土特产一箱", (150, 600)),
)
HONOURS = (
    ("优秀共产党员", "中共青山县委"),
    ("优秀党务工作者", "中共青山县委"),
    ("先进工作者", "青山县人民政府"),
    ("三八红旗手", "青山县妇女联合会"),
    ("年度考核优秀", "青山县人民政府"),
)


def _declaration(rng: random.Random, cadre: Any, year: int, today: date) -> dict[str, Any]:
    last = min(today, date(year, 3, 31))
    reported_on = date(year, 1, 5) + timedelta(
        days=rng.randint(0, max(0, (last - date(year, 1, 5)).days))
    )
    estates = [
        {
            "owner": rng.choice(("本人", "配偶", "本人与配偶共有")),
            "address": f"{rng.choice(ESTATE_PLACES)}{rng.randint(1, 40)}号",
            "area": str(rng.randint(60, 180)),
            "use": rng.choice(("自住", "自住", "出租", "空置")),
        }
        for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3)))
    ]
    investments = [
        {
            "owner": rng.choice(("本人", "配偶")),
            "kind": rng.choice(("股票", "基金", "投资型保险")),
            "name": rng.choice(("某某混合基金", "某某银行股份", "某某人寿分红险")),
            "amount": str(rng.randint(1, 30)),
        }
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2)))
    ]
    business = []
    if rng.random() < 0.06:
        business.append(
            {
                "relation": rng.choice(("配偶", "子女")),
                "name": "（见亲属登记）",
                "company": rng.choice(COMPANIES),
                "role": rng.choice(("股东", "法定代表人", "经理")),
            }
        )
    abroad = []
    if rng.random() < 0.02:
        abroad.append(
            {
                "relation": "子女",
                "name": "（见亲属登记）",
                "country": rng.choice(("加拿大", "澳大利亚", "新加坡")),
                "status": rng.choice(("取得外国国籍", "取得永久居留资格", "长期居留")),
            }
        )
    marital = "married" if rng.random() < 0.93 else rng.choice(("divorced", "widowed", "unmarried"))
    return {
        "cadre": cadre,
        "year": year,
        "reported_on": reported_on,
        "marital_status": marital,
        "marriage_changes": "",
        "relatives_abroad": abroad,
        "relatives_business": business,
        "real_estate": estates,
        "investments": investments,
        "notes": "",
    }


def _talk(rng: random.Random, cadre: Any, kind: str, on: date, summary: str) -> dict[str, Any]:
    name, unit = rng.choice(TALKERS)
    return {
        "cadre": cadre,
        "kind": kind,
        "talked_on": on,
        "talked_by_name": name,
        "talked_by_unit": unit,
        "summary": summary,
    }


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def load(*, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    from django.db.models import Q
    from django.utils import timezone

    from jiandu.integrity.register_services import records_bulk_create
    from jiandu.org.models import Post, Rank

    today = today or timezone.localdate()
    rng = random.Random(seed * 13 + 7)
    leading = list(
        Post.objects.current(today)
        .filter(Q(is_leadership=True) | Q(is_head=True))
        .select_related("cadre")
        .order_by("start_date", "id")
    )
    cadres = sorted({p.cadre_id: p.cadre for p in leading}.values(), key=lambda c: c.pk)
    if len(cadres) * len(YEARS) < DECLARATIONS:  # a small demo: others declare too
        from jiandu.org.models import Cadre

        more = Cadre.objects.filter(rank__in=(Rank.COUNTY, Rank.TOWNSHIP)).exclude(
            pk__in=[c.pk for c in cadres]
        )
        cadres += list(more.order_by("pk")[: DECLARATIONS // len(YEARS) + 1])
    pairs = [(c, y) for y in YEARS if date(y, 1, 5) <= today for c in cadres]
    rng.shuffle(pairs)
    declarations = [_declaration(rng, c, y, today) for c, y in pairs[:DECLARATIONS]]

    talks = []
    recent = [p for p in leading if p.start_date >= today - timedelta(days=366)]
    for post in recent:
        if rng.random() < PRE_TALK_SHARE:
            on = _day(
                rng, post.start_date - timedelta(days=20), post.start_date + timedelta(days=25)
            )
            talks.append(
                _talk(
                    rng,
                    post.cadre,
                    "pre_appointment",
                    min(on, today),
                    f"任{post.title}前进行廉政谈话，提出廉洁从政、廉洁用权要求。",
                )
            )
    for cadre in rng.sample(cadres, min(len(cadres), 300)):
        talks.append(
            _talk(
                rng,
                cadre,
                "integrity",
                _day(rng, date(2024, 1, 1), today),
                "开展廉政谈话，通报典型案例，提醒严守纪律规矩。",
            )
        )
    for cadre in rng.sample(cadres, min(len(cadres), 80)):
        talks.append(
            _talk(
                rng,
                cadre,
                "reminder",
                _day(rng, date(2024, 1, 1), today),
                "针对群众反映的苗头性、倾向性问题进行提醒谈话。",
            )
        )

    heads = [p for p in leading if p.is_head]
    duty_reports = []
    for post in heads:
        for year in (2024, 2025):
            if post.start_date.year > year or date(year + 1, 1, 20) > today:
                continue
            duty_reports.append(
                {
                    "cadre": post.cadre,
                    "year": year,
                    "reported_on": min(
                        today, _day(rng, date(year + 1, 1, 5), date(year + 1, 2, 10))
                    ),
                    "form": rng.choice(("written", "meeting")),
                    "rating": rng.choice(("good", "good", "good", "fairly_good", "average")),
                    "remarks": "",
                }
            )

    gifts = []
    for cadre in rng.sample(cadres, min(len(cadres), 120)):
        thing, (low, high) = rng.choice(GIFT_THINGS)
        gifts.append(
            {
                "cadre": cadre,
                "handed_in_on": _day(rng, date(2024, 1, 1), today),
                "description": thing,
                "value": Decimal(rng.randrange(low, high, 50)),
                "handling": rng.choice(("turned_over", "turned_over", "returned", "treasury")),
                "notes": "",
            }
        )

    events = []
    for cadre in rng.sample(cadres, min(len(cadres), 150)):
        event_on = _day(rng, date(2024, 2, 1), today)
        before = rng.random() < 0.9
        reported_on = (
            event_on - timedelta(days=rng.randint(5, 30))
            if before
            else event_on + timedelta(days=rng.randint(1, 10))
        )
        events.append(
            {
                "cadre": cadre,
                "kind": rng.choice(("wedding", "wedding", "funeral", "other")),
                "event_on": event_on,
                "scale": f"宴请{rng.randint(3, 15)}桌",
                "guests": rng.randint(30, 150),
                "reported_on": min(reported_on, today),
                "reported_before": before,
            }
        )

    commendations = []
    for cadre in rng.sample(cadres, min(len(cadres), 200)):
        title, body = rng.choice(HONOURS)
        year = rng.choice([y for y in YEARS if y <= today.year])
        commendations.append(
            {
                "cadre": cadre,
                "awarded_on": min(today, date(year, rng.choice((3, 6, 7, 12)), rng.randint(1, 28))),
                "title": f"{year}年度{title}" if "年度" not in title else f"{year}{title}",
                "awarded_by": body,
            }
        )

    return {
        "integrity_declarations": records_bulk_create(
            actor=None, kind="declarations", rows=declarations
        ),
        "integrity_talks": records_bulk_create(actor=None, kind="talks", rows=talks),
        "integrity_duty_reports": records_bulk_create(
            actor=None, kind="duty-reports", rows=duty_reports
        ),
        "integrity_gifts": records_bulk_create(actor=None, kind="gifts", rows=gifts),
        "integrity_family_events": records_bulk_create(
            actor=None, kind="family-events", rows=events
        ),
        "integrity_commendations": records_bulk_create(
            actor=None, kind="commendations", rows=commendations
        ),
    }
