"""The demo county's cross-checks: synthetic government datasets for 青山县 (with planted
anomalies of every rule and realistic noise, ``jiandu.devtools.synth``) built on the
demo roster and relatives so that hits point at real cadres and units; imported through
the real import service (案管室 ``anguan`` is the actor), one run of all rules, and a
first round of triage: some hits confirmed into clues (two of them driven on to an
outcome, so that the rules' precision has something to show), the name-only matches
dismissed as namesakes, the rest left waiting on the handling units' workbenches.

Everything goes through ``jiandu.crosscheck.services`` and ``jiandu.clues.services``:
the audit chain records it as it would record a person's work.
"""

from __future__ import annotations

import random
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from jiandu.core.errors import DomainError

COUNT_LABELS = {
    "crosscheck_datasets": "比对数据集版本",
    "crosscheck_hits": "比对疑点",
    "crosscheck_clues": "疑点转为线索",
    "crosscheck_dismissed": "排除的疑点",
}
# The rules whose first exact hit is confirmed into a clue in the demo; the other hits
# wait for triage (on the handling units' workbenches).
CONFIRM_RULES = ("R01", "R03", "R04", "R05", "R07", "R10")


def register_roster() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The register's cadres in their current posts and their relatives, in the shape
    ``synth.generate_county`` takes (its planted anomalies use these people)."""
    from jiandu.org.models import Post, Relative

    roster = [
        {
            "name": p.cadre.name,
            "citizen_id": p.cadre.citizen_id,
            "unit": p.unit.name,
            "post": p.title,
        }
        for p in Post.objects.current()
        .select_related("cadre", "unit")
        .only("title", "cadre__name", "cadre__citizen_id", "unit__name")
        .order_by("cadre__citizen_id", "-is_head", "id")
    ]
    relatives = [
        {
            "official_citizen_id": r.cadre.citizen_id,
            "official_name": r.cadre.name,
            "name": r.name,
            "citizen_id": r.citizen_id,
            "relation": r.get_relation_display(),
        }
        for r in Relative.objects.select_related("cadre")
        .exclude(citizen_id="")
        .only("name", "citizen_id", "relation", "cadre__name", "cadre__citizen_id")
        .order_by("cadre__citizen_id", "id")
    ]
    return roster, relatives


def _user(role: str) -> Any:
    from jiandu.accounts.models import User

    return User.objects.filter(role=role, is_active=True).order_by("id").first()


def _import_all(files: dict[str, Any], actor: Any) -> int:
    from jiandu.crosscheck import services

    importable = services.importable_types()
    count = 0
    for dataset_type, path in sorted(files.items()):
        if dataset_type not in importable or not isinstance(path, str | Path):
            continue
        services.dataset_import(
            actor=actor, dataset_type=dataset_type, source=Path(path), original_name=Path(path).name
        )
        count += 1
    return count


def _triage(run: Any, actor: Any, rng: random.Random) -> tuple[list[Any], int]:
    """Confirm the first exact hit of some rules, dismiss the name-only matches as
    namesakes about half the time; the rest wait."""
    from jiandu.crosscheck import services
    from jiandu.crosscheck.models import Hit, HitStatus

    clues, dismissed = [], 0
    hits = list(
        Hit.objects.filter(first_run=run, status=HitStatus.NEW)
        .select_related("subject_cadre", "subject_unit")
        .order_by("rule_code", "-confidence", "id")
    )
    confirmed: dict[str, int] = {}
    for hit in hits:
        if hit.confidence < 1:
            if rng.random() < 0.5:
                services.hit_dismiss(
                    actor=actor, hit=hit, reason="同名不同人：身份证号与名册不符，出生日期不同"
                )
                dismissed += 1
            continue
        if hit.rule_code not in CONFIRM_RULES or confirmed.get(hit.rule_code):
            continue
        hit = services.hit_confirm(
            actor=actor, hit=hit, note="经核对原始凭证，疑点属实，转线索办理"
        )
        confirmed[hit.rule_code] = confirmed.get(hit.rule_code, 0) + 1
        clues.append(hit.clue)
    return clues, dismissed


def _drive_outcomes(clues: list[Any], password: str) -> None:
    """Two of the new clues handled to an outcome through the clue services: one
    verified as true (a case proposed), one closed directly — the rule precision page
    then shows both sides."""
    from jiandu.clues import services as clue_services
    from jiandu.devtools.demo.clues import VERIFICATION_PLAN, ensure_handlers

    route, leader = _user("case_management"), _user("leader")
    if route is None or leader is None or len(clues) < 2:
        return
    handlers = ensure_handlers(password)
    plans = (
        ("verification", {"outcome": "case", "finding": "true"}),
        ("close", None),
    )
    done = 0
    for clue in clues:
        if done == len(plans):
            break
        unit = clue_services.suggested_handling_unit(clue)
        handler = handlers.get(unit.pk) if unit else None
        if handler is None:
            continue
        disposition, conclusion = plans[done]
        try:
            clue_services.clue_propose_routing(
                actor=route, clue=clue, unit=unit, note="大数据比对线索"
            )
            clue_services.clue_decide_routing(actor=leader, clue=clue, approve=True)
            clue_services.clue_accept(actor=handler, clue=clue)
            clue_services.clue_propose_disposition(
                actor=handler,
                clue=clue,
                disposition=disposition,
                reason="比对数据与原始凭证核对一致"
                if conclusion
                else "经核对系数据口径差异，予以了结",
                close_kind="direct" if disposition == "close" else "",
                verification_plan=VERIFICATION_PLAN if conclusion else "",
                verification_team=str(handler) if conclusion else "",
            )
            clue_services.clue_decide_disposition(actor=leader, clue=clue, approve=True)
            if conclusion:
                clue_services.clue_verification_conclude(
                    actor=handler, clue=clue, reason="经初步核实，反映问题属实", **conclusion
                )
        except DomainError:
            continue
        done += 1


def load(*, seed: int = 2026, password: str, today: date | None = None) -> dict[str, int]:
    """Generate, import, run and triage (see the module docstring)."""
    from django.utils import timezone

    from jiandu.crosscheck import services
    from jiandu.devtools import synth

    today = today or timezone.localdate()
    actor = _user("case_management")
    roster, relatives = register_roster()
    with tempfile.TemporaryDirectory(prefix="jiandu-demo-crosscheck-") as tmp:
        files = synth.generate_county(
            Path(tmp), seed=seed, roster=roster, relatives=relatives, today=today
        )
        imported = _import_all(files, actor)
    run = services.run_start(actor=actor, enqueue=False)
    run = services.run_execute(run_id=run.pk)
    if run.status != "succeeded":
        raise DomainError(f"演示数据比对失败：{run.error}")
    clues, dismissed = _triage(run, actor, random.Random(seed))
    _drive_outcomes(clues, password)
    return {
        "crosscheck_datasets": imported,
        "crosscheck_hits": run.hits_total,
        "crosscheck_clues": len(clues),
        "crosscheck_dismissed": dismissed,
    }
