"""The early-alert detectors of tenure, reports and companies (registered on import;
``IntegrityConfig.ready`` imports this module). Each reads the whole record (the
commission computes; the alert is scoped by ``unit``) and yields ``AlertCandidate``s
with a Chinese reason carrying the figures and the records behind it.

Alerts are about serving cadres: a cadre with no post on the day is not alerted. The
alert's unit is the unit of the post it is about (tenure), else of the cadre's main
current post (the head's post first, then a leadership member's, then the latest).

- ``long_key_post`` / ``long_leading_post`` (``alert_rules.is_key_post``,
  ``tenure_reached``): key ``long_key_post:post:<id>:<years>``, so a later threshold
  (a changed policy value) is a new alert and the same one is never raised twice.
- ``repeated_reports``: at least ``alerts.repeated_reports`` reports about the person
  within ``alerts.repeated_reports_months`` months (``alert_rules.report_episodes``);
  key ``repeated_reports:cadre:<id>:report:<first report id>``.
- ``same_problem``: reports on the same problem category from different reporters. A
  reporter's identity is encrypted (AES-GCM with a random nonce: two ciphertexts of one
  person differ) and is never decrypted for this: **reports count as coming from
  different reporters unless the petition office linked them as duplicates**
  (``Report.duplicate_of``: 重复举报, the same matter reported again). A duplicate
  counts with the report it repeats, never by itself; anonymous reports count as
  distinct. The episodes are cut per category; one alert per first report names every
  category its reports share; an episode sharing a report with a repeated-reports
  alert raises none (that alert's reason names the categories they share). Key
  ``same_problem:cadre:<id>:report:<first report id>``.
  Only the numbers and dates of reports appear, never who reported.
  Reports count when a subject row names the cadre and is confirmed, the report is
  registered (not a portal submission waiting) and not itself a duplicate.
- ``relative_contract``: confirmed hits (turned into clues) of the cross-check rule
  R03 (亲属企业承接本人单位合同) about the cadre, one alert per (cadre, company USCC).
- ``company_role``: the register's company roles of the cadre (``CompanyPerson.cadre``)
  and confirmed hits of R04 (干部在企业任职或持股), one alert per (cadre, company USCC).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from jiandu.core.formatting import cn_date
from jiandu.core.policy import policy_value
from jiandu.integrity import alert_rules as rules
from jiandu.integrity.detectors import AlertCandidate, evidence, register_detector
from jiandu.integrity.models import AlertKind

RELATIVE_CONTRACT_RULE = "R03"
COMPANY_ROLE_RULE = "R04"


def _cadre_url(cadre_id: int) -> str:
    return reverse("org:cadre_detail", args=(cadre_id,))


def main_posts(cadre_ids: Iterable[int], *, on: date) -> dict[int, Any]:
    """Each cadre's main post on ``on`` (head, then leadership, then the latest), one
    query."""
    from jiandu.org.models import Post

    ids = list(set(cadre_ids))
    if not ids:
        return {}
    posts = (
        Post.objects.current(on)
        .filter(cadre_id__in=ids)
        .select_related("cadre", "unit")
        .order_by("cadre_id", "-is_head", "-is_leadership", "-start_date", "id")
    )
    out: dict[int, Any] = {}
    for post in posts:
        out.setdefault(post.cadre_id, post)
    return out


def _post_label(post: Any) -> str:
    return f"{post.unit.name}{post.title}"


# --- (a) long tenure -------------------------------------------------------------------------


@register_detector("long_tenure")
def long_tenure(*, on: date) -> Iterator[AlertCandidate]:
    from jiandu.org.models import Post

    key_years = policy_value("alerts.key_post_years", on=on)
    lead_years = policy_value("alerts.leading_post_years", on=on)
    latest_start = rules.add_years(on, -min(key_years, lead_years))
    posts = (
        Post.objects.current(on)
        .filter(start_date__lte=latest_start)
        .select_related("cadre", "unit")
        .order_by("id")
    )
    for post in posts:
        checks = (
            (
                AlertKind.LONG_KEY_POST,
                key_years,
                rules.is_key_post(title=post.title, is_head=post.is_head),
                "重要岗位",
            ),
            (
                AlertKind.LONG_LEADING_POST,
                lead_years,
                rules.is_leading_post(is_head=post.is_head, is_leadership=post.is_leadership),
                "同一领导岗位",
            ),
        )
        for kind, years, applies, what in checks:
            if not applies or not rules.tenure_reached(start=post.start_date, on=on, years=years):
                continue
            held = rules.tenure_text(post.start_date, on)
            yield AlertCandidate(
                kind=kind,
                key=f"{kind}:post:{post.pk}:{years}",
                cadre_id=post.cadre_id,
                unit_id=post.unit_id,
                reason=(
                    f"{post.cadre.name}自{cn_date(post.start_date)}起任{_post_label(post)}，"
                    f"至{cn_date(on)}已{held}，{what}任职满{years}年"
                )[:300],
                evidence=[
                    evidence(
                        "post",
                        post.pk,
                        _post_label(post),
                        f"{cn_date(post.start_date)}任职",
                        _cadre_url(post.cadre_id),
                    )
                ],
            )


# --- (b) reports ------------------------------------------------------------------------------


def _reports_by_cadre(*, on: date) -> tuple[dict[int, dict[int, dict]], dict[int, list]]:
    """{cadre: {report id: {"number", "on"}}} and {report id: [(code, name)]}: the counted
    reports (see the module docstring) received on or before ``on``."""
    from jiandu.intake.models import Report, ReportStatus, ReportSubject

    rows = (
        ReportSubject.objects.filter(
            cadre__isnull=False,
            confirmed=True,
            report__duplicate_of__isnull=True,
        )
        .exclude(report__status=ReportStatus.SUBMITTED)
        .values_list("cadre_id", "report_id", "report__number", "report__received_at")
    )
    by_cadre: dict[int, dict[int, dict]] = defaultdict(dict)
    report_ids: set[int] = set()
    for cadre_id, report_id, number, received_at in rows:
        day = timezone.localdate(received_at)
        if day > on:
            continue
        by_cadre[cadre_id][report_id] = {"number": number, "on": day}
        report_ids.add(report_id)
    categories: dict[int, list] = defaultdict(list)
    through = Report.categories.through
    for report_id, code, name in (
        through.objects.filter(report_id__in=report_ids)
        .values_list("report_id", "problemcategory__code", "problemcategory__name")
        .order_by("report_id", "problemcategory__code")
    ):
        categories[report_id].append((code, name))
    return by_cadre, categories


def _report_evidence(report_id: int, info: dict) -> dict[str, Any]:
    return evidence(
        "report",
        report_id,
        info["number"],
        f"{cn_date(info['on'])}收到",
        reverse("intake:report_detail", args=(report_id,)),
    )


@register_detector("reports")
def reports(*, on: date) -> Iterator[AlertCandidate]:
    count = policy_value("alerts.repeated_reports", on=on)
    months = policy_value("alerts.repeated_reports_months", on=on)
    same_count = policy_value("alerts.same_problem_reports", on=on)
    same_months = policy_value("alerts.same_problem_months", on=on)
    by_cadre, categories = _reports_by_cadre(on=on)
    posts = main_posts(by_cadre, on=on)
    for cadre_id in sorted(by_cadre):
        post = posts.get(cadre_id)
        if post is None:
            continue
        reports_ = by_cadre[cadre_id]
        dated = [rules.Dated(pk, info["on"]) for pk, info in reports_.items()]
        name = post.cadre.name
        by_category: dict[str, list[rules.Dated]] = defaultdict(list)
        names: dict[str, str] = {}
        for item in dated:
            for code, label in categories.get(item.id, ()):
                by_category[code].append(item)
                names[code] = label
        repeated = [
            e
            for e in rules.report_episodes(dated, count=count, months=months)
            if rules.is_recent(e, on=on, months=months)
        ]
        covered: set[int] = set()
        for episode in repeated:
            first, last = episode[0], episode[-1]
            ids = {r.id for r in episode}
            covered |= ids
            shared = [
                f"{len(ids & {r.id for r in items})}件反映“{names[code]}”"
                for code, items in sorted(by_category.items())
                if len(ids & {r.id for r in items}) >= same_count
            ]
            yield AlertCandidate(
                kind=AlertKind.REPEATED_REPORTS,
                key=f"{AlertKind.REPEATED_REPORTS}:cadre:{cadre_id}:report:{first.id}",
                cadre_id=cadre_id,
                unit_id=post.unit_id,
                reason=(
                    f"{name}在{cn_date(first.on)}至{cn_date(last.on)}间被反映{len(episode)}次"
                    f"（{months}个月内达到{count}次）"
                    + (f"，其中{'、'.join(shared)}" if shared else "")
                )[:300],
                evidence=[_report_evidence(r.id, reports_[r.id]) for r in episode],
            )
        # Same problem from different reporters: the episodes of each category, those
        # sharing a report with a repeated-reports alert left out (its reason names the
        # shared categories), one alert per first report with every category it shares.
        merged: dict[int, tuple[list[rules.Dated], list[str]]] = {}
        for code in sorted(by_category):
            for episode in rules.report_episodes(
                by_category[code], count=same_count, months=same_months
            ):
                if not rules.is_recent(episode, on=on, months=same_months):
                    continue
                if {r.id for r in episode} & covered:
                    continue
                held = merged.setdefault(episode[0].id, (episode, []))
                if len(episode) > len(held[0]):
                    held = merged[episode[0].id] = (episode, held[1])
                held[1].append(names[code])
        for first_id, (episode, labels) in sorted(merged.items()):
            first, last = episode[0], episode[-1]
            yield AlertCandidate(
                kind=AlertKind.SAME_PROBLEM_REPORTS,
                key=f"{AlertKind.SAME_PROBLEM_REPORTS}:cadre:{cadre_id}:report:{first_id}",
                cadre_id=cadre_id,
                unit_id=post.unit_id,
                reason=(
                    f"{cn_date(first.on)}至{cn_date(last.on)}间，{len(episode)}件不同来源的"
                    f"举报（非重复件）反映{name}"
                    + "、".join(f"“{label}”" for label in labels)
                    + "方面的问题"
                )[:300],
                evidence=[_report_evidence(r.id, reports_[r.id]) for r in episode],
            )


# --- (c) companies ----------------------------------------------------------------------------


def _rows(hit: Any, dataset: str) -> list[dict[str, Any]]:
    return [dict(row.get("values") or {}) for row in hit.evidence if row.get("dataset") == dataset]


def _hit_evidence(hit: Any) -> dict[str, Any]:
    return evidence(
        "hit",
        hit.pk,
        hit.ref_label,
        hit.summary[:120],
        reverse("crosscheck:hit_detail", args=(hit.pk,)),
    )


def _company_evidence(company: Any) -> dict[str, Any]:
    return evidence(
        "company",
        company.pk,
        company.name,
        company.uscc,
        reverse("org:company_detail", args=(company.pk,)),
    )


def _confirmed_hits(rule_code: str) -> list[Any]:
    from jiandu.crosscheck.models import Hit, HitStatus

    return list(
        Hit.objects.filter(
            rule_code=rule_code, status=HitStatus.CONFIRMED, subject_cadre__isnull=False
        )
        .only("id", "rule_code", "summary", "evidence", "subject_cadre_id")
        .order_by("id")
    )


def _companies(usccs: Iterable[str]) -> dict[str, Any]:
    from jiandu.org.models import Company

    wanted = {u for u in usccs if u}
    return {c.uscc: c for c in Company.objects.filter(uscc__in=wanted)} if wanted else {}


@register_detector("relative_contract")
def relative_contract(*, on: date) -> Iterator[AlertCandidate]:
    groups: dict[tuple[int, str], list[Any]] = defaultdict(list)
    for hit in _confirmed_hits(RELATIVE_CONTRACT_RULE):
        for uscc in sorted({str(r.get("supplier_uscc") or "") for r in _rows(hit, "contracts")}):
            if uscc:
                groups[(hit.subject_cadre_id, uscc)].append(hit)
    posts = main_posts({cadre_id for cadre_id, _ in groups}, on=on)
    companies = _companies(uscc for _, uscc in groups)
    for (cadre_id, uscc), hits in sorted(groups.items()):
        post = posts.get(cadre_id)
        if post is None:
            continue
        contracts: dict[str, dict] = {}
        relatives: set[str] = set()
        for hit in hits:
            for row in _rows(hit, "contracts"):
                if str(row.get("supplier_uscc") or "") == uscc:
                    contracts[str(row.get("contract_id") or "")] = row
            for row in _rows(hit, "relatives"):
                relatives.add(f"{row.get('relation') or '亲属'}{row.get('name') or ''}")
        company = companies.get(uscc)
        supplier = (
            company.name
            if company is not None
            else next((str(r.get("supplier_name")) for r in contracts.values()), uscc)
        )
        who = "、".join(sorted(relatives)) or "亲属"
        items = [_hit_evidence(h) for h in hits]
        if company is not None:
            items.append(_company_evidence(company))
        yield AlertCandidate(
            kind=AlertKind.RELATIVE_COMPANY_CONTRACT,
            key=f"{AlertKind.RELATIVE_COMPANY_CONTRACT}:cadre:{cadre_id}:company:{uscc}",
            cadre_id=cadre_id,
            unit_id=post.unit_id,
            reason=(
                f"{post.cadre.name}的{who}在{supplier}任职或持股，该企业与其所在单位签订合同"
                f"{len(contracts)}份（比对疑点已确认）"
            )[:300],
            evidence=items,
        )


@register_detector("company_role")
def company_role(*, on: date) -> Iterator[AlertCandidate]:
    from jiandu.org.models import CompanyPerson

    roles: dict[tuple[int, str], set[str]] = defaultdict(set)
    hits: dict[tuple[int, str], list[Any]] = defaultdict(list)
    companies: dict[str, Any] = {}
    registered: set[tuple[int, str]] = set()
    for person in (
        CompanyPerson.objects.filter(cadre__isnull=False)
        .select_related("company")
        .order_by("company_id", "id")
    ):
        assert person.cadre_id is not None
        key = (person.cadre_id, person.company.uscc)
        roles[key].add(person.get_role_display())
        registered.add(key)
        companies[person.company.uscc] = person.company
    role_labels = dict(CompanyPerson._meta.get_field("role").choices or [])
    for hit in _confirmed_hits(COMPANY_ROLE_RULE):
        for row in _rows(hit, "company_people"):
            uscc = str(row.get("uscc") or "")
            if uscc:
                key = (hit.subject_cadre_id, uscc)
                if hit not in hits[key]:
                    hits[key].append(hit)
                role = str(row.get("role") or "")
                roles[key].add(str(role_labels.get(role, role)))
    companies.update(_companies(u for _, u in hits if u not in companies))
    posts = main_posts({cadre_id for cadre_id, _ in roles}, on=on)
    for (cadre_id, uscc), held in sorted(roles.items()):
        post = posts.get(cadre_id)
        if post is None:
            continue
        company = companies.get(uscc)
        items = [_company_evidence(company)] if company is not None else []
        items += [_hit_evidence(h) for h in hits.get((cadre_id, uscc), [])]
        sources = "、".join(
            s
            for s, present in (
                ("干部名册企业信息", (cadre_id, uscc) in registered),
                ("比对疑点已确认", bool(hits.get((cadre_id, uscc)))),
            )
            if present
        )
        yield AlertCandidate(
            kind=AlertKind.HOLDS_COMPANY_ROLE,
            key=f"{AlertKind.HOLDS_COMPANY_ROLE}:cadre:{cadre_id}:company:{uscc}",
            cadre_id=cadre_id,
            unit_id=post.unit_id,
            reason=(
                f"{post.cadre.name}（{_post_label(post)}）在"
                f"{company.name if company is not None else f'统一社会信用代码为{uscc}的企业'}"
                "登记为"
                f"{'、'.join(sorted(r for r in held if r)) or '企业人员'}（{sources}）"
            )[:300],
            evidence=items,
        )
