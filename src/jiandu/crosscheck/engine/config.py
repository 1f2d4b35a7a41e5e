"""Parameters of the rules: dated configuration, not law written into SQL.

DOMAIN.md §10: contract splitting has "no public model: thresholds are configuration".
The tender thresholds are therefore dated values by procurement type (采购类别: 货物,
服务, 工程): a contract is compared with the threshold in force on the day it was signed.
The defaults are the national thresholds above which a project must be tendered (《必须招标的
工程项目规定》, 国家发展改革委令第16号, in force from 2018-06-01; before it 原国家计委令第3号
of 2000-05-01). A county may configure lower local limits (e.g. its 政府采购限额标准) by
passing ``params["tender_thresholds"]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Threshold:
    procurement_type: str
    valid_from: date
    amount: Decimal
    basis: str


TENDER_THRESHOLDS: tuple[Threshold, ...] = (
    Threshold("工程", date(2000, 5, 1), Decimal("2000000"), "原国家计委令第3号（施工单项合同）"),
    Threshold("货物", date(2000, 5, 1), Decimal("1000000"), "原国家计委令第3号（货物采购）"),
    Threshold(
        "服务", date(2000, 5, 1), Decimal("500000"), "原国家计委令第3号（勘察设计监理等服务）"
    ),
    Threshold(
        "工程", date(2018, 6, 1), Decimal("4000000"), "国家发展改革委令第16号（施工单项合同）"
    ),
    Threshold(
        "货物", date(2018, 6, 1), Decimal("2000000"), "国家发展改革委令第16号（重要设备材料等货物）"
    ),
    Threshold(
        "服务", date(2018, 6, 1), Decimal("1000000"), "国家发展改革委令第16号（勘察设计监理等服务）"
    ),
)

FAR_FUTURE = date(9999, 12, 31)

DEFAULT_PARAMS: dict[str, Any] = {
    "split_window_days": 90,  # R05: consecutive contracts at most this many days apart
    "default_procurement_type": "货物",  # R05: a contract without 采购类别
    "death_grace_days": 0,  # R02: payments this many days after death are still tolerated
    "tank_tolerance": 1.1,  # R10: a day's fuel above tank × tolerance
    "fuel_areas": None,  # R10: the home areas; None = the most frequent area in the data
    "tender_thresholds": TENDER_THRESHOLDS,
    "rest_days": None,  # R10: None = the legal calendar (jiandu.core.calendar)
    "name_fallback": True,  # run the name-only second pass of the rules marked for it
}


def threshold_rows(thresholds: tuple[Threshold, ...] | list) -> list[dict[str, Any]]:
    """Dated thresholds → rows (procurement_type, valid_from, valid_to, threshold): each
    value holds until the next one of the same type."""
    items = [t if isinstance(t, Threshold) else Threshold(**t) for t in thresholds]
    rows = []
    for t in items:
        later = [
            u.valid_from
            for u in items
            if u.procurement_type == t.procurement_type and u.valid_from > t.valid_from
        ]
        rows.append(
            {
                "procurement_type": t.procurement_type,
                "valid_from": t.valid_from,
                "valid_to": min(later, default=FAR_FUTURE),
                "threshold": Decimal(t.amount).quantize(Decimal("0.01")),
            }
        )
    return rows
