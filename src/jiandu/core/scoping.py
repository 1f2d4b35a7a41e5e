"""The one scoping mechanism every module uses.

A user's *scope* for a domain ("org", "clues", "cases" …) is either everything or a set
of unit ids (``UnitScope``). The user object answers ``user.unit_scope(domain)``; the
rule table that decides it lives in ``jiandu.accounts.rules`` and the unit closure in
``jiandu.org.selectors``. Models opt in with ``ScopedQuerySet`` and say which lookup
leads to the unit that owns a row (``scope_lookups``, any of which may match).

Selectors call ``Model.objects.visible_to(user)``; ``get_visible_or_404`` answers
"not found" for a missing and for a forbidden object alike, so existence never leaks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import models
from django.db.models import Exists, OuterRef, Q

from jiandu.core.errors import DomainError, NotFound


@dataclass(frozen=True)
class UnitScope:
    all: bool
    unit_ids: frozenset[int] = frozenset()

    @classmethod
    def everything(cls) -> UnitScope:
        return cls(all=True)

    @classmethod
    def nothing(cls) -> UnitScope:
        return cls(all=False)

    @classmethod
    def units(cls, ids) -> UnitScope:
        return cls(all=False, unit_ids=frozenset(ids))

    def allows_unit(self, unit_id: int | None) -> bool:
        return self.all or (unit_id is not None and unit_id in self.unit_ids)


class ScopedQuerySet(models.QuerySet):
    """A queryset that can limit itself to what a user may see.

    Subclasses set ``scope_domain`` and ``scope_lookups``. A lookup through a to-many
    relation (e.g. ``"posts__unit"``) is applied as an ``EXISTS`` subquery so rows are
    never duplicated and no ``DISTINCT`` is needed.
    """

    scope_domain: ClassVar[str] = "org"
    scope_lookups: ClassVar[tuple[str, ...]] = ()

    def visible_to(self, user: Any) -> ScopedQuerySet:
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        scope: UnitScope = user.unit_scope(self.scope_domain)
        if scope.all:
            return self
        if not scope.unit_ids:
            return self.none()
        return self.filter(self.scope_condition(scope.unit_ids))

    def scope_condition(self, unit_ids: frozenset[int]) -> Q:
        """Rows owned by one of ``unit_ids``; override for a condition lookups can't say."""
        condition = Q()
        for lookup in self.scope_lookups:
            condition |= self._lookup_condition(lookup, unit_ids)
        return condition

    def _lookup_condition(self, lookup: str, unit_ids: frozenset[int]) -> Q:
        """``lookup__in`` ids; the first to-many hop on the path becomes an EXISTS."""
        ids = list(unit_ids)
        model = self.model
        parts = lookup.split("__")
        for i, name in enumerate(parts[:-1]):
            field: Any = model._meta.get_field(name)  # a relation: has related_model
            if field.one_to_many:
                outer = "__".join(parts[:i]) or "pk"  # a foreign key compares by its id
                rest = "__".join(parts[i + 1 :])
                sub = field.related_model._default_manager.filter(
                    **{field.field.name: OuterRef(outer), f"{rest}__in": ids}
                )
                return Q(Exists(sub))
            model = field.related_model
        return Q(**{f"{lookup}__in": ids})


# Ids are 64-bit signed integers in every database jiandu runs on; a larger number in a
# URL, a filter or a form is "not found", never an OverflowError from the driver.
ID_MAX = 2**63 - 1


