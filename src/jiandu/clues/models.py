"""Clues (问题线索): register, routing, the four dispositions and their outcomes, with
their legal time limits. Rules and the state machine: ``jiandu.clues.rules``."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiandu.core.approvals import Approval
from jiandu.core.deadlines import Deadline
from jiandu.core.scoping import ScopedQuerySet


class ClueSource(models.TextChoices):
    REPORT = "report", "信访举报"
    INSPECTION = "inspection", "巡视巡察移交"
    AUDIT = "audit", "审计移送"
    LAW_ENFORCEMENT = "law_enforcement", "执法司法机关移送"
    HIGHER = "higher", "上级交办"
    OTHER_BODY = "other_body", "其他监督机关移送"
    OWN = "own", "本机关发现"
    CROSSCHECK = "crosscheck", "大数据比对"
    SURRENDER = "surrender", "主动投案"


class ClueStatus(models.TextChoices):
    REGISTERED = "registered", "待分办"
    ROUTING_PROPOSED = "routing_proposed", "分办待审批"
    ASSIGNED = "assigned", "待承办单位接收"
    ACCEPTED = "accepted", "待处置"
    DISPOSITION_PROPOSED = "disposition_proposed", "处置方式待审批"
    INQUIRY = "inquiry", "谈话函询中"
    VERIFICATION = "verification", "初步核实中"
    SHELVED = "shelved", "暂存待查"
    PENDING_CASE = "pending_case", "拟立案"
    CASE_FILED = "case_filed", "已立案"
    TRANSFERRED = "transferred", "已移送"
    CLOSED = "closed", "已了结"


class Disposition(models.TextChoices):
    """[规则] 21 and [条例] 174 (transfer to the investigation department)."""

    INQUIRY = "inquiry", "谈话函询"
    VERIFICATION = "verification", "初步核实"
    SHELVE = "shelve", "暂存待查"
    CLOSE = "close", "予以了结"
    CASE = "case", "转立案审查调查"
    TRANSFER = "transfer", "移送党组织或有关机关"


class InquiryMode(models.TextChoices):
    TALK = "talk", "谈话"
    DELEGATED_TALK = "delegated_talk", "委托谈话"
    LETTER = "letter", "函询"


class CloseKind(models.TextChoices):
    DIRECT = "direct", "直接了结"
    AFTER_CHECK = "after_check", "查否了结"


class VerificationResult(models.TextChoices):
    """The outcome of verification (or of an inquiry's reply)."""

    UNFOUNDED = "unfounded", "失实"
    PARTLY_TRUE = "partly_true", "部分属实"
    TRUE = "true", "属实"
    UNVERIFIABLE = "unverifiable", "无法查实"
    FALSE_ACCUSATION = "false_accusation", "诬告陷害"


class ClueQuerySet(ScopedQuerySet):
    scope_domain = "clues"
    scope_lookups = ("handling_unit", "subject_unit")


class Clue(models.Model):
    number = models.CharField("线索编号", max_length=30, unique=True)
    source = models.CharField("线索来源", max_length=20, choices=ClueSource.choices, db_index=True)
    reports = models.ManyToManyField(
        "intake.Report", verbose_name="来源信访件", blank=True, related_name="clues"
    )
    received_on = models.DateField("收到日期", db_index=True)
    summary = models.TextField("主要问题")
    transfer_ref = models.CharField("移交文号", max_length=60, blank=True)
    subject_cadre = models.ForeignKey(
        "org.Cadre",
        verbose_name="被反映人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clues",
    )
    subject_name = models.CharField("被反映人姓名", max_length=40)
    subject_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="被反映人单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_title = models.CharField("职务", max_length=60, blank=True)
    subject_rank = models.CharField("职级", max_length=16, blank=True)
    categories = models.ManyToManyField("core.ProblemCategory", verbose_name="问题类别", blank=True)
    status = models.CharField(
        "状态",
        max_length=24,
        choices=ClueStatus.choices,
        default=ClueStatus.REGISTERED,
        db_index=True,
    )
    handling_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clues",
    )
    proposed_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="拟分办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report_upward = models.BooleanField("需向上级报告", default=False)
    report_upward_reason = models.CharField("报告上级原因", max_length=200, blank=True)
    disposition = models.CharField(
        "处置方式", max_length=16, choices=Disposition.choices, blank=True, db_index=True
    )
    proposed_disposition = models.CharField(
        "拟处置方式", max_length=16, choices=Disposition.choices, blank=True
    )
    inquiry_mode = models.CharField(
        "谈话函询方式", max_length=16, choices=InquiryMode.choices, blank=True
    )
    inquiry_round = models.PositiveSmallIntegerField("谈话函询次数", default=0)
    finding = models.CharField(
        "核查结论", max_length=20, choices=VerificationResult.choices, blank=True
    )
    close_kind = models.CharField("了结方式", max_length=16, choices=CloseKind.choices, blank=True)
    closed_on = models.DateField("了结日期", null=True, blank=True, db_index=True)
    # The dated events the statistics count (DOMAIN.md §9), each written once by the
    # service of its step and never changed after, so that a past period recounts the
    # same: the first disposition approved (its date and method), the first time the clue
    # was shelved, put to preliminary verification, and the case filed from it.
    disposed_on = models.DateField("首次处置批准日期", null=True, blank=True, db_index=True)
    disposed_method = models.CharField(
        "首次处置方式", max_length=16, choices=Disposition.choices, blank=True
    )
    shelved_on = models.DateField("暂存待查日期", null=True, blank=True, db_index=True)
    verified_on = models.DateField("转初步核实日期", null=True, blank=True, db_index=True)
    filed_on = models.DateField("立案日期", null=True, blank=True, db_index=True)
    transferred_to = models.CharField("移送至", max_length=100, blank=True)
    verification_extended = models.BooleanField("初核已延期", default=False)
    verification_plan = models.TextField("初步核实工作方案", blank=True)
    verification_team = models.CharField("核查组成员", max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ClueQuerySet.as_manager()

    class Meta:
        verbose_name = "问题线索"
        verbose_name_plural = "问题线索"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["handling_unit", "status"]),
            models.Index(fields=["subject_unit", "status"]),
            models.Index(fields=["status", "received_on"]),
            models.Index(fields=["subject_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("clues:clue_detail", args=(self.pk,))

    @property
    def cleared(self) -> bool:
        """澄清正名 done: a clearing of this clue carried out ([检举控告规则] 50). Not a flag
        any more: the ``Clarification`` process says it."""
        return self.clarifications.filter(status__in=("carried_out", "closed")).exists()


class ClueDeadlineKind(models.TextChoices):
    DISPOSITION = "disposition", "提出处置意见"  # [规则] 21: 1 month from receipt
    INQUIRY_REPLY = "inquiry_reply", "函询回复"  # [规则] 29: 15 working days
    TALK_EXPLANATION = "talk_explanation", "谈话书面说明"  # [条例] 72: 15 working days
    DELEGATED_TALK = "delegated_talk", "委托谈话"  # [条例] 72: 15 working days from the 委托函
    INQUIRY_REPORT = "inquiry_report", "谈话函询情况报告"  # [规则] 30: 1 month
    INSPECTION_FEEDBACK = "inspection_feedback", "巡察移交线索反馈"  # [巡视条例] 29: 3 months
    VERIFICATION = "verification", "初步核实"  # policy default
    SHELVE_REVIEW = "shelve_review", "暂存线索复查"  # policy default


class ClueDeadline(Deadline):
    """A time limit of a clue (``core.deadlines``): fixed with the legal calendar when
    its clock starts; "overdue" and "due soon" are derived when read."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField("时限", max_length=24, choices=ClueDeadlineKind.choices)
    due_on = models.DateField("到期日", db_index=True)
    basis = models.CharField("依据", max_length=80)

    # Counted in working days: the reply to an inquiry letter ([规则] 29), the written
    # explanation after a talk and the delegated talk itself ([条例] 72).
    working_day_kinds = frozenset(
        {
            ClueDeadlineKind.INQUIRY_REPLY,
            ClueDeadlineKind.TALK_EXPLANATION,
            ClueDeadlineKind.DELEGATED_TALK,
        }
    )

    class Meta(Deadline.Meta):
        verbose_name = "线索时限"
        verbose_name_plural = "线索时限"
        indexes = [
            # Running deadlines by due date (workbench, "overdue" filter): a partial index,
            # so that a page's own deadlines are fetched through (clue, met_on) instead.
            models.Index(
                fields=["due_on"],
                condition=models.Q(met_on__isnull=True),
                name="clue_deadline_running_due",
            ),
            models.Index(fields=["clue", "met_on"], name="clue_deadline_clue_met"),
        ]

    def __str__(self) -> str:
        return f"{self.clue.number} {self.get_kind_display()} {self.due_on}"


class ClueApproval(Approval):
    """Who proposed and who approved a step of a clue, and when ([规则] 23, 25); the
    rule "the proposer never approves" is ``core.approvals``'."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="approvals")
    step = models.CharField("事项", max_length=30)
    proposal = models.CharField("拟办意见", max_length=200)
    proposed_at = models.DateTimeField(auto_now_add=True)

    approve_capability = "clues.approve"
    owner_field = "clue"

    class Meta(Approval.Meta):
        verbose_name = "审批记录"
        verbose_name_plural = "审批记录"
        # The statistics count a step on the day it was decided (clues disposed by
        # method: the disposition's approval date, DOMAIN.md §9).
        indexes = [models.Index(fields=["step", "decided_at"], name="clue_approval_step_decided")]

    def __str__(self) -> str:
        return f"{self.clue.number} {self.step}"


class FirstFormMeasureKind(models.TextChoices):
    """First-form measures (DOMAIN.md §6; codes shared with the cases module)."""

    TALK_REMINDER = "first_talk_reminder", "谈话提醒"
    CRITICISM = "first_criticism", "批评教育"
    WRITTEN_SELF_CRITICISM = "first_written_self_criticism", "责令检查"
    ADMONITION = "first_admonition", "诫勉"


class FirstFormMeasureQuerySet(ScopedQuerySet):
    """Seen by whoever sees the clue."""

    scope_domain = "clues"
    scope_lookups = ("clue__handling_unit", "clue__subject_unit")


class FirstFormMeasure(models.Model):
    clue = models.ForeignKey(Clue, on_delete=models.PROTECT, related_name="measures")
    cadre = models.ForeignKey(
        "org.Cadre", null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    person_name = models.CharField("姓名", max_length=40)
    kind = models.CharField("措施", max_length=32, choices=FirstFormMeasureKind.choices)
    decided_on = models.DateField("决定日期", db_index=True)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = FirstFormMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = "第一种形态处理"
        verbose_name_plural = "第一种形态处理"
        ordering = ["-decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.person_name} {self.get_kind_display()}"


# --- 澄清正名 and 诬告陷害: two small processes on a clue (``jiandu.clues.clearing_rules``) ---


class ClarificationStatus(models.TextChoices):
    PROPOSED = "proposed", "待主要负责人审批"
    APPROVED = "approved", "已批准待澄清"
    CARRIED_OUT = "carried_out", "已澄清"
    CLOSED = "closed", "已办结"
    REJECTED = "rejected", "未批准"


class ClarificationScope(models.TextChoices):
    """How far the clearing reaches ([检举控告规则] 50 (一)–(三))."""

    PERSON = "person", "向本人及所在单位党委（党组）主要负责人说明"  # 50 (一)
    COMMITTEE = "committee", "向所在单位党委（党组）通报"  # 50 (二)
    UNIT = "unit", "在所在单位范围内通报"  # 50 (三) 一定范围
    SYSTEM = "system", "在所在系统范围内通报"  # 50 (三)
    PUBLIC = "public", "公开通报"  # 50 (三)


class ClarificationWay(models.TextChoices):
    MEETING = "meeting", "会议通报"
    WRITTEN = "written", "书面（发函）"
    TALK = "talk", "谈话（当面说明）"


class ClarificationQuerySet(ScopedQuerySet):
    """Seen by whoever sees the clue."""

    scope_domain = "clues"
    scope_lookups = ("clue__handling_unit", "clue__subject_unit")


class Clarification(models.Model):
    """澄清正名 ([检举控告规则] 50): a report found false is cleared, on the approval of
    the commission's principal leader, in the way and within the scope approved."""

    clue = models.ForeignKey(Clue, on_delete=models.PROTECT, related_name="clarifications")
    status = models.CharField(
        "状态",
        max_length=16,
        choices=ClarificationStatus.choices,
        default=ClarificationStatus.PROPOSED,
        db_index=True,
    )
    person_name = models.CharField("澄清对象", max_length=40)
    person_title = models.CharField("单位职务", max_length=100, blank=True)
    facts = models.TextField("经核查失实的问题")
    # Both required by the service; empty only on a clearing carried over from the flag.
    scope = models.CharField(
        "通报范围", max_length=16, choices=ClarificationScope.choices, blank=True
    )
    way = models.CharField("澄清方式", max_length=16, choices=ClarificationWay.choices, blank=True)
    # Empty only on a clearing carried over from the former 澄清正名 flag (migration 0007).
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField("提出日期")
    approved_on = models.DateField("批准日期", null=True, blank=True)
    letter_number = models.CharField("澄清函文号", max_length=60, blank=True)
    carried_out_on = models.DateField("澄清日期", null=True, blank=True)
    carried_out_note = models.CharField("澄清情况", max_length=300, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)

    objects = ClarificationQuerySet.as_manager()

    class Meta:
        verbose_name = "澄清正名"
        verbose_name_plural = "澄清正名"
        ordering = ["-proposed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.clue.number} 澄清正名 {self.person_name}"


class FalseAccusationStatus(models.TextChoices):
    PROPOSED = "proposed", "待本委审核"
    SUBMITTED = "submitted", "已报上级待批"
    APPROVED = "approved", "已批准认定"
    FOLLOWED_UP = "followed_up", "已处理诬告陷害人"
    CLOSED = "closed", "已办结"
    DROPPED = "dropped", "不予认定"


class FollowUpKind(models.TextChoices):
    """What is done with the false reporter ([检举控告规则] 40: 依规依纪依法严肃处理，
    或者移交有关机关依法处理)."""

    PARTY_DISCIPLINE = "party_discipline", "党纪处分"
    GOV_SANCTION = "gov_sanction", "政务处分"
    ORGANISATIONAL = "organisational", "组织处理"
    PARTY_ORGANISATION = "party_organisation", "移交所在党组织处理"
    PUBLIC_SECURITY = "public_security", "移送公安机关依法处理"


class FalseAccusationQuerySet(ScopedQuerySet):
    """Seen by whoever sees the clue."""

    scope_domain = "clues"
    scope_lookups = ("clue__handling_unit", "clue__subject_unit")


class FalseAccusation(models.Model):
    """诬告陷害的认定和查处 ([检举控告规则] 39–45). The false reporter is named by the
    report found false (``report``, one of the clue's): the reporter's identity stays
    encrypted in that report and is read only as the reports' access rules allow (the
    petition office, or a 查阅申请 approved by a second person); this record never
    copies it."""

    clue = models.ForeignKey(Clue, on_delete=models.PROTECT, related_name="false_accusations")
    status = models.CharField(
        "状态",
        max_length=16,
        choices=FalseAccusationStatus.choices,
        default=FalseAccusationStatus.PROPOSED,
        db_index=True,
    )
    evidence = models.TextField("捏造事实、伪造材料的证据")
    report = models.ForeignKey(
        "intake.Report",
        verbose_name="诬告陷害的信访件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reporter_identified = models.BooleanField("诬告陷害人已查明", default=False)
    aggravating = models.CharField("从重情节", max_length=300, blank=True)  # 41
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField("提出日期")
    submitted_on = models.DateField("报批日期", null=True, blank=True)
    approving_body = models.CharField("批准机关", max_length=100, blank=True)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    approval_ref = models.CharField("批准文号", max_length=60, blank=True)
    follow_up_kind = models.CharField(
        "对诬告陷害人的处理", max_length=24, choices=FollowUpKind.choices, blank=True
    )
    follow_up_on = models.DateField("处理日期", null=True, blank=True)
    handed_to = models.CharField("移交机关或党组织", max_length=100, blank=True)
    follow_up_note = models.CharField("处理情况", max_length=300, blank=True)
    exposed = models.BooleanField("作为典型案件通报曝光", default=False)  # 42
    correction = models.CharField("建议纠正的不当利益", max_length=200, blank=True)  # 43
    care_done = models.BooleanField("已对被诬告人开展谈心谈话", default=False)  # 44
    closed_on = models.DateField("办结日期", null=True, blank=True)
    dropped_reason = models.CharField("不予认定理由", max_length=300, blank=True)

    objects = FalseAccusationQuerySet.as_manager()

    class Meta:
        verbose_name = "诬告陷害查处"
        verbose_name_plural = "诬告陷害查处"
        ordering = ["-proposed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.clue.number} 诬告陷害查处"


class ClueDuplicateReport(models.Model):
    """A report confirmed as a duplicate (重复件) of a report this clue came from: it is
    attached here, never turned into a clue of its own (DOMAIN.md §2). The handling unit
    is told on its workbench until someone of the unit marks it read (``noted_at``)."""

    clue = models.ForeignKey(
        Clue, verbose_name="问题线索", on_delete=models.CASCADE, related_name="duplicate_links"
    )
    report = models.OneToOneField(
        "intake.Report",
        verbose_name="重复件",
        on_delete=models.PROTECT,
        related_name="duplicate_clue_link",
    )
    original = models.ForeignKey(
        "intake.Report",
        verbose_name="所重复的信访件",
        on_delete=models.PROTECT,
        related_name="+",
    )
    attached_at = models.DateTimeField("并入时间")
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    noted_at = models.DateTimeField("承办单位已阅", null=True, blank=True)
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "并入线索的重复件"
        verbose_name_plural = "并入线索的重复件"
        ordering = ["attached_at", "id"]

    def __str__(self) -> str:
        return f"{self.clue.number} ← {self.report.number}"
