"""Publishing statistics: a table, a bulletin or an assessment frozen with its numbers
and the definitions version it was counted by (DOMAIN.md §9). A draft may be edited
(its text) and recounted; once issued it never changes: a recount is compared with it
(``stats.publication_selectors``), never written over it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.core.services import check_version, locked, version_of
from jiandu.org.models import Unit
from jiandu.stats.models import Publication, PublicationKind, PublicationStatus
from jiandu.stats.periods import Period

ACTION_LABELS = {
    "create": "生成统计发布稿",
    "edit": "修改统计发布稿",
    "recount": "重新统计发布稿",
    "issue": "发布统计结果",
}


@transaction.atomic
def publication_create(
    *,
    actor: Any,
    kind: str,
    key: str,
    title: str,
    root: Unit,
    period: Period,
    definitions_version: str,
    numbers: dict[str, Any],
    text: str = "",
) -> Publication:
    """A draft publication of figures just computed for ``root`` and ``period``."""
    if kind not in PublicationKind.values:
        raise DomainError("发布类别无效。")
    pub = Publication.objects.create(
        kind=kind,
        key=key,
        title=title,
        root=root,
        period_code=period.code,
        period_label=period.label,
        period_start=period.start,
        period_end=period.end,
        definitions_version=definitions_version,
        numbers=numbers,
        text=text,
        created_by=actor,
    )
    event_record(
        actor=actor,
        action="stats.publication.create",
        obj=pub,
        to_state=pub.status,
        payload={"kind": kind, "key": key, "period": period.code, "root": root.pk},
    )
    return pub


def _draft(pub: Publication) -> None:
    if pub.status != PublicationStatus.DRAFT:
        raise DomainError("已发布的统计结果不能修改；如需更正，请重新生成并发布。")


def publication_version(pub: Publication) -> str:
    """The version token of a draft's editable text (``core.services.version_of``)."""
    return version_of(pub, ("title", "text", "status"))


@locked("publication")
def publication_edit(
    *,
    actor: Any,
    publication: Publication,
    title: str,
    text: str,
    version: str | None = None,
) -> Publication:
    """A person edits the draft's title and text before it is issued; ``version`` is the
    token the edit page carried (a save made on an older text is refused)."""
    pub = publication
    _draft(pub)
    check_version(publication_version(pub), version)
    if not title.strip():
        raise DomainError("标题不能为空。", fields={"title": ["请填写标题。"]})
    pub.title, pub.text = title.strip(), text
    pub.save(update_fields=["title", "text"])
    event_record(actor=actor, action="stats.publication.edit", obj=pub)
    return pub


@locked("publication")
def publication_recount(
    *, actor: Any, publication: Publication, definitions_version: str, numbers: dict[str, Any]
) -> Publication:
    """A draft takes the figures counted again (e.g. records corrected since)."""
    pub = publication
    _draft(pub)
    pub.numbers, pub.definitions_version = numbers, definitions_version
    pub.save(update_fields=["numbers", "definitions_version"])
    event_record(actor=actor, action="stats.publication.recount", obj=pub)
    return pub


@locked("publication.root", "publication")
def publication_issue(*, actor: Any, publication: Publication) -> Publication:
    """Issue the draft: from now on it is frozen with its numbers and definitions. It
    is numbered 2026年第3期 within its kind, root and year (the root's row is locked
    first, so two issues at once never take the same number)."""
    pub = publication
    _draft(pub)
    now = timezone.now()
    year = timezone.localdate(now).year
    issued = Publication.objects.filter(
        kind=pub.kind, root_id=pub.root_id, status=PublicationStatus.ISSUED, issued_at__year=year
    ).count()
    pub.status = PublicationStatus.ISSUED
    pub.issued_by, pub.issued_at = actor, now
    pub.number = f"{year}年第{issued + 1}期"
    pub.save(update_fields=["status", "issued_by", "issued_at", "number"])
    event_record(
        actor=actor,
        action="stats.publication.issue",
        obj=pub,
        from_state=PublicationStatus.DRAFT,
        to_state=PublicationStatus.ISSUED,
        payload={"definitions_version": pub.definitions_version},
    )
    return pub


def table_publish(
    *, actor: Any, table_key: str, period: Period, root_id: Any = None
) -> Publication:
    """Freeze a standard table for ``period`` and the root as ``actor`` sees it: a draft
    with the grid's numbers (``frozen_table``), issued at once (two audit events)."""
    from jiandu.stats import standard
    from jiandu.stats.publication_selectors import frozen_table
    from jiandu.stats.selectors import table_compute

    if not actor.has_capability("stats.publish"):
        raise PermissionDenied("您的角色无权发布统计报表。")
    table = standard.get(table_key)
    grid = table_compute(user=actor, table=table, period=period, root_id=root_id, compare=False)
    pub = publication_create(
        actor=actor,
        kind=PublicationKind.TABLE,
        key=table.key,
        title=f"{table.title}（{grid.root.name}，{period.label}）",
        root=grid.root,
        period=period,
        definitions_version=table.version,
        numbers=frozen_table(grid),
    )
    return publication_issue(actor=actor, publication=pub)


def bulletin_generate(
    *, actor: Any, template_id: Any, period: Period, root_id: Any = None
) -> Publication:
    """A draft bulletin (通报) for ``period``: the template's text filled from the figures
    counted as ``actor`` sees them, with the standard tables it includes frozen beside
    it. A person edits the text (``publication_edit``) before issuing it."""
    from jiandu.core.scoping import get_visible_or_404
    from jiandu.stats import bulletins, standard
    from jiandu.stats.models import BulletinTemplate
    from jiandu.stats.publication_selectors import frozen_table
    from jiandu.stats.selectors import table_compute
    from jiandu.stats.units import default_root, may_choose_root

    if not actor.has_capability("stats.publish"):
        raise PermissionDenied("您的角色无权生成通报。")
    template = BulletinTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise DomainError("请选择通报模板。", fields={"template": ["请选择通报模板。"]})
    if root_id not in (None, "") and may_choose_root(actor, "stats"):
        root = get_visible_or_404(Unit.objects.all(), user=actor, pk=root_id)
    else:
        root = default_root(actor, "stats")
    if root is None:
        raise DomainError("未找到统计单位。")
    ctx = bulletins.Context(user=actor, root=root, period=period)
    values = bulletins.compute(ctx, bulletins.placeholders(template.title, template.text))
    tables = []
    versions = []
    for key in template.tables:
        if key not in standard.REGISTRY:
            raise DomainError(f"通报模板的附表“{key}”尚未建立，暂不能生成通报。")
        table = standard.get(key)
        grid = table_compute(user=actor, table=table, period=period, root_id=root.pk, compare=False)
        tables.append({**frozen_table(grid), "title": table.title, "version": table.version})
        versions.append(f"{key}:{table.version}")
    return publication_create(
        actor=actor,
        kind=PublicationKind.BULLETIN,
        key=str(template.pk),
        title=bulletins.fill(template.title, values),
        root=root,
        period=period,
        definitions_version=(";".join(versions) or "—")[:30],
        numbers={"figures": values, "tables": tables, "template": template.name},
        text=bulletins.fill(template.text, values),
    )
