"""Every service that acts on an existing record takes its row lock first (made
impossible to forget): the test walks every app's services module, finds
each public service with a keyword argument that is a model instance, and requires it
to be a ``@locked`` step that locks that argument — or to be listed below with the
reason it needs no lock. A new step that checks a state and forgets the lock fails
here."""

import importlib
import inspect
import typing
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from jiandu.core.services import LOCKED_STEPS, locked

# Services that take a model instance but act on no state of it: (function, argument)
# -> why no lock is needed.
NOT_LOCKED = {
    ("jiandu.accounts.services.user_change_password", "actor"): (
        "the user sets their own new password hash; no state is checked"
    ),
    ("jiandu.accounts.services.user_create", "actor"): "the acting user, not changed",
    ("jiandu.accounts.services.user_grant_admin_site", "actor"): "the acting user, not changed",
    ("jiandu.accounts.services.user_update", "actor"): "the acting user, not changed",
    ("jiandu.accounts.services.user_update", "unit"): "a reference, not changed",
    ("jiandu.accounts.services.user_set_active", "actor"): "the acting user, not changed",
    ("jiandu.accounts.services.user_reset_password", "actor"): "the acting user, not changed",
    ("jiandu.accounts.services.user_unlock", "actor"): "the acting user, not changed",
    ("jiandu.audit.services.event_record", "obj"): "appends an event; the chain head is locked",
    ("jiandu.audit.services.read_record", "obj"): "appends a read log line",
    ("jiandu.audit.services.read_record", "user"): "the reader, not changed",
    ("jiandu.intake.services.reporter_identity_read", "user"): "the reader, not changed",
    ("jiandu.clues.services.clue_create", "subject_cadre"): "a reference, not changed",
    ("jiandu.clues.services.clue_create", "subject_unit"): "a reference, not changed",
    ("jiandu.clues.services.clue_propose_routing", "unit"): "a reference, not changed",
    ("jiandu.clues.clearing_services.false_accusation_propose", "report"): (
        "the report found false, a reference, not changed"
    ),
    ("jiandu.cases.services.case_open", "lead_unit"): "a reference, not changed",
    ("jiandu.cases.services.case_open", "target_unit"): "a reference, not changed",
    ("jiandu.cases.services.recommendation_issue", "unit"): "a reference, not changed",
    ("jiandu.cases.services.reform_item_add", "unit"): "a reference, not changed",
    ("jiandu.inspections.services.clue_transfer", "subject_cadre"): "a reference",
    ("jiandu.inspections.services.clue_transfer", "finding"): "a reference",
    ("jiandu.inspections.services.item_create", "responsible_unit"): "a reference",
    ("jiandu.intake.services.subject_confirm", "cadre"): "a reference, not changed",
    ("jiandu.intake.services.message_from_reporter", "report"): (
        "the anonymous reporter appends a message; no state is checked"
    ),
    ("jiandu.org.services.liaison_create", "supervisor"): "a reference, not changed",
    ("jiandu.org.services.liaison_create", "supervised"): "a reference, not changed",
    ("jiandu.accounts.services.user_create", "unit"): "a reference, not changed",
    ("jiandu.org.services.unit_create", "parent"): "a reference, not changed",
    ("jiandu.intake.services.report_register", "handling_unit"): "a reference, not changed",
    ("jiandu.intake.services.reporter_identity_read", "report"): "reads only",
    ("jiandu.cases.services.case_open", "co_units"): "references, not changed",
    ("jiandu.inspections.services.target_add", "unit"): "a reference, not changed",
    ("jiandu.inspections.services.target_add", "group"): "a reference, not changed",
    ("jiandu.directives.services.document_upload", "issuer_unit"): "a reference, not changed",
    ("jiandu.integrity.alert_services.alerts_compute", "run"): (
        "the run row the scheduler claimed for this computation; only its outcome is written"
    ),
    ("jiandu.integrity.profile_services.supervision_note_add", "actor"): "the author, not changed",
    ("jiandu.integrity.profile_services.supervision_note_add", "cadre"): "a reference",
    ("jiandu.integrity.profile_services.supervision_note_add", "corrects"): (
        "notes are append-only: the corrected note is not changed"
    ),
    ("jiandu.integrity.register_services.declaration_create", "cadre"): "a reference, not changed",
    ("jiandu.integrity.register_services.talk_create", "cadre"): "a reference, not changed",
    ("jiandu.integrity.register_services.duty_report_create", "cadre"): "a reference, not changed",
    ("jiandu.integrity.register_services.gift_create", "cadre"): "a reference, not changed",
    ("jiandu.integrity.register_services.family_event_create", "cadre"): "a reference, not changed",
    ("jiandu.integrity.register_services.commendation_create", "cadre"): "a reference, not changed",
    ("jiandu.stats.publication_services.publication_create", "root"): "a reference, not changed",
}


