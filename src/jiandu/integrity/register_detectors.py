"""The alert the register part raises: a new appointee without a 任前廉政谈话.

``no_pre_talk``: a cadre's current leading post (班子成员 or 一把手) started more than
the policy months ago (``integrity.pre_talk_months``, 1 month, on the day of the
computation) and no 任前廉政谈话 of that cadre is dated from 3 months before the start
to the policy months after it (``register_rules.pre_talk_window``). One alert per post
(key ``no_pre_talk:post:<post id>``), scoped by the post's unit, its evidence the post.

Only posts started within the last year are looked at: the alert is about new
appointees (the long-tenure alerts cover the others), and it keeps the computation to
the recent posts. Three queries whatever the number of posts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from jiandu.core.formatting import cn_date
from jiandu.core.policy import policy_value
from jiandu.integrity.detectors import AlertCandidate, register_detector
from jiandu.integrity.models import AlertKind, IntegrityTalk, TalkKind
from jiandu.integrity.register_rules import pre_talk_overdue, pre_talk_window, shift_months
from jiandu.org.models import Post

POLICY_KEY = "integrity.pre_talk_months"
LOOK_BACK_DAYS = 366  # posts started within this many days are "new"


@register_detector("no_pre_talk")
def no_pre_talk(*, on: date) -> Iterator[AlertCandidate]:
    months = policy_value(POLICY_KEY, on=on)
    # A superset of the posts whose window has closed (a month has at least 28 days);
    # the rule decides each one exactly.
    newest_start = on - timedelta(days=28 * months + 1)
    posts = list(
        Post.objects.current(on)
        .filter(Q(is_leadership=True) | Q(is_head=True))
        .filter(start_date__gte=on - timedelta(days=LOOK_BACK_DAYS), start_date__lte=newest_start)
        .select_related("cadre", "unit")
        .order_by("start_date", "id")
    )
    if not posts:
        return
    talks: dict[int, list[date]] = defaultdict(list)
    for cadre_id, talked_on in IntegrityTalk.objects.filter(
        kind=TalkKind.PRE_APPOINTMENT,
        cadre_id__in={p.cadre_id for p in posts},
        talked_on__gte=shift_months(posts[0].start_date, -6),
    ).values_list("cadre_id", "talked_on"):
        talks[cadre_id].append(talked_on)
    for post in posts:
        if not pre_talk_overdue(post.start_date, talks[post.cadre_id], on=on, months_after=months):
            continue
        window = pre_talk_window(post.start_date, months_after=months)
        label = f"{post.title}（{post.unit.name}）"
        yield AlertCandidate(
            kind=AlertKind.NO_PRE_APPOINTMENT_TALK,
            key=f"no_pre_talk:post:{post.pk}",
            cadre_id=post.cadre_id,
            unit_id=post.unit_id,
            reason=(
                f"{post.cadre.name}于{cn_date(post.start_date)}任{label}，"
                f"至{cn_date(window.last)}（任职后{months}个月）未进行任前廉政谈话"
            ),
            evidence=[
                {
                    "kind": "post",
                    "id": post.pk,
                    "number": "",
                    "label": f"任职：{label}（{cn_date(post.start_date)}起）",
                    "url": reverse("org:cadre_detail", args=(post.cadre_id,)),
                }
            ],
        )
