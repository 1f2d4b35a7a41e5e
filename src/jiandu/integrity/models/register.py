"""The register part of the integrity file (廉政档案): what the organisation register
lacks. Each record belongs to one cadre and is scoped as the cadre is (the units of the
cadre's current posts, domain "org"): a user sees the records of the cadres they may see.

- ``PersonalDeclaration`` 个人有关事项报告: one per cadre and year, each year kept;
- ``IntegrityTalk`` 廉政谈话 / 提醒谈话 / 任前廉政谈话;
- ``DutyReport`` 述责述廉; ``GiftHandIn`` 礼品礼金上交;
- ``FamilyEventReport`` 婚丧喜庆事宜报告; ``Commendation`` 表彰奖励.

The sections of a declaration (relatives abroad, relatives' businesses, real estate,
investments) are JSON lists of items with the fixed keys of ``DECLARATION_SECTIONS``:
a declaration is one document reported as a whole for one year, its items have no
identity of their own and nothing queries them across declarations (the queryable
facts — relatives, company roles — are the register's ``Relative`` and
``CompanyPerson``); one row per year keeps the year's declaration whole, and the fixed
keys render it as a table per section.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from jiandu.core.scoping import ScopedQuerySet

# section → (Chinese title, ((item key, column header), ...)); every item of a section is
# a dict with these keys (text values, "" when not given).
DECLARATION_SECTIONS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "relatives_abroad": (
        "配偶、子女移居国（境）外情况",
        (
            ("relation", "关系"),
            ("name", "姓名"),
            ("country", "移居国家（地区）"),
            ("status", "移居类别"),
        ),
    ),
    "relatives_business": (
        "配偶、子女及其配偶经商办企业情况",
        (
            ("relation", "关系"),
            ("name", "姓名"),
            ("company", "企业名称"),
            ("role", "职务或出资情况"),
        ),
    ),
    "real_estate": (
        "房产情况",
        (
            ("owner", "产权人"),
            ("address", "房产地址"),
            ("area", "建筑面积（平方米）"),
            ("use", "房产性质"),
        ),
    ),
    "investments": (
        "投资情况（股票、基金、投资型保险等）",
        (("owner", "持有人"), ("kind", "类别"), ("name", "名称"), ("amount", "金额（万元）")),
    ),
}


class RegisterRecordQuerySet(ScopedQuerySet):
    """A record belongs to the units of its cadre's current posts (as ``Cadre`` does)."""

    scope_domain = "org"

    def scope_condition(self, unit_ids: frozenset[int]) -> Q:
        from jiandu.org.models import Post

        posts = Post.objects.current().filter(cadre=OuterRef("cadre"), unit__in=list(unit_ids))
        return Q(Exists(posts))


class CadreRecord(models.Model):
    """What every register record has: its cadre and who entered it, when."""

    cadre = models.ForeignKey(
        "org.Cadre", verbose_name="干部", on_delete=models.CASCADE, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = RegisterRecordQuerySet.as_manager()

    class Meta:
        abstract = True


class MaritalStatus(models.TextChoices):
    UNMARRIED = "unmarried", "未婚"
    MARRIED = "married", "已婚"
    DIVORCED = "divorced", "离异"
    WIDOWED = "widowed", "丧偶"


class PersonalDeclaration(CadreRecord):
    """个人有关事项报告: the annual declaration; one per cadre and year."""

    year = models.PositiveSmallIntegerField("报告年度")
    reported_on = models.DateField("报告日期")
    marital_status = models.CharField("婚姻状况", max_length=16, choices=MaritalStatus.choices)
    marriage_changes = models.CharField("婚姻变化情况", max_length=200, blank=True)
    relatives_abroad = models.JSONField("配偶、子女移居国（境）外情况", default=list, blank=True)
    relatives_business = models.JSONField(
        "配偶、子女及其配偶经商办企业情况", default=list, blank=True
    )
    real_estate = models.JSONField("房产情况", default=list, blank=True)
    investments = models.JSONField("投资情况", default=list, blank=True)
    notes = models.TextField("其他需要报告的事项", blank=True)

    class Meta:
        verbose_name = "个人有关事项报告"
        verbose_name_plural = "个人有关事项报告"
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year"], name="uniq_declaration_cadre_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}年度个人有关事项报告"


