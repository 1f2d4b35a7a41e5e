"""The ledger through its services: progress, evidence, report done, the check with its
close-out rules, reopening, escalation with its Word documents, the report deadline,
transferred clues, and an audit event for every change."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document

from jiandu.audit.models import Event
from jiandu.clues.models import ClueDeadlineKind, ClueSource
from jiandu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied
from jiandu.inspections import documents, rules, services
from jiandu.inspections.models import Escalation, ItemStatus

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def _evidence(user, item, pdf):
    return services.evidence_add(actor=user, item=item, name="整改报告.pdf", content=pdf)


def test_owner_reports_done_and_another_person_closes_it(insp, ledger, pdf):
    u = insp.users
    item = ledger["items"]["edu"]
    events = Event.objects.count()
    services.item_report_progress(actor=u["edu_unit"], item=item, text="已起草修订稿")
    assert item.status == ItemStatus.IN_PROGRESS and item.progress == "已起草修订稿"
    with pytest.raises(DomainError, match="佐证材料"):
        services.item_report_done(actor=u["edu_unit"], item=item, text="已印发")
    _evidence(u["edu_unit"], item, pdf)
    services.item_report_done(actor=u["edu_unit"], item=item, text="已印发", on=days_ago(1))
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.completed_on == days_ago(1)
    assert item.reported_by == u["edu_unit"]
    services.item_close_out(
        actor=u["inspection"], item=item, decision="close", note="经核实已整改到位"
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED and item.checked_by == u["inspection"]
    assert item.closed_on == timezone.localdate()
    actions = list(
        Event.objects.filter(seq__gt=events).order_by("seq").values_list("action", flat=True)
    )
    assert actions == [
        "inspections.item.report_progress",
        "inspections.evidence.add",
        "inspections.item.report_done",
        "inspections.item.close",
    ]
    # Closed: no more evidence, no second close.
    with pytest.raises(DomainError):
        _evidence(u["edu_unit"], item, pdf)
    with pytest.raises(IllegalTransition):
        services.item_close_out(actor=u["inspection2"], item=item, decision="close", note="再次")


def test_the_reporter_may_not_close_what_they_reported(insp, ledger, pdf):
    u = insp.users
    item = ledger["items"]["edu"]
    # The inspection office records the completion on the unit's behalf ...
    _evidence(u["inspection"], item, pdf)
    services.item_report_done(actor=u["inspection"], item=item, text="已完成")
    with pytest.raises(DomainError, match="不能验收自己"):
        services.item_close_out(actor=u["inspection"], item=item, decision="close", note="同意")
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    # ... so a colleague checks it.
    services.item_close_out(
        actor=u["inspection2"], item=item, decision="accept_long_term", note="转入长期坚持"
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.LONG_TERM


def test_the_responsible_unit_may_not_check_its_own_items(insp, ledger, pdf):
    from jiandu.accounts.models import User

    u = insp.users
    item = ledger["items"]["fin"]
    _evidence(u["fin_unit"], item, pdf)
    services.item_report_done(actor=u["fin_unit"], item=item, text="已完成")
    # The unit's own role cannot check at all; a checker sitting in the unit is refused.
    with pytest.raises(PermissionDenied):
        services.item_close_out(actor=u["fin_unit"], item=item, decision="close", note="自验")
    insider = User.objects.create_user(
        username="t_insider", password="x-12345678", role="inspection", unit=insp.units["dept_fin"]
    )
    with pytest.raises(DomainError, match="责任单位不能验收"):
        services.item_close_out(actor=insider, item=item, decision="close", note="自验")
    # Resident team 2 supervises the finance bureau and may check it.
    team2 = User.objects.create_user(
        username="t_team2", password="x-12345678", role="resident_team", unit=insp.units["team2"]
    )
    services.item_close_out(actor=team2, item=item, decision="close", note="派驻组核实")
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED


def test_reject_sends_it_back_and_reopen_after_close(insp, ledger, pdf):
    u = insp.users
    item = ledger["items"]["edu"]
    _evidence(u["edu_unit"], item, pdf)
    services.item_report_done(actor=u["edu_unit"], item=item, text="已完成")
    services.item_close_out(actor=u["inspection"], item=item, decision="reject", note="佐证不充分")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS and item.completed_on is None
    with pytest.raises(IllegalTransition):
        services.item_reopen(actor=u["inspection"], item=item, reason="回头看")
    services.item_report_done(actor=u["edu_unit"], item=item, text="补充佐证后完成")
    services.item_close_out(actor=u["inspection"], item=item, decision="close", note="同意销号")
    services.item_reopen(actor=u["inspection"], item=item, reason="回头看发现问题反弹")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS and item.closed_on is None


def test_dates_in_the_future_and_wrong_roles_are_refused(insp, ledger):
    u = insp.users
    item = ledger["items"]["edu"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError, match="晚于今天"):
        services.item_report_progress(actor=u["edu_unit"], item=item, text="x", on=tomorrow)
    with pytest.raises(PermissionDenied):
        services.item_report_progress(actor=u["leader"], item=item, text="领导不报进展")
    with pytest.raises(PermissionDenied):
        services.item_create(
            actor=u["edu_unit"],
            finding=ledger["findings"]["edu"],
            measures="自己加的",
            responsible_unit=insp.units["dept_edu"],
            responsible_person="张伟",
            deadline=timezone.localdate(),
        )
    # The finance bureau cannot touch the education bureau's item: it does not exist for it.
    with pytest.raises(NotFound):
        services.item_report_progress(actor=u["fin_unit"], item=item, text="越权")


def test_item_numbers_follow_the_organisation_ledger(insp, ledger):
    finding = ledger["findings"]["edu"]
    second = services.item_create(
        actor=insp.users["inspection"],
        finding=finding,
        measures="开展专项检查",
        responsible_unit=insp.units["school"],
        responsible_person="李娜",
        deadline=timezone.localdate(),
        immediate=True,
    )
    assert second.seq == 2 and second.immediate
    with pytest.raises(DomainError, match="早于反馈日期"):
        services.item_create(
            actor=insp.users["inspection"],
            finding=finding,
            measures="x",
            responsible_unit=insp.units["school"],
            responsible_person="李娜",
            deadline=days_ago(60),
        )


def test_escalation_step_by_step_with_word_documents(insp, ledger):
    u = insp.users
    item = ledger["items"]["edu"]
    services.item_change_deadline(
        actor=u["inspection"], item=item, deadline=days_ago(40), reason="按原定时限"
    )
    with pytest.raises(DomainError, match="逐级"):
        services.escalation_issue(actor=u["inspection"], item=item, level="reminder")
    notice = services.escalation_issue(
        actor=u["inspection"], item=item, level="notice", on=days_ago(35)
    )
    assert notice.doc_number == f"巡整督〔{days_ago(35).year}〕1号"
    assert notice.addressee == "测试县教育局" and "已超过完成时限5天" in notice.body
    with pytest.raises(DomainError, match="以后发出"):
        services.escalation_issue(
            actor=u["inspection"], item=item, level="reminder", on=days_ago(30)
        )
    reminder = services.escalation_issue(
        actor=u["inspection"], item=item, level="reminder", on=days_ago(15)
    )
    assert notice.doc_number in reminder.body  # the history is cited
    with pytest.raises(DomainError):
        services.escalation_issue(actor=u["edu_unit"], item=item, level="warning")
    content = documents.escalation_docx(reminder)
    doc = Document(io.BytesIO(content))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[:3] == ["巡察办", reminder.doc_number, "巡察整改提醒书"]
    assert texts[3] == "测试县教育局："
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.top_margin.mm) == 37
    assert round(section.left_margin.mm) == 28
    body_run = doc.paragraphs[5].runs[0]
    fonts = body_run._element.rPr.rFonts
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋_GB2312"
    )
    assert Escalation.objects.filter(item=item).count() == 2
    assert Event.objects.filter(action="inspections.item.escalate").count() == 2
    # Reported done: no further escalation.
    services.evidence_add(actor=u["edu_unit"], item=item, name="a.txt", content="整改说明".encode())
    services.item_report_done(actor=u["edu_unit"], item=item, text="完成")
    with pytest.raises(DomainError, match="不是逾期未完成"):
        services.escalation_issue(actor=u["inspection"], item=item, level="warning")


def test_feedback_starts_the_two_month_report_clock(insp, ledger):
    target = ledger["targets"]["edu"]
    assert target.report_due_on == rules.report_due(days_ago(30))
    with pytest.raises(DomainError, match="重复"):
        services.target_record_feedback(
            actor=insp.users["inspection"], target=target, feedback_on=days_ago(5)
        )
    services.target_submit_report(
        actor=insp.users["edu_unit"], target=target, on=days_ago(2), note="整改情况报告已报送"
    )
    target.refresh_from_db()
    assert target.report_submitted_on == days_ago(2)
    event = Event.objects.filter(action="inspections.target.report").get()
    assert event.payload["late"] is False
    with pytest.raises(DomainError, match="已报送"):
        services.target_submit_report(
            actor=insp.users["edu_unit"], target=target, on=days_ago(1), note="再报"
        )


def test_a_transferred_clue_becomes_a_clue_with_its_three_month_limit(insp, ledger):
    target = ledger["targets"]["edu"]
    transferred = services.clue_transfer(
        actor=insp.users["inspection"],
        target=target,
        finding=ledger["findings"]["edu"],
        summary="巡察发现该局局长违规接受管理服务对象宴请",
        received_on=days_ago(3),
        subject_cadre=insp.cadres["edu_head"],
    )
    clue = transferred.clue
    assert clue.source == ClueSource.INSPECTION and clue.subject_cadre == insp.cadres["edu_head"]
    assert clue.transfer_ref == "县委第二轮巡察"
    deadline = clue.deadlines.get(kind=ClueDeadlineKind.INSPECTION_FEEDBACK)
    assert deadline.due_on == rules.calendar.add_months(days_ago(3), 3)
    assert Event.objects.filter(action="clues.clue.create").count() == 1
    assert Event.objects.filter(action="inspections.clue.transfer").count() == 1


def test_evidence_type_is_read_from_the_content(insp, ledger):
    with pytest.raises(DomainError, match="附件类型不支持"):
        services.evidence_add(
            actor=insp.users["edu_unit"],
            item=ledger["items"]["edu"],
            name="报告.pdf",
            content=b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 10,
        )
