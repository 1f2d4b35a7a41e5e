"""Chinese names of the cross-check's field names, in one place: the columns of the
dataset catalogue (``engine.datasets.DATASET_TYPES``) and the columns a rule derives
(its key fields, such as ``subject_key`` or ``paid_month``). Pages never show a field's
English name: a rule's key fields, the evidence tables' headers and the exports go
through :func:`field_label`."""

from __future__ import annotations

from collections.abc import Iterable

# Columns the rules compute (not in any dataset): their Chinese names.
DERIVED_FIELDS: dict[str, str] = {
    "subject_key": "采购标的（归并后）",
    "first_contract_id": "首份合同编号",
    "first_signed_on": "首份合同签订日期",
    "uscc_a": "投标人甲统一社会信用代码",
    "uscc_b": "投标人乙统一社会信用代码",
    "bidder_a": "投标人甲",
    "bidder_b": "投标人乙",
    "shared": "关联情形",
    "paid_month": "发放月份",
    "day": "加油日期",
    "reason": "异常情形",
    "reason_text": "异常情形",
    "relation": "亲属关系",
    "relative_name": "亲属姓名",
    "who": "涉及人员",
    "threshold": "招标限额（元）",
    "window_days": "比对时间窗口（日）",
    "contracts": "合同份数",
    "count": "笔数",
    "subject_name": "当事人",
    "subject_citizen_id": "当事人身份证号",
    "subject_unit": "当事人单位",
    "confidence": "可信度",
    "name_a": "姓名（数据甲）",
    "name_b": "姓名（数据乙）",
}


def dataset_fields(datasets: Iterable[str] | None = None) -> dict[str, str]:
    """field → Chinese header over the catalogue's datasets (``datasets``: only those;
    the first dataset naming a field gives its header)."""
    from jiandu.crosscheck.engine.datasets import DATASET_TYPES

    codes = list(DATASET_TYPES) if datasets is None else list(datasets)
    labels: dict[str, str] = {}
    for code in codes:
        kind = DATASET_TYPES.get(code)
        if kind is None:
            continue
        for column in kind.columns:
            labels.setdefault(column.field, column.header)
    return labels


def field_label(name: str, datasets: Iterable[str] | None = None) -> str:
    """The Chinese name of a field: the header of the given datasets' column of that name,
    else a derived column's name, else the header any dataset gives it; a field nobody
    named is shown as 其他字段 rather than by its English name."""
    own = dataset_fields(datasets) if datasets is not None else {}
    if name in own:
        return own[name]
    if name in DERIVED_FIELDS:
        return DERIVED_FIELDS[name]
    return dataset_fields().get(name, "其他字段")


def field_labels(names: Iterable[str], datasets: Iterable[str] | None = None) -> list[str]:
    codes = list(datasets) if datasets is not None else None
    return [field_label(n, codes) for n in names]
