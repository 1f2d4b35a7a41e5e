"""Issue 12 item 14: a generated draft fills every placeholder the record knows. A case
is taken through every step with everything on record (detention with its approval
numbers and extension, review, decision, service, execution, a recommendation and a
follow-up visit); then each document kind is generated. The few values the record
truly lacks (the 罪名, the articles applied, the person's attitude, the evidence list,
the procuratorate, the problems found in the unit, a revocation's reason, the unit's
opinion) are supplied as the drafter would type them; every other ××× is a failure."""

from datetime import date, timedelta

import pytest
from docx import Document

from jiandu.cases import rules, services
from jiandu.cases.documents import DOCUMENT_KINDS
from jiandu.cases.models import CaseDeadline
from jiandu.cases.rules import CaseDeadlineKind, Stage
from jiandu.core.documents import BLANK
from jiandu.core.formatting import cn_date

pytestmark = pytest.mark.django_db
TODAY = date.today()

#: What no step of the case records: typed by the drafter.
NOT_ON_RECORD = {
    "offence": "受贿罪",
    "basis": "《中国共产党纪律处分条例》第一百零二条",
    "violations": "违反了廉洁纪律",
    "criminal_basis": "《中华人民共和国刑法》第三百八十五条",
    "procuratorate": "青山县人民检察院",
    "evidence": ["证人证言", "银行流水"],
    "problems": ["公务接待管理制度执行不严。"],
    "reason": "没有证据证明其存在违纪违法行为",
    "opinion": "事实清楚，证据确凿。",
    "unit_opinion": "同意。",
    "attitude": "能够认识错误。",
}


def _text(version) -> str:
    with version.file.open("rb") as fh:
        document = Document(fh)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def days_ago(n):
    return TODAY - timedelta(days=n)


@pytest.fixture
def full_case(staff, new_case, advance, signer, propose):
    """A case with every step on record."""
    u = staff.users
    handler = u["resident_team"]
    case = new_case(on=days_ago(200), leader=u["leader"])
    person = advance(case.people.get(), Stage.INVESTIGATION, on=days_ago(195))
    services.document_generate(actor=handler, case=case, kind="detention_decision", person=person)
    signer(case, "detention_decision", handler, person)
    propose(case, "detention", person)
    detention = services.detention_start(
        actor=u["leader"],
        person=person,
        on=days_ago(85),
        place="青山县留置点",
        approval_ref="青纪留〔2026〕7号",
    )
    signer(case, "detention_extension", handler, person)
    propose(case, "detention_extension", person)
    services.detention_extend(
        actor=u["leader"], detention=detention, approval_ref="青纪延〔2026〕2号"
    )
    # extended before its end (within the last 10 days of the 3 months), released today
    services.detention_release(actor=handler, detention=detention, on=TODAY, reason="调查终结")
    person = advance(person, Stage.EXECUTION, on=days_ago(60))
    services.document_generate(
        actor=handler,
        case=case,
        kind="party_sanction_decision",
        person=person,
        doc_number="青纪处〔2026〕5号",
    )
    person = advance(person, Stage.CLOSED, on=days_ago(30))
    services.recommendation_issue(
        actor=handler,
        case=case,
        unit=person.unit,
        content="健全公务接待审批制度。",
        issued_on=days_ago(25),
        doc_number="青纪建〔2026〕3号",
    )
    followup = services.followup_schedule(actor=handler, person=person, planned_on=days_ago(5))
    services.followup_record(
        actor=handler, followup=followup, on=days_ago(5), form="talk", findings="思想稳定。"
    )
    case.refresh_from_db()
    person.refresh_from_db()
    detention.refresh_from_db()
    return case, person, detention


@pytest.mark.parametrize("kind", sorted(DOCUMENT_KINDS))
def test_no_placeholder_where_the_record_knows(staff, full_case, kind):
    case, person, _ = full_case
    version = services.document_generate(
        actor=staff.users["resident_team"],
        case=case,
        kind=kind,
        person=person,
        context=dict(NOT_ON_RECORD),
    )
    text = _text(version)
    assert BLANK not in text, [line for line in text.splitlines() if BLANK in line]


def test_the_detention_decision_has_its_period_and_number(staff, full_case):
    case, person, detention = full_case
    version = services.document_generate(
        actor=staff.users["resident_team"], case=case, kind="detention_decision", person=person
    )
    text = _text(version)
    first_end = rules.detention_due(detention.started_on)
    assert f"留置时间自{cn_date(detention.started_on)}起至{cn_date(first_end)}止。" in text
    assert "留置地点：青山县留置点。" in text
    assert "青纪留〔2026〕7号" in text  # the number recorded with the approval
    extension = _text(
        services.document_generate(
            actor=staff.users["resident_team"],
            case=case,
            kind="detention_extension",
            person=person,
        )
    )
    assert "青纪延〔2026〕2号" in extension
    assert f"自{cn_date(first_end)}延长至{cn_date(detention.due_on)}" in extension
    notice = _text(
        services.document_generate(
            actor=staff.users["resident_team"], case=case, kind="detention_notice", person=person
        )
    )
    assert f"{person.unit.name}：" in notice.splitlines()


def test_dates_of_the_steps_are_filled(staff, full_case):
    case, person, _ = full_case
    handler = staff.users["resident_team"]

    def text(kind):
        return _text(services.document_generate(actor=handler, case=case, kind=kind, person=person))

    investigation = CaseDeadline.objects.get(case=case, kind=CaseDeadlineKind.INVESTIGATION)
    assert f"应于{cn_date(investigation.due_on)}前完成" in text("investigation_plan")
    review = CaseDeadline.objects.get(person=person, kind=CaseDeadlineKind.REVIEW)
    assert f"于{cn_date(review.started_on)}将" in text("review_report")
    execution = text("execution_report")
    assert f"{cn_date(days_ago(60))}，向张伟本人宣布并送达" in execution
    assert f"已于{cn_date(days_ago(30))}执行完毕" in execution
    assert "以青纪处〔2026〕5号决定给予" in execution
    assert execution.rstrip().splitlines()[-2] == person.unit.name
    rec = text("recommendation")
    assert "青纪建〔2026〕3号" in rec and "健全公务接待审批制度。" in rec
    followup = text("followup_record")
    assert cn_date(days_ago(5)) in followup and "谈心谈话" in followup
    assert "思想稳定。" in followup


def test_before_the_detention_starts_its_dates_are_truly_unknown(staff, new_case, advance):
    """Only where the record lacks it: a 留置决定书 drafted before the 留置 begins."""
    case = new_case(on=days_ago(10))
    person = advance(case.people.get(), Stage.INVESTIGATION, on=days_ago(9))
    text = _text(
        services.document_generate(
            actor=staff.users["resident_team"],
            case=case,
            kind="detention_decision",
            person=person,
            doc_number="青纪留〔2026〕9号",
        )
    )
    assert "留置时间自×××起至×××止" in text
    assert "青纪留〔2026〕9号" in text
