"""Excel/CSV import of units, cadres and posts into the organisation register.

Each kind is an :class:`~jiandu.core.imports.Importer` (read → map headers → validate
every row → create in one transaction → one summary event ``org.import.<kind>``); this
module supplies only the register's columns and row logic:

- units may name a parent that is in the system or anywhere in the same file; they are
  created parents first, and a cycle among the file's units is refused;
- a cadre's gender and birth date, when written, must agree with the ID number;
- a post refers to a cadre and a unit already registered, is not recorded twice, and a
  unit has at most one current head.

Every record is written through :mod:`jiandu.org.services` (capabilities, one audit
event per record). The column definitions (``COLUMNS``) are shared with
:mod:`jiandu.org.exports` so that an export imports again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models

from jiandu.core.errors import NotFound
from jiandu.core.imports import Column, Importer, ImportResult, ParsedRow, RowErrors, chunks
from jiandu.core.imports.cells import DATE_FORMS, cell_text
from jiandu.core.imports.columns import choice_value, refuse_choice
from jiandu.core.validators import citizen_id_birth_date, citizen_id_gender
from jiandu.org import services
from jiandu.org.models import Cadre, Gender, PoliticalStatus, Post, Rank, Unit, UnitKind

KINDS: dict[str, str] = {"units": "单位", "cadres": "干部", "posts": "任职"}

_DEMOCRATIC_PARTIES = ("民革", "民盟", "民建", "民进", "农工", "致公", "九三", "台盟")

# Labels and values of the TextChoices are always accepted; these are the other ways the
# same thing is commonly written in cadre lists.
_CHOICE_ALIASES: dict[type[models.TextChoices], dict[str, str]] = {
    UnitKind: {
        "纪委": UnitKind.COMMISSION,
        "纪委监委机关": UnitKind.COMMISSION,
        "案管室": UnitKind.CASE_MANAGEMENT_OFFICE,
        "党风室": UnitKind.CONDUCT_OFFICE,
        "派驻组": UnitKind.RESIDENT_TEAM,
        "镇纪委": UnitKind.TOWNSHIP_COMMISSION,
        "乡镇纪委": UnitKind.TOWNSHIP_COMMISSION,
        "街道纪工委": UnitKind.TOWNSHIP_COMMISSION,
        "部门": UnitKind.DEPARTMENT,
        "乡镇": UnitKind.TOWN,
        "街道": UnitKind.TOWN,
        "国企": UnitKind.SOE,
        "村": UnitKind.VILLAGE,
        "社区": UnitKind.VILLAGE,
    },
    Gender: {"男性": Gender.MALE, "女性": Gender.FEMALE},
    PoliticalStatus: {
        "党员": PoliticalStatus.PARTY_MEMBER,
        "共产党员": PoliticalStatus.PARTY_MEMBER,
        "预备党员": PoliticalStatus.PROBATIONARY,
        "团员": PoliticalStatus.LEAGUE,
        "共青团": PoliticalStatus.LEAGUE,
        "无": PoliticalStatus.NONE,
    },
    Rank: {
        "处级": Rank.COUNTY,
        "县处级干部": Rank.COUNTY,
        "科级": Rank.TOWNSHIP,
        "乡科级干部": Rank.TOWNSHIP,
        "一般": Rank.GENERAL,
        "其他": Rank.OTHER,
        "其他人员": Rank.OTHER,
    },
}


def _political_status(value: Any, col: Column) -> str:
    """A choice; any of the eight democratic parties ("民盟盟员") is 民主党派."""
    found = choice_value(value, col)
    if found is None and cell_text(value).startswith(_DEMOCRATIC_PARTIES):
        found = PoliticalStatus.DEMOCRATIC_PARTY
    if found is None:
        raise refuse_choice(value, col)
    return found


_ID_ALIASES = ("身份证号码", "公民身份号码", "公民身份证号", "公民身份证号码", "证件号码", "身份证")
_DATE_HELP = f"日期，如2021-03-05（也可写{DATE_FORMS.removeprefix('2021-03-05、')}）"

COLUMNS: dict[str, tuple[Column, ...]] = {
    "units": (
        Column(
            "code",
            "单位编码",
            required=True,
            aliases=("编码", "单位代码", "机构编码", "机构代码"),
            parse="code",
            max_length=32,
            width=16,
            text_format=True,
            help="本系统内唯一的单位编码，最长32个字符",
        ),
        Column(
            "name",
            "单位名称",
            required=True,
            aliases=("名称", "单位全称", "机构名称"),
            max_length=100,
            width=32,
            help="单位全称，最长100个字",
        ),
        Column(
            "short_name", "简称", aliases=("单位简称",), max_length=40, width=16, help="最长40个字"
        ),
        Column(
            "kind",
            "类别",
            required=True,
            aliases=("单位类别", "单位类型", "类型"),
            parse="choice",
            choices=UnitKind,
            choice_aliases=_CHOICE_ALIASES[UnitKind],
            width=20,
            help="单位的类别，从下列值中选填",
        ),
        Column(
            "parent_code",
            "上级单位编码",
            aliases=("上级编码", "上级单位代码", "上级代码"),
            parse="code",
            max_length=32,
            width=16,
            text_format=True,
            help="上级单位的单位编码；上级单位可以已在系统中，也可以在本文件中（前后行均可）；顶级单位不填",
        ),
        Column(
            "uscc",
            "统一社会信用代码",
            aliases=("信用代码", "社会信用代码"),
            parse="uscc",
            width=22,
            text_format=True,
            help="18位统一社会信用代码，可不填",
        ),
        Column(
            "sort_order",
            "排序",
            aliases=("排序号", "显示顺序"),
            parse="int",
            width=8,
            help="非负整数，数字小的排在前面；不填为0",
        ),
    ),
    "cadres": (
        Column(
            "name",
            "姓名",
            required=True,
            parse="person_name",
            max_length=40,
            width=12,
            help="最长40个字；姓名中间为对齐而加的空格会被去掉",
        ),
        Column(
            "citizen_id",
            "身份证号",
            required=True,
            aliases=_ID_ALIASES,
            parse="citizen_id",
            width=22,
            text_format=True,
            help="18位居民身份证号（15位旧号自动升级为18位），按校验位核对",
        ),
        Column(
            "gender",
            "性别",
            parse="choice",
            choices=Gender,
            choice_aliases=_CHOICE_ALIASES[Gender],
            width=6,
            help="可不填，不填时按身份证号确定；填写的须与身份证号一致",
        ),
        Column(
            "birth_date",
            "出生日期",
            aliases=("出生年月", "出生年月日"),
            parse="birth",
            width=12,
            help="可不填，不填时按身份证号确定；填写的须与身份证号一致（可只填年月，如1975.03）",
        ),
        Column(
            "political_status",
            "政治面貌",
            parse=_political_status,
            choices=PoliticalStatus,
            choice_aliases=_CHOICE_ALIASES[PoliticalStatus],
            width=14,
            help="不填为“群众”",
        ),
        Column(
            "rank",
            "职级",
            required=True,
            aliases=("职级层次", "级别", "干部级别"),
            parse="choice",
            choices=Rank,
            choice_aliases=_CHOICE_ALIASES[Rank],
            width=22,
            help="按统计口径的职级层次填写",
        ),
        Column(
            "phone",
            "联系电话",
            aliases=("电话", "手机", "手机号", "手机号码", "电话号码"),
            parse="phone",
            max_length=20,
            help="可不填；手机号为11位数字，固定电话请带区号（如0571-88886666）",
            width=16,
            text_format=True,
        ),
        Column("notes", "备注", aliases=("说明",), width=30, help="可不填"),
    ),
    "posts": (
        Column(
            "citizen_id",
            "身份证号",
            required=True,
            aliases=_ID_ALIASES,
            parse="citizen_id",
            width=22,
            text_format=True,
            help="干部的身份证号；该干部须已在系统中（请先导入干部）",
        ),
        Column(
            "name",
            "姓名",
            parse="person_name",
            max_length=40,
            width=12,
            help="可不填；填写的须与身份证号对应的干部姓名一致",
        ),
        Column(
            "unit_code",
            "单位编码",
            required=True,
            aliases=("编码", "单位代码", "任职单位编码"),
            parse="code",
            max_length=32,
            width=16,
            text_format=True,
            help="任职单位的单位编码；该单位须已在系统中（请先导入单位）",
        ),
        Column(
            "title",
            "职务",
            required=True,
            aliases=("职务名称", "现任职务", "担任职务"),
            max_length=60,
            help="如“局长”“党委书记”，最长60个字",
            width=24,
        ),
        Column(
            "is_head",
            "是否一把手",
            aliases=("一把手", "是否主要负责人"),
            parse="flag",
            width=12,
            help="填“是”或“否”，不填为否；同一单位只能有一名现任一把手",
        ),
        Column(
            "is_leadership",
            "是否班子成员",
            aliases=("班子成员",),
            parse="flag",
            width=14,
            help="填“是”或“否”，不填为否；一把手总是班子成员",
        ),
        Column(
            "start_date",
            "任职时间",
            required=True,
            aliases=("任职日期", "任职起始时间", "起始时间", "任职开始时间"),
            parse="date",
            width=12,
            help=_DATE_HELP,
        ),
        Column(
            "end_date",
            "免职时间",
            aliases=("免职日期", "离任时间", "任职结束时间", "结束时间"),
            parse="date",
            width=12,
            help="现任的不填；" + _DATE_HELP + "；不能早于任职时间",
        ),
    ),
}


# --- look-ups (one query per chunk, never per row) ----------------------------------


def _units_by_code(codes: Iterable[str]) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    for chunk in chunks(codes):
        found.update({u.code: u for u in Unit.objects.filter(code__in=chunk)})
    return found


def _cadres_by_id(numbers: Iterable[str]) -> dict[str, Cadre]:
    found: dict[str, Cadre] = {}
    for chunk in chunks(numbers):
        found.update({c.citizen_id: c for c in Cadre.objects.filter(citizen_id__in=chunk)})
    return found


# --- validation per kind ---------------------------------------------------------------


def _validate_units(rows: list[ParsedRow], errors: RowErrors) -> dict[str, Any]:
    codes = {r.data["code"] for r in rows if r.ok("code")}
    parents = {r.data["parent_code"] for r in rows if r.ok("parent_code")}
    existing = _units_by_code(codes | parents)

    first: dict[str, ParsedRow] = {}  # code → the row that defines it in the file
    for row in rows:
        code = row.data["code"]
        if not row.ok("code"):
            continue
        if code in first:
            errors.add(row.number, "code", f"单位编码“{code}”与第{first[code].number}行重复")
            row.bad.add("code")
        elif code in existing:
            errors.add(row.number, "code", f"单位编码“{code}”已存在（{existing[code].name}）")
            row.bad.add("code")
            first[code] = row
        else:
            first[code] = row

    for row in rows:
        parent = row.data["parent_code"]
        if not row.ok("parent_code"):
            continue
        if parent == row.data["code"]:
            errors.add(row.number, "parent_code", "上级单位编码不能是本单位自己的编码")
            row.data["parent_code"] = None
        elif parent not in first and parent not in existing:
            errors.add(
                row.number,
                "parent_code",
                f"上级单位编码“{parent}”不存在：系统中和本文件中都没有这个单位",
            )
            row.bad.add("parent_code")

    # Depth in the file's own tree (parents first), and cycles among the file's units.
    in_file = {code: row for code, row in first.items() if code not in existing}
    depth: dict[str, int] = {}
    for start in in_file:
        path: list[str] = []
        on_path: set[str] = set()
        cur: str | None = start
        while cur in in_file and cur not in depth and cur not in on_path:
            on_path.add(cur)
            path.append(cur)
            cur = in_file[cur].data["parent_code"]
        if cur is not None and cur in on_path:
            cycle = path[path.index(cur) :]
            shown = " → ".join([*cycle, cur])
            for code in cycle:
                errors.add(in_file[code].number, "parent_code", f"上级单位关系形成循环：{shown}")
            for code in path:
                depth[code] = 0
            continue
        base = depth[cur] if cur is not None and cur in depth else -1
        for code in reversed(path):
            base += 1
            depth[code] = base
    order = sorted(rows, key=lambda r: depth.get(r.data["code"] or "", 0))
    return {"order": order, "existing": existing}


def _validate_cadres(rows: list[ParsedRow], errors: RowErrors) -> list[ParsedRow]:
    numbers = {r.data["citizen_id"] for r in rows if r.ok("citizen_id")}
    existing = {
        number: name
        for chunk in chunks(numbers)
        for number, name in Cadre.objects.filter(citizen_id__in=chunk).values_list(
            "citizen_id", "name"
        )
    }
    first: dict[str, int] = {}
    for row in rows:
        if not row.ok("citizen_id"):
            continue
        number = row.data["citizen_id"]
        if number in first:
            errors.add(row.number, "citizen_id", f"身份证号{number}与第{first[number]}行重复")
        elif number in existing:
            errors.add(
                row.number,
                "citizen_id",
                f"身份证号{number}已登记（{existing[number]}），不能重复导入",
            )
            first[number] = row.number
        else:
            first[number] = row.number
        id_gender, id_birth = citizen_id_gender(number), citizen_id_birth_date(number)
        gender = row.data["gender"]
        if row.ok("gender") and gender != id_gender:
            errors.add(
                row.number,
                "gender",
                f"性别“{Gender(gender).label}”与身份证号不一致（按身份证号应为"
                f"{Gender(id_gender).label}）",
            )
        birth = row.data["birth_date"]
        if row.ok("birth_date"):
            if isinstance(birth, tuple):
                if birth != (id_birth.year, id_birth.month):
                    errors.add(
                        row.number,
                        "birth_date",
                        f"出生年月{birth[0]}年{birth[1]}月与身份证号中的出生日期"
                        f"{id_birth.isoformat()}不一致",
                    )
                row.data["birth_date"] = None  # the ID gives the full date
            elif birth != id_birth:
                errors.add(
                    row.number,
                    "birth_date",
                    f"出生日期{birth.isoformat()}与身份证号中的出生日期{id_birth.isoformat()}不一致",
                )
    return rows


def _validate_posts(rows: list[ParsedRow], errors: RowErrors) -> list[ParsedRow]:
    cadres = _cadres_by_id(r.data["citizen_id"] for r in rows if r.ok("citizen_id"))
    units = _units_by_code(r.data["unit_code"] for r in rows if r.ok("unit_code"))
    existing_posts: set[tuple[int, int, str, date]] = set()
    for chunk in chunks(c.pk for c in cadres.values()):
        existing_posts.update(
            Post.objects.filter(cadre_id__in=chunk).values_list(
                "cadre_id", "unit_id", "title", "start_date"
            )
        )
    current_heads: dict[int, Post] = {}
    for chunk in chunks(u.pk for u in units.values()):
        for post in Post.objects.filter(
            unit_id__in=chunk, is_head=True, end_date__isnull=True
        ).select_related("cadre"):
            current_heads.setdefault(post.unit_id, post)

    seen_posts: dict[tuple[int, int, str, date], int] = {}
    heads_in_file: dict[int, int] = {}  # unit id → row number of its current head
    for row in rows:
        data = row.data
        cadre = unit = None
        if row.ok("citizen_id"):
            cadre = cadres.get(data["citizen_id"])
            if cadre is None:
                errors.add(
                    row.number,
                    "citizen_id",
                    f"身份证号{data['citizen_id']}对应的干部尚未登记，请先导入干部",
                )
            elif row.ok("name") and data["name"] != "".join(cadre.name.split()):
                errors.add(
                    row.number,
                    "name",
                    f"姓名“{data['name']}”与身份证号对应的干部“{cadre.name}”不一致，请核对",
                )
        if row.ok("unit_code"):
            unit = units.get(data["unit_code"])
            if unit is None:
                errors.add(
                    row.number,
                    "unit_code",
                    f"单位编码“{data['unit_code']}”不存在，请核对编码或先导入单位",
                )
        start, end = data["start_date"], data["end_date"]
        if row.ok("start_date", "end_date") and end < start:
            errors.add(
                row.number,
                "end_date",
                f"免职时间{end.isoformat()}早于任职时间{start.isoformat()}",
            )
        if cadre is None or unit is None:
            continue
        data["cadre"], data["unit"] = cadre, unit
        if row.ok("title", "start_date"):
            key = (cadre.pk, unit.pk, data["title"], start)
            if key in seen_posts:
                errors.add(row.number, "title", f"与第{seen_posts[key]}行是同一条任职记录，重复")
            elif key in existing_posts:
                errors.add(
                    row.number, "title", "该任职记录已登记（同一干部、单位、职务和任职时间）"
                )
            else:
                seen_posts[key] = row.number
        if data["is_head"] and data["end_date"] is None and "end_date" not in row.bad:
            other = current_heads.get(unit.pk)
            if other is not None:
                errors.add(
                    row.number,
                    "is_head",
                    f"{unit.name}已有现任一把手（{other.cadre.name}），同一单位只能有一名"
                    "现任一把手；请先办理其免职",
                )
            elif unit.pk in heads_in_file:
                errors.add(
                    row.number,
                    "is_head",
                    f"与第{heads_in_file[unit.pk]}行冲突：{unit.name}只能有一名现任一把手",
                )
            else:
                heads_in_file[unit.pk] = row.number
    return rows


# --- the imports -------------------------------------------------------------------------


class UnitImport(Importer):
    kind, label, columns = "units", KINDS["units"], COLUMNS["units"]
    capability, action = "org.import", "org.import.units"
    service_fields = {"parent": "parent_code"}

    def validate(self, rows: list[ParsedRow], errors: RowErrors) -> dict[str, Any]:
        return _validate_units(rows, errors)

    def create(self, plan: dict[str, Any]) -> int:
        made: dict[str, Unit] = dict(plan["existing"])
        for row in plan["order"]:
            d = row.data
            made[d["code"]] = self.call(
                row,
                services.unit_create,
                actor=self.actor,
                name=d["name"],
                code=d["code"],
                kind=d["kind"],
                parent=made[d["parent_code"]] if d["parent_code"] else None,
                short_name=d["short_name"] or "",
                uscc=d["uscc"] or "",
                sort_order=d["sort_order"] or 0,
            )
        return len(plan["order"])


class CadreImport(Importer):
    kind, label, columns = "cadres", KINDS["cadres"], COLUMNS["cadres"]
    capability, action = "org.import", "org.import.cadres"

    def validate(self, rows: list[ParsedRow], errors: RowErrors) -> list[ParsedRow]:
        return _validate_cadres(rows, errors)

    def create(self, plan: list[ParsedRow]) -> int:
        for row in plan:
            d = row.data
            self.call(
                row,
                services.cadre_create,
                actor=self.actor,
                name=d["name"],
                citizen_id=d["citizen_id"],
                rank=d["rank"],
                gender=d["gender"] or "",
                birth_date=d["birth_date"],
                political_status=d["political_status"] or PoliticalStatus.NONE,
                phone=d["phone"] or "",
                notes=d["notes"] or "",
            )
        return len(plan)


class PostImport(Importer):
    kind, label, columns = "posts", KINDS["posts"], COLUMNS["posts"]
    capability, action = "org.import", "org.import.posts"
    service_fields = {"cadre": "citizen_id", "unit": "unit_code"}
    guide_notes = ("任职记录引用的干部和单位须已在系统中，请先导入单位和干部。",)

    def validate(self, rows: list[ParsedRow], errors: RowErrors) -> list[ParsedRow]:
        return _validate_posts(rows, errors)

    def create(self, plan: list[ParsedRow]) -> int:
        for row in plan:
            d = row.data
            self.call(
                row,
                services.post_create,
                actor=self.actor,
                cadre=d["cadre"],
                unit=d["unit"],
                title=d["title"],
                start_date=d["start_date"],
                end_date=d["end_date"],
                is_head=bool(d["is_head"]),
                is_leadership=bool(d["is_leadership"]),
            )
        return len(plan)


IMPORTS: dict[str, type[Importer]] = {
    "units": UnitImport,
    "cadres": CadreImport,
    "posts": PostImport,
}


def import_for(kind: str) -> type[Importer]:
    """The import of ``kind`` (units, cadres, posts); :class:`NotFound` for another."""
    if kind not in IMPORTS:
        raise NotFound()
    return IMPORTS[kind]


def import_xlsx(*, actor: Any, kind: str, file: Any) -> ImportResult:
    """Import a file of ``kind``: all of it or nothing (see the module doc)."""
    return import_for(kind)(actor).run(file)
