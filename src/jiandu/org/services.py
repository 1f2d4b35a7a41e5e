"""Every write to the organisation register. Each runs in one transaction and records
an audit event (CONVENTIONS 1). ``actor`` is a user, or ``None`` for the system (the
demo loader and migrations)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.db import models, transaction

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError
from jiandu.core.permissions import require_capability
from jiandu.core.scoping import require_visible
from jiandu.core.search import index_objects
from jiandu.core.services import check_version, locked, version_of
from jiandu.core.validators import (
    InvalidCode,
    citizen_id_birth_date,
    citizen_id_gender,
    normalise_citizen_id,
    normalise_uscc,
)
from jiandu.org.models import (
    Cadre,
    Company,
    CompanyPerson,
    CompanyRole,
    Liaison,
    LiaisonKind,
    PoliticalStatus,
    Post,
    Rank,
    Relation,
    Relative,
    Unit,
    UnitKind,
)


def _field_error(field: str, exc: InvalidCode) -> DomainError:
    return DomainError(exc.message, fields={field: [exc.message]})


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    name: str,
    code: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    uscc: str = "",
    sort_order: int = 0,
    head_reported_upward: bool = False,
) -> Unit:
    require_capability(actor, "org.edit")
    name, code = name.strip(), code.strip()
    if not name:
        raise DomainError("单位名称不能为空", fields={"name": ["单位名称不能为空"]})
    if kind not in UnitKind.values:
        raise DomainError(f"单位类别“{kind}”不存在", fields={"kind": ["类别不存在"]})
    if Unit.objects.filter(code=code).exists():
        raise DomainError(f"单位编码{code}已存在", fields={"code": ["单位编码已存在"]})
    if uscc:
        try:
            uscc = normalise_uscc(uscc)
        except InvalidCode as exc:
            raise _field_error("uscc", exc) from None
    unit = Unit.objects.create(
        name=name,
        code=code,
        kind=kind,
        parent=parent,
        short_name=short_name,
        uscc=uscc,
        sort_order=sort_order,
        head_reported_upward=bool(head_reported_upward),
    )
    event_record(
        actor=actor, action="org.unit.create", obj=unit, payload={"code": code, "kind": kind}
    )
    return unit


UNIT_EDITABLE = ("document_issuer_name", "document_number_prefix", "head_reported_upward")
# Markers (true/false) among the editable fields; the others are text.
UNIT_MARKERS = frozenset({"head_reported_upward"})


def unit_version(unit: Unit) -> str:
    """The unit edit form's version token: changes whenever an editable field does."""
    return version_of(unit, UNIT_EDITABLE)


@locked("unit")
def unit_update(*, actor: Any, unit: Unit, version: str | None = None, **changes: Any) -> Unit:
    """Edit how a unit signs its official documents: the issuer name of their 版头 and
    落款 (empty: the unit's name) and the 机关代字 their 文号 begin with; and whether its
    principal leader's clues are reported upward ([规则] 22, ``head_reported_upward``).
    ``version`` is the token the form was rendered with (``unit_version``); ``None``:
    system callers."""
    require_capability(actor, "org.edit")
    require_visible(actor, unit, message="单位不存在或无权查看")
    check_version(unit_version(unit), version)
    unknown = set(changes) - set(UNIT_EDITABLE)
    if unknown:
        raise DomainError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    changes = {
        f: bool(v) if f in UNIT_MARKERS else str(v or "").strip() for f, v in changes.items()
    }
    for field, value in changes.items():
        if field in UNIT_MARKERS:
            continue
        model_field = cast(models.CharField, Unit._meta.get_field(field))
        if model_field.max_length is not None and len(value) > model_field.max_length:
            message = f"{model_field.verbose_name}不能超过{model_field.max_length}个字"
            raise DomainError(message, fields={field: [message]})
    prefix = changes.get("document_number_prefix", "")
    if any(ch in prefix for ch in "〔〕[]()（）") or prefix.endswith("号"):
        message = "机关代字只写代字本身，如“××纪”，年份和序号由系统生成"
        raise DomainError(message, fields={"document_number_prefix": [message]})
    before = {f: getattr(unit, f) for f in changes}
    changed = [f for f, v in changes.items() if before[f] != v]
    if not changed:
        return unit
    for field in changed:
        setattr(unit, field, changes[field])
    unit.save(update_fields=changed)
    event_record(
        actor=actor,
        action="org.unit.update",
        obj=unit,
        payload={f: {"from": before[f], "to": changes[f]} for f in changed},
    )
    return unit


