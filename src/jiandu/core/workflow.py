"""Workflow steps: one state machine and one list of steps per model.

Two layers, so that ``rules`` modules stay plain Python:

``StateMachine`` (rules layer, no Django)
    The transition table of one model: step → (states it may start from, state it leads
    to). ``machine.check(state, step)`` returns the to-state or raises
    ``IllegalTransition`` with the Chinese reason (e.g. 线索当前状态为“待分办”，不能接收线索
    （只有“已分办待接收”的线索可以）). Services call it before they change anything.

``Step`` and ``Workflow`` (web layer)
    A ``Step`` declares one thing a user does to an object: its name (the same on the page
    and in the API), Chinese label, capability, who may act (a predicate on user and
    object), the page form, the API input serializer and the service it runs. From the
    one ``Workflow(steps=[...])`` of a model come:

    - ``workflow.panel(user, obj)``: the steps the user may take now (state allows it,
      the role holds the capability, the predicates agree), for the page's action panel;
    - ``workflow.post(request, obj, name, back=...)``: the page's POST dispatcher (form
      validation, the service, DomainError → message, redirect);
    - ``workflow.api(response=..., respond=...)``: a class decorator adding one DRF
      ``@action`` per step, with its drf-spectacular schema (input serializer,
      ``with_errors``), and the deprecated alias routes of renamed steps;
    - ``workflow.capabilities()``: the capability of every API action.

Names compare with ``-`` and ``_`` alike, so page URLs written ``result-sent`` reach the
step ``result_sent``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from jiandu.core.errors import DomainError, IllegalTransition

REFUSAL = "{noun}当前状态为“{current}”，不能{step}（只有“{need}”的{noun}可以）"


class Transition(NamedTuple):
    """The states a step may start from and the state it leads to; ``target`` is ""
    when the table does not fix it (the service decides, e.g. from an outcome, or the
    state stays as it is)."""

    sources: frozenset[str]
    target: str


class StateMachine:
    """The transition table of one model, with the one ``check``.

    ``states`` maps each state to its Chinese label, in the order of the life cycle
    (used to list the states a step needs); ``labels`` maps each step to its Chinese
    label; ``refusal`` is the reason given when a step is refused, formatted with
    ``noun``, ``current`` (the state's label), ``step`` (the step's label) and ``need``
    (the labels of the states it may start from, joined by "、").
    """

    def __init__(
        self,
        *,
        noun: str,
        states: Mapping[str, str],
        transitions: Mapping[str, tuple[Iterable[str], str]],
        labels: Mapping[str, str],
        refusal: str = REFUSAL,
    ) -> None:
        self.noun = noun
        self.states: dict[str, str] = {str(k): str(v) for k, v in states.items()}
        self.transitions: dict[str, Transition] = {
            name: Transition(frozenset(str(s) for s in sources), str(target))
            for name, (sources, target) in transitions.items()
        }
        self.labels: dict[str, str] = dict(labels)
        self.refusal = refusal
        for name, (sources, target) in self.transitions.items():
            unknown = {s for s in sources | {target} if s and s not in self.states}
            if unknown:
                raise ValueError(f"{name}: unknown states {sorted(unknown)}")
            if name not in self.labels:
                raise ValueError(f"{name}: no label")

    def __contains__(self, step: object) -> bool:
        return step in self.transitions

    def __iter__(self) -> Iterator[str]:
        return iter(self.transitions)

    def label(self, step: str) -> str:
        return self.labels.get(step, step)

    def state_label(self, state: str) -> str:
        return self.states.get(state, state)

    def allows(self, state: str, step: str) -> bool:
        """Whether ``step`` may start from ``state`` (unknown steps: no)."""
        transition = self.transitions.get(step)
        return transition is not None and state in transition.sources

    def steps_from(self, state: str) -> list[str]:
        """The steps that may start from ``state``, in the table's order."""
        return [name for name, t in self.transitions.items() if state in t.sources]

    def check(self, state: str, step: str) -> str:
        """The to-state of ``step`` from ``state`` ("" when the table leaves it to the
        service), or ``IllegalTransition`` saying why not."""
        transition = self.transitions.get(step)
        if transition is None:
            raise IllegalTransition(f"未知操作：{step}")
        if state not in transition.sources:
            need = "、".join(label for s, label in self.states.items() if s in transition.sources)
            raise IllegalTransition(
                self.refusal.format(
                    noun=self.noun,
                    current=self.state_label(state),
                    step=self.label(step),
                    need=need,
                )
            )
        return transition.target


