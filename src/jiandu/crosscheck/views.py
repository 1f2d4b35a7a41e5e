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

from jiandu.core.downloads import XLSX, csv_response, xlsx_response
from jiandu.core.errors import DomainError
from jiandu.core.pagination import paginate
from jiandu.core.permissions import capability_required
from jiandu.core.scoping import scoped_ref, scoped_refs
from jiandu.crosscheck import exports, forms, selectors, services, steps, triage
from jiandu.crosscheck.models import Engine, HitStatus, RunStatus, Severity

STATUS_BADGE = {
    HitStatus.NEW: "bg-orange-lt",
    HitStatus.CONFIRMED: "bg-green-lt",
    HitStatus.DISMISSED: "bg-secondary-lt",
}
SEVERITY_BADGE = {
    Severity.HIGH: "bg-red-lt",
    Severity.MEDIUM: "bg-orange-lt",
    Severity.LOW: "bg-blue-lt",
}
RUN_BADGE = {
    RunStatus.QUEUED: "bg-secondary-lt",
    RunStatus.RUNNING: "bg-blue-lt",
    RunStatus.SUCCEEDED: "bg-green-lt",
    RunStatus.FAILED: "bg-red-lt",
    RunStatus.CANCELLED: "bg-secondary-lt",
}


def _rules_by_code() -> dict[str, Any]:
    from jiandu.crosscheck.engine.rules import load_rules

    return {r.code: r for r in load_rules()}


def key_labels(rule: Any) -> list[str]:
    """A rule's key columns by their Chinese labels (the datasets' catalogue)."""
    from jiandu.crosscheck.engine.datasets import DATASET_TYPES

    labels = {
        c.name: c.label
        for d in rule.datasets
        if d in DATASET_TYPES
        for c in DATASET_TYPES[d].columns
    }
    return [labels.get(k, k) for k in rule.key]


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
        row["severity_badge"] = SEVERITY_BADGE.get(row["rule"].severity, "bg-secondary-lt")
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
            form.add_error(None, exc.message)
        else:
            messages.info(request, "文件已上传，由后台任务导入，本页显示进度")
            return redirect("crosscheck:import_detail", pk=job.pk)
    versions = paginate(request, selectors.dataset_list(user=request.user), per_page=20)
    return render(
        request,
        "crosscheck/dataset_list.html",
        {
            "form": form,
            "overview": selectors.dataset_overview(user=request.user),
            "page_obj": versions,
            "imports": selectors.import_list(user=request.user)[:5],
        },
    )


def _import_context(job: Any) -> dict[str, Any]:
    job.badge = RUN_BADGE.get(job.status, "bg-secondary-lt")
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
            {"column": c, "source": version.header_mapping.get(c.name, "")} for c in kind.columns
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
            form.add_error(None, exc.message)
        else:
            messages.info(request, f"已提交{run}，由后台任务执行，本页显示进度")
            return redirect("crosscheck:run_detail", pk=run.pk)
    runs = paginate(request, selectors.run_list(user=request.user), per_page=20)
    for run in runs.object_list:
        run.badge = RUN_BADGE.get(run.status, "bg-secondary-lt")
    return render(
        request,
        "crosscheck/run_list.html",
        {
            "form": form,
            "page_obj": runs,
            "rules": list(_rules_by_code().values()),
            "selected_rules": form["rules"].value() or [],
            "engines": Engine.choices,
            "active": services.active_run(),
        },
    )


def _run_context(run: Any) -> dict[str, Any]:
    run.badge = RUN_BADGE.get(run.status, "bg-secondary-lt")
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


@capability_required("crosscheck.view")
def hit_list(request):
    request.nav_key = "crosscheck_hits"
    qs = selectors.hit_list(user=request.user, filters=request.GET)
    page_obj = paginate(request, qs)
    latest = selectors.latest_run(succeeded=True)
    for hit in page_obj.object_list:
        hit.status_badge = STATUS_BADGE.get(hit.status, "bg-secondary-lt")
        hit.severity_badge = SEVERITY_BADGE.get(hit.severity, "bg-secondary-lt")
        hit.is_new = latest is not None and hit.first_run_id == latest.pk
    clues = scoped_refs(request.user, [h.clue for h in page_obj.object_list], hidden="each")
    refs = iter(clues)
    for hit in page_obj.object_list:
        hit.clue_ref = next(refs) if hit.clue_id else None
    if request.htmx:
        return render(request, "crosscheck/partials/_hit_table.html", {"page_obj": page_obj})
    rules = _rules_by_code()
    waiting = selectors.waiting_counts(user=request.user)
    return render(
        request,
        "crosscheck/hit_list.html",
        {
            "page_obj": page_obj,
            "rule_options": [(r, waiting.get(r.code, 0)) for r in rules.values()],
            "statuses": HitStatus.choices,
            "severities": Severity.choices,
            "latest_run": latest,
        },
    )


@capability_required("crosscheck.view")
def hit_export(request):
    fmt = request.GET.get("format", "xlsx")
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        content = exports.export_csv(user=request.user, filters=request.GET)
        return csv_response(content, f"crosscheck-hits-{stamp}.csv")
    content = exports.export_xlsx(user=request.user, filters=request.GET)
    return xlsx_response(content, f"crosscheck-hits-{stamp}.xlsx")


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
            names = [c.name for c in kind.columns] if kind else []
            labels = {c.name: c.label for c in kind.columns} if kind else {}
            group = groups[code] = {
                "code": code,
                "label": triage.dataset_label(code),
                "names": names,
                "labels": labels,
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
                "headers": [group["labels"].get(n, n) for n in used],
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
    hit.status_badge = STATUS_BADGE.get(hit.status, "bg-secondary-lt")
    hit.severity_badge = SEVERITY_BADGE.get(hit.severity, "bg-secondary-lt")
    clue_ref = scoped_ref(request.user, hit.clue)
    cadre_visible = False
    if hit.subject_cadre_id:
        from jiandu.org.models import Cadre

        cadre_visible = (
            Cadre.objects.visible_to(request.user).filter(pk=hit.subject_cadre_id).exists()
        )
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
            "actions": steps.HIT.panel(request.user, hit),
            "can_triage": request.user.has_capability("crosscheck.triage"),
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
