"""The register records' services (scope, checks, one audit event each), the bulk
service the demo uses, ``register_part`` and the ``no_pre_talk`` detector."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.core.labels import action_label
from jiandu.integrity import register_services as services
from jiandu.integrity.detectors import DETECTORS
from jiandu.integrity.models import (
    AlertKind,
    IntegrityTalk,
    PersonalDeclaration,
    TalkKind,
)
from jiandu.integrity.register_selectors import register_part
from jiandu.org import services as org

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def declaration(county, actor_key="township_commission", cadre_key="town_a_head", **kw):
    fields = {
        "year": 2025,
        "reported_on": date(2026, 1, 20),
        "marital_status": "married",
        "real_estate": [{"owner": "本人", "address": "东镇幸福路12号", "area": "120"}],
        **kw,
    }
    return services.declaration_create(
        actor=county.users[actor_key], cadre=county.cadres[cadre_key], **fields
    )


def test_each_kind_is_recorded_with_one_audit_event_labelled_in_chinese(county):
    actor, cadre = county.users["township_commission"], county.cadres["town_a_head"]
    calls = {
        "declarations": {
            "year": 2025,
            "reported_on": date(2026, 1, 20),
            "marital_status": "married",
            "investments": [{"owner": "配偶", "kind": "基金", "name": "某某基金", "amount": "5"}],
        },
        "talks": {
            "kind": TalkKind.REMINDER,
            "talked_on": date(2026, 5, 6),
            "talked_by_name": "周书记",
            "summary": "就近期群众反映的问题进行提醒",
        },
        "duty-reports": {"year": 2025, "reported_on": date(2026, 1, 28), "form": "meeting"},
        "gifts": {
            "handed_in_on": date(2026, 2, 3),
            "description": "购物卡一张",
            "value": Decimal("1000.00"),
            "handling": "turned_over",
        },
        "family-events": {
            "kind": "wedding",
            "event_on": date(2026, 5, 1),
            "reported_on": date(2026, 4, 10),
            "reported_before": True,
            "scale": "宴请8桌",
            "guests": 80,
        },
        "commendations": {
            "awarded_on": date(2025, 12, 30),
            "title": "优秀共产党员",
            "awarded_by": "中共青山县委",
        },
    }
    for kind, fields in calls.items():
        last = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        record = services.SERVICES[kind](actor=actor, cadre=cadre, **fields)
        events = list(Event.objects.filter(seq__gt=last))
        assert [e.action for e in events] == [services.KINDS[kind].action]
        assert events[0].actor_id == actor.pk and events[0].object_id == str(record.pk)
        assert action_label(events[0].action).startswith("登记")
        assert record.recorded_by == actor and record.cadre == cadre
    assert action_label("integrity.import.declarations") == "导入个人有关事项报告"


def test_a_cadre_outside_the_actors_scope_is_refused_and_nothing_is_written(county):
    before = Event.objects.count()
    with pytest.raises(DomainError) as exc:
        declaration(county, cadre_key="town_b_head")  # 西镇: not 东镇纪委's
    assert exc.value.fields == {"cadre": ["干部不存在或无权查看"]}
    assert not PersonalDeclaration.objects.exists()
    assert Event.objects.count() == before


def test_a_role_without_the_capability_is_refused(county):
    with pytest.raises(PermissionDenied):
        declaration(county, actor_key="leader")  # reads files, records nothing


def test_one_declaration_a_year_each_year_kept(county):
    declaration(county, year=2024, reported_on=date(2025, 1, 15))
    declaration(county, year=2025)
    with pytest.raises(DomainError) as exc:
        declaration(county, year=2025, marital_status="divorced")
    assert "2025年度个人有关事项报告已登记" in exc.value.message and "year" in exc.value.fields
    assert list(PersonalDeclaration.objects.values_list("year", "marital_status")) == [
        (2025, "married"),
        (2024, "married"),
    ]


@pytest.mark.parametrize(
    ("kind", "fields", "field", "says"),
    [
        (
            "talks",
            {
                "kind": "integrity",
                "talked_on": date(2026, 6, 16),
                "talked_by_name": "周",
                "summary": "x",
            },
            "talked_on",
            "谈话日期不能晚于今天",
        ),
        (
            "talks",
            {"kind": "chat", "talked_on": date(2026, 6, 1), "talked_by_name": "周", "summary": "x"},
            "kind",
            "",
        ),
        (
            "gifts",
            {
                "handed_in_on": date(2026, 6, 1),
                "description": "礼金",
                "value": Decimal("0"),
                "handling": "returned",
            },
            "value",
            "价值应大于0元",
        ),
        (
            "family-events",
            {
                "kind": "funeral",
                "event_on": date(2026, 5, 1),
                "reported_on": date(2026, 5, 3),
                "reported_before": True,
            },
            "reported_before",
            "不能算作事前报告",
        ),
        (
            "declarations",
            {"year": 2027, "reported_on": date(2026, 1, 5), "marital_status": "married"},
            "year",
            "报告年度应在2000年至2026年之间",
        ),
        (
            "declarations",
            {
                "year": 2025,
                "reported_on": date(2026, 1, 5),
                "marital_status": "married",
                "real_estate": [{"owner": "本人"}],
            },
            "real_estate",
            "至少填写产权人和房产地址",
        ),
    ],
)
def test_bad_records_are_refused_at_their_field(county, kind, fields, field, says):
    with pytest.raises(DomainError) as exc:
        services.SERVICES[kind](
            actor=county.users["township_commission"], cadre=county.cadres["town_a_head"], **fields
        )
    assert field in exc.value.fields
    assert says in exc.value.message


def test_bulk_create_writes_many_records_with_one_event(county):
    cadre = county.cadres["edu_head"]
    rows = [
        {
            "cadre": cadre,
            "kind": TalkKind.INTEGRITY,
            "talked_on": date(2026, 1, d),
            "talked_by_name": "周书记",
            "summary": "集体廉政谈话",
        }
        for d in range(1, 6)
    ]
    before = Event.objects.count()
    assert services.records_bulk_create(actor=None, kind="talks", rows=rows) == 5
    assert IntegrityTalk.objects.filter(cadre=cadre).count() == 5
    assert Event.objects.count() == before + 1
    assert Event.objects.order_by("-seq").first().action == "integrity.talk.bulk_create"


def test_register_part_is_scoped_through_the_cadre_with_one_query_per_kind(county):
    declaration(county)
    services.talk_create(
        actor=county.users["township_commission"],
        cadre=county.cadres["town_a_head"],
        kind=TalkKind.PRE_APPOINTMENT,
        talked_on=date(2026, 3, 2),
        talked_by_name="周书记",
        talked_by_unit="东镇纪委书记",
        summary="任前廉政谈话",
    )
    town_a_head = county.cadres["town_a_head"]
    with CaptureQueriesContext(connection) as queries:
        part = register_part(user=county.users["township_commission"], cadre=town_a_head)
    assert len(queries) <= 8, [q["sql"] for q in queries]
    assert part["can_record"] and set(part["add_urls"]) == {
        "declarations",
        "talks",
        "duty_reports",
        "gifts",
        "family_events",
        "commendations",
    }
    assert [d.year for d in part["declarations"]] == [2025]
    estate = next(s for s in part["declarations"][0].sections if s.key == "real_estate")
    assert estate.rows == [["本人", "东镇幸福路12号", "120", ""]]
    assert [t.get_kind_display() for t in part["talks"]] == ["任前廉政谈话"]

    # The leader reads the file but records nothing: no add buttons.
    as_leader = register_part(user=county.users["leader"], cadre=town_a_head)
    assert not as_leader["can_record"] and as_leader["add_urls"] == {}
    assert len(as_leader["declarations"]) == 1
    # Another township's commission sees none of the cadre's records.
    other = county.users["township_commission"]
    other.unit = county.units["town_b_commission"]
    other.save()
    other = type(other).objects.get(pk=other.pk)
    hidden = register_part(user=other, cadre=town_a_head)
    assert hidden["declarations"] == [] and hidden["talks"] == []


def test_the_partial_renders_the_tables_and_the_add_buttons(county):
    declaration(county)
    user = county.users["township_commission"]
    part = register_part(user=user, cadre=county.cadres["town_a_head"])
    html = render_to_string("integrity/partials/_register.html", {"register": part})
    assert "2025年度" in html and "东镇幸福路12号" in html and "2026年1月20日" in html
    assert 'data-testid="add-talks"' in html
    as_leader = register_part(user=county.users["leader"], cadre=county.cadres["town_a_head"])
    html = render_to_string("integrity/partials/_register.html", {"register": as_leader})
    assert "东镇幸福路12号" in html and 'data-testid="add-talks"' not in html


# --- the no_pre_talk detector ------------------------------------------------------------------


@pytest.fixture
def new_post(county):
    """李娜 (a teacher) is appointed to the finance bureau's leadership on 2026-03-10."""
    return org.post_create(
        actor=None,
        cadre=county.cadres["teacher"],
        unit=county.units["dept_fin"],
        title="副局长",
        is_leadership=True,
        start_date=date(2026, 3, 10),
    )


