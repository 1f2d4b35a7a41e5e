"""The demo county's "一人一策" supervision notes (精准画像), written through
``jiandu.integrity.profile_services`` by the offices that supervise the cadres.

Each supervising office (纪检监察室, 派驻组, 镇纪委) keeps notes on up to eight cadres in
its scope that clues are about (most clues first): one to three dated notes in the last
year, and for one cadre per office a correction of an earlier note.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db.models import Count
from django.utils import timezone

COUNT_LABELS = {"supervision_notes": "一人一策监督记录"}
NOTES = (
    "开展廉政提醒谈话，本人表示将严格落实中央八项规定精神，主动报告个人有关事项。",
    "列为重点监督对象，督促其所在单位党组织加强日常管理监督，每季度报告一次情况。",
    "结合信访举报反映问题进行约谈，要求其如实说明情况，并对照检查提交书面材料。",
    "了解其分管领域工程项目和资金使用情况，提醒严格执行招投标和“三重一大”制度。",
    "对其配偶及子女经商办企业情况进行核查，未发现与本人职权有直接关联的业务往来。",
    "参加其所在单位民主生活会，督促就巡察反馈问题认领整改责任并按期销号。",
)
WRITERS = ("supervision_office", "resident_team", "township_commission")


def load(*, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    from jiandu.accounts.models import User
    from jiandu.clues.models import Clue
    from jiandu.integrity.profile_services import supervision_note_add
    from jiandu.org.models import Cadre

    rng = random.Random(seed + 13)
    today = today or timezone.localdate()
    count = 0
    writers = User.objects.filter(role__in=WRITERS, is_active=True).order_by("id")
    for user in writers:
        if not user.has_capability("integrity.record"):
            continue
        visible = Cadre.objects.visible_to(user)
        cadre_ids = list(
            Clue.objects.filter(subject_cadre__in=visible.values("pk"))
            .values("subject_cadre")
            .annotate(n=Count("id"))
            .order_by("-n", "subject_cadre")
            .values_list("subject_cadre", flat=True)[:8]
        )
        for i, cadre in enumerate(Cadre.objects.filter(pk__in=cadre_ids).order_by("id")):
            days = sorted(rng.sample(range(10, 360), rng.randint(1, 3)), reverse=True)
            first = None
            for back in days:
                note = supervision_note_add(
                    actor=user,
                    cadre=cadre,
                    text=rng.choice(NOTES),
                    noted_on=today - timedelta(days=back),
                )
                first = first or note
                count += 1
            if i == 0 and first is not None:
                supervision_note_add(
                    actor=user,
                    cadre=cadre,
                    text="更正：上条记录的谈话地点应为县纪委监委谈话室，谈话人为室主任。",
                    noted_on=today - timedelta(days=5),
                    corrects=first,
                )
                count += 1
    return {"supervision_notes": count}
