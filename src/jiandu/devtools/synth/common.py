"""What both synthetic sets share: the word tables names and records are drawn from, and
valid-checksum citizen IDs and USCCs on fictional sequence numbers."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import numpy as np

from jiandu.core.validators import citizen_id_check_digit

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬建国志文斌辉鹏飞宇浩"
    "俊峰凯琳晶欣怡佳慧婷雪梅兵海波林涛宏亮春燕丹凤云龙新民德福荣光永胜金成学东海燕翠珍淑琴"
)
#: pairs of homophone characters (name typos that sound the same)
HOMOPHONES = {
    "明": "铭",
    "华": "桦",
    "伟": "玮",
    "军": "君",
    "丽": "莉",
    "林": "琳",
    "文": "雯",
    "静": "婧",
    "杰": "洁",
    "玲": "龄",
    "峰": "锋",
    "涛": "韬",
    "红": "虹",
    "建": "健",
}
PROGRAMS = (
    "城乡低保",
    "特困供养",
    "临时救助",
    "高龄津贴",
    "残疾人两项补贴",
    "耕地地力保护补贴",
    "农村危房改造补助",
    "养老服务补贴",
)
PROGRAM_AMOUNTS = (680, 1100, 1500, 100, 180, 320, 20000, 200)
METHODS = ("询价", "竞争性磋商", "竞争性谈判", "单一来源", "公开招标", "直接采购")
TYPES = ("货物", "服务", "工程")
SUBJECTS = (
    "办公楼维修",
    "道路硬化",
    "办公设备采购",
    "绿化养护",
    "物业服务",
    "监控设备安装",
    "村级活动场所改造",
    "河道清淤",
    "食堂食材采购",
    "印刷服务",
    "车辆维修",
    "网络设备采购",
    "学校围墙修缮",
    "路灯安装",
    "档案数字化",
    "会议服务",
)
ROLES = ("股东", "法定代表人", "监事", "执行董事", "经理", "财务负责人")
DEPTS = (
    "财政局",
    "教育局",
    "卫生健康局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "水利局",
    "民政局",
    "自然资源局",
    "市场监督管理局",
    "人力资源和社会保障局",
    "文化和旅游局",
)
CITIES = (
    "杭州市",
    "宁波市",
    "温州市",
    "嘉兴市",
    "湖州市",
    "绍兴市",
    "金华市",
    "衢州市",
    "舟山市",
    "台州市",
    "丽水市",
)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = np.array((7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), dtype=np.int64)

COUNTY_AREA = "330781"  # a fictional county's area code
COUNTY_NAME = "兰江县"


def citizen_id(area: str, born: date, seq: int) -> str:
    body = f"{area}{born:%Y%m%d}{seq % 1000:03d}"
    return body + citizen_id_check_digit(body)


def legacy_id(number18: str) -> str:
    """The 15-digit legacy form of an 18-digit ID born in the 1900s."""
    return number18[:6] + number18[8:17]


def uscc(area: str, seq: int) -> str:
    org_weights = (3, 7, 9, 10, 5, 8, 4, 2)
    org = f"{seq % 100_000_000:08d}"
    check = 11 - sum(int(c) * w for c, w in zip(org, org_weights, strict=True)) % 11
    org += "X" if check == 10 else ("0" if check == 11 else str(check))
    body = f"91{area}{org}"
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_ALPHABET[(31 - total) % 31]


def full_width(text: str) -> str:
    """Digits and Latin letters as full-width characters (a common copy-paste artefact)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def citizen_id_birth(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def parse_cn(text: str) -> date:
    from jiandu.crosscheck.engine.datasets import normalise_value

    return normalise_value("date", text)


def typo(name: str) -> str:
    """A homophone typo (明 → 铭) in the given name, or the name unchanged."""
    for i in range(len(name) - 1, 0, -1):
        if name[i] in HOMOPHONES:
            return name[:i] + HOMOPHONES[name[i]] + name[i + 1 :]
    return name


def write_csv(
    path: Path, headers: list[str], rows: list[list], encoding: str = "utf-8-sig"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


def write_xlsx(path: Path, headers: list[str], rows: list[list], title: str | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for column in sheet.iter_cols(min_row=1, max_row=sheet.max_row):
        for cell in column:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    book.save(path)
    return path


def months_before(today: date, n: int = 12) -> list[date]:
    """The first days of the ``n`` months before ``today``'s month."""
    year, month = today.year, today.month
    result = []
    for _ in range(n):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        result.append(date(year, month, 1))
    return sorted(result)


def styled_date(d: date, style: int) -> str:
    return (
        f"{d:%Y-%m-%d}",
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}年{d.month}月{d.day}日",
        f"{d:%Y%m%d}",
    )[style % 4]
