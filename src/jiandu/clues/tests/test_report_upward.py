"""Clues reported to the higher commission ([规则] 22, issue 12 item 8).

[规则] 22: 纪检监察机关对反映同级党委委员、候补委员，纪委常委、监委委员，以及所辖地区、
部门、单位主要负责人的问题线索和线索处置情况，应当及时向上级纪检监察机关报告。

The flag is computed when the clue is registered, from the organisation register: the
cadre's markers (同级党委委员、候补委员; 纪委常委、监委委员) whatever their rank, county
rank, and the unit the cadre heads — a department, Party organ or town always, a school,
hospital or state firm when the register marks it (``Unit.head_reported_upward``).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from jiandu.audit.models import Event
from jiandu.clues import rules, services
from jiandu.core.testing import make_citizen_id
from jiandu.org import services as org
from jiandu.org.models import Cadre, Rank

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("register", "flagged"),
    [
        # A 纪委常委 below county rank (乡科级, heads nothing): flagged.
        ({"rank": "township", "commission_member": True}, "纪委常委、监委委员"),
        ({"rank": "general", "party_committee_member": True}, "同级党委委员、候补委员"),
        ({"rank": "county"}, "县处级干部"),
        ({"rank": "township", "is_head": True, "unit_kind": "department"}, "下一级单位主要负责人"),
        ({"rank": "township", "is_head": True, "unit_kind": "town"}, "下一级单位主要负责人"),
        # Schools, hospitals and state firms: only when the register marks the unit.
        ({"rank": "general", "is_head": True, "unit_kind": "school"}, ""),
        (
            {"rank": "general", "is_head": True, "unit_kind": "school", "head_marked": True},
            "学校主要负责人",
        ),
        (
            {"rank": "township", "is_head": True, "unit_kind": "hospital", "head_marked": True},
            "医院主要负责人",
        ),
        ({"rank": "other", "is_head": True, "unit_kind": "soe"}, ""),
        (
            {"rank": "other", "is_head": True, "unit_kind": "soe", "head_marked": True},
            "国有企业主要负责人",
        ),
        # A deputy of a marked unit is not its principal leader.
        ({"rank": "township", "is_head": False, "unit_kind": "soe", "head_marked": True}, ""),
        ({"rank": "general"}, ""),
    ],
)
def test_the_reason_follows_rule_22(register, flagged):
    args = {"is_head": False, "unit_kind": "", **register}
    reason = rules.upward_report_reason(**args)
    if flagged:
        assert flagged in reason
        assert "第二十二条" in reason or "干部管理权限" in reason
    else:
        assert reason == ""


def _cadre(seq: int, name: str, rank: str, unit, title: str, *, head: bool) -> Cadre:
    cadre = org.cadre_create(
        actor=None,
        name=name,
        citizen_id=make_citizen_id(seq),
        rank=rank,
        political_status="party_member",
    )
    org.post_create(
        actor=None, cadre=cadre, unit=unit, title=title, is_head=head, start_date=date(2021, 6, 1)
    )
    return cadre


def _register(people, cadre):
    return services.clue_create(
        actor=people.users["case_management"],
        source="report",
        summary="反映其违规收受礼金。",
        received_on=date(2026, 9, 1),
        subject_cadre=cadre,
    )


def test_a_standing_committee_member_below_county_rank_is_flagged(people):
    u = people.units
    member = _cadre(41, "周敏", Rank.TOWNSHIP, u["case_mgmt"], "县纪委常委、案管室主任", head=True)
    assert not _register(people, member).report_upward  # the register does not know yet
    org.cadre_update(actor=people.users["admin"], cadre=member, commission_member=True)
    clue = _register(people, member)
    assert clue.report_upward
    assert clue.report_upward_reason == (
        "被反映人为纪委常委、监委委员，按《监督执纪工作规则》第二十二条报告"
    )


def test_heads_of_schools_hospitals_and_state_firms_the_register_marks(people):
    u = people.units
    principal = _cadre(42, "吴刚", Rank.GENERAL, u["school"], "党委书记、校长", head=True)
    hospital = org.unit_create(actor=None, name="测试县人民医院", code="T901", kind="hospital")
    doctor = _cadre(43, "郑洁", Rank.TOWNSHIP, hospital, "党委书记、院长", head=True)
    firm = org.unit_create(actor=None, name="测试县城投集团", code="T902", kind="soe")
    chairman = _cadre(44, "孙涛", Rank.OTHER, firm, "董事长", head=True)
    deputy = _cadre(45, "钱进", Rank.OTHER, firm, "副总经理", head=False)
    for cadre in (principal, doctor, chairman, deputy):
        assert not _register(people, cadre).report_upward  # unmarked units

    admin = people.users["admin"]
    for unit in (u["school"], hospital, firm):
        org.unit_update(actor=admin, unit=unit, head_reported_upward=True)
    assert "学校主要负责人" in _register(people, principal).report_upward_reason
    assert "医院主要负责人" in _register(people, doctor).report_upward_reason
    assert "国有企业主要负责人" in _register(people, chairman).report_upward_reason
    assert not _register(people, deputy).report_upward  # not the principal leader
    # A teacher of the marked school is not flagged either.
    assert not _register(people, people.cadres["teacher"]).report_upward
    # Department heads are flagged without a marker, as before.
    assert _register(people, people.cadres["edu_head"]).report_upward


def test_the_register_pages_edit_the_markers(people, client_for):
    u, users = people.units, people.users
    cadre = people.cadres["teacher"]
    client = client_for(users["case_management"])
    edit = reverse("org:cadre_edit", args=(cadre.pk,))
    page = client.get(edit).content.decode()
    assert 'name="commission_member"' in page and 'name="party_committee_member"' in page
    response = client.post(
        edit,
        {
            "version": org.cadre_version(cadre),
            "name": cadre.name,
            "political_status": cadre.political_status,
            "rank": cadre.rank,
            "commission_member": "on",
        },
    )
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert cadre.commission_member and not cadre.party_committee_member
    event = Event.objects.filter(action="org.cadre.update", object_id=str(cadre.pk)).last()
    assert event.payload == {"commission_member": {"from": False, "to": True}}
    detail = client.get(reverse("org:cadre_detail", args=(cadre.pk,)), follow=True)
    detail = detail.content.decode()
    assert 'data-testid="cadre-members"' in detail and "纪委常委、监委委员" in detail

    school = u["school"]
    edit = reverse("org:unit_edit", args=(school.pk,))
    page = client.get(edit).content.decode()
    assert 'name="head_reported_upward"' in page and "第二十二条" in page
    response = client.post(
        edit,
        {
            "version": org.unit_version(school),
            "document_issuer_name": "",
            "document_number_prefix": "",
            "head_reported_upward": "on",
        },
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.head_reported_upward
    assert school.document_issuer_name == ""  # the text fields stay as they were
    event = Event.objects.filter(action="org.unit.update", object_id=str(school.pk)).last()
    assert event.payload == {"head_reported_upward": {"from": False, "to": True}}
    detail = client.get(reverse("org:unit_detail", args=(school.pk,))).content.decode()
    assert 'data-testid="unit-head-reported-upward"' in detail
    # A team outside the register office's capability cannot edit the markers.
    assert client_for(users["resident_team"]).get(edit).status_code == 403
