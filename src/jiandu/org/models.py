"""The organisation register: units, liaison, cadres, posts, relatives, companies.

Scope: a row belongs to the unit(s) given by its queryset's ``scope_lookups``; see
``jiandu.core.scoping``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from jiandu.core.scoping import ScopedQuerySet


class UnitKind(models.TextChoices):
    COMMISSION = "commission", "纪委监委"
    PETITION_OFFICE = "petition_office", "信访室"
    CASE_MANAGEMENT_OFFICE = "case_management_office", "案件监督管理室"
    CONDUCT_OFFICE = "conduct_office", "党风政风监督室"
    SUPERVISION_OFFICE = "supervision_office", "纪检监察室"
    REVIEW_OFFICE = "review_office", "审理室"
    INTERNAL_AFFAIRS_OFFICE = "internal_affairs_office", "干部监督室"
    INSPECTION_OFFICE = "inspection_office", "巡察办"
    GENERAL_OFFICE = "general_office", "其他内设机构"
    RESIDENT_TEAM = "resident_team", "派驻纪检监察组"
    TOWNSHIP_COMMISSION = "township_commission", "镇（街道）纪（工）委"
    PARTY_COMMITTEE = "party_committee", "党委机关"
    DEPARTMENT = "department", "县直部门"
    TOWN = "town", "乡镇（街道）"
    SOE = "soe", "国有企业"
    SCHOOL = "school", "学校"
    HOSPITAL = "hospital", "医院"
    VILLAGE = "village", "村（社区）"
    OTHER = "other", "其他单位"


COMMISSION_BODY_KINDS = frozenset(
    {
        UnitKind.COMMISSION,
        UnitKind.PETITION_OFFICE,
        UnitKind.CASE_MANAGEMENT_OFFICE,
        UnitKind.CONDUCT_OFFICE,
        UnitKind.SUPERVISION_OFFICE,
        UnitKind.REVIEW_OFFICE,
        UnitKind.INTERNAL_AFFAIRS_OFFICE,
        UnitKind.INSPECTION_OFFICE,
        UnitKind.GENERAL_OFFICE,
        UnitKind.RESIDENT_TEAM,
        UnitKind.TOWNSHIP_COMMISSION,
    }
)


class UnitQuerySet(ScopedQuerySet):
    scope_domain = "org"
    scope_lookups = ("id",)


class Unit(models.Model):
    name = models.CharField("单位名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    code = models.CharField("单位编码", max_length=32, unique=True)
    kind = models.CharField("类别", max_length=32, choices=UnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("有效", default=True)
    # How the unit signs the official documents it issues (a commission: the case
    # documents of every unit under it, ``org.selectors.document_issuer``).
    document_issuer_name = models.CharField(
        "发文机关名称",
        max_length=100,
        blank=True,
        help_text="公文版头和落款使用的名称，留空则用单位名称",
    )
    document_number_prefix = models.CharField(
        "发文机关代字",
        max_length=20,
        blank=True,
        help_text="文号中的机关代字，如“××纪”；生成文书时据此拟出文号",
    )

    # [规则] 22: clues about the principal leaders of the units under the commission are
    # reported to the higher commission. Departments, towns and Party organs always
    # count; a school, hospital, state firm or other unit counts when the register marks
    # it (its principal leader is managed at this level).
    head_reported_upward = models.BooleanField(
        "主要负责人线索报上级",
        default=False,
        help_text=(
            "学校、医院、国有企业等单位的主要负责人属本级管理的，勾选后反映其主要负责人的"
            "问题线索须向上级纪委监委报告（《监督执纪工作规则》第二十二条）"
        ),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["sort_order", "code"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("org:unit_detail", args=(self.pk,))

    # What a picker's label reads (``core.forms``' scoped choice fields select it).
    CHOICE_LABEL_RELATED = ("parent",)

    def choice_label(self) -> str:
        """The unit as a picker shows it: a village (村、社区) or another unit under a
        township with its township, "茶园村（城关镇）", since many villages of a county
        share a name; any other unit by its name."""
        parent = self.parent if self.parent_id else None
        if parent is not None and (self.kind == UnitKind.VILLAGE or parent.kind == UnitKind.TOWN):
            return f"{self.name}（{parent.short_name or parent.name}）"
        return self.name

    @property
    def issuer_name(self) -> str:
        """The name the unit signs its official documents with."""
        return self.document_issuer_name or self.name

    @property
    def is_commission_body(self) -> bool:
        return self.kind in COMMISSION_BODY_KINDS


class LiaisonKind(models.TextChoices):
    GUIDES = "guides", "联系指导"
    SUPERVISES = "supervises", "监督"


class Liaison(models.Model):
    """ "1+6+7+X": a supervision office guides towns' commissions and resident teams; a
    resident team supervises departments; a township commission supervises its town."""

    supervisor = models.ForeignKey(
        Unit, verbose_name="监督（联系）方", on_delete=models.CASCADE, related_name="liaisons_out"
    )
    supervised = models.ForeignKey(
        Unit, verbose_name="被监督（联系）方", on_delete=models.CASCADE, related_name="liaisons_in"
    )
    kind = models.CharField("关系", max_length=16, choices=LiaisonKind.choices)

    class Meta:
        verbose_name = "联系指导关系"
        verbose_name_plural = "联系指导关系"
        constraints = [
            models.UniqueConstraint(fields=["supervisor", "supervised"], name="uniq_liaison"),
            models.CheckConstraint(
                condition=~Q(supervisor=models.F("supervised")), name="liaison_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} → {self.supervised}（{self.get_kind_display()}）"


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", "中共党员"
    PROBATIONARY = "probationary", "中共预备党员"
    LEAGUE = "league", "共青团员"
    DEMOCRATIC_PARTY = "democratic_party", "民主党派"
    NONE = "none", "群众"


class Rank(models.TextChoices):
    """The rank bands of the standard statistics (DOMAIN.md §9)."""

    COUNTY = "county", "县处级"
    TOWNSHIP = "township", "乡科级"
    GENERAL = "general", "一般干部"
    OTHER = "other", "农村和企业等其他人员"


def _holds_current_post_in(cadre_ref: str, unit_ids: frozenset[int]) -> Q:
    """Jurisdiction follows current cadre management (干部管理权限): a cadre belongs to
    the units of their current posts, not to units they have left."""
    from django.db.models import Exists, OuterRef

    posts = Post.objects.current().filter(cadre=OuterRef(cadre_ref), unit__in=list(unit_ids))
    return Q(Exists(posts))


class CadreQuerySet(ScopedQuerySet):
    scope_domain = "org"

    def scope_condition(self, unit_ids: frozenset[int]) -> Q:
        return _holds_current_post_in("pk", unit_ids)


class Cadre(models.Model):
    name = models.CharField("姓名", max_length=40, db_index=True)
    citizen_id = models.CharField("身份证号", max_length=18, unique=True)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期")
    political_status = models.CharField(
        "政治面貌", max_length=20, choices=PoliticalStatus.choices, default=PoliticalStatus.NONE
    )
    rank = models.CharField("职级", max_length=16, choices=Rank.choices, db_index=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    notes = models.TextField("备注", blank=True)
    # [规则] 22: clues about these members are reported to the higher commission,
    # whatever their rank. The register keeps the current membership.
    party_committee_member = models.BooleanField(
        "同级党委委员、候补委员",
        default=False,
        help_text="本级党委委员或候补委员（《监督执纪工作规则》第二十二条）",
    )
    commission_member = models.BooleanField(
        "纪委常委、监委委员",
        default=False,
        help_text="本级纪委常委或监委委员（《监督执纪工作规则》第二十二条）",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = "干部"
        verbose_name_plural = "干部"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("org:cadre_detail", args=(self.pk,))

    @property
    def is_party_member(self) -> bool:
        return self.political_status in (
            PoliticalStatus.PARTY_MEMBER,
            PoliticalStatus.PROBATIONARY,
        )


class PostQuerySet(ScopedQuerySet):
    scope_domain = "org"
    scope_lookups = ("unit",)

    def current(self, on=None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class Post(models.Model):
    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.CASCADE, related_name="posts"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField("职务", max_length=60)
    is_head = models.BooleanField("一把手", default=False)
    is_leadership = models.BooleanField("班子成员", default=False)
    start_date = models.DateField("任职时间")
    end_date = models.DateField("免职时间", null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"
        ordering = ["-start_date", "id"]
        indexes = [
            models.Index(fields=["unit", "end_date"]),
            models.Index(fields=["cadre", "end_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="post_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.title}"


class Relation(models.TextChoices):
    SPOUSE = "spouse", "配偶"
    CHILD = "child", "子女"
    CHILD_SPOUSE = "child_spouse", "子女配偶"
    PARENT = "parent", "父母"
    SIBLING = "sibling", "兄弟姐妹"
    OTHER = "other", "其他亲属"


class RelativeQuerySet(ScopedQuerySet):
    scope_domain = "org"

    def scope_condition(self, unit_ids: frozenset[int]) -> Q:
        return _holds_current_post_in("cadre", unit_ids)


class Relative(models.Model):
    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.CASCADE, related_name="relatives"
    )
    relation = models.CharField("关系", max_length=16, choices=Relation.choices)
    name = models.CharField("姓名", max_length=40, db_index=True)
    citizen_id = models.CharField("身份证号", max_length=18, blank=True, db_index=True)
    occupation = models.CharField("工作单位及职务", max_length=100, blank=True)

    objects = RelativeQuerySet.as_manager()

    class Meta:
        verbose_name = "亲属"
        verbose_name_plural = "亲属"
        ordering = ["cadre", "relation", "id"]

    def __str__(self) -> str:
        return f"{self.cadre}的{self.get_relation_display()} {self.name}"


class CompanyQuerySet(ScopedQuerySet):
    """The company register is public registration data: every staff role that may read
    the organisation register sees all companies; links to cadres are scoped on the
    cadre's side."""

    scope_domain = "companies"
    scope_lookups = ()