def detect(on):
    return list(DETECTORS["no_pre_talk"](on=on))


def talk(county, on, kind=TalkKind.PRE_APPOINTMENT):
    return services.talk_create(
        actor=None,
        cadre=county.cadres["teacher"],
        kind=kind,
        talked_on=on,
        talked_by_name="县纪委书记",
        summary="任前廉政谈话",
    )


def test_no_pre_talk_fires_the_day_after_the_month_closes(county, new_post):
    # Start 2026-03-10 + 1 month (policy) = 2026-04-10, the window's last day.
    assert detect(date(2026, 4, 10)) == []
    (alert,) = detect(date(2026, 4, 11))  # 1 month + 1 day after the start
    assert alert.kind == AlertKind.NO_PRE_APPOINTMENT_TALK == "no_pre_talk"
    assert alert.key == f"no_pre_talk:post:{new_post.pk}"
    assert (alert.cadre_id, alert.unit_id) == (new_post.cadre_id, new_post.unit_id)
    assert "2026年3月10日" in alert.reason and "2026年4月10日" in alert.reason
    assert alert.evidence[0]["kind"] == "post" and alert.evidence[0]["id"] == new_post.pk


def test_a_talk_29_days_after_the_start_meets_it(county, new_post):
    # 2026-03-10 + 29 days = 2026-04-08 (21 days to 03-31, 8 more).
    talk(county, date(2026, 4, 8))
    assert detect(date(2026, 4, 11)) == []
    assert detect(date(2026, 6, 15)) == []


def test_a_talk_outside_the_window_or_of_another_kind_does_not(county, new_post):
    talk(county, date(2025, 12, 9))  # start − 3 months − 1 day
    talk(county, date(2026, 3, 20), kind=TalkKind.INTEGRITY)  # not a 任前谈话
    assert [a.key for a in detect(date(2026, 4, 11))] == [f"no_pre_talk:post:{new_post.pk}"]


def test_only_current_leading_posts_that_are_new(county, new_post):
    # The county's heads took their posts on 2020-03-01: long past "new"; only the new
    # post is found while it runs, none once it has ended.
    assert [a.key for a in detect(date(2026, 4, 20))] == [f"no_pre_talk:post:{new_post.pk}"]
    org.post_end(actor=None, post=new_post, end_date=date(2026, 4, 30))
    assert detect(date(2026, 5, 1)) == []
    plain = org.post_create(
        actor=None,
        cadre=county.cadres["village_head"],
        unit=county.units["school"],
        title="教师",
        start_date=date(2026, 3, 1),
    )
    assert all(a.key != f"no_pre_talk:post:{plain.pk}" for a in detect(date(2026, 4, 20)))
