"""The demo county's inspection tours: three rounds over three years, each inspecting a
few departments, towns and state-owned enterprises, with findings, transferred clues
and rectification ledgers in every state, driven through the real services.

- Two years ago: a regular round, long fed back; its ledgers are mostly closed (some
  late, some accepted as long-term tasks), a few items still open and escalated up to
  an accountability proposal, one reopened by a later look.
- Last year: a special round that goes back to two of the same organisations (repeat
  problems) and is being closed out; one organisation's report came in late.
- This year: a round fed back about six weeks ago: items not started, in progress,
  reported done and waiting for the check, closed, overdue with a supervision notice;
  one organisation not fed back yet.

All dates are the events' own (the services take the dates people report); only the
audit events carry the moment the demo was loaded. Accounts: a second inspection office
user (``xuncha2``, the checker) and an account of the first organisation of this year's
round (``beixuncha``, role 被巡察单位).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from jiandu.inspections.models import FindingCategory

COUNT_LABELS = {
    "inspection_rounds": "巡察轮次",
    "inspection_targets": "被巡察单位",
    "inspection_findings": "反馈问题",
    "inspection_items": "整改事项",
    "inspection_escalations": "督办文书",
    "inspection_accounts": "新增巡察演示账号",
}
ACCOUNTS = (
    ("xuncha2", "inspection", "巡察办（验收）"),
    ("beixuncha", "inspected_unit", "被巡察单位"),
)

FINDINGS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    FindingCategory.POLITICAL: (
        (
            "贯彻落实上级重大决策部署不够到位，“第一议题”学习流于形式",
            ("健全“第一议题”学习制度，建立学习台账", "对照上级部署逐项梳理落实清单"),
        ),
        (
            "意识形态工作责任制落实不力，阵地管理存在薄弱环节",
            ("制定意识形态工作责任清单", "开展宣传阵地专项排查"),
        ),
    ),
    FindingCategory.ORGANISATIONAL: (
        (
            "基层党组织建设薄弱，“三会一课”制度落实不严格",
            ("规范“三会一课”记录，每季度抽查", "开展支部书记轮训"),
        ),
        (
            "选人用人程序不规范，干部档案管理存在疏漏",
            ("开展干部档案专项审核", "修订干部选拔任用工作规程"),
        ),
    ),
    FindingCategory.INTEGRITY: (
        (
            "公务接待管理不规范，存在超标准接待问题",
            ("修订公务接待管理办法", "清退超标准接待费用", "对相关责任人进行谈话提醒"),
        ),
        (
            "工程项目管理不规范，部分项目未按规定招标",
            ("对近三年工程项目开展专项审计", "建立项目招投标监督台账"),
        ),
        (
            "违规发放津补贴，财务报销把关不严",
            ("全面清理津补贴发放项目，追回违规发放资金", "修订财务报销审批制度"),
        ),
    ),
    FindingCategory.CONDUCT: (
        (
            "形式主义、官僚主义问题仍然存在，文山会海现象突出",
            ("精简会议文件，建立发文审核机制", "开展作风建设专项整治"),
        ),
        (
            "服务群众意识不强，办事效率不高",
            ("推行一次性告知和限时办结制度", "设立群众意见反馈渠道并定期通报"),
        ),
    ),
    FindingCategory.PEOPLE: (
        (
            "惠民惠农资金发放监管不严，存在优亲厚友问题",
            ("对近两年惠民资金发放情况全面复核", "建立资金发放公示制度"),
        ),
    ),
    FindingCategory.RESPONSIBILITY: (
        (
            "全面从严治党主体责任压得不实，“一岗双责”落实不到位",
            ("制定班子成员“一岗双责”责任清单", "每半年专题研究党风廉政建设"),
        ),
    ),
    FindingCategory.RECTIFICATION: (
        (
            "上轮巡察反馈问题整改不彻底，部分问题反弹回潮",
            ("对上轮巡察整改情况开展“回头看”", "建立整改长效机制并定期评估"),
        ),
    ),
}
PEOPLE = ("王建国", "李红梅", "张志强", "刘丽娟", "陈国华", "杨明", "赵文斌", "周晓燕")
CLUE_TEXTS = (
    "巡察发现该单位原负责人在工程项目发包中为亲属承揽项目提供便利",
    "巡察发现该单位财务人员多次以虚列支出方式套取资金",
    "巡察发现该单位负责人违规接受管理服务对象宴请",
)


def _accounts(password: str, units: dict[str, Any]) -> int:
    from django.contrib.auth.hashers import make_password

    from jiandu.accounts.models import User
    from jiandu.accounts.services import user_create
    from jiandu.devtools.demo import org as org_demo

    created = []
    wanted = {
        "xuncha2": ("inspection", units[org_demo.INSPECTION_OFFICE], "巡察办验收员"),
        "beixuncha": ("inspected_unit", units["__first_target__"], "被巡察单位联络员"),
    }
    for username, (role, unit, name) in wanted.items():
        if User.objects.filter(username=username).exists():
            continue
        created.append(
            user_create(
                actor=None,
                username=username,
                full_name=name,
                role=role,
                unit=unit,
                password=None,
                validate=False,
            )
        )
    if created:
        digest = make_password(password)
        User.objects.filter(pk__in=[u.pk for u in created]).update(password=digest)
    return len(created)


class _Driver:
    def __init__(self, seed: int, today: date, office: Any, checker: Any, owner_of: Any):
        self.rng = random.Random(seed + 5)
        self.today = today
        self.office = office
        self.checker = checker
        self.owner_of = owner_of  # unit id -> the unit's own account, if it has one
        self.counts = dict.fromkeys(COUNT_LABELS, 0)

    def day(self, d: date) -> date:
        return min(d, self.today)

    def evidence(self, item: Any, on: date) -> None:
        from jiandu.inspections import services

        text = (
            f"整改佐证材料\n事项：{item.measures}\n完成情况：已按要求完成。\n"
            f"日期：{on.isoformat()}\n"
        )
        services.evidence_add(
            actor=self.office,
            item=item,
            name=f"佐证材料-{item.seq}.txt",
            content=text.encode("utf-8"),
            note="整改完成情况说明及相关文件",
        )

    def finish(self, item: Any, *, done_on: date, check_on: date | None, outcome: str) -> None:
        """Report done (by the unit's own account when it has one), then check."""
        from jiandu.inspections import services

        reporter = self.owner_of.get(item.responsible_unit_id, self.office)
        done_on = self.day(done_on)
        self.evidence(item, done_on)
        services.item_report_done(
            actor=reporter, item=item, text="已完成整改，相关制度已印发执行。", on=done_on
        )
        if check_on is None:
            return
        checker = self.checker if reporter.pk == self.office.pk else self.office
        services.item_close_out(
            actor=checker,
            item=item,
            decision=outcome,
            note="经实地核查、查阅资料，整改到位，同意销号。"
            if outcome == "close"
            else "阶段性任务已完成，转入长期坚持。",
            on=self.day(max(check_on, done_on)),
        )

    def escalate(self, item: Any, steps: int) -> None:
        """Climb the ladder a few days after each step falls due, while in the past."""
        from jiandu.inspections import rules, selectors, services

        intervals = selectors.escalation_intervals(self.today)
        issued: list[tuple[str, date]] = []
        for _ in range(steps):
            step = rules.next_escalation(
                status=item.status, deadline=item.deadline, issued=issued, intervals=intervals
            )
            if step is None:
                return
            on = step.due_on + timedelta(days=2)
            if on > self.today:
                return
            services.escalation_issue(actor=self.office, item=item, level=step.level, on=on)
            issued.append((step.level, on))
            self.counts["inspection_escalations"] += 1

    def item_state(self, age: str) -> str:
        r = self.rng.random()
        if age == "old":
            return (
                "closed"
                if r < 0.72
                else "long_term"
                if r < 0.86
                else "late_closed"
                if r < 0.94
                else "overdue"
            )
        if age == "last":
            return (
                "closed"
                if r < 0.55
                else "long_term"
                if r < 0.65
                else "done"
                if r < 0.8
                else "overdue"
            )
        return (
            "not_started"
            if r < 0.2
            else "progress"
            if r < 0.45
            else "done"
            if r < 0.6
            else "closed"
            if r < 0.8
            else "overdue"
        )


def load(*, seed: int = 2026, password: str, today: date | None = None) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from jiandu.accounts.models import User
    from jiandu.devtools.demo import org as org_demo
    from jiandu.inspections import services
    from jiandu.inspections.models import InspectionRound
    from jiandu.org.models import Cadre, Post, Unit, UnitKind

    today = today or timezone.localdate()
    rng = random.Random(seed)
    with transaction.atomic():
        office = User.objects.filter(username="xuncha").first()
        if office is None:
            raise RuntimeError("演示账号缺失：xuncha（请先加载 accounts.demo）")
        candidates = list(
            Unit.objects.filter(
                kind__in=[UnitKind.DEPARTMENT, UnitKind.TOWN, UnitKind.SOE], parent__isnull=True
            ).order_by("code")
        ) or list(
            Unit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.TOWN]).order_by("code")
        )
        rng.shuffle(candidates)
        r1_units, r2_new, r3_units = candidates[:5], candidates[5:7], candidates[7:11]
        r2_units = r1_units[:2] + r2_new  # the special round returns to two of them
        units = {u.code: u for u in Unit.objects.filter(code__in=[org_demo.INSPECTION_OFFICE])}
        units["__first_target__"] = r3_units[0]
        accounts = _accounts(password, units)
        checker = User.objects.get(username="xuncha2")
        owner = User.objects.get(username="beixuncha")
        driver = _Driver(seed, today, office, checker, {owner.unit_id: owner})

        plans = [
            ("old", today.year - 2, date(today.year - 2, 4, 8), "regular", r1_units),
            ("last", today.year - 1, date(today.year - 1, 5, 11), "special", r2_units),
            ("now", None, today - timedelta(days=110), "mobile", r3_units),
        ]
        used: set[tuple[int, int]] = set()
        heads = {
            p.unit_id: p.cadre
            for p in Post.objects.current()
            .filter(is_head=True, unit__in=candidates[:11])
            .select_related("cadre")
        }
        for age, year, started, kind, targets in plans:
            year = year or started.year
            ordinal = 2
            while (year, ordinal) in used or InspectionRound.objects.filter(
                year=year, ordinal=ordinal
            ).exists():
                ordinal += 1
            used.add((year, ordinal))
            label = {"regular": "", "special": "（专项）", "mobile": "（机动）"}[kind]
            round_ = services.round_create(
                actor=office,
                name=f"{year}年县委第{ordinal}轮巡察{label}",
                year=year,
                ordinal=ordinal,
                kind=kind,
                started_on=started,
                focus="聚焦“三个聚焦”，重点检查落实全面从严治党责任、群众身边不正之风和上轮巡察整改情况",
                groups=[
                    {"name": f"第{n}巡察组", "leader_name": PEOPLE[(i + 3 * ordinal) % len(PEOPLE)]}
                    for i, n in enumerate(("一", "二"))
                ],
            )
            driver.counts["inspection_rounds"] += 1
            groups = list(round_.groups.all())
            for index, unit in enumerate(targets):
                entered = started + timedelta(days=3 + index)
                target = services.target_add(
                    actor=office,
                    round=round_,
                    unit=unit,
                    group=groups[index % 2],
                    entered_on=entered,
                    left_on=entered + timedelta(days=35),
                )
                driver.counts["inspection_targets"] += 1
                if age == "now" and index == len(targets) - 1:
                    continue  # still being inspected: not fed back yet
                feedback = entered + timedelta(days=65)
                services.target_record_feedback(actor=office, target=target, feedback_on=feedback)
                _ledger(driver, rng, target, unit, feedback, age, heads)
                if age != "now" or index == 0:
                    late = index == 1 and age == "last"
                    submitted = (
                        target.report_due_on + timedelta(days=9)
                        if late
                        else feedback + timedelta(days=55)
                    )
                    if submitted <= today:
                        services.target_submit_report(
                            actor=owner if unit.pk == owner.unit_id else office,
                            target=target,
                            on=submitted,
                            note="已按要求报送整改情况报告和主要负责人组织落实情况报告。",
                        )
                if index == 0:
                    head = heads.get(unit.pk)
                    services.clue_transfer(
                        actor=office,
                        target=target,
                        summary=CLUE_TEXTS[driver.counts["inspection_rounds"] % len(CLUE_TEXTS)],
                        received_on=feedback + timedelta(days=2),
                        subject_cadre=head if isinstance(head, Cadre) else None,
                        subject_name="" if head else f"{unit.name}有关人员"[:40],
                    )
    return {**driver.counts, "inspection_accounts": accounts}