class Company(models.Model):
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("企业名称", max_length=120, db_index=True)
    address = models.CharField("住所", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    registered_on = models.DateField("成立日期", null=True, blank=True)
    registered_capital = models.DecimalField(
        "注册资本（万元）", max_digits=14, decimal_places=2, null=True, blank=True
    )

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class CompanyRole(models.TextChoices):
    SHAREHOLDER = "shareholder", "股东"
    LEGAL_REPRESENTATIVE = "legal_representative", "法定代表人"
    SUPERVISOR = "supervisor", "监事"
    DIRECTOR = "director", "董事"
    MANAGER = "manager", "经理"


class CompanyPerson(models.Model):
    """A person's role in a company; linked to a cadre or a relative when they are one."""

    company = models.ForeignKey(
        Company, verbose_name="企业", on_delete=models.CASCADE, related_name="people"
    )
    person_name = models.CharField("姓名", max_length=40)
    person_citizen_id = models.CharField("身份证号", max_length=18, blank=True, db_index=True)
    role = models.CharField("职务/身份", max_length=24, choices=CompanyRole.choices)
    share_ratio = models.DecimalField(
        "持股比例（%）", max_digits=6, decimal_places=2, null=True, blank=True
    )
    cadre = models.ForeignKey(
        Cadre, null=True, blank=True, on_delete=models.SET_NULL, related_name="company_roles"
    )
    relative = models.ForeignKey(
        Relative, null=True, blank=True, on_delete=models.SET_NULL, related_name="company_roles"
    )

    class Meta:
        verbose_name = "企业人员"
        verbose_name_plural = "企业人员"
        ordering = ["company", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "person_citizen_id", "role"],
                condition=~Q(person_citizen_id=""),
                name="uniq_company_person_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.get_role_display()} {self.person_name}"
