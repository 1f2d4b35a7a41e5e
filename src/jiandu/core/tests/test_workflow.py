"""core.workflow: the state machine's check, the step list's panel, page dispatcher,
API actions (with schema and deprecated aliases) and capability map."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.test import RequestFactory
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.test import APIRequestFactory, force_authenticate

from jiandu.core.api import with_errors
from jiandu.core.errors import DomainError, IllegalTransition, NotFound
from jiandu.core.workflow import Panel, StateMachine, Step, Transition, Workflow

MACHINE = StateMachine(
    noun="事项",
    states={"new": "待办", "doing": "办理中", "done": "已办结"},
    transitions={
        "start": ({"new"}, "doing"),
        "finish": ({"doing"}, "done"),
        "note": ({"new", "doing"}, ""),
        "reopen": ({"done"}, "doing"),
    },
    labels={"start": "开始办理", "finish": "办结", "note": "备注", "reopen": "重新打开"},
)


# --- the state machine ----------------------------------------------------------------------


def test_check_returns_the_target_or_the_chinese_reason():
    assert MACHINE.check("new", "start") == "doing"
    assert MACHINE.check("doing", "note") == ""  # left to the service
    with pytest.raises(IllegalTransition) as exc:
        MACHINE.check("done", "finish")
    assert exc.value.message == "事项当前状态为“已办结”，不能办结（只有“办理中”的事项可以）"
    assert isinstance(exc.value, DomainError)
    with pytest.raises(IllegalTransition, match="未知操作：fly"):
        MACHINE.check("new", "fly")


def test_needed_states_are_listed_in_life_cycle_order():
    with pytest.raises(IllegalTransition, match="只有“待办、办理中”的事项可以"):
        MACHINE.check("done", "note")


def test_custom_refusal_and_queries():
    machine = StateMachine(
        noun="任务",
        states={"a": "甲", "b": "乙"},
        transitions={"go": ({"a"}, "b")},
        labels={"go": "前进"},
        refusal="{noun}当前状态为“{current}”，不能{step}。",
    )
    with pytest.raises(IllegalTransition, match=r"^任务当前状态为“乙”，不能前进。$"):
        machine.check("b", "go")
    assert machine.allows("a", "go") and not machine.allows("b", "go")
    assert not machine.allows("a", "nope")
    assert machine.steps_from("a") == ["go"] and machine.steps_from("b") == []
    assert "go" in machine and list(machine) == ["go"]
    _sources, target = machine.transitions["go"]
    assert machine.transitions["go"] == Transition(frozenset({"a"}), "b") and target == "b"


def test_a_table_naming_unknown_states_or_missing_labels_is_refused():
    with pytest.raises(ValueError, match="unknown states"):
        StateMachine(noun="x", states={"a": "甲"}, transitions={"go": ({"a"}, "z")}, labels={})
    with pytest.raises(ValueError, match="no label"):
        StateMachine(noun="x", states={"a": "甲"}, transitions={"go": ({"a"}, "a")}, labels={})


# --- the step list --------------------------------------------------------------------------


@dataclass
class Thing:
    status: str = "new"
    unit_id: int = 1
    pk: int = 7
    calls: list[tuple[str, Any, dict]] = field(default_factory=list)


@dataclass
class User:
    caps: set[str]
    unit_id: int = 1
    is_authenticated: bool = True

    def has_capability(self, capability: str) -> bool:
        return capability in self.caps


def record(name: str):
    def service(*, actor: Any, thing: Thing, **data: Any) -> Thing:
        thing.calls.append((name, actor, data))
        return thing

    return service


def refuse(*, actor: Any, thing: Thing, **data: Any) -> None:
    raise DomainError("服务拒绝了")


def hidden(*, actor: Any, thing: Thing, **data: Any) -> None:
    raise NotFound()


class NoteForm(forms.Form):
    text = forms.CharField(label="备注")


class NoteInput(serializers.Serializer):
    text = serializers.CharField()


class ThingOut(serializers.Serializer):
    status = serializers.CharField()


def same_unit(user: User, thing: Thing) -> bool:
    return user.unit_id == thing.unit_id


WORKFLOW = Workflow(
    machine=MACHINE,
    object_arg="thing",
    steps=[
        Step(
            "start",
            "开始办理",
            "things.handle",
            service=record("start"),
            who=same_unit,
            refusal=lambda t: f"只能由第{t.unit_id}单位办理",
        ),
        Step(
            "finish",
            "办结",
            "things.approve",
            service=record("finish"),
            params={"approve": True},
            aliases=("decide",),
        ),
        Step(
            "add_note",
            "备注",
            "things.handle",
            transition="note",
            service=record("note"),
            form=NoteForm,
            input=NoteInput,
            page_aliases=("memo",),
            done=lambda data, result: f"已备注：{data['text']}",
        ),
        Step(
            "reopen",
            "重新打开",
            "things.approve",
            service=refuse,
            when=lambda t: t.pk > 0,
            api_response=with_errors(ThingOut, 201),
        ),
        Step("peek", "查看", "things.handle", transition=None, service=hidden, api=False),
        Step(
            "legacy",
            "旧操作",
            "things.handle",
            transition=None,
            service=record("legacy"),
            page=False,
            deprecated=True,
        ),
    ],
)


def test_panel_keeps_what_state_capability_and_who_allow():
    handler = User({"things.handle"})
    assert WORKFLOW.panel(handler, Thing("new")).names == ["start", "add_note", "peek"]
    assert WORKFLOW.panel(handler, Thing("new", unit_id=2)).names == ["add_note", "peek"]
    assert WORKFLOW.panel(User({"things.approve"}), Thing("doing")).names == ["finish"]
    panel = WORKFLOW.panel(User({"things.handle", "things.approve"}), Thing("doing"))
    assert "add_note" in panel and "add-note" in panel and "start" not in panel
    assert panel & {"finish", "start"} == {"finish"}
    assert isinstance(panel.discard("peek"), Panel) and "peek" not in panel.discard("peek")
    assert not WORKFLOW.panel(User(set()), Thing("new"))
    approver = User({"things.approve"})
    assert "reopen" in WORKFLOW.panel(approver, Thing("done"))
    assert "reopen" not in WORKFLOW.panel(approver, Thing("done", pk=0))  # when()


def test_names_aliases_and_capability_map():
    assert WORKFLOW.get("add-note") is WORKFLOW.get("add_note") is WORKFLOW.get("memo")
    assert WORKFLOW.get("decide") is WORKFLOW.get("finish") and WORKFLOW.get("nope") is None
    assert WORKFLOW.capabilities({"list": "things.view"}) == {
        "list": "things.view",
        "start": "things.handle",
        "finish": "things.approve",
        "decide": "things.approve",
        "add_note": "things.handle",
        "reopen": "things.approve",
        "legacy": "things.handle",
    }


def test_a_step_must_name_a_transition_and_names_are_unique():
    with pytest.raises(ValueError, match="not a transition"):
        Workflow(machine=MACHINE, object_arg="thing", steps=[Step("fly", "飞", "x")])
    with pytest.raises(ValueError, match="declared twice"):
        Workflow(
            machine=MACHINE,
            object_arg="thing",
            steps=[Step("start", "a", "x"), Step("note", "b", "x", aliases=("start",))],
        )


# --- the page's POST ------------------------------------------------------------------------


def post(user: User, data: dict | None = None):
    request = RequestFactory().post("/things/7/x/", data or {})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def texts(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_post_runs_the_service_and_redirects_with_the_message():
    thing, request = Thing("doing"), post(User({"things.handle"}), {"text": "已电话联系"})
    response = WORKFLOW.post(request, thing, "memo", back="/things/7/")
    assert response.status_code == 302 and response.url == "/things/7/"
    assert thing.calls == [("note", request.user, {"text": "已电话联系"})]
    assert texts(request) == ["已备注：已电话联系"]


def test_post_passes_fixed_params_and_follows_after():
    thing, request = Thing("doing"), post(User({"things.approve"}))
    response = WORKFLOW.post(request, thing, "finish", back="/b/", after=lambda t, r: "/list/")
    assert response.url == "/list/" and thing.calls[0][2] == {"approve": True}
    assert texts(request) == ["已办结"]


def test_post_refusals():
    handler = User({"things.handle"})
    with pytest.raises(Http404):
        WORKFLOW.post(post(handler), Thing(), "nope", back="/")
    with pytest.raises(Http404):  # API-only step
        WORKFLOW.post(post(handler), Thing(), "legacy", back="/")
    with pytest.raises(DjangoPermissionDenied):
        WORKFLOW.post(post(handler), Thing("doing"), "finish", back="/")
    cases = [
        (Thing("done"), "start", "事项当前状态为“已办结”，不能开始办理（只有“待办”的事项可以）"),
        (Thing("new", unit_id=3), "start", "只能由第3单位办理"),
        (Thing("new"), "add_note", "未能备注：备注：该字段是必填项。"),
    ]
    for thing, name, message in cases:
        request = post(handler)
        assert WORKFLOW.post(request, thing, name, back="/b/").url == "/b/"
        assert texts(request) == [message] and thing.calls == []
    request = post(User({"things.approve"}))  # when() is the service's to refuse
    WORKFLOW.post(request, Thing("done", pk=0), "reopen", back="/b/")
    assert texts(request) == ["服务拒绝了"]
    with pytest.raises(NotFound):  # 404 through capability_required
        WORKFLOW.post(post(handler), Thing(), "peek", back="/")


# --- the API --------------------------------------------------------------------------------

THINGS: dict[int, Thing] = {}


def answer(view: Any, thing: Thing, result: Any) -> Response:
    return Response({"status": thing.status})


@WORKFLOW.api(response=ThingOut, respond=answer)
class ThingViewSet(viewsets.GenericViewSet):
    authentication_classes: list = []
    permission_classes: list = []
    queryset = None

    def get_object(self) -> Thing:
        return THINGS[int(self.kwargs["pk"])]


def test_api_actions_from_the_steps():
    router = SimpleRouter()
    router.register("things", ThingViewSet, basename="thing")
    names = {p.name for p in router.urls}
    expected = {"thing-start", "thing-finish", "thing-decide", "thing-add-note", "thing-legacy"}
    assert expected <= names
    assert "thing-peek" not in names  # page-only
    THINGS[7] = thing = Thing("doing")
    view = ThingViewSet.as_view({"post": "add_note"})
    request = APIRequestFactory().post("/things/7/add_note/", {"text": "x"}, format="json")
    force_authenticate(request, user=User({"things.handle"}))
    response = view(request, pk="7")
    assert response.status_code == 200 and response.data == {"status": "doing"}
    assert thing.calls[0][0] == "note" and thing.calls[0][2] == {"text": "x"}
    request = APIRequestFactory().post("/things/7/add_note/", {}, format="json")
    force_authenticate(request, user=User({"things.handle"}))
    assert view(request, pk="7").status_code == 400


def test_api_schema_marks_aliases_deprecated():
    router = SimpleRouter()
    router.register("things", ThingViewSet, basename="thing")
    schema = SchemaGenerator(patterns=router.urls).get_schema(request=None, public=True)
    paths = schema["paths"]
    finish = paths["/things/{id}/finish/"]["post"]
    decide = paths["/things/{id}/decide/"]["post"]
    assert not finish.get("deprecated") and decide["deprecated"] is True
    assert "已更名为 finish" in decide["description"]
    assert set(paths["/things/{id}/add_note/"]["post"]["responses"]) == {"200", "400", "403", "404"}
    note_body = paths["/things/{id}/add_note/"]["post"]["requestBody"]["content"]
    assert "NoteInput" in str(note_body)
    assert paths["/things/{id}/legacy/"]["post"]["deprecated"] is True
    assert "201" in paths["/things/{id}/reopen/"]["post"]["responses"]
