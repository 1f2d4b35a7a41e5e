"""Cases (案件): filing, one track per person through the stages, time limits,
detention, stage documents with every version, decisions and their measures,
recommendations, 以案促改 items and follow-up visits. Rules: ``jiandu.cases.rules``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from jiandu.cases.rules.measures import IncidentKind, MeasureKind
from jiandu.cases.rules.property import PropertyKind, PropertyMeasure, PropertyState
from jiandu.cases.rules.stages import AppealKind, CaseDeadlineKind, CaseKind, Stage
from jiandu.core.approvals import Approval
from jiandu.core.deadlines import Deadline
from jiandu.core.scoping import ScopedQuerySet


class CaseQuerySet(ScopedQuerySet):
    """A case is seen by its lead unit, its co-handling units (室组地联合办案) and, once
    referred, the review office (each with the units that see their work through the
    liaison relation); leaders and the case management office see every case."""

    scope_domain = "cases"

    def scope_condition(self, unit_ids: frozenset[int]) -> Q:
        ids = list(unit_ids)
        co = Case.co_units.through.objects.filter(case_id=OuterRef("pk"), unit_id__in=ids)
        return Q(lead_unit_id__in=ids) | Q(review_unit_id__in=ids) | Q(Exists(co))


class Case(models.Model):
    number = models.CharField("案件编号", max_length=30, unique=True)
    kind = models.CharField("立案方式", max_length=16, choices=CaseKind.choices)
    title = models.CharField("案由", max_length=200)
    summary = models.TextField("主要问题")
    clue = models.OneToOneField(
        "clues.Clue",
        verbose_name="来源线索",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    supervision_law = models.BooleanField(
        "监察立案", default=True, help_text="涉嫌职务违法犯罪，依照监察法调查（适用调查期限）"
    )
    target_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="被立案单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_unit = models.ForeignKey(
        "org.Unit", verbose_name="主办单位", on_delete=models.PROTECT, related_name="led_cases"
    )
    co_units = models.ManyToManyField(
        "org.Unit", verbose_name="协办单位", blank=True, related_name="co_handled_cases"
    )
    review_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="审理部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_cases",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="包案领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_cases",
    )
    investigators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="审查调查人员",
        blank=True,
        related_name="investigated_cases",
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="审理人员", blank=True, related_name="reviewed_cases"
    )
    categories = models.ManyToManyField("core.ProblemCategory", verbose_name="问题类别", blank=True)
    proposed_on = models.DateField("呈批日期", db_index=True)
    filed_on = models.DateField("立案日期", null=True, blank=True, db_index=True)
    # 指定管辖: the higher commission designated this unit to handle the case ([规则] 22;
    # counted for the lead unit, shown apart from 自办 in the statistics, DOMAIN.md §9).
    designated = models.BooleanField("指定管辖", default=False)
    # 结案: the day the last of its tracks was closed (结案 or 撤销案件); set once, kept when
    # a track later reopens on appeal, so a past period's figure does not change.
    closed_on = models.DateField("结案日期", null=True, blank=True, db_index=True)
    investigation_extended = models.BooleanField("调查期限已延长", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-proposed_on", "-id"]
        indexes = [models.Index(fields=["lead_unit", "proposed_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:case_detail", args=(self.pk,))


class CasePerson(models.Model):
    """One person's (or, in a 单位立案, the organisation's) track through the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    cadre = models.ForeignKey(
        "org.Cadre",
        verbose_name="干部",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_tracks",
    )
    is_unit = models.BooleanField("单位", default=False)
    name = models.CharField("姓名（名称）", max_length=100, db_index=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="所在单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("职务", max_length=60, blank=True)
    rank = models.CharField("职级", max_length=16, blank=True, db_index=True)
    is_party_member = models.BooleanField("中共党员", default=True)
    is_village_staff = models.BooleanField("村（社区）干部", default=False)
    amount_involved = models.DecimalField(
        "涉案金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    amount_recovered = models.DecimalField(
        "追缴金额（元）", max_digits=14, decimal_places=2, default=0
    )
    stage = models.CharField(
        "阶段", max_length=32, choices=Stage.choices, default=Stage.PROPOSED, db_index=True
    )
    stage_since = models.DateField("进入本阶段日期")
    prosecution_returns = models.PositiveSmallIntegerField("检察机关退回补充调查次数", default=0)
    review_extensions = models.PositiveSmallIntegerField("审理延期次数", default=0)
    execution_months = models.PositiveSmallIntegerField("执行期限（月）", default=1)
    appeal_kind = models.CharField(
        "申诉类别", max_length=16, choices=AppealKind.choices, blank=True
    )
    # The first referral to the procuratorate ([规则] 57); a resubmission after a
    # supplementary investigation keeps it.
    referred_on = models.DateField("移送检察机关日期", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "被审查调查人"
        verbose_name_plural = "被审查调查人"
        ordering = ["case", "id"]
        indexes = [models.Index(fields=["case", "stage"])]

    def __str__(self) -> str:
        return self.name


class CaseApproval(Approval):
    """Who proposed and who approved a step, and when ([规则] 38: the filing is approved
    by the commission's principal leader; extensions by whoever the rule names, cited
    by ``approval_ref``). The proposer never approves (``core.approvals``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    person = models.ForeignKey(
        CasePerson, null=True, blank=True, on_delete=models.CASCADE, related_name="approvals"
    )
    approval_ref = models.CharField("批准文件", max_length=100, blank=True)

    self_approval_message = "拟办人不能审批自己的呈批"
    approve_capability = "cases.approve"
    owner_field = "case"

    class Meta(Approval.Meta):
        verbose_name = "案件审批记录"
        verbose_name_plural = "案件审批记录"
        indexes = [models.Index(fields=["step", "decided_at"], name="case_approval_step_decided")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.step}"


class CaseDeadline(Deadline):
    """A time limit of a case or one track (``core.deadlines``), fixed with the legal
    calendar when its clock started. A review clock is paused during a supplementary
    investigation ([条例] 197): ``paused_on`` while it stands still; on resumption the
    due date moves by the days paused."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    person = models.ForeignKey(
        CasePerson, null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    kind = models.CharField("时限", max_length=24, choices=CaseDeadlineKind.choices)
    paused_on = models.DateField("暂停计算日", null=True, blank=True)
    paused_days = models.PositiveIntegerField("已扣除天数", default=0)

    pause_reason = "补充调查中"

    class Meta(Deadline.Meta):
        verbose_name = "案件时限"
        verbose_name_plural = "案件时限"
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(met_on__isnull=True, paused_on__isnull=True),
                name="case_deadline_running_due",
            ),
            models.Index(fields=["case", "met_on"], name="case_deadline_case_met"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()} {self.due_on}"


class Detention(models.Model):
    """A compulsory measure on a track (``kind``): 留置 — 3 months, one extension of 3
    months, never moved for holidays ([监察法] 43; [条例] 285), since 2025-06-01 a second
    extension of 2 months and one recount ([监察法2024]) — or one of the measures the
    2025 law adds: 强制到案 (hours, ``due_at``), 责令候查, 管护 (``jiandu.cases.rules.
    measures``). The unit and the family are told within 24 hours of 留置 or 管护
    ([监察法] 44; [条例] 98): ``notice_due_at`` until ``notified_at`` (or the notice is
    withheld with approval because it would hinder the investigation)."""

    person = models.ForeignKey(CasePerson, on_delete=models.CASCADE, related_name="detentions")
    kind = models.CharField(
        "措施", max_length=16, choices=MeasureKind.choices, default=MeasureKind.DETENTION
    )
    started_on = models.DateField("开始日期")
    started_at = models.DateTimeField("宣布（执行）时间", null=True, blank=True)
    due_on = models.DateField("期满日期", db_index=True)
    due_at = models.DateTimeField("期满时间（按小时计算的）", null=True, blank=True)
    provisional = models.BooleanField("暂按法定节日和双休日推算", default=False)
    extended = models.BooleanField("已延长", default=False)
    second_extended = models.BooleanField("已再延长", default=False)
    serious_offence = models.BooleanField("可能判处十年有期徒刑以上刑罚", default=False)
    recounted_on = models.DateField("重新计算留置时间之日", null=True, blank=True)
    place = models.CharField("场所", max_length=100, blank=True)
    released_on = models.DateField("解除日期", null=True, blank=True)
    notice_due_at = models.DateTimeField("通知单位和家属期限", null=True, blank=True)
    notified_at = models.DateTimeField("通知时间", null=True, blank=True)
    notified_to = models.CharField("通知对象", max_length=100, blank=True)
    notice_withheld = models.CharField("有碍调查暂不通知的情形", max_length=200, blank=True)

    class Meta:
        verbose_name = "强制措施"
        verbose_name_plural = "强制措施"
        ordering = ["-started_on", "id"]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(released_on__isnull=True),
                name="detention_running_due",
            ),
            models.Index(fields=["kind", "started_on"], name="detention_kind_started"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_kind_display()} {self.started_on}"

    @property
    def notice_open(self) -> bool:
        """The 24-hour notice is still owed (not given, not withheld)."""
        return bool(self.notice_due_at) and not self.notified_at and not self.notice_withheld