def _ledger(
    driver: _Driver,
    rng: random.Random,
    target: Any,
    unit: Any,
    feedback: date,
    age: str,
    heads: dict[int, Any],
) -> None:
    from jiandu.inspections import services
    from jiandu.org.models import Unit

    categories = list(FINDINGS)
    rng.shuffle(categories)
    if age == "last":  # returning: the same weak spot again (a repeat problem)
        categories = [
            FindingCategory.INTEGRITY,
            *[c for c in categories if c != FindingCategory.INTEGRITY],
        ]
    children = list(Unit.objects.filter(parent=unit).order_by("code")[:3])
    head = heads.get(unit.pk)
    for category in categories[: rng.randint(3, 5)]:
        description, measures = rng.choice(FINDINGS[category])
        finding = services.finding_create(
            actor=driver.office, target=target, category=category, description=description
        )
        driver.counts["inspection_findings"] += 1
        for text in measures:
            immediate = rng.random() < 0.15
            deadline = feedback + timedelta(days=7 if immediate else rng.choice((30, 60, 90, 120)))
            responsible = rng.choice(children) if children and rng.random() < 0.3 else unit
            item = services.item_create(
                actor=driver.office,
                finding=finding,
                measures=text,
                responsible_unit=responsible,
                responsible_person=head.name
                if head and responsible == unit
                else rng.choice(PEOPLE),
                deadline=deadline,
                immediate=immediate,
            )
            driver.counts["inspection_items"] += 1
            _drive_item(driver, item, deadline, feedback, age)


