"""Assessment schemes (考核办法) kept as dated data: a scheme per year with its validity
and version, and its indicators (each a formula over figures, a weight and how a value
becomes a score). The figures are never stored: an assessment is computed from the
record (``stats.assessment``) and frozen as a ``Publication`` when issued, with the
scheme version and a copy of the indicators it used."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from jiandu.core.errors import DomainError
from jiandu.org.models import COMMISSION_BODY_KINDS, UnitKind
from jiandu.stats import formula

# The units that handle clues and cases themselves (办案单位); the other commission
# bodies (信访室, 案管室, 审理室 …) are assessed on the indicators every unit has.
CASE_HANDLING_KINDS = (
    UnitKind.SUPERVISION_OFFICE,
    UnitKind.RESIDENT_TEAM,
    UnitKind.TOWNSHIP_COMMISSION,
)


def unit_category(kind: str) -> str:
    """The group a unit is ranked in (units with different indicator sets are not
    ranked against each other)."""
    return "办案单位" if kind in CASE_HANDLING_KINDS else "机关部门"


class AssessmentScheme(models.Model):
    year = models.PositiveIntegerField("考核年度", unique=True)
    title = models.CharField("名称", max_length=100)
    # "<year>.<revision>": a change after an assessment was issued with it makes a new
    # revision, so an issued assessment keeps naming the version it was scored by.
    version = models.CharField("版本", max_length=20)
    valid_from = models.DateField("施行日期")
    valid_to = models.DateField("截止日期")
    notes = models.TextField("说明", blank=True)
    based_on = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.title}（{self.version}）"


class IndicatorKind(models.TextChoices):
    LINEAR = "linear", "按完成情况计分"
    DEDUCT = "deduct", "达不到即扣分"
    DEDUCT_EACH = "deduct_each", "按数量扣分"


class WhenEmpty(models.TextChoices):
    FULL = "full", "得满分（不扣分）"
    ZERO = "zero", "不得分"


class AssessmentIndicator(models.Model):
    """One indicator. Scoring (``stats.assessment.score``):

    - 按完成情况计分: 0 at ``floor`` or worse, ``weight`` at ``target`` or better, linear
      between (a lower-is-better indicator has ``floor`` above ``target``);
    - 达不到即扣分: ``-weight`` when the value is ``floor`` or less (零立案: the number of
      自办立案 is 0), else 0;
    - 按数量扣分: ``-step`` per unit of the value, at most ``-weight``.
    An undefined value (nothing fell due: a division by zero) scores per ``when_empty``."""

    scheme = models.ForeignKey(
        AssessmentScheme, on_delete=models.CASCADE, related_name="indicators"
    )
    order = models.PositiveIntegerField("序号", default=0)
    key = models.SlugField("代码", max_length=40)
    label = models.CharField("指标名称", max_length=60)
    kind = models.CharField(
        "计分方式", max_length=16, choices=IndicatorKind.choices, default=IndicatorKind.LINEAR
    )
    formula = models.CharField("计算公式", max_length=300)
    measure = models.CharField("计量单位", max_length=10, blank=True)
    weight = models.DecimalField("分值", max_digits=6, decimal_places=2)
    floor = models.DecimalField(
        "起评值（扣分阈值）", max_digits=12, decimal_places=4, default=Decimal("0")
    )
    target = models.DecimalField("目标值", max_digits=12, decimal_places=4, null=True, blank=True)
    step = models.DecimalField("每个扣分", max_digits=6, decimal_places=2, null=True, blank=True)
    when_empty = models.CharField(
        "无数据时", max_length=8, choices=WhenEmpty.choices, default=WhenEmpty.FULL
    )
    # The unit kinds the indicator applies to; empty: every commission body.
    unit_kinds = models.JSONField("适用单位类别", default=list, blank=True)
    explanation = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["scheme", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "key"], name="uniq_assessment_indicator")
        ]

    def __str__(self) -> str:
        return self.label

    def applies_to(self, unit_kind: str) -> bool:
        return not self.unit_kinds or unit_kind in self.unit_kinds

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        try:
            indicator_validate(self)
        except DomainError as exc:
            raise ValidationError(exc.fields or exc.message) from None


def indicator_validate(ind: AssessmentIndicator) -> None:
    """The checks made when an indicator is saved: its formula parses and names existing
    figures; its weight and scoring values fit its kind. A ``DomainError`` names the
    field."""
    try:
        formula.check(ind.formula)
    except formula.FormulaError as exc:
        raise DomainError(exc.message, fields={"formula": [exc.message]}) from None
    if not ind.label.strip():
        raise DomainError("请填写指标名称。", fields={"label": ["请填写指标名称。"]})
    if ind.weight is None or Decimal(ind.weight) <= 0:
        raise DomainError("分值应大于0。", fields={"weight": ["分值应大于0。"]})
    if ind.kind == IndicatorKind.LINEAR:
        if ind.target is None or Decimal(ind.target) == Decimal(ind.floor):
            msg = "按完成情况计分的指标须填写目标值，且不等于起评值。"
            raise DomainError(msg, fields={"target": [msg]})
    elif ind.kind == IndicatorKind.DEDUCT_EACH:
        if ind.step is None or Decimal(ind.step) <= 0:
            msg = "按数量扣分的指标须填写每个扣分（大于0）。"
            raise DomainError(msg, fields={"step": [msg]})
    elif ind.kind != IndicatorKind.DEDUCT:
        raise DomainError("计分方式无效。", fields={"kind": ["计分方式无效。"]})
    if ind.when_empty not in WhenEmpty.values:
        raise DomainError("无数据时的计分无效。", fields={"when_empty": ["取值无效。"]})
    bad = [k for k in ind.unit_kinds or () if k not in COMMISSION_BODY_KINDS]
    if bad:
        raise DomainError("适用单位类别无效。", fields={"unit_kinds": ["取值无效。"]})