@transaction.atomic
def liaison_create(*, actor: Any, supervisor: Unit, supervised: Unit, kind: str) -> Liaison:
    require_capability(actor, "org.edit")
    if supervisor.pk == supervised.pk:
        raise DomainError("单位不能联系指导自己")
    if kind not in LiaisonKind.values:
        raise DomainError("联系关系类别不存在")
    if Liaison.objects.filter(supervisor=supervisor, supervised=supervised).exists():
        raise DomainError(f"{supervisor}与{supervised}的联系关系已存在")
    liaison = Liaison.objects.create(supervisor=supervisor, supervised=supervised, kind=kind)
    event_record(actor=actor, action="org.liaison.create", obj=liaison)
    return liaison


def cadre_clean(
    *, citizen_id: str, gender: str = "", birth_date: date | None = None
) -> tuple[str, str, date]:
    """Validate the ID and check gender and birth date against it (derived if absent)."""
    try:
        number = normalise_citizen_id(citizen_id)
    except InvalidCode as exc:
        raise _field_error("citizen_id", exc) from None
    id_gender, id_birth = citizen_id_gender(number), citizen_id_birth_date(number)
    if gender and gender != id_gender:
        raise DomainError("性别与身份证号不一致", fields={"gender": ["性别与身份证号第17位不一致"]})
    if birth_date and birth_date != id_birth:
        raise DomainError(
            "出生日期与身份证号不一致", fields={"birth_date": ["出生日期与身份证号不一致"]}
        )
    return number, id_gender, id_birth


def _cadre_build(
    *,
    name: str,
    citizen_id: str,
    rank: str,
    gender: str = "",
    birth_date: date | None = None,
    political_status: str = PoliticalStatus.NONE,
    phone: str = "",
    notes: str = "",
) -> Cadre:
    """A validated, unsaved cadre (shared by ``cadre_create`` and the bulk path)."""
    name = str(name).strip()
    if not name:
        raise DomainError("姓名不能为空", fields={"name": ["姓名不能为空"]})
    number, gender, birth_date = cadre_clean(
        citizen_id=citizen_id, gender=gender, birth_date=birth_date
    )
    if rank not in Rank.values:
        raise DomainError("职级不存在", fields={"rank": ["职级不存在"]})
    if political_status not in PoliticalStatus.values:
        raise DomainError("政治面貌不存在", fields={"political_status": ["政治面貌不存在"]})
    return Cadre(
        name=name,
        citizen_id=number,
        gender=gender,
        birth_date=birth_date,
        political_status=political_status,
        rank=rank,
        phone=phone,
        notes=notes,
    )


def _already_registered(citizen_id: str) -> DomainError:
    return DomainError(f"身份证号{citizen_id}已登记", fields={"citizen_id": ["该身份证号已登记"]})


@transaction.atomic
def cadre_create(*, actor: Any, **fields: Any) -> Cadre:
    """Fields: name, citizen_id, rank, gender, birth_date, political_status, phone, notes."""
    require_capability(actor, "org.edit")
    cadre = _cadre_build(**fields)
    if Cadre.objects.filter(citizen_id=cadre.citizen_id).exists():
        raise _already_registered(cadre.citizen_id)
    cadre.save(force_insert=True)
    event_record(actor=actor, action="org.cadre.create", obj=cadre, payload={"rank": cadre.rank})
    return cadre


CADRE_EDITABLE = (
    "name",
    "political_status",
    "rank",
    "phone",
    "notes",
    "party_committee_member",
    "commission_member",
)
# The [规则] 22 markers (true/false) among them.
CADRE_MARKERS = frozenset({"party_committee_member", "commission_member"})