def _service_functions():
    for config in apps.get_app_configs():
        if not config.name.startswith("jiandu.") or config.name == "jiandu.core":
            continue
        # Every writer module of the app: services.py (a module or a package) and any
        # *_services.py beside it.
        folder = Path(config.path)
        names = sorted(p.stem for p in folder.glob("*services.py"))
        names += ["services"] if (folder / "services" / "__init__.py").exists() else []
        for module_name in names:
            module = importlib.import_module(f"{config.name}.{module_name}")
            # A services package exports the steps its modules define.
            package = hasattr(module, "__path__")
            for name, func in vars(module).items():
                if name.startswith("_") or not inspect.isfunction(func):
                    continue
                if package and name not in module.__all__:
                    continue
                if func.__module__ != module.__name__ and not (
                    package and func.__module__.startswith(module.__name__ + ".")
                ):
                    continue
                yield f"{module.__name__}.{name}", func


def _model_arguments(func):
    """Keyword arguments annotated with a model class (``Clue``, ``Clue | None``,
    ``list[Report]``) or named like one of jiandu's models (``clue: Any``)."""
    target = inspect.unwrap(func)
    hints = typing.get_type_hints(target, globalns=vars(inspect.getmodule(target)))
    names = {m._meta.model_name for m in apps.get_models() if m.__module__.startswith("jiandu.")}
    for name, param in inspect.signature(target).parameters.items():
        if param.kind is not inspect.Parameter.KEYWORD_ONLY:
            continue
        hint = hints.get(name)
        options = typing.get_args(hint) or (hint,)
        if (name in names and hint in (None, typing.Any)) or any(
            inspect.isclass(o) and issubclass(o, models.Model) for o in options
        ):
            yield name


def test_the_walk_finds_the_known_steps():
    names = dict(_service_functions())
    assert "jiandu.clues.services.clue_accept" in names
    assert "jiandu.cases.services.case_serve" in names
    assert "jiandu.org.services.cadre_update" in names
    assert "jiandu.intake.identity_services.identity_request_decide" in names
    assert len(LOCKED_STEPS) >= 60


def test_every_service_acting_on_a_record_locks_it_first():
    missing = []
    for qualname, func in _service_functions():
        locks = {path.split(".")[0] for path in getattr(func, "locks", ())}
        for arg in _model_arguments(func):
            if arg not in locks and (qualname, arg) not in NOT_LOCKED:
                missing.append(f"{qualname}({arg}=...)")
    assert not missing, (
        "These services take a record but do not lock it first: decorate them with "
        "@locked(...) (jiandu.core.services) or, if they change no state of it, list them "
        f"in NOT_LOCKED with the reason: {missing}"
    )


def test_every_exemption_still_exists():
    """An exemption for a renamed or removed service is deleted, not left to rot."""
    known = {(q, a) for q, f in _service_functions() for a in _model_arguments(f)}
    assert set(NOT_LOCKED) <= known, set(NOT_LOCKED) - known


def test_locked_needs_keyword_arguments_that_exist():
    with pytest.raises(TypeError):

        @locked("clue")
        def step(*, case):  # pragma: no cover - refused at decoration
            return case
