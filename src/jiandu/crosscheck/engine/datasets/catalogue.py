"""The dataset types (数据集类型) of the cross-check module: the canonical columns of each
kind of source file, the usual Chinese headers they are recognised by, how each value is
read (a kind of :data:`jiandu.core.imports.cells.VALUE_PARSERS`) and its Parquet type."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from jiandu.core.imports import Column


@dataclass(frozen=True)
class DatasetType:
    code: str
    label: str
    columns: tuple[Column, ...]
    internal: bool = False

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.field == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(col.field for col in self.columns)


_ID = (
    "身份证号",
    "身份证号码",
    "公民身份号码",
    "公民身份证号",
    "公民身份证号码",
    "证件号码",
    "身份证",
)
_NAME = ("姓名", "名字")
_UNIT = ("单位", "所在单位", "工作单位", "单位名称", "任职单位")
_USCC = ("统一社会信用代码", "社会信用代码", "信用代码", "企业统一社会信用代码")


def _c(
    name: str, label: str, kind: str = "clean_text", required: bool = True, *aliases: str
) -> Column:
    return Column(name, label, required=required, aliases=aliases, parse=kind)


DATASET_TYPES: dict[str, DatasetType] = {
    t.code: t
    for t in (
        DatasetType(
            "payments",
            "补贴/救助发放",
            (
                _c(
                    "payee_name",
                    "领取人姓名",
                    "clean_text",
                    True,
                    *_NAME,
                    "领取人",
                    "收款人",
                    "收款人姓名",
                    "户主姓名",
                    "救助对象",
                    "补贴对象",
                ),
                _c(
                    "payee_citizen_id",
                    "领取人身份证号",
                    "citizen_id",
                    True,
                    *_ID,
                    "领取人身份证号码",
                    "收款人身份证号",
                    "户主身份证号",
                ),
                _c(
                    "program",
                    "项目",
                    "clean_text",
                    True,
                    "补贴项目",
                    "救助项目",
                    "发放项目",
                    "项目名称",
                    "资金项目",
                    "补贴类别",
                    "救助类别",
                ),
                _c(
                    "amount",
                    "发放金额",
                    "money",
                    True,
                    "金额",
                    "发放金额(元)",
                    "补贴金额",
                    "救助金额",
                    "实发金额",
                ),
                _c("paid_on", "发放日期", "date", True, "发放时间", "支付日期", "日期", "拨付日期"),
                _c(
                    "payer_unit",
                    "发放单位",
                    "clean_text",
                    True,
                    "发放机构",
                    "经办单位",
                    "支付单位",
                    "拨付单位",
                ),
                _c("household_id", "户编号", "clean_text", False, "家庭编号", "户号", "户籍编号"),
            ),
        ),
        DatasetType(
            "deaths",
            "死亡/火化登记",
            (
                _c("name", "姓名", "clean_text", True, *_NAME, "死者姓名", "逝者姓名"),
                _c("citizen_id", "身份证号", "citizen_id", True, *_ID, "死者身份证号"),
                _c("died_on", "死亡日期", "date", True, "死亡时间", "火化日期", "注销日期"),
            ),
        ),
        DatasetType(
            "public_employees",
            "财政供养人员",
            (
                _c("name", "姓名", "clean_text", True, *_NAME),
                _c("citizen_id", "身份证号", "citizen_id", True, *_ID),
                _c("unit", "单位", "clean_text", True, *_UNIT),
                _c("post", "职务", "clean_text", False, "岗位", "职务(岗位)", "职位", "现任职务"),
            ),
        ),
        DatasetType(
            "payroll",
            "工资发放",
            (
                _c("name", "姓名", "clean_text", True, *_NAME),
                _c("citizen_id", "身份证号", "citizen_id", True, *_ID),
                _c("unit", "单位", "clean_text", True, *_UNIT, "发放单位"),
                _c(
                    "amount",
                    "实发工资",
                    "money",
                    True,
                    "金额",
                    "应发工资",
                    "工资",
                    "实发金额",
                    "发放金额",
                ),
                _c("month", "工资月份", "month", True, "月份", "发放月份", "所属月份", "年月"),
            ),
        ),
        DatasetType(
            "companies",
            "企业登记",
            (
                _c("uscc", "统一社会信用代码", "uscc", True, *_USCC),
                _c(
                    "name",
                    "企业名称",
                    "clean_text",
                    True,
                    "名称",
                    "单位名称",
                    "公司名称",
                    "市场主体名称",
                ),
                _c(
                    "address",
                    "住所",
                    "clean_text",
                    False,
                    "地址",
                    "注册地址",
                    "经营场所",
                    "企业地址",
                ),
                _c("phone", "联系电话", "phone", False, "电话", "联系方式", "手机号", "手机号码"),
                _c("registered_on", "成立日期", "date", False, "注册日期", "登记日期", "设立日期"),
            ),
        ),
        DatasetType(
            "company_people",
            "股东及主要人员",
            (
                _c("uscc", "统一社会信用代码", "uscc", True, *_USCC),
                _c(
                    "person_name",
                    "姓名",
                    "clean_text",
                    True,
                    *_NAME,
                    "人员姓名",
                    "股东名称",
                    "股东姓名",
                ),
                _c(
                    "person_citizen_id",
                    "身份证号",
                    "citizen_id",
                    True,
                    *_ID,
                    "人员身份证号",
                    "股东证件号码",
                ),
                _c("role", "职务", "clean_text", True, "身份", "人员类型", "角色", "担任职务"),
                _c("share_ratio", "持股比例", "number", False, "出资比例", "持股比例(%)", "股比"),
            ),
        ),
        DatasetType(
            "contracts",
            "合同/采购",
            (
                _c("contract_id", "合同编号", "clean_text", True, "合同号", "项目编号", "采购编号"),
                _c(
                    "buyer_unit",
                    "采购单位",
                    "clean_text",
                    True,
                    "采购人",
                    "甲方",
                    "发包单位",
                    "建设单位",
                ),
                _c(
                    "supplier_uscc",
                    "供应商统一社会信用代码",
                    "uscc",
                    True,
                    "供应商信用代码",
                    "乙方统一社会信用代码",
                    *_USCC,
                ),
                _c(
                    "supplier_name",
                    "供应商名称",
                    "clean_text",
                    True,
                    "供应商",
                    "乙方",
                    "中标单位",
                    "承包单位",
                ),
                _c(
                    "subject",
                    "合同标的",
                    "clean_text",
                    True,
                    "项目名称",
                    "采购内容",
                    "标的",
                    "合同名称",
                ),
                _c(
                    "amount",
                    "合同金额",
                    "money",
                    True,
                    "金额",
                    "中标金额",
                    "成交金额",
                    "合同金额(元)",
                ),
                _c("signed_on", "签订日期", "date", True, "签订时间", "合同日期", "成交日期"),
                _c("procurement_method", "采购方式", "clean_text", True, "招标方式", "采购形式"),
                _c(
                    "procurement_type",
                    "采购类别",
                    "clean_text",
                    False,
                    "项目类别",
                    "采购品目类别",
                    "类别",
                ),
            ),
        ),
        DatasetType(
            "bids",
            "投标",
            (
                _c(
                    "tender_id",
                    "招标项目编号",
                    "clean_text",
                    True,
                    "项目编号",
                    "招标编号",
                    "标段编号",
                ),
                _c("bidder_uscc", "投标人统一社会信用代码", "uscc", True, "投标人信用代码", *_USCC),
                _c(
                    "bidder_name",
                    "投标人名称",
                    "clean_text",
                    True,
                    "投标人",
                    "投标单位",
                    "单位名称",
                ),
                _c("bid_amount", "投标报价", "money", True, "报价", "投标金额", "投标报价(元)"),
                _c("address", "投标人地址", "clean_text", False, "地址", "联系地址", "住所"),
                _c("phone", "联系电话", "phone", False, "电话", "联系方式", "手机号"),
            ),
        ),
        DatasetType(
            "bribers",
            "行贿人信息库",
            (
                _c(
                    "name", "行贿人名称", "clean_text", True, *_NAME, "名称", "行贿人", "行贿人姓名"
                ),
                _c("citizen_id", "身份证号", "citizen_id", False, *_ID),
                _c("uscc", "统一社会信用代码", "uscc", False, *_USCC),
                _c("case_ref", "案件编号", "clean_text", True, "案号", "判决书编号", "案件名称"),
                _c("recorded_on", "录入日期", "date", True, "入库日期", "记录日期", "判决日期"),
            ),
        ),
        DatasetType(
            "vehicles",
            "公务用车",
            (
                _c("plate", "车牌号", "clean_text", True, "车牌号码", "号牌号码", "车牌"),
                _c("unit", "使用单位", "clean_text", True, *_UNIT, "所属单位"),
                _c(
                    "tank_liters",
                    "油箱容积",
                    "number",
                    True,
                    "油箱容积(升)",
                    "油箱容量",
                    "油箱(升)",
                ),
            ),
        ),
        DatasetType(
            "fuel_transactions",
            "加油卡",
            (
                _c("card_no", "卡号", "clean_text", True, "油卡号", "加油卡号"),
                _c("plate", "车牌号", "clean_text", True, "车牌号码", "车牌"),
                _c("station", "加油站", "clean_text", True, "油站", "加油站名称", "网点"),
                _c("area", "加油地区", "clean_text", True, "地区", "所在地区", "油站所在地"),
                _c("liters", "加油量", "number", True, "加油量(升)", "升数", "数量"),
                _c("amount", "金额", "money", True, "加油金额", "消费金额", "交易金额"),
                _c("at", "交易时间", "datetime", True, "加油时间", "时间", "交易日期"),
            ),
        ),
        DatasetType(
            "officials",
            "干部（内部）",
            (
                _c("name", "姓名", "clean_text", True, *_NAME),
                _c("citizen_id", "身份证号", "citizen_id", True, *_ID),
                _c("unit", "单位", "clean_text", True, *_UNIT),
                _c("post", "职务", "clean_text", False, "岗位"),
                _c("rank", "职级", "clean_text", False, "级别"),
            ),
            internal=True,
        ),
        DatasetType(
            "relatives",
            "干部亲属（内部）",
            (
                _c("official_citizen_id", "干部身份证号", "citizen_id", True),
                _c("official_name", "干部姓名", "clean_text", True),
                _c("name", "亲属姓名", "clean_text", True, *_NAME),
                _c("citizen_id", "亲属身份证号", "citizen_id", True, *_ID),
                _c("relation", "关系", "clean_text", True, "称谓", "与本人关系"),
            ),
            internal=True,
        ),
    )
}

ARROW_TYPES: dict[str, pa.DataType] = {
    "clean_text": pa.string(),
    "citizen_id": pa.string(),
    "uscc": pa.string(),
    "phone": pa.string(),
    "date": pa.date32(),
    "month": pa.date32(),
    "datetime": pa.timestamp("us"),
    "money": pa.decimal128(18, 2),
    "number": pa.float64(),
}


def arrow_schema(dataset_type: str) -> pa.Schema:
    """The Parquet schema of a dataset type: ``_row`` then the canonical columns."""
    dtype = DATASET_TYPES[dataset_type]
    return pa.schema(
        [pa.field("_row", pa.int64(), nullable=False)]
        + [pa.field(c.field, ARROW_TYPES[str(c.parse)]) for c in dtype.columns]
    )