def cadre_version(cadre: Cadre) -> str:
    """The edit form's version token: changes whenever an editable field does."""
    return version_of(cadre, CADRE_EDITABLE)


@locked("cadre")
def cadre_update(*, actor: Any, cadre: Cadre, version: str | None = None, **changes: Any) -> Cadre:
    """Edit a cadre, including the [规则] 22 markers (同级党委委员、候补委员; 纪委常委、
    监委委员) that flag their clues for reporting upward. ``version`` is the token the
    form was rendered with (``cadre_version``): a save on an older state is refused
    (``StaleVersion``) instead of silently reverting someone else's change. ``None``:
    system callers only."""
    require_capability(actor, "org.edit")
    check_version(cadre_version(cadre), version)
    unknown = set(changes) - set(CADRE_EDITABLE)
    if unknown:
        raise DomainError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    if "name" in changes and not str(changes["name"]).strip():
        raise DomainError("姓名不能为空", fields={"name": ["姓名不能为空"]})
    if "rank" in changes and changes["rank"] not in Rank.values:
        raise DomainError("职级不存在", fields={"rank": ["职级不存在"]})
    if "political_status" in changes and changes["political_status"] not in PoliticalStatus.values:
        raise DomainError("政治面貌不存在", fields={"political_status": ["政治面貌不存在"]})
    changes = {f: bool(v) if f in CADRE_MARKERS else v for f, v in changes.items()}
    before = {f: getattr(cadre, f) for f in changes}
    changed = [f for f, v in changes.items() if before[f] != v]
    if not changed:
        return cadre
    for field in changed:
        setattr(cadre, field, changes[field])
    cadre.save(update_fields=changed)
    event_record(
        actor=actor,
        action="org.cadre.update",
        obj=cadre,
        payload={f: {"from": before[f], "to": changes[f]} for f in changed},
    )
    return cadre


def _post_build(
    *,
    cadre: Cadre,
    unit: Unit,
    title: str,
    start_date: date,
    end_date: date | None = None,
    is_head: bool = False,
    is_leadership: bool = False,
) -> Post:
    """A validated, unsaved post; the one-current-head rule needs the table and is
    checked by the callers."""
    if cadre.pk is None or unit.pk is None:
        raise DomainError("干部或单位尚未保存")
    title = str(title).strip()
    if not title:
        raise DomainError("职务不能为空", fields={"title": ["职务不能为空"]})
    if end_date and end_date < start_date:
        raise DomainError("免职时间不能早于任职时间", fields={"end_date": ["免职时间早于任职时间"]})
    is_head = bool(is_head)
    return Post(
        cadre=cadre,
        unit=unit,
        title=title,
        start_date=start_date,
        end_date=end_date,
        is_head=is_head,
        is_leadership=bool(is_leadership) or is_head,
    )


def _second_head(other: Post) -> DomainError:
    return DomainError(
        f"{other.unit}已有现任一把手（{other.cadre}），请先办理其免职",
        fields={"is_head": ["该单位已有现任一把手"]},
    )


@transaction.atomic
def post_create(*, actor: Any, **fields: Any) -> Post:
    """Fields: cadre, unit, title, start_date, end_date, is_head, is_leadership."""
    require_capability(actor, "org.edit")
    post = _post_build(**fields)
    if post.is_head and post.end_date is None:
        other = Post.objects.filter(unit=post.unit, is_head=True, end_date__isnull=True).first()
        if other is not None:
            raise _second_head(other)
    post.save(force_insert=True)
    event_record(
        actor=actor,
        action="org.post.create",
        obj=post,
        payload={
            "cadre": post.cadre_id,
            "unit": post.unit_id,
            "start": post.start_date,
            "end": post.end_date,
        },
    )
    return post


@locked("post")
def post_end(*, actor: Any, post: Post, end_date: date) -> Post:
    require_capability(actor, "org.edit")
    if post.end_date is not None:
        raise DomainError("该任职已经结束")
    if end_date < post.start_date:
        raise DomainError("免职时间不能早于任职时间")
    post.end_date = end_date
    post.save(update_fields=["end_date"])
    event_record(actor=actor, action="org.post.end", obj=post, payload={"end": end_date})
    return post