class TalkKind(models.TextChoices):
    INTEGRITY = "integrity", "廉政谈话"
    REMINDER = "reminder", "提醒谈话"
    PRE_APPOINTMENT = "pre_appointment", "任前廉政谈话"


class IntegrityTalk(CadreRecord):
    kind = models.CharField("谈话类别", max_length=20, choices=TalkKind.choices, db_index=True)
    talked_on = models.DateField("谈话日期")
    talked_by_name = models.CharField("谈话人", max_length=40)
    talked_by_unit = models.CharField("谈话人单位及职务", max_length=100, blank=True)
    summary = models.TextField("谈话内容摘要")

    class Meta:
        verbose_name = "廉政谈话"
        verbose_name_plural = "廉政谈话"
        ordering = ["-talked_on", "-id"]
        indexes = [models.Index(fields=["cadre", "kind", "talked_on"])]

    def __str__(self) -> str:
        return self.get_kind_display()


class DutyReportForm(models.TextChoices):
    WRITTEN = "written", "书面述责述廉"
    MEETING = "meeting", "会议述责述廉"


class DutyRating(models.TextChoices):
    GOOD = "good", "好"
    FAIRLY_GOOD = "fairly_good", "较好"
    AVERAGE = "average", "一般"
    POOR = "poor", "差"


class DutyReport(CadreRecord):
    """述责述廉: the cadre's yearly account of their duties and integrity."""

    year = models.PositiveSmallIntegerField("年度")
    reported_on = models.DateField("述责述廉日期")
    form = models.CharField("形式", max_length=16, choices=DutyReportForm.choices)
    rating = models.CharField("测评结果", max_length=16, choices=DutyRating.choices, blank=True)
    remarks = models.TextField("评议意见", blank=True)

    class Meta:
        verbose_name = "述责述廉"
        verbose_name_plural = "述责述廉"
        ordering = ["-year", "-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.year}年度述责述廉"


class GiftHandling(models.TextChoices):
    TURNED_OVER = "turned_over", "上交纪检监察机关"
    RETURNED = "returned", "退还"
    TREASURY = "treasury", "上缴国库"
    AUCTIONED = "auctioned", "拍卖（变卖）后上缴"
    OTHER = "other", "其他"


class GiftHandIn(CadreRecord):
    """礼品礼金上交: gifts or money the cadre could not refuse and turned in."""

    handed_in_on = models.DateField("上交日期")
    description = models.CharField("礼品礼金名称", max_length=200)
    value = models.DecimalField("价值（元）", max_digits=12, decimal_places=2)
    handling = models.CharField("处理方式", max_length=16, choices=GiftHandling.choices)
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "礼品礼金上交"
        verbose_name_plural = "礼品礼金上交"
        ordering = ["-handed_in_on", "-id"]

    def __str__(self) -> str:
        return f"上交{self.description}"


class FamilyEventKind(models.TextChoices):
    WEDDING = "wedding", "婚嫁"
    FUNERAL = "funeral", "丧葬"
    OTHER = "other", "其他喜庆事宜"


class FamilyEventReport(CadreRecord):
    """婚丧喜庆事宜报告: an event the cadre holds, reported to the commission."""

    kind = models.CharField("事宜类别", max_length=16, choices=FamilyEventKind.choices)
    event_on = models.DateField("举办日期")
    scale = models.CharField("规模", max_length=100, blank=True)
    guests = models.PositiveIntegerField("邀请人数", null=True, blank=True)
    reported_on = models.DateField("报告日期")
    reported_before = models.BooleanField("事前报告", default=True)

    class Meta:
        verbose_name = "婚丧喜庆事宜报告"
        verbose_name_plural = "婚丧喜庆事宜报告"
        ordering = ["-event_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}事宜报告"


class Commendation(CadreRecord):
    awarded_on = models.DateField("表彰日期")
    title = models.CharField("表彰奖励名称", max_length=200)
    awarded_by = models.CharField("授予机关", max_length=100)

    class Meta:
        verbose_name = "表彰奖励"
        verbose_name_plural = "表彰奖励"
        ordering = ["-awarded_on", "-id"]

    def __str__(self) -> str:
        return self.title
