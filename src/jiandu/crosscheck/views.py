"""Cross-check pages: the rule library with each rule's precision; datasets (upload with
the rejected-rows report); runs (started here, executed by the background worker, with
a progress bar polled by htmx); hits (list, export, the hit page with its evidence and
provenance, confirm → clue, dismiss, reopen). Every write goes through
``jiandu.crosscheck.services``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiandu.core.downloads import XLSX, csv_response
from jiandu.core.errors import DomainError
from jiandu.core.forms import add_domain_error
from jiandu.core.ledger import Ledger, ledger_view
from jiandu.core.permissions import capability_required
from jiandu.core.scoping import scoped_ref, scoped_refs
from jiandu.crosscheck import exports, forms, selectors, services, steps, triage
from jiandu.crosscheck.filters import HitFilter
from jiandu.crosscheck.labels import field_label, field_labels
from jiandu.crosscheck.models import Engine
from jiandu.crosscheck.tables import (
    RUN_BADGES,
    SEVERITY_BADGES,
    STATUS_BADGES,
    DatasetVersionTable,
    HitTable,
    RunTable,
)


def _rules_by_code() -> dict[str, Any]:
    from jiandu.crosscheck.engine.rules import load_rules

    return {r.code: r for r in load_rules()}


def key_labels(rule: Any) -> list[str]:
    """A rule's key columns by their Chinese labels (``crosscheck.labels``)."""
    return field_labels(rule.key, rule.datasets)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


# --- rules --------------------------------------------------------------------------------


@capability_required("crosscheck.view")
def rule_list(request):
    request.nav_key = "crosscheck_rules"
    rows = selectors.rule_overview(user=request.user)
    for row in rows:
        p = row["precision"]
        row["triage"], row["outcome"], row["overall"] = (
            _percent(p.triage),
            _percent(p.outcome),
            _percent(p.overall),
        )
        row["severity_badge"] = SEVERITY_BADGES.css(row["rule"].severity)
        row["datasets"] = [triage.dataset_label(d) for d in row["rule"].datasets]
        row["key_labels"] = key_labels(row["rule"])
    return render(
        request,
        "crosscheck/rule_list.html",
        {
            "rows": rows,
            "latest_run": selectors.latest_run() if selectors.sees_data(request.user) else None,
        },
    )


# --- datasets -----------------------------------------------------------------------------


def _read_mapping(upload: Any) -> dict[str, str] | None:
    from jiandu.crosscheck.engine.datasets import read_mapping_file

    if not upload:
        return None
    path = services.save_upload(upload)
    try:
        return read_mapping_file(path)
    except Exception as exc:  # a malformed mapping file: say so in the form
        raise DomainError(
            f"列对应文件无法读取：{exc}", fields={"mapping": ["文件格式有误"]}
        ) from None
    finally:
        path.unlink(missing_ok=True)


@capability_required("crosscheck.import")
def dataset_list(request):
    request.nav_key = "crosscheck_datasets"
    form = forms.DatasetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = services.dataset_upload(
                actor=request.user,
                dataset_type=data["dataset_type"],
                upload=data["file"],
                mapping=_read_mapping(data["mapping"]),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.info(request, "文件已上传，由后台任务导入，本页显示进度")
            return redirect("crosscheck:import_detail", pk=job.pk)
    return DATASET_LEDGER.respond(
        request,
        form=form,
        overview=selectors.dataset_overview(user=request.user),
        imports=selectors.import_list(user=request.user)[:5],
    )


def _import_context(job: Any) -> dict[str, Any]:
    job.badge = RUN_BADGES.css(job.status)
    return {"job": job}


@capability_required("crosscheck.import")
def import_detail(request, pk: int):
    """An upload being imported in the background: progress, then its outcome (the
    version imported, or why not with the first rejected rows)."""
    request.nav_key = "crosscheck_datasets"
    job = selectors.import_get_for(user=request.user, pk=pk)
    context = {**_import_context(job), "actions": steps.IMPORT.panel(request.user, job)}
    return render(request, "crosscheck/import_detail.html", context)


@capability_required("crosscheck.import")
def dataset_detail(request, pk: int):
    from jiandu.crosscheck.engine.datasets import DATASET_TYPES

    request.nav_key = "crosscheck_datasets"
    version = selectors.dataset_get_for(user=request.user, pk=pk)
    kind = DATASET_TYPES.get(version.dataset_type)
    mapping = []
    if kind is not None:
        mapping = [
            {"column": c, "source": version.header_mapping.get(c.field, "")} for c in kind.columns
        ]
    return render(
        request,
        "crosscheck/dataset_detail.html",
        {
            "version": version,
            "mapping": mapping,
            "rejections": version.rejections,
            "more_rejections": max(
                0, version.rows_rejected - len({r["row"] for r in version.rejections})
            ),
        },
    )


@capability_required("crosscheck.import")
def dataset_rejections(request, pk: int):
    version = selectors.dataset_get_for(user=request.user, pk=pk)
    if not version.rejections_path:
        raise Http404("该版本没有拒收行")
    path = services.storage_root() / version.rejections_path
    if not path.exists():
        raise Http404("拒收行报告文件不存在")
    name = f"rejections-{version.dataset_type}-v{version.version}.xlsx"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=XLSX)