def _optional_citizen_id(value: str, field: str) -> str:
    if not value:
        return ""
    try:
        return normalise_citizen_id(value)
    except InvalidCode as exc:
        raise _field_error(field, exc) from None


def _relative_build(
    *, cadre: Cadre, relation: str, name: str, citizen_id: str = "", occupation: str = ""
) -> Relative:
    if cadre.pk is None:
        raise DomainError("干部尚未保存")
    if relation not in Relation.values:
        raise DomainError("亲属关系不存在", fields={"relation": ["亲属关系不存在"]})
    name = str(name).strip()
    if not name:
        raise DomainError("亲属姓名不能为空", fields={"name": ["姓名不能为空"]})
    return Relative(
        cadre=cadre,
        relation=relation,
        name=name,
        citizen_id=_optional_citizen_id(citizen_id, "citizen_id"),
        occupation=occupation,
    )


@transaction.atomic
def relative_create(*, actor: Any, **fields: Any) -> Relative:
    """Fields: cadre, relation, name, citizen_id, occupation."""
    require_capability(actor, "org.edit")
    relative = _relative_build(**fields)
    relative.save(force_insert=True)
    if relative.citizen_id:
        CompanyPerson.objects.filter(
            person_citizen_id=relative.citizen_id, cadre__isnull=True, relative__isnull=True
        ).update(relative=relative)
    event_record(
        actor=actor,
        action="org.relative.create",
        obj=relative,
        payload={"cadre": relative.cadre_id},
    )
    return relative


def _company_build(
    *,
    uscc: str,
    name: str,
    address: str = "",
    phone: str = "",
    registered_on: date | None = None,
    registered_capital: Decimal | None = None,
) -> Company:
    try:
        code = normalise_uscc(uscc)
    except InvalidCode as exc:
        raise _field_error("uscc", exc) from None
    name = str(name).strip()
    if not name:
        raise DomainError("企业名称不能为空", fields={"name": ["企业名称不能为空"]})
    return Company(
        uscc=code,
        name=name,
        address=address,
        phone=phone,
        registered_on=registered_on,
        registered_capital=registered_capital,
    )


def _uscc_registered(code: str) -> DomainError:
    return DomainError(f"统一社会信用代码{code}已登记", fields={"uscc": ["已登记"]})


def _company_person_build(
    *,
    company: Company,
    person_name: str,
    role: str,
    person_citizen_id: str = "",
    share_ratio: Decimal | None = None,
) -> CompanyPerson:
    if company.pk is None:
        raise DomainError("企业尚未保存")
    person_name = str(person_name).strip()
    if not person_name:
        raise DomainError("姓名不能为空", fields={"person_name": ["姓名不能为空"]})
    if role not in CompanyRole.values:
        raise DomainError("企业人员身份不存在", fields={"role": ["身份不存在"]})
    if share_ratio is not None and not (Decimal(0) <= share_ratio <= Decimal(100)):
        raise DomainError("持股比例应在0到100之间", fields={"share_ratio": ["应在0到100之间"]})
    return CompanyPerson(
        company=company,
        person_name=person_name,
        person_citizen_id=_optional_citizen_id(person_citizen_id, "person_citizen_id"),
        role=role,
        share_ratio=share_ratio,
    )


# --- bulk loading (the demo county, imports of thousands of rows) -------------------------
# Each bulk service validates every row as its per-row counterpart does, writes with
# ``bulk_create`` and records ONE audit event for the batch (payload: the row count).
# Rows are mappings with the per-row service's keyword arguments. A bad row fails the
# whole batch with a message naming the row (1-based).

BULK_BATCH_SIZE = 500


def _row_error(index: int, exc: DomainError) -> DomainError:
    return DomainError(f"第{index}行：{exc.message}", fields=exc.fields)