def parse_id(value: Any) -> int | None:
    """A submitted object id as an ``int`` (1 … 2⁶³-1), or ``None`` for anything else.

    Every id that comes from a user (path, query string, form, JSON) goes through here
    before it reaches a query: ``"99999999999999999999"``, ``"1e3"``, ``"-1"``, ``True``
    and ``"١٢"`` are all ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 19:
            return None
        number = int(text)
    else:
        return None
    return number if 0 < number <= ID_MAX else None


Scope = Callable[[Any, models.QuerySet], models.QuerySet]


def visible(user: Any, queryset: models.QuerySet) -> models.QuerySet:
    """The default scope of a submitted id: the rows of ``queryset`` the user may see."""
    if not hasattr(queryset, "visible_to"):
        raise TypeError(f"{queryset.model.__name__} has no ScopedQuerySet: give the field a scope")
    return queryset.visible_to(user)


def unscoped(user: Any, queryset: models.QuerySet) -> models.QuerySet:
    """The scope of a relation whose choices are not confidential or are already limited
    by the caller: the commission's own bodies and staff (co-handling units, leaders,
    investigators), or the children of an object the user has opened (a case's people,
    a round's groups). Say so where it is used; everything else uses ``visible``."""
    return queryset


def scoped_choices(queryset: models.QuerySet, user: Any, scope: Scope | None) -> models.QuerySet:
    """What a user may submit for a relation: ``scope(user, queryset)`` (default: the
    rows visible to the user); nothing at all for no user or an anonymous one."""
    if user is None or not getattr(user, "is_authenticated", False):
        return queryset.none()
    return (scope or visible)(user, queryset.all())


def require_visible(actor: Any, obj: Any, *, message: str, field: str | None = None) -> None:
    """Defence in depth for services: refuse an object the actor may not see.

    Scoped relation fields already limit what a form or the API accepts; a service that
    takes a unit, a cadre or a clue calls this too, so no caller can reach past the
    actor's scope. ``actor=None`` (the system: demo, imports) is not limited."""
    if actor is None or obj is None:
        return
    if not type(obj)._default_manager.visible_to(actor).filter(pk=obj.pk).exists():
        raise DomainError(message, fields={field: [message]} if field else None)


def get_visible_or_404(queryset: ScopedQuerySet, *, user: Any, **lookup: Any):
    """One object the user may see, or ``NotFound`` whether it is missing or forbidden."""
    if "pk" in lookup and parse_id(lookup["pk"]) is None:
        raise NotFound()
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


# --- cross-references ---------------------------------------------------------------------
#
# Every object *shown*, not only the object opened, passes through the viewer's scope: a
# related number, name, link, panel row or count names an object only if the viewer may
# open that object. Querysets of a scoped model are narrowed with ``.visible_to(user)``
# (related managers have it too: ``report.clues.visible_to(user)``); single objects and
# lists of instances go through the helpers below, one query per model for a whole list.
# Pages render a reference with ``{% ref obj %}`` (``jiandu.core.templatetags.jiandu``):
# its number and link when the viewer may open it, "（无权查看）" otherwise.

PLACEHOLDER = "（无权查看）"


def visible_pks(user: Any, model: type[models.Model], pks: Iterable[Any]) -> set[Any]:
    """Which of ``pks`` (of a model with a ``ScopedQuerySet`` manager) ``user`` may open:
    one query, none for an empty list."""
    wanted = {pk for pk in pks if pk is not None}
    if not wanted:
        return set()
    manager = model._default_manager
    if not hasattr(manager, "visible_to"):
        raise TypeError(f"{model.__name__} has no scope (ScopedQuerySet)")
    rows = manager.visible_to(user).filter(pk__in=wanted).order_by()
    return set(rows.values_list("pk", flat=True))


def only_visible(user: Any, objects: Iterable[Any]) -> list[Any]:
    """The objects ``user`` may open, in their order (instances of scoped models; a
    queryset is narrowed in the database instead). One query per model."""
    if isinstance(objects, ScopedQuerySet):
        return list(objects.visible_to(user))
    items = [o for o in objects if o is not None]
    by_model: dict[type, list[Any]] = {}
    for obj in items:
        by_model.setdefault(obj._meta.concrete_model, []).append(obj.pk)
    allowed = {model: visible_pks(user, model, pks) for model, pks in by_model.items()}
    return [o for o in items if o.pk in allowed[o._meta.concrete_model]]


def visible_or_none(user: Any, obj: Any) -> Any:
    """``obj`` if ``user`` may open it, else ``None`` (so nothing of it reaches a page)."""
    if obj is None:
        return None
    return obj if visible_pks(user, obj._meta.concrete_model, [obj.pk]) else None


@dataclass(frozen=True)
class ScopedRef:
    """A related object as the viewer may see it. A hidden reference keeps nothing of
    the object: no id, no label, no link."""

    obj: Any = None
    label: str = ""
    url: str = ""

    @property
    def visible(self) -> bool:
        return self.obj is not None

    def __str__(self) -> str:
        return self.label if self.visible else PLACEHOLDER

    @classmethod
    def of(cls, obj: Any, visible: bool) -> ScopedRef:
        if not visible or obj is None:
            return cls()
        url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        return cls(obj=obj, label=ref_label(obj), url=url)


def ref_label(obj: Any) -> str:
    """How a reference reads: the register number, else the model's ``ref_label``, else
    its text."""
    for attr in ("number", "ref_label"):
        value = getattr(obj, attr, None)
        if value:
            return str(value)
    return str(obj)


def scoped_refs(user: Any, objects: Iterable[Any], *, hidden: str = "one") -> list[ScopedRef]:
    """The references to related objects, in order (one query per model): the visible
    ones, then for those the viewer may not open a single placeholder (``hidden="one"``:
    neither which nor how many), nothing (``"drop"``) or one placeholder each
    (``"each"``, where the position matters)."""
    items = [o for o in objects if o is not None]
    visible = {id(o) for o in only_visible(user, items)}
    refs = [ScopedRef.of(o, id(o) in visible) for o in items]
    if hidden == "each":
        return refs
    shown = [r for r in refs if r.visible]
    if hidden == "one" and len(shown) < len(refs):
        shown.append(ScopedRef())
    return shown


def scoped_ref(user: Any, obj: Any) -> ScopedRef | None:
    """The reference to one related object; ``None`` when there is no object."""
    if obj is None:
        return None
    return ScopedRef.of(obj, visible_or_none(user, obj) is not None)


def viewer_of(context: Any) -> Any:
    """The user a serializer (or template) renders for: ``context["user"]``, else the
    request's user; ``None`` if neither (then no cross-reference is shown)."""
    if not context:
        return None
    user = context.get("user")
    if user is None:
        request = context.get("request")
        user = getattr(request, "user", None)
    return user