def _all_errors(form: Any) -> str:
    from jiandu.core.forms import all_errors

    return all_errors(form)


# --- steps -----------------------------------------------------------------------------------

Predicate = Callable[[Any, Any], bool]


def _key(name: str) -> str:
    return name.replace("-", "_")


@dataclass(frozen=True)
class Step:
    """One thing a user does to an object, declared once for the page and the API.

    - ``name``: the step's name on the page (``POST …/<name>/``) and in the API
      (``POST /api/…/<id>/<name>/``); ``label``: Chinese, for buttons and messages.
    - ``capability``: what the role must hold (403 otherwise).
    - ``transition``: the state machine's step it takes (default: ``name``); ``None``
      when the step does not change the state (the service may still refuse).
    - ``who``: who may act, ``who(user, obj) -> bool``, beyond the capability (e.g. the
      handling unit's staff); ``refusal(obj)`` is the message a page POST gets when it
      fails (or raises, e.g. NotFound; without it: 403). ``when(obj) -> bool``: further
      conditions on the object alone (e.g. a verification is extended only once), for
      the panel only: on a POST the service gives its own reason. The service checks
      everything again. ``unavailable(obj) -> str``: why the step no longer applies to
      the object ("" while it does), e.g. 延长调查期限 once the investigation is over:
      the panel leaves it out, and a page POST or an API call is refused with this
      Chinese reason before its input is read.
    - ``service`` and ``params``: the service called as ``service(actor=…, <object
      arg>=obj, **params, **data)``; or ``run(actor, obj, data)`` for anything else.
    - ``form``: the page form (``None``: no input); ``from_form(cleaned_data)`` maps it
      to the service's arguments. ``input``: the API's input serializer (``None``: no
      body).
    - ``page`` / ``api``: on which side the step exists; ``aliases``: former API names,
      kept as deprecated routes; ``page_aliases``: former page URL names still
      accepted; ``deprecated``: the step itself is kept for one release only.
    - ``style``, ``confirm``: the button's class and confirmation text, ``done``: the
      success message (text, or ``done(data, result)``; default 已<label>), ``help``:
      the API description, ``respond``: page response for the result (``(request,
      obj, result) -> HttpResponse | None``) and ``api_respond`` the API's
      (``(view, obj, result) -> Response``), when the workflow's defaults do not fit;
      ``api_response``: the schema of that answer (a serializer, or the whole
      ``responses`` dict, e.g. ``with_errors(Out, 201)``); ``api_status``: its success
      status for the schema; ``api_path``: the route when it is not the step's name
      (e.g. ``documents/generate``); ``api_media``: the request's media type when it is
      not JSON (``multipart/form-data`` for a file).
    """

    name: str
    label: str
    capability: str
    service: Callable[..., Any] | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    run: Callable[[Any, Any, dict[str, Any]], Any] | None = None
    transition: str | None = ""
    who: Predicate | None = None
    refusal: Callable[[Any], str] | None = None
    when: Callable[[Any], bool] | None = None
    unavailable: Callable[[Any], str] | None = None
    form: type | None = None
    from_form: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    input: type | None = None
    page: bool = True
    api: bool = True
    aliases: tuple[str, ...] = ()
    page_aliases: tuple[str, ...] = ()
    deprecated: bool = False
    style: str = "primary"
    confirm: str = ""
    done: str | Callable[[dict[str, Any], Any], str] = ""
    help: str = ""
    respond: Callable[[Any, Any, Any], Any] | None = None
    api_respond: Callable[[Any, Any, Any], Any] | None = None
    api_response: Any = None
    api_status: int = 200
    api_path: str = ""
    api_media: str = ""

    @property
    def transition_name(self) -> str | None:
        return self.name if self.transition == "" else self.transition

    def call(self, actor: Any, obj: Any, data: Mapping[str, Any], object_arg: str) -> Any:
        """Run the step's service for ``actor`` on ``obj`` with the validated input."""
        if self.run is not None:
            return self.run(actor, obj, dict(data))
        if self.service is None:
            raise TypeError(f"step {self.name} has neither service nor run")
        return self.service(actor=actor, **{object_arg: obj}, **self.params, **data)

    def unavailable_reason(self, obj: Any) -> str:
        """Why the step no longer applies to ``obj`` ("" while it does)."""
        return self.unavailable(obj) if self.unavailable is not None else ""

    def check_available(self, obj: Any) -> None:
        """Refuse the step with its Chinese reason when it no longer applies."""
        reason = self.unavailable_reason(obj)
        if reason:
            raise DomainError(reason)

    def success(self, data: Mapping[str, Any], result: Any) -> str:
        if callable(self.done):
            return self.done(dict(data), result)
        return self.done or f"已{self.label}"


