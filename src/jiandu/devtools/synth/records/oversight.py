"""Inspection rectification (巡察整改) and deployed tasks (督办事项) of one commission's
jurisdiction, for the statistics' rectification and directive tables: two inspection
rounds a year over some of the supervised units, with findings and rectification items
(deadline, completion, closing); six deployment documents a year, each with tasks given
to two or three units (due date, progress, closing).

Rounds are numbered per database (``InspectionRound`` is unique by year and ordinal), so
a jurisdiction's rounds take ordinals of their own (its number × 10 + k) while their names
read "第k轮".
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from jiandu.devtools.synth.records.loader import Ids, write
from jiandu.devtools.synth.records.org import Jurisdiction
from jiandu.directives.models import DirectiveDocument, Task, TaskOwner
from jiandu.inspections.models import (
    Finding,
    FindingCategory,
    InspectedOrganisation,
    InspectionGroup,
    InspectionRound,
    ItemStatus,
    RectificationItem,
    RoundKind,
)

ROUNDS_PER_YEAR = 2
TARGETS_PER_ROUND = 5
FINDINGS_PER_TARGET = 6
DOCUMENTS_PER_YEAR = 6
TASKS_PER_DOCUMENT = 8
MEASURES = (
    "建立健全制度，堵塞管理漏洞",
    "开展专项整治，逐项整改到位",
    "召开专题民主生活会，深刻剖析原因",
    "追回违规资金，规范审批程序",
)
TASKS = (
    "深入开展群众身边不正之风和腐败问题集中整治",
    "持续加固中央八项规定精神堤坝",
    "推进清廉机关建设",
    "加强对“一把手”和领导班子的监督",
    "做实做细日常监督",
    "深化以案促改、以案促治",
    "加强年轻干部教育管理监督",
    "健全完善监督检查工作机制",
)


def generate(
    j: Jurisdiction, *, number: int, today: date, rng: random.Random, ids: Ids, fraction: float
) -> dict[str, int]:
    tz = ZoneInfo(settings.TIME_ZONE)
    counts: dict[str, int] = {}
    inspected = j.departments + j.towns
    rounds, groups, targets, findings, items = [], [], [], [], []
    n_targets = max(1, round(TARGETS_PER_ROUND * min(1.0, fraction * 20)))
    for year in (2024, 2025, 2026):
        for k in range(1, ROUNDS_PER_YEAR + 1):
            started = date(year, 3 if k == 1 else 9, 1) + timedelta(days=rng.randrange(20))
            if started > today:
                continue
            rid = ids.take(InspectionRound)
            rounds.append(
                (
                    rid,
                    f"{j.name}委{year}年第{k}轮巡察",
                    year,
                    number * 10 + k,
                    RoundKind.REGULAR if k == 1 else RoundKind.SPECIAL,
                    started,
                    j.handler,
                    datetime.combine(started, time(9), tzinfo=tz),
                )
            )
            gid = ids.take(InspectionGroup)
            groups.append((gid, rid, "第一巡察组"))
            for unit in rng.sample(inspected, k=min(n_targets, len(inspected))):
                tid = ids.take(InspectedOrganisation)
                left = started + timedelta(days=30)
                feedback = left + timedelta(days=rng.randint(20, 40))
                due = feedback + timedelta(days=61)
                fed = feedback <= today
                submitted = later(rng, feedback, 45, 75) if fed else None
                targets.append(
                    (
                        tid,
                        rid,
                        gid,
                        unit,
                        started,
                        left if left <= today else None,
                        feedback if fed else None,
                        due if fed else None,
                        submitted if submitted and submitted <= today else None,
                    )
                )
                if not fed:
                    continue
                for _f in range(FINDINGS_PER_TARGET):
                    fid = ids.take(Finding)
                    findings.append(
                        (
                            fid,
                            tid,
                            rng.choice(FindingCategory.values),
                            "存在制度执行不严、监督管理缺位等问题。",
                            datetime.combine(feedback, time(10), tzinfo=tz),
                        )
                    )
                    for seq in (1, 2):
                        deadline = later(rng, feedback, 30, 180)
                        done = later(rng, feedback, 20, 200)
                        status, completed, closed = ItemStatus.IN_PROGRESS, None, None
                        if done <= today:
                            status, completed = ItemStatus.DONE, done
                            check = later(rng, done, 5, 40)
                            if check <= today:
                                status, closed = ItemStatus.CLOSED, check
                        items.append(
                            (
                                fid,
                                seq,
                                rng.choice(MEASURES),
                                unit,
                                "单位主要负责人",
                                deadline,
                                status,
                                completed,
                                closed,
                                datetime.combine(feedback, time(11), tzinfo=tz),
                            )
                        )
    counts["inspection rounds"] = write(
        InspectionRound,
        ["id", "name", "year", "ordinal", "kind", "started_on", "created_by_id", "created_at"],
        rounds,
    )
    write(InspectionGroup, ["id", "round_id", "name"], groups)
    write(
        InspectedOrganisation,
        [
            "id",
            "round_id",
            "group_id",
            "unit_id",
            "entered_on",
            "left_on",
            "feedback_on",
            "report_due_on",
            "report_submitted_on",
        ],
        targets,
    )
    write(Finding, ["id", "target_id", "category", "description", "created_at"], findings)
    counts["rectification items"] = write(
        RectificationItem,
        [
            "finding_id",
            "seq",
            "measures",
            "responsible_unit_id",
            "responsible_person",
            "deadline",
            "status",
            "completed_on",
            "closed_on",
            "created_at",
        ],
        items,
    )

    documents, tasks, owners = [], [], []
    owners_pool = j.departments + j.towns + j.teams
    n_docs = max(1, round(DOCUMENTS_PER_YEAR * min(1.0, fraction * 20)))
    for year in (2024, 2025, 2026):
        for k in range(n_docs):
            issued = date(year, 1 + k * 12 // n_docs, 1) + timedelta(days=rng.randrange(25))
            if issued > today:
                continue
            did = ids.take(DirectiveDocument)
            at = datetime.combine(issued, time(15), tzinfo=tz)
            documents.append(
                (
                    did,
                    f"{j.name}委{year}年第{k + 1}次全会工作部署",
                    "speech",
                    issued,
                    j.commission,
                    "全文略。",
                    "published",
                    at,
                    j.handler,
                    at,
                )
            )
            for pos in range(TASKS_PER_DOCUMENT):
                tid = ids.take(Task)
                due = later(rng, issued, 30, 240)
                finish = later(rng, issued, 20, 300)
                status, progress, closed_at = "in_progress", rng.choice((0, 30, 50, 80)), None
                if finish <= today:
                    status, progress = "completed", 100
                    if rng.random() < 0.8:
                        status = "closed"
                        closed_at = datetime.combine(finish, time(16), tzinfo=tz)
                title = TASKS[pos % len(TASKS)]
                tasks.append(
                    (
                        tid,
                        did,
                        pos + 1,
                        f"{pos + 1}",
                        f"{pos + 1}.",
                        title,
                        title + "。",
                        0,
                        len(title),
                        due,
                        status,
                        progress,
                        closed_at,
                    )
                )
                for unit in rng.sample(owners_pool, k=min(rng.choice((1, 2, 3)), len(owners_pool))):
                    owners.append((tid, unit))
    counts["directive documents"] = write(
        DirectiveDocument,
        [
            "id",
            "title",
            "kind",
            "document_date",
            "issuer_unit_id",
            "text",
            "status",
            "published_at",
            "created_by_id",
            "created_at",
        ],
        documents,
    )
    counts["directive tasks"] = write(
        Task,
        [
            "id",
            "document_id",
            "position",
            "path",
            "citation",
            "title",
            "source_text",
            "source_start",
            "source_end",
            "due_date",
            "status",
            "progress",
            "closed_at",
        ],
        tasks,
    )
    write(TaskOwner, ["task_id", "unit_id"], owners)
    return counts


def later(rng: random.Random, d: date, lo: int, hi: int) -> date:
    return d + timedelta(days=rng.randint(lo, hi))
