"""The profile pages through the client (page contract, read log, scope, links) and the
"一人一策" supervision notes (service, audit, scope, corrections)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.audit.models import Event, ReadLog
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.core.labels import action_label
from jiandu.core.testing import Page, PageContract
from jiandu.integrity.models import Alert, AlertStatus, SupervisionNote
from jiandu.integrity.profile_services import supervision_note_add
from jiandu.integrity.tests import profile_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return profile_county.TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return profile_county.TODAY


@pytest.fixture
def ctx(county, today):
    return profile_county.build(county)


@pytest.fixture
def users(county):
    return county.users


class TestPages(PageContract):
    pages = [
        Page(
            "integrity:cadre_profile",
            args=lambda c: (c.cadres["edu_head"].pk,),
            allowed="supervision_office",
            forbidden="org_department",
            hidden=lambda c: (c.cadres["town_b_head"].pk,),
            viewer="township_commission",
            # the person record reads each part once (reports, clues, cases, decisions,
            # clue-stage measures, inquiries, findings, hits): constant, not per record
            max_queries=40,
        ),
        Page(
            "integrity:cadre_note_add",
            args=lambda c: (c.cadres["edu_head"].pk,),
            get=False,
            allowed="resident_team",
            forbidden="leader",  # reads profiles, keeps no notes
            hidden=lambda c: (c.cadres["town_b_head"].pk,),
            viewer="township_commission",
            data=lambda c: {"text": "已对其开展廉政提醒谈话", "noted_on": "2026-06-01"},
            audit="integrity.note.add",
        ),
        Page(
            "integrity:unit_profile",
            args=lambda c: (c.units["dept_edu"].pk,),
            allowed="leader",
            forbidden="org_department",
            hidden=lambda c: (c.units["town_b"].pk,),
            viewer="township_commission",
            max_queries=30,
        ),
    ]


def test_the_cadre_profile_shows_the_record_measures_alerts_and_notes(ctx, county, client):
    cadre = ctx.cadres["teacher"]
    Alert.objects.create(
        kind="repeated_reports", key="t:1", cadre=cadre, unit=ctx.units["school"],
        reason="12个月内被反映3次", raised_on=date(2026, 1, 5), status=AlertStatus.DISMISSED,
    )  # fmt: skip
    Alert.objects.create(
        kind="long_leading_post", key="t:2", cadre=cadre, unit=ctx.units["school"],
        reason="同一岗位任职满10年", raised_on=date(2025, 1, 5),
    )  # fmt: skip
    supervision_note_add(actor=county.users["resident_team"], cadre=cadre, text="约谈提醒")
    client.force_login(county.users["resident_team"])
    response = client.get(reverse("integrity:cadre_profile", args=(cadre.pk,)))
    html = response.content.decode()
    assert response.status_code == 200
    # R1 and R3, clue C2, case K1 (李娜): each with its link
    assert html.count('data-testid="fact-report"') == 2
    assert html.count('data-testid="fact-clue"') == 1
    assert html.count('data-testid="fact-case"') == 1
    assert reverse("clues:clue_detail", args=(ctx.clues[1].pk,)) in html
    # In force on 2026-06-15: 警告 (party) and 记过 decided 2025-10-01, 12 months each:
    # the last day is 2026-09-30 (cases.rules.sanctions); the clue-stage 谈话提醒/批评教育
    # have no period, the superseded 记过 is not there.
    assert html.count('data-testid="measure-in-force"') == 2
    assert "2026年9月30日" in html
    # Open alerts first, then the others; no alert page yet in this branch: no link
    first, second = html.index("同一领导岗位任职时间较长"), html.index("短期内多次被反映")
    assert first < second
    assert "约谈提醒" in html and 'data-testid="note-form"' in html
    # The timeline's data and script (ECharts from the server itself)
    assert 'id="cadre-timeline-data"' in html
    assert "vendor/echarts-6.1.0/echarts.min.js" in html
    assert ReadLog.objects.filter(
        user=county.users["resident_team"], object_id=str(cadre.pk), what="干部精准画像"
    ).exists()


def test_the_cadre_profile_shows_only_what_the_viewer_may_see(ctx, county, client):
    """The petition office reads reports, not clues or cases; it keeps no notes."""
    client.force_login(county.users["petition"])
    html = client.get(
        reverse("integrity:cadre_profile", args=(ctx.cadres["teacher"].pk,))
    ).content.decode()
    assert html.count('data-testid="fact-report"') == 2
    assert 'data-testid="fact-clue"' not in html and 'data-testid="fact-case"' not in html
    assert 'data-testid="note-form"' not in html


def test_the_unit_profile_page_states_its_scope_and_links(ctx, county, client):
    client.force_login(county.users["leader"])
    unit = ctx.units["dept_edu"]
    html = client.get(reverse("integrity:unit_profile", args=(unit.pk,))).content.decode()
    assert "所有数字只统计您有权查看的记录" in html
    assert f"subject_unit={unit.pk}" in html
    assert 'data-testid="link-clues-2024"' in html


def test_the_unit_page_and_the_cadre_page_link_to_the_profiles(ctx, county, client):
    client.force_login(county.users["leader"])
    unit, cadre = ctx.units["dept_edu"], ctx.cadres["edu_head"]
    html = client.get(reverse("org:unit_detail", args=(unit.pk,))).content.decode()
    assert reverse("integrity:unit_profile", args=(unit.pk,)) in html
    # the register's cadre page opens the integrity file for whoever may read files
    html = client.get(reverse("org:cadre_detail", args=(cadre.pk,)), follow=True).content.decode()
    assert reverse("integrity:cadre_profile", args=(cadre.pk,)) in html
    client.force_login(county.users["admin"])  # reads the register, not profiles
    html = client.get(reverse("org:unit_detail", args=(unit.pk,))).content.decode()
    assert "政治生态画像" not in html


# --- the supervision notes ---------------------------------------------------------------------


def test_a_note_is_recorded_with_its_unit_author_and_one_audit_event(ctx, county):
    user = county.users["resident_team"]
    before = Event.objects.count()
    note = supervision_note_add(
        actor=user, cadre=ctx.cadres["edu_head"], text="  纳入重点监督  ", noted_on=date(2026, 6, 1)
    )
    assert (note.unit_id, note.author_id, note.text) == (user.unit_id, user.pk, "纳入重点监督")
    event = Event.objects.get(seq=Event.objects.order_by("-seq").first().seq)
    assert Event.objects.count() == before + 1
    assert (event.action, event.object_id) == ("integrity.note.add", str(note.pk))
    assert action_label("integrity.note.add") == "记录一人一策监督情况"
    assert action_label("integrity.note.correct") == "更正一人一策监督记录"


def test_a_correction_is_a_new_note_and_the_original_stays(ctx, county, client):
    user = county.users["resident_team"]
    cadre = ctx.cadres["edu_head"]
    original = supervision_note_add(actor=user, cadre=cadre, text="约谈时间记为5月")
    fix = supervision_note_add(actor=user, cadre=cadre, text="约谈时间应为6月", corrects=original)
    original.refresh_from_db()
    assert original.text == "约谈时间记为5月" and fix.corrects_id == original.pk
    assert Event.objects.filter(action="integrity.note.correct", object_id=str(fix.pk)).exists()
    with pytest.raises(DomainError):  # a correction is not corrected again
        supervision_note_add(actor=user, cadre=cadre, text="再更正", corrects=fix)
    other = supervision_note_add(actor=user, cadre=ctx.cadres["teacher"], text="另一干部")
    with pytest.raises(DomainError):  # only a note of the same cadre
        supervision_note_add(actor=user, cadre=cadre, text="更正", corrects=other)
    client.force_login(user)
    html = client.get(reverse("integrity:cadre_profile", args=(cadre.pk,))).content.decode()
    assert 'data-testid="note-corrected"' in html and "约谈时间记为5月" in html


def test_note_refusals(ctx, county):
    cadre = ctx.cadres["edu_head"]
    with pytest.raises(PermissionDenied):  # leaders read profiles, the offices keep notes
        supervision_note_add(actor=county.users["leader"], cadre=cadre, text="x")
    with pytest.raises(DomainError):  # not a cadre of the township commission
        supervision_note_add(actor=county.users["township_commission"], cadre=cadre, text="x")
    with pytest.raises(DomainError):
        supervision_note_add(actor=county.users["resident_team"], cadre=cadre, text="   ")
    with pytest.raises(DomainError):
        supervision_note_add(
            actor=county.users["resident_team"], cadre=cadre, text="x", noted_on=date(2026, 7, 1)
        )
    assert not SupervisionNote.objects.exists()


def test_notes_are_read_by_whoever_may_see_the_cadre(ctx, county):
    note = supervision_note_add(
        actor=county.users["case_management"], cadre=ctx.cadres["edu_head"], text="重点监督"
    )
    visible = SupervisionNote.objects.visible_to
    assert note in visible(county.users["resident_team"])  # supervises 教育局
    assert note in visible(county.users["leader"])
    assert note not in visible(county.users["township_commission"])


def test_a_note_form_error_is_shown_and_nothing_is_written(ctx, county, client):
    client.force_login(county.users["resident_team"])
    url = reverse("integrity:cadre_note_add", args=(ctx.cadres["edu_head"].pk,))
    hidden_note = supervision_note_add(
        actor=county.users["case_management"], cadre=ctx.cadres["town_b_head"], text="他镇"
    )
    response = client.post(url, {"text": "更正", "corrects": hidden_note.pk}, follow=True)
    assert "所选对象不存在，或您无权查看" in response.content.decode()
    assert SupervisionNote.objects.count() == 1