def _drive_item(driver: _Driver, item: Any, deadline: date, feedback: date, age: str) -> None:
    from jiandu.inspections import services

    state = driver.item_state(age)
    today = driver.today
    reporter = driver.owner_of.get(item.responsible_unit_id, driver.office)
    if state == "not_started":
        return
    start = feedback + timedelta(days=driver.rng.randint(5, 20))
    if start > today:
        return
    services.item_report_progress(
        actor=reporter, item=item, text="已制定整改方案，明确责任人和时间节点，正在推进。", on=start
    )
    if state in ("progress",):
        return
    if state == "overdue":
        if deadline < today:
            driver.escalate(item, 4 if age == "old" else 2 if age == "last" else 1)
        return
    if state == "done":
        on = min(deadline - timedelta(days=2), today)
        if on >= start:
            driver.finish(item, done_on=on, check_on=None, outcome="close")
        return
    late = state == "late_closed"
    done_on = (
        deadline + timedelta(days=20)
        if late
        else deadline - timedelta(days=driver.rng.randint(1, 10))
    )
    if age == "now":  # this round: finished early, a few days ago
        done_on = min(done_on, today - timedelta(days=driver.rng.randint(2, 8)))
    done_on = max(done_on, start)
    if done_on > today:
        return
    driver.finish(
        item,
        done_on=done_on,
        check_on=done_on + timedelta(days=driver.rng.randint(3, 15)),
        outcome="accept_long_term" if state == "long_term" else "close",
    )
    if age == "old" and state == "closed" and driver.rng.random() < 0.05:
        services.item_reopen(
            actor=driver.office, item=item, reason="巡察“回头看”发现问题反弹，重新整改"
        )


def existing() -> list[tuple[str, str, str]]:
    from jiandu.accounts.models import User
    from jiandu.accounts.rules import Role

    users = User.objects.select_related("unit").filter(username__in=[a for a, _, _ in ACCOUNTS])
    return [(u.username, Role(u.role).label, u.unit.name if u.unit else "") for u in users]