# --- runs ---------------------------------------------------------------------------------


@capability_required("crosscheck.run")
def run_list(request):
    request.nav_key = "crosscheck_runs"
    form = forms.RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_start(
                actor=request.user,
                rule_codes=form.cleaned_data["rules"],
                engine=form.cleaned_data["engine"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.info(request, f"已提交{run}，由后台任务执行，本页显示进度")
            return redirect("crosscheck:run_detail", pk=run.pk)
    return RUN_LEDGER.respond(
        request,
        form=form,
        rules=list(_rules_by_code().values()),
        selected_rules=form["rules"].value() or [],
        engines=Engine.choices,
        active=services.active_run(),
    )


def _run_context(run: Any) -> dict[str, Any]:
    run.badge = RUN_BADGES.css(run.status)
    return {"run": run}


@capability_required("crosscheck.run")
def run_detail(request, pk: int):
    request.nav_key = "crosscheck_runs"
    run = selectors.run_get_for(user=request.user, pk=pk)
    context = {**_run_context(run), "actions": steps.RUN.panel(request.user, run)}
    if run.finished:
        from django.db.models import Count

        from jiandu.crosscheck.models import Hit

        names = {c: r.name for c, r in _rules_by_code().items()}
        new = dict(
            Hit.objects.visible_to(request.user)
            .filter(first_run=run)
            .values("rule_code")
            .annotate(n=Count("id"))
            .values_list("rule_code", "n")
        )
        codes = run.rule_codes or sorted(run.rule_versions)
        context["per_rule"] = [
            {
                "code": code,
                "name": names.get(code, code),
                "version": run.rule_versions.get(code, ""),
                "new": new.get(code, 0),
                "skipped": run.skipped.get(code, ""),
            }
            for code in codes
        ]
        context["versions"] = run.dataset_versions.order_by("dataset_type")
    return render(request, "crosscheck/run_detail.html", context)


# --- a background job's progress and cancel (runs and dataset imports alike) ----------------


def _job_pages(
    capability: str,
    get_for: Callable[..., Any],
    context: Callable[[Any], dict[str, Any]],
    partial: str,
    detail: str,
) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The two views every background job has besides its page: its progress alone,
    polled by htmx every second until the job ends (then the page reloads to show the
    outcome), and its cancel step (``steps.JOB_WORKFLOWS``)."""

    @capability_required(capability)
    def progress(request, pk: int):
        job = get_for(user=request.user, pk=pk)
        response = render(request, partial, context(job))
        if job.finished and request.htmx:
            response["HX-Refresh"] = "true"
        return response

    @require_POST
    @capability_required(capability)
    def cancel(request, pk: int):
        job = get_for(user=request.user, pk=pk)
        workflow = steps.JOB_WORKFLOWS[type(job)]
        return workflow.post(request, job, "cancel", back=reverse(detail, args=(job.pk,)))

    return progress, cancel


import_progress, import_cancel = _job_pages(
    "crosscheck.import",
    selectors.import_get_for,
    _import_context,
    "crosscheck/partials/_import_progress.html",
    "crosscheck:import_detail",
)
run_progress, run_cancel = _job_pages(
    "crosscheck.run",
    selectors.run_get_for,
    _run_context,
    "crosscheck/partials/_run_progress.html",
    "crosscheck:run_detail",
)


# --- hits ---------------------------------------------------------------------------------


def _prepare_hits(hits: list[Any], request: Any) -> None:
    latest = selectors.latest_run(succeeded=True)
    for hit in hits:
        hit.status_badge = STATUS_BADGES.css(hit.status)
        hit.is_new = latest is not None and hit.first_run_id == latest.pk
    refs = iter(scoped_refs(request.user, [h.clue for h in hits], hidden="each"))
    for hit in hits:
        hit.clue_ref = next(refs) if hit.clue_id else None


def _rule_choices(request: Any) -> list[tuple[str, str]]:
    waiting = selectors.waiting_counts(user=request.user)
    return [
        (
            r.code,
            f"{r.code} {r.name}" + (f"（待研判{waiting[r.code]}）" if waiting.get(r.code) else ""),
        )
        for r in _rules_by_code().values()
    ]


HIT_LEDGER = Ledger(
    selector=selectors.hit_list,
    filterset=HitFilter,
    table=HitTable,
    template="crosscheck/hit_list.html",
    nav_key="crosscheck_hits",
    filter_fields=("q", "rule", "status", "severity"),
    filter_choices={"rule": _rule_choices},
    filter_attrs={"q": {"data-testid": "hit-search"}},
    target="hit-table",
    empty_title="没有找到比对疑点",
    empty_hint="没有符合条件的疑点。疑点由案管室运行比对规则后产生，按当事人所在单位分别显示给负责的纪检监察机构。",
    prepare=_prepare_hits,
    context=lambda request: {"latest_run": selectors.latest_run(succeeded=True)},
    export_columns=exports.COLUMNS,
    export_rows=lambda hits, request: exports.rows(hits, user=request.user),
    export_sheet=exports.SHEET,
    export_filename=exports.FILENAME,
)
hit_list = ledger_view(HIT_LEDGER, capability="crosscheck.view")


def _runs(*, user: Any, filters: Any) -> Any:
    return selectors.run_list(user=user)


def _datasets(*, user: Any, filters: Any) -> Any:
    return selectors.dataset_list(user=user)


RUN_LEDGER = Ledger(
    selector=_runs,
    filterset=None,
    table=RunTable,
    template="crosscheck/run_list.html",
    nav_key="crosscheck_runs",
    per_page=20,
    target="run-table",
    empty_title="还没有运行过比对",
    empty_hint="导入数据后，在左侧选择规则并开始比对。",
)
DATASET_LEDGER = Ledger(
    selector=_datasets,
    filterset=None,
    table=DatasetVersionTable,
    template="crosscheck/dataset_list.html",
    nav_key="crosscheck_datasets",
    per_page=20,
    target="version-table",
    empty_title="还没有导入数据",
    empty_hint="导入补贴发放、死亡登记、财政供养人员等数据后，即可运行比对规则。",
)


@capability_required("crosscheck.view")
def hit_export(request):
    if request.GET.get("format", "xlsx") == "csv":
        content = exports.export_csv(user=request.user, filters=HIT_LEDGER.filters(request))
        stamp = timezone.localdate().strftime("%Y%m%d")
        return csv_response(content, f"crosscheck-hits-{stamp}.csv")
    return HIT_LEDGER.export(request)


def evidence_tables(hit: Any) -> list[dict[str, Any]]:
    """The evidence rows grouped by dataset, each group a table with the dataset's
    column labels (the values the engine returned, in the catalogue's column order)."""
    from jiandu.crosscheck.engine.datasets import DATASET_TYPES

    groups: dict[str, dict[str, Any]] = {}
    for item in hit.evidence:
        code = str(item.get("dataset", ""))
        values = item.get("values") or {}
        group = groups.get(code)
        if group is None:
            kind = DATASET_TYPES.get(code)
            names = [c.field for c in kind.columns] if kind else []
            group = groups[code] = {
                "code": code,
                "label": triage.dataset_label(code),
                "names": names,
                "rows": [],
            }
        for key in values:
            if key not in group["names"] and not key.startswith("_"):
                group["names"].append(key)
        group["rows"].append(item)
    tables = []
    for group in groups.values():
        used = [
            n for n in group["names"] if any(n in (r.get("values") or {}) for r in group["rows"])
        ]
        tables.append(
            {
                "code": group["code"],
                "label": group["label"],
                "headers": [field_label(n, [group["code"]]) for n in used],
                "rows": [
                    {
                        "row": r.get("row"),
                        "note": r.get("note", ""),
                        "cells": [(r.get("values") or {}).get(n) for n in used],
                    }
                    for r in group["rows"]
                ],
            }
        )
    return tables


@capability_required("crosscheck.view")
def hit_detail(request, pk: int):
    request.nav_key = "crosscheck_hits"
    hit = selectors.hit_get_for(user=request.user, pk=pk)
    rule = _rules_by_code().get(hit.rule_code)
    hit.status_badge = STATUS_BADGES.css(hit.status)
    hit.severity_badge = SEVERITY_BADGES.css(hit.severity)
    clue_ref = scoped_ref(request.user, hit.clue)
    cadre_visible = False
    if hit.subject_cadre_id:
        from jiandu.org.models import Cadre

        cadre_visible = (
            Cadre.objects.visible_to(request.user).filter(pk=hit.subject_cadre_id).exists()
        )
    actions = steps.HIT.panel(request.user, hit)
    # A viewer who may take none of the open steps (a leader) is told in words what can
    # be done with the hit and which units do it.
    open_steps = steps.HIT.open_steps(hit) if not actions else None
    triage_units = selectors.hit_triage_units(hit=hit) if open_steps else []
    return render(
        request,
        "crosscheck/hit_detail.html",
        {
            "hit": hit,
            "rule": rule,
            "rule_changed": rule is not None and rule.version != hit.rule_version,
            "key_labels": key_labels(rule) if rule else [],
            "tables": evidence_tables(hit),
            "versions": hit.dataset_versions.order_by("dataset_type"),
            "actions": actions,
            "can_triage": request.user.has_capability("crosscheck.triage"),
            "open_steps": open_steps,
            "triage_units": triage_units,
            "clue_ref": clue_ref,
            "cadre_visible": cadre_visible,
            "dismiss_reasons": triage.DISMISS_REASONS,
            "sees_data": selectors.sees_data(request.user),
        },
    )


@require_POST
@capability_required("crosscheck.view")
def hit_action(request, pk: int, action: str):
    """Confirm, dismiss or reopen a hit (``steps.HIT``); the service's Chinese reason is
    shown when it refuses."""
    hit = selectors.hit_get_for(user=request.user, pk=pk)
    return steps.HIT.post(
        request,
        hit,
        action,
        back=reverse("crosscheck:hit_detail", args=(hit.pk,)),
        invalid="未能{label}：请检查填写的内容",
    )