class SafetyIncident(models.Model):
    """办案安全事故、事件 during a measure ([条例] 103): death, injury, escape …; told to
    the principal leader at once and reported level by level to the National
    Supervisory Commission within 24 hours (``report_due_at``) — recorded here with
    when and to whom."""

    person = models.ForeignKey(
        CasePerson, on_delete=models.CASCADE, related_name="safety_incidents"
    )
    detention = models.ForeignKey(
        Detention,
        verbose_name="措施",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    kind = models.CharField("类别", max_length=16, choices=IncidentKind.choices)
    occurred_at = models.DateTimeField("发生时间")
    description = models.TextField("经过和处置情况")
    principal_told_at = models.DateTimeField("报告主要负责人时间", null=True, blank=True)
    report_due_at = models.DateTimeField("逐级上报期限")
    reported_up_at = models.DateTimeField("上报时间", null=True, blank=True)
    reported_to = models.CharField("上报至", max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "办案安全事故、事件"
        verbose_name_plural = "办案安全事故、事件"
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_kind_display()} {self.occurred_at}"


class CaseDocument(models.Model):
    """A stage document (立案决定书 …) of the case or of one person's track; its content
    is the versions, every one kept."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    person = models.ForeignKey(
        CasePerson, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("文书", max_length=40, db_index=True)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "案件文书"
        verbose_name_plural = "案件文书"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return f"{self.case.number} {self.kind}"


class DocumentVersion(models.Model):
    """One version: generated from the template (a draft) or uploaded (signed)."""

    document = models.ForeignKey(CaseDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版本")
    generated = models.BooleanField("系统生成", default=False)
    signed = models.BooleanField("已签发（上传签署件）", default=False)
    file = models.FileField(upload_to="cases/%Y/%m/")
    filename = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "文书版本"
        verbose_name_plural = "文书版本"
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class DecisionQuerySet(ScopedQuerySet):
    """A decision is seen by whoever sees its case."""

    scope_domain = "cases"

    def scope_condition(self, unit_ids: frozenset[int]) -> Q:
        cases = Case.objects.all()
        return Q(person__case__in=cases.filter(cases.scope_condition(unit_ids)).values("pk"))


class Decision(models.Model):
    """The decision on one person ([规则] 56): its measures; the four form and the
    influence period are derived from them (``jiandu.cases.rules``), never typed. A
    decision changed on appeal is superseded by the new one and kept."""

    person = models.ForeignKey(CasePerson, on_delete=models.PROTECT, related_name="decisions")
    decided_on = models.DateField("决定日期", db_index=True)
    basis = models.TextField("事实与依据", blank=True)
    superseded = models.BooleanField("已被变更", default=False)
    # [政务处分法] 15: the same government sanction for several violations, and the
    # combined period the decision states (``rules.gov_combined_errors``).
    gov_sanction_count = models.PositiveSmallIntegerField("同种政务处分数", default=1)
    gov_period_months = models.PositiveSmallIntegerField("政务处分期（月）", null=True, blank=True)
    # A decision changed on appeal: the day its influence period counts from (the
    # original decision's, unless the new decision says otherwise); empty = decided_on.
    period_from = models.DateField("影响期起算日", null=True, blank=True)
    # The decision this one changed on appeal (申诉、复审、复核); empty for a first decision.
    changes = models.ForeignKey(
        "self",
        verbose_name="变更的原决定",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "处理决定"
        verbose_name_plural = "处理决定"
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.decided_on}"


class DecisionMeasure(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="measures")
    measure = models.CharField("处分或措施", max_length=40, db_index=True)

    class Meta:
        verbose_name = "处分措施"
        verbose_name_plural = "处分措施"
        ordering = ["decision", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "measure"], name="decision_measure_once")
        ]

    def __str__(self) -> str:
        return self.measure


class RecoveryQuerySet(ScopedQuerySet):
    """A recovery is seen by whoever sees its case."""

    scope_domain = "cases"

    def scope_condition(self, unit_ids: frozenset[int]) -> Q:
        cases = Case.objects.all()
        return Q(case__in=cases.filter(cases.scope_condition(unit_ids)).values("pk"))


class Recovery(models.Model):
    """挽回经济损失 as recorded: each change of a person's recovered amount (追缴金额), with
    the day it was recorded (the decision or closing date), so the money recovered in a
    period is counted from dated rows (DOMAIN.md §9). ``amount`` is the change: a
    correction downwards is a negative row on its own date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recoveries")
    person = models.ForeignKey(CasePerson, on_delete=models.CASCADE, related_name="recoveries")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    recovered_on = models.DateField("挽回日期", db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecoveryQuerySet.as_manager()

    class Meta:
        verbose_name = "挽回经济损失"
        verbose_name_plural = "挽回经济损失"
        ordering = ["-recovered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.amount} {self.recovered_on}"


class Appeal(models.Model):
    """An appeal against a decision on one track: a party appeal ([规则] 59), a 复审 or
    a 复核 ([条例] 210–211): when the decision was received, applied for, accepted and
    decided, and the decision it produced when it changed the original."""

    person = models.ForeignKey(CasePerson, on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField("类别", max_length=16, choices=AppealKind.choices)
    decision = models.ForeignKey(
        Decision, verbose_name="被申诉的决定", on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField("收到决定日期", null=True, blank=True)
    applied_on = models.DateField("申请日期")
    accepted_on = models.DateField("受理日期")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    upheld = models.BooleanField("维持原决定", null=True, blank=True)
    result = models.ForeignKey(
        Decision,
        verbose_name="变更后的决定",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "申诉（复审复核）"
        verbose_name_plural = "申诉（复审复核）"
        ordering = ["accepted_on", "id"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_kind_display()} {self.accepted_on}"


class RecommendationStatus(models.TextChoices):
    ISSUED = "issued", "已发出，待回复"
    REPLIED = "replied", "已回复整改情况"
    CLOSED = "closed", "整改到位，已销号"


class Recommendation(models.Model):
    """纪检监察建议书 to a unit about what the case exposed ([监察法] 45), tracked until
    the unit reports its rectification and the commission closes it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recommendations")
    unit = models.ForeignKey("org.Unit", verbose_name="收文单位", on_delete=models.PROTECT)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    content = models.TextField("建议内容")
    issued_on = models.DateField("发出日期")
    reply_due = models.DateField("回复期限")
    replied_on = models.DateField("回复日期", null=True, blank=True)
    reply = models.TextField("整改情况", blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.ISSUED,
        db_index=True,
    )

    class Meta:
        verbose_name = "纪检监察建议书"
        verbose_name_plural = "纪检监察建议书"
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.unit}"


class ReformItem(models.Model):
    """以案促改: a rectification item a case triggers, with owner unit and deadline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reform_items")
    unit = models.ForeignKey("org.Unit", verbose_name="责任单位", on_delete=models.PROTECT)
    description = models.CharField("整改事项", max_length=300)
    due_on = models.DateField("完成期限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    result = models.CharField("完成情况", max_length=300, blank=True)

    class Meta:
        verbose_name = "以案促改事项"
        verbose_name_plural = "以案促改事项"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


class FollowUpForm(models.TextChoices):
    TALK = "talk", "谈心谈话"
    VISIT = "visit", "实地走访"
    PHONE = "phone", "电话回访"
    WRITTEN = "written", "书面了解"


class FollowUp(models.Model):
    """回访: scheduled inside the influence period (policy default: once), recorded with
    its form and findings (DOMAIN.md §4)."""

    person = models.ForeignKey(CasePerson, on_delete=models.CASCADE, related_name="followups")
    planned_on = models.DateField("计划回访日期", db_index=True)
    form = models.CharField("回访形式", max_length=16, choices=FollowUpForm.choices, blank=True)
    done_on = models.DateField("回访日期", null=True, blank=True)
    findings = models.TextField("回访情况", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "回访"
        verbose_name_plural = "回访"
        ordering = ["planned_on", "id"]

    def __str__(self) -> str:
        return f"{self.person.name} 回访 {self.planned_on}"


class CaseProperty(models.Model):
    """涉案财物: money or goods seized (查封), frozen (冻结), detained (扣押) or handed over
    (主动上交) in a case, with its custody, and what became of it: sent with the referral
    to the procuratorate, confiscated (上缴国库) or returned ([条例] 125–133, 208–209;
    states and limits: ``jiandu.cases.rules.property``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="properties")
    person = models.ForeignKey(
        CasePerson,
        verbose_name="涉及人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="properties",
    )
    kind = models.CharField("类别", max_length=16, choices=PropertyKind.choices)
    description = models.CharField("名称及特征", max_length=300)
    quantity = models.CharField("数量", max_length=40, blank=True)
    amount = models.DecimalField(
        "金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    estimated_value = models.DecimalField(
        "估价（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    measure = models.CharField("措施", max_length=16, choices=PropertyMeasure.choices)
    measure_on = models.DateField("采取措施日期")
    holder = models.CharField("持有人", max_length=100, blank=True)
    custody_place = models.CharField("保管地点（账户）", max_length=200, blank=True)
    custodian = models.CharField("保管人（保管部门）", max_length=100, blank=True)
    state = models.CharField(
        "状态",
        max_length=16,
        choices=PropertyState.choices,
        default=PropertyState.HELD,
        db_index=True,
    )
    decided_on = models.DateField("处置决定日期", null=True, blank=True)
    transferred_on = models.DateField("移送日期", null=True, blank=True)
    confiscated_on = models.DateField("上缴国库日期", null=True, blank=True)
    returned_on = models.DateField("退还日期", null=True, blank=True)
    returned_to = models.CharField("退还对象（签收人）", max_length=100, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "涉案财物"
        verbose_name_plural = "涉案财物"
        ordering = ["case", "measure_on", "id"]
        indexes = [models.Index(fields=["case", "state"])]

    def __str__(self) -> str:
        return f"{self.case.number} {self.description}"

    @property
    def value(self):
        """The amount of money, else the estimated value (元)."""
        return self.amount if self.amount is not None else self.estimated_value