def _existing(model: Any, field: str, values: list[str]) -> set[str]:
    """Which of ``values`` already exist in ``model.field`` (queried in chunks)."""
    found: set[str] = set()
    for i in range(0, len(values), BULK_BATCH_SIZE):
        chunk = values[i : i + BULK_BATCH_SIZE]
        found.update(model.objects.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
    return found


def _id_map(model: Any, values: list[str]) -> dict[str, int]:
    """citizen ID -> pk of the first (lowest pk) row of ``model`` with it."""
    found: dict[str, int] = {}
    for i in range(0, len(values), BULK_BATCH_SIZE):
        chunk = values[i : i + BULK_BATCH_SIZE]
        rows = (
            model.objects.filter(citizen_id__in=chunk)
            .order_by("pk")
            .values_list("citizen_id", "pk")
        )
        for number, pk in rows:
            found.setdefault(number, pk)
    return found


def _build_rows(build: Any, rows: Any) -> list[Any]:
    """Build every row with the per-row validation; a bad row names its number."""
    built = []
    for index, row in enumerate(rows, start=1):
        try:
            built.append(build(**row))
        except DomainError as exc:
            raise _row_error(index, exc) from None
    return built


def _first_repeat(values: list[Any]) -> tuple[int, Any] | None:
    """(1-based row, value) of the first value seen before in the list."""
    seen: set[Any] = set()
    for index, value in enumerate(values, start=1):
        if value in seen:
            return index, value
        seen.add(value)
    return None


@transaction.atomic
def cadres_bulk_create(*, actor: Any, rows: Any) -> list[Cadre]:
    """Rows: the keyword arguments of ``cadre_create``."""
    require_capability(actor, "org.edit")
    cadres = _build_rows(_cadre_build, rows)
    if not cadres:
        return []
    numbers = [c.citizen_id for c in cadres]
    repeat = _first_repeat(numbers)
    if repeat:
        raise _row_error(
            repeat[0],
            DomainError(f"身份证号{repeat[1]}重复", fields={"citizen_id": ["身份证号重复"]}),
        )
    taken = _existing(Cadre, "citizen_id", numbers)
    if taken:
        raise _already_registered(min(taken))
    created = Cadre.objects.bulk_create(cadres, batch_size=BULK_BATCH_SIZE)
    event_record(actor=actor, action="org.cadre.bulk_create", payload={"count": len(created)})
    index_objects("cadre", [c.pk for c in created])  # bulk_create sends no signals
    return created


@transaction.atomic
def posts_bulk_create(*, actor: Any, rows: Any) -> list[Post]:
    """Rows: cadre, unit, title, start_date, end_date, is_head, is_leadership. A unit
    keeps at most one current head (end_date empty), counting the rows and the table."""
    require_capability(actor, "org.edit")
    posts = _build_rows(_post_build, rows)
    if not posts:
        return []
    head_rows: dict[int, int] = {}
    for index, post in enumerate(posts, start=1):
        if post.is_head and post.end_date is None:
            if post.unit_id in head_rows:
                raise _row_error(
                    index,
                    DomainError(
                        f"{post.unit}有两名现任一把手（另见第{head_rows[post.unit_id]}行）",
                        fields={"is_head": ["该单位已有现任一把手"]},
                    ),
                )
            head_rows[post.unit_id] = index
    unit_ids = list(head_rows)
    for i in range(0, len(unit_ids), BULK_BATCH_SIZE):
        other = (
            Post.objects.filter(
                unit_id__in=unit_ids[i : i + BULK_BATCH_SIZE],
                is_head=True,
                end_date__isnull=True,
            )
            .select_related("unit", "cadre")
            .first()
        )
        if other is not None:
            raise _second_head(other)
    created = Post.objects.bulk_create(posts, batch_size=BULK_BATCH_SIZE)
    event_record(actor=actor, action="org.post.bulk_create", payload={"count": len(created)})
    return created


@transaction.atomic
def relatives_bulk_create(*, actor: Any, rows: Any) -> list[Relative]:
    """Rows: cadre, relation, name, citizen_id, occupation. Company people already
    registered with a relative's citizen ID (and not linked yet) are linked to it."""
    require_capability(actor, "org.edit")
    relatives = _build_rows(_relative_build, rows)
    if not relatives:
        return []
    created = Relative.objects.bulk_create(relatives, batch_size=BULK_BATCH_SIZE)
    first_by_id: dict[str, Relative] = {}
    for relative in created:
        if relative.citizen_id:
            first_by_id.setdefault(relative.citizen_id, relative)
    if first_by_id:
        numbers = list(first_by_id)
        waiting: list[CompanyPerson] = []
        for i in range(0, len(numbers), BULK_BATCH_SIZE):
            waiting.extend(
                CompanyPerson.objects.filter(
                    person_citizen_id__in=numbers[i : i + BULK_BATCH_SIZE],
                    cadre__isnull=True,
                    relative__isnull=True,
                )
            )
        for person in waiting:
            person.relative = first_by_id[person.person_citizen_id]
        CompanyPerson.objects.bulk_update(waiting, ["relative"], batch_size=BULK_BATCH_SIZE)
    event_record(actor=actor, action="org.relative.bulk_create", payload={"count": len(created)})
    return created


@transaction.atomic
def companies_bulk_create(*, actor: Any, rows: Any) -> list[Company]:
    """Rows: uscc, name, address, phone, registered_on, registered_capital."""
    require_capability(actor, "org.edit")
    companies = _build_rows(_company_build, rows)
    if not companies:
        return []
    codes = [c.uscc for c in companies]
    repeat = _first_repeat(codes)
    if repeat:
        raise _row_error(
            repeat[0], DomainError(f"统一社会信用代码{repeat[1]}重复", fields={"uscc": ["重复"]})
        )
    taken = _existing(Company, "uscc", codes)
    if taken:
        raise _uscc_registered(min(taken))
    created = Company.objects.bulk_create(companies, batch_size=BULK_BATCH_SIZE)
    event_record(actor=actor, action="org.company.bulk_create", payload={"count": len(created)})
    index_objects("company", [c.pk for c in created])
    return created


@transaction.atomic
def company_people_bulk_create(*, actor: Any, rows: Any) -> list[CompanyPerson]:
    """Rows: company, person_name, role, person_citizen_id, share_ratio. Each person is
    linked to the cadre with the same citizen ID, or else to such a relative."""
    require_capability(actor, "org.edit")
    people = _build_rows(_company_person_build, rows)
    if not people:
        return []
    keys = [(p.company_id, p.person_citizen_id, p.role) for p in people]
    repeat = _first_repeat([k if k[1] else ("no-id", i) for i, k in enumerate(keys)])
    if repeat:
        person = people[repeat[0] - 1]
        raise _row_error(
            repeat[0],
            DomainError(
                f"{person.company}的{person.person_name}重复登记为{person.get_role_display()}"
            ),
        )
    seen = set(keys)
    numbers = sorted({p.person_citizen_id for p in people if p.person_citizen_id})
    company_ids = sorted({p.company_id for p in people})
    for i in range(0, len(company_ids), BULK_BATCH_SIZE):
        clash = CompanyPerson.objects.filter(
            company_id__in=company_ids[i : i + BULK_BATCH_SIZE], person_citizen_id__gt=""
        ).values_list("company_id", "person_citizen_id", "role")
        for key in clash:
            if key in seen:
                raise DomainError(f"身份证号{key[1]}已以同一身份登记在该企业")
    cadre_ids = _id_map(Cadre, numbers)
    relative_ids = _id_map(Relative, [n for n in numbers if n not in cadre_ids])
    for person in people:
        number = person.person_citizen_id
        if number in cadre_ids:
            person.cadre_id = cadre_ids[number]
        elif number in relative_ids:
            person.relative_id = relative_ids[number]
    created = CompanyPerson.objects.bulk_create(people, batch_size=BULK_BATCH_SIZE)
    index_objects("company", {p.company_id for p in created})  # their people's names
    event_record(
        actor=actor, action="org.company_person.bulk_create", payload={"count": len(created)}
    )
    return created