class Panel:
    """The steps a user may take on an object now, in declaration order. Templates
    ask ``{% if 'accept' in actions %}`` and loop over it."""

    def __init__(self, steps: Iterable[Step]) -> None:
        self.steps = list(steps)
        self.names = [s.name for s in self.steps]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and _key(name) in {_key(n) for n in self.names}

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __bool__(self) -> bool:
        return bool(self.steps)

    def __and__(self, names: Iterable[str]) -> set[str]:
        return {n for n in names if n in self}

    def discard(self, *names: str) -> Panel:
        """The panel without ``names`` (for what the page decides from related rows)."""
        gone = {_key(n) for n in names}
        return Panel(s for s in self.steps if _key(s.name) not in gone)


class Workflow:
    """The steps of one model: where the page, the dispatcher and the API read them.

    ``machine`` is the model's state machine (or ``None`` when the steps change no
    state), ``state`` the attribute holding the state, ``object_arg`` the keyword by
    which services take the object (``clue=``, ``report=``, ``task=``).
    """

    def __init__(
        self,
        *,
        steps: Iterable[Step],
        machine: StateMachine | None = None,
        state: str = "status",
        object_arg: str,
    ) -> None:
        self.machine = machine
        self.state = state
        self.object_arg = object_arg
        self.steps: list[Step] = list(steps)
        self._by_key: dict[str, Step] = {}
        for step in self.steps:
            self._add(step.name, step)
        for step in self.steps:
            for alias in (*step.aliases, *step.page_aliases):
                self._add(alias, step, alias=True)
        if machine is not None:
            for step in self.steps:
                name = step.transition_name
                if name is not None and name not in machine:
                    raise ValueError(f"step {step.name}: {name} is not a transition")

    def _add(self, name: str, step: Step, *, alias: bool = False) -> None:
        key = _key(name)
        if key in self._by_key and not (alias and self._by_key[key] is step):
            raise ValueError(f"step name {name} declared twice")
        self._by_key[key] = step

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def get(self, name: str) -> Step | None:
        """The step called ``name`` (or a former name of it), or None."""
        return self._by_key.get(_key(name))

    def page_steps(self) -> list[Step]:
        return [s for s in self.steps if s.page]

    def api_steps(self) -> list[Step]:
        return [s for s in self.steps if s.api]

    # --- who may do what now --------------------------------------------------------------

    def state_of(self, obj: Any) -> str:
        return str(getattr(obj, self.state))

    def state_allows(self, step: Step, obj: Any) -> bool:
        name = step.transition_name
        if name is None or self.machine is None:
            return True
        return self.machine.allows(self.state_of(obj), name)

    def may(self, user: Any, obj: Any, step: Step) -> bool:
        """Whether ``user`` may take ``step`` on ``obj`` now: the state allows it, the
        role holds the capability, the step still applies, and ``who``/``when`` agree."""
        return (
            self.state_allows(step, obj)
            and user.has_capability(step.capability)
            and not step.unavailable_reason(obj)
            and (step.when is None or bool(step.when(obj)))
            and (step.who is None or bool(step.who(user, obj)))
        )

    def panel(self, user: Any, obj: Any) -> Panel:
        """The page's steps ``user`` may take on ``obj`` now."""
        return Panel(s for s in self.page_steps() if self.may(user, obj, s))

    def open_steps(self, obj: Any) -> Panel:
        """The page's steps the object's state (and ``when``) allows now, whoever takes
        them: for a viewer who may take none of them, the page says in words what can be
        done with the object and by whom."""
        return Panel(
            s
            for s in self.page_steps()
            if self.state_allows(s, obj) and (s.when is None or bool(s.when(obj)))
        )

    def capabilities(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """API action name → capability, for every API step and alias (and ``base``,
        the viewset's own actions)."""
        caps = dict(base or {})
        for step in self.api_steps():
            for name in (step.name, *step.aliases):
                caps[_key(name)] = step.capability
        return caps

    # --- the page's POST ------------------------------------------------------------------

    def post(
        self,
        request: Any,
        obj: Any,
        name: str,
        *,
        back: str,
        after: Callable[[Any, Any], str] | None = None,
        invalid: str = "未能{label}：{error}",
        respond: Callable[..., Any] | None = None,
        refused: Callable[..., Any] | None = None,
    ) -> Any:
        """Handle ``POST …/<name>/`` on ``obj``: unknown step → 404, role without the
        capability → 403; then the state and ``who`` (a refused step is a message;
        ``when`` is left to the service's reason), the form, the service. A DomainError
        becomes a message on the page at ``back`` (NotFound and PermissionDenied
        propagate: 404 and 403). On success the step's message and a redirect to
        ``after(obj, result)`` or ``back``. Instead, the view's ``respond(request, obj,
        result, step=step)`` or the step's own ``respond`` may answer (the view's is for an
        answer only the page can render, e.g. the page with a result shown once).
        ``refused(request, obj, step, exc)`` may answer a refusal (a DomainError) itself,
        e.g. the page again with the form as typed and the reason (``None``: the message
        and the redirect)."""
        from django.contrib import messages
        from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
        from django.http import Http404
        from django.shortcuts import redirect

        from jiandu.core.errors import NotFound, PermissionDenied

        step = self.get(name)
        if step is None or not step.page:
            raise Http404("没有这个操作")
        user = request.user
        if not user.has_capability(step.capability):
            raise DjangoPermissionDenied("您的角色无权进行此操作。")
        from jiandu.core.forms import bounce

        form = None
        try:
            self._page_checks(step, user, obj)
            data: dict[str, Any] = {}
            if step.form is not None:
                form = self._form(step, request)
                if not form.is_valid():
                    # Every error at once; the page shows them again at their fields.
                    bounce(request, step.name, obj, errors={})
                    raise DomainError(invalid.format(label=step.label, error=_all_errors(form)))
                data = dict(form.cleaned_data)
                if step.from_form is not None:
                    data = step.from_form(data)
            try:
                result = step.call(user, obj, data, self.object_arg)
            except DomainError as exc:
                if form is not None and not isinstance(exc, (NotFound, PermissionDenied)):
                    # What was typed is kept, the refusal at its field where it names one.
                    bounce(request, step.name, obj, errors=exc.fields)
                raise
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            if refused is not None and step is not None:
                answer_refusal = refused(request, obj, step, exc)
                if answer_refusal is not None:
                    return answer_refusal
            messages.error(request, exc.message)
            return redirect(back)
        for answer in (respond and functools.partial(respond, step=step), step.respond):
            if answer is not None:
                response = answer(request, obj, result)
                if response is not None:
                    return response
        messages.success(request, step.success(data, result))
        return redirect(after(obj, result) if after is not None else back)

    def _page_checks(self, step: Step, user: Any, obj: Any) -> None:
        name = step.transition_name
        if name is not None and self.machine is not None:
            self.machine.check(self.state_of(obj), name)
        step.check_available(obj)
        if step.who is not None and not step.who(user, obj):
            if step.refusal is None:
                from jiandu.core.errors import PermissionDenied

                raise PermissionDenied()
            raise DomainError(step.refusal(obj))

    @staticmethod
    def _form(step: Step, request: Any) -> Any:
        from jiandu.core.forms import ScopedFormMixin

        assert step.form is not None
        kwargs: dict[str, Any] = {"data": request.POST, "files": request.FILES}
        if issubclass(step.form, ScopedFormMixin):
            kwargs["user"] = request.user
        return step.form(**kwargs)

    # --- the API --------------------------------------------------------------------------

    def api(
        self,
        *,
        response: Any,
        respond: Callable[[Any, Any, Any], Any],
        responses: Mapping[str, Any] | None = None,
    ) -> Callable[[type], type]:
        """A class decorator adding to a DRF viewset one ``POST <id>/<name>/`` action per
        API step (and a deprecated one per alias). Each action reads ``view.get_object()``,
        validates the step's ``input`` serializer, runs the service and answers
        ``respond(view, obj, result)`` (documented as ``response``), or the step's own
        ``api_respond``/``api_response``; ``responses`` maps a step's name to the
        serializer of its answer, for the steps answering something other than
        ``response`` (the API module owns the output serializers). The viewset's
        ``capability`` should read ``workflow.capabilities(...)``."""

        def decorate(viewset: type) -> type:
            for step in self.api_steps():
                names = [(step.name, step.deprecated)] + [(a, True) for a in step.aliases]
                for name, deprecated in names:
                    answer = (responses or {}).get(step.name, response)
                    method = self._api_action(step, _key(name), deprecated, answer, respond)
                    if step.api_path and name == step.name:
                        method.url_path = step.api_path
                    setattr(viewset, _key(name), method)
            return viewset

        return decorate

    def _api_action(
        self,
        step: Step,
        name: str,
        deprecated: bool,
        response: Any,
        respond: Callable[[Any, Any, Any], Any],
    ) -> Any:
        from drf_spectacular.utils import extend_schema
        from rest_framework.decorators import action

        from jiandu.core.api import with_errors

        workflow = self

        def run(view: Any, request: Any, pk: str | None = None) -> Any:
            obj = view.get_object()
            step.check_available(obj)
            data: dict[str, Any] = {}
            if step.input is not None:
                serializer = step.input(data=request.data, context=view.get_serializer_context())
                serializer.is_valid(raise_exception=True)
                data = dict(serializer.validated_data)
            result = step.call(request.user, obj, data, workflow.object_arg)
            answer = step.api_respond or respond
            return answer(view, obj, result)

        run.__name__ = name
        run.__qualname__ = name
        description = step.help or f"{step.label}。"
        if deprecated and step.name != name:
            description += f"（已更名为 {step.name}，本名称保留一个版本后移除）"
        elif deprecated:
            description += "（保留一个版本后移除）"
        run.__doc__ = description
        responses = step.api_response
        if not isinstance(responses, dict):
            responses = with_errors(responses or response, step.api_status)
        schema = extend_schema(
            request={step.api_media: step.input} if step.api_media else step.input,
            responses=responses,
            deprecated=deprecated,
            description=description,
        )
        return schema(action(detail=True, methods=["post"])(run))
