"""涉案财物 (case property): what a case seized (查封), froze (冻结), detained (扣押) or was
handed (主动上交), its custody, and what becomes of it. Pure Python, no ORM.

Sources ([条例] = 监察法实施条例, text in ``regulations/``):

- [条例] 104–111 (冻结), 125–133 (查封、扣押; 主动上交的财物 are detained the same way,
  125 第二款); 67 and 130: kept safely, with custody recorded;
- [条例] 208: the 《移送司法机关涉案财物清单》 goes with the referral to the procuratorate
  (第一款); property found not to be illegal gains is returned promptly, against a
  signed receipt (第四款); illegal gains that are no crime are confiscated or recovered
  (第三款);
- [条例] 209 第三款: "追缴或者责令退赔应当自处置决定作出之日起一个月以内执行完毕。因被调查人
  的原因逾期执行的除外。" — the disposal decided, one month to carry it out, counted on
  the legal calendar ([条例] 285: a last day on a rest day moves to the next working
  day). For a return (第二百零八条第四款 says only "及时") the same month is a policy
  default, so that a return has a limit on the workbench too.
"""

from __future__ import annotations

from datetime import date

from django.db import models

from jiandu.core import calendar
from jiandu.core.workflow import StateMachine

__all__ = [
    "DISPOSAL_BASIS",
    "DISPOSAL_MONTHS",
    "PROPERTY_LABELS",
    "PROPERTY_MACHINE",
    "PROPERTY_TRANSITIONS",
    "PropertyKind",
    "PropertyMeasure",
    "PropertyState",
    "disposal_due",
]

DISPOSAL_MONTHS = 1


class PropertyKind(models.TextChoices):
    MONEY = "money", "款项"
    DEPOSIT = "deposit", "存款、理财"
    SECURITIES = "securities", "股票、债券、基金"
    GOODS = "goods", "物品"
    VALUABLES = "valuables", "贵重物品"
    VEHICLE = "vehicle", "车辆"
    REAL_ESTATE = "real_estate", "不动产"
    DOCUMENT = "document", "文件、电子数据"
    OTHER = "other", "其他"


class PropertyMeasure(models.TextChoices):
    SEIZED = "seized", "查封"
    FROZEN = "frozen", "冻结"
    DETAINED = "detained", "扣押"
    HANDED_OVER = "handed_over", "主动上交"


class PropertyState(models.TextChoices):
    HELD = "held", "在案保管"
    TO_CONFISCATE = "to_confiscate", "已决定追缴（没收），待执行"
    TO_RETURN = "to_return", "已决定退还，待执行"
    TRANSFERRED = "transferred", "已随案移送检察机关"
    CONFISCATED = "confiscated", "已上缴国库"
    RETURNED = "returned", "已退还"


PROPERTY_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # [条例] 208 第三款, 209: the disposal decided; one month to carry it out.
    "property_decide_confiscation": (frozenset({PropertyState.HELD}), PropertyState.TO_CONFISCATE),
    "property_decide_return": (frozenset({PropertyState.HELD}), PropertyState.TO_RETURN),
    # [条例] 208 第一款: with the referral, on the 涉案财物清单.
    "property_transfer": (frozenset({PropertyState.HELD}), PropertyState.TRANSFERRED),
    # [条例] 209: 追缴、没收 carried out, paid to the treasury.
    "property_confiscate": (frozenset({PropertyState.TO_CONFISCATE}), PropertyState.CONFISCATED),
    # [条例] 208 第四款: returned against a signed receipt (also without a prior decision
    # step, e.g. a personal item unrelated to the case, [条例] 125 第二款).
    "property_return": (
        frozenset({PropertyState.HELD, PropertyState.TO_RETURN}),
        PropertyState.RETURNED,
    ),
}

PROPERTY_LABELS: dict[str, str] = {
    "property_decide_confiscation": "决定追缴（没收）",
    "property_decide_return": "决定退还",
    "property_transfer": "随案移送检察机关",
    "property_confiscate": "上缴国库",
    "property_return": "退还",
}

PROPERTY_MACHINE = StateMachine(
    noun="涉案财物",
    states={s: PropertyState(s).label for s in PropertyState.values},
    transitions=PROPERTY_TRANSITIONS,
    labels=PROPERTY_LABELS,
    refusal="涉案财物当前状态为“{current}”，不能{step}（只有“{need}”的涉案财物可以）",
)

DISPOSAL_BASIS = {
    "confiscate": (
        "《监察法实施条例》第二百零九条第三款：追缴或者责令退赔自处置决定作出之日起一个月以内执行完毕"
    ),
    "return": "《监察法实施条例》第二百零八条第四款：及时返还（政策默认值：处置决定后一个月内）",
}


def disposal_due(decided_on: date) -> calendar.DueDate:
    """[条例] 209 第三款: one month from the disposal decision, on the legal calendar
    ([条例] 285: the corresponding day of the next month; a rest day moves it to the next
    working day)."""
    return calendar.add_months(decided_on, DISPOSAL_MONTHS)
