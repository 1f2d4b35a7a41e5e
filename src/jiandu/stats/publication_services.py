"""Publishing statistics: a table, a bulletin or an assessment frozen with its numbers
and the definitions version it was counted by (DOMAIN.md §9). A draft may be edited
(its text) and recounted; once issued it never changes: a recount is compared with it
(``stats.publication_selectors``), never written over it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError
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


@transaction.atomic
def publication_edit(*, actor: Any, publication: Publication, title: str, text: str) -> Publication:
    """A person edits the draft's title and text before it is issued."""
    pub = Publication.objects.select_for_update().get(pk=publication.pk)
    _draft(pub)
    if not title.strip():
        raise DomainError("标题不能为空。", fields={"title": ["请填写标题。"]})
    pub.title, pub.text = title.strip(), text
    pub.save(update_fields=["title", "text"])
    event_record(actor=actor, action="stats.publication.edit", obj=pub)
    return pub


@transaction.atomic
def publication_recount(
    *, actor: Any, publication: Publication, definitions_version: str, numbers: dict[str, Any]
) -> Publication:
    """A draft takes the figures counted again (e.g. records corrected since)."""
    pub = Publication.objects.select_for_update().get(pk=publication.pk)
    _draft(pub)
    pub.numbers, pub.definitions_version = numbers, definitions_version
    pub.save(update_fields=["numbers", "definitions_version"])
    event_record(actor=actor, action="stats.publication.recount", obj=pub)
    return pub


@transaction.atomic
def publication_issue(*, actor: Any, publication: Publication) -> Publication:
    """Issue the draft: from now on it is frozen with its numbers and definitions."""
    pub = Publication.objects.select_for_update().get(pk=publication.pk)
    _draft(pub)
    pub.status = PublicationStatus.ISSUED
    pub.issued_by, pub.issued_at = actor, timezone.now()
    pub.save(update_fields=["status", "issued_by", "issued_at"])
    event_record(
        actor=actor,
        action="stats.publication.issue",
        obj=pub,
        from_state=PublicationStatus.DRAFT,
        to_state=PublicationStatus.ISSUED,
        payload={"definitions_version": pub.definitions_version},
    )
    return pub
