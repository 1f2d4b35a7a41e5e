from datetime import date

import pytest

from jiandu.accounts.models import User
from jiandu.cases import services
from jiandu.cases.services import PersonInput


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Document versions are written under a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def staff(county):
    """The county plus a second leader and a second reviewer."""
    u = county.units
    county.users["leader2"] = User.objects.create_user(
        username="t_leader2", password="pw-12345678", role="leader", unit=u["commission"]
    )
    county.users["review2"] = User.objects.create_user(
        username="t_review2", password="pw-12345678", role="review", unit=u["review"]
    )
    return county


def sign(case, kind, actor, person=None):
    """Generate a document and upload it back as the signed version."""
    draft = services.document_generate(actor=actor, case=case, kind=kind, person=person)
    draft.file.open("rb")
    content = draft.file.read()
    draft.file.close()
    return services.document_upload(
        actor=actor,
        case=case,
        kind=kind,
        person=person,
        content=content,
        filename=f"{kind}-signed.docx",
    )


@pytest.fixture
def signer():
    return sign


@pytest.fixture
def new_case(staff):
    """A case by resident team 1 on the education bureau's head, proposed on ``on``;
    ``filed`` approves it too."""

    def make(*, on=None, filed=True, people=None, **kw):
        on = on or date.today()
        u = staff.users
        case = services.case_open(
            actor=u["resident_team"],
            kind=kw.pop("kind", "person"),
            title=kw.pop("title", "张伟涉嫌违纪违法案"),
            summary=kw.pop("summary", "收受管理服务对象礼金，违规插手工程项目。"),
            proposed_on=on,
            lead_unit=staff.units["team1"],
            people=people if people is not None else [PersonInput(cadre=staff.cadres["edu_head"])],
            category_codes=kw.pop("category_codes", ["integrity", "hd_gifts"]),
            **kw,
        )
        if filed:
            services.case_decide_filing(actor=u["leader"], case=case, approve=True, on=on)
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def advance(staff):
    """Move a track forward through the services, signing what each stage needs."""
    u = staff.users

    def to(person, stage, on=None):
        on = on or date.today()
        case = person.case
        handler, reviewer = u["resident_team"], u["review"]
        path = [
            ("filed", "investigation"),
            ("investigation", "referred"),
            ("referred", "review"),
            ("review", "decided"),
            ("decided", "execution"),
            ("execution", "closed"),
        ]
        for frm, _nxt in path:
            person.refresh_from_db()
            if person.stage == stage:
                return person
            if person.stage != frm:
                continue
            if frm == "filed":
                sign(case, "filing_decision", handler, person)
                services.case_start_investigation(actor=handler, person=person, on=on)
            elif frm == "investigation":
                sign(case, "investigation_report", handler, person)
                services.case_refer_review(actor=handler, person=person, on=on)
            elif frm == "referred":
                services.case_accept_review(actor=reviewer, person=person, on=on)
            elif frm == "review":
                sign(case, "review_report", reviewer, person)
                services.case_decide(
                    actor=reviewer,
                    person=person,
                    on=on,
                    measures=["party_serious_warning", "gov_demerit"],
                )
            elif frm == "decided":
                sign(case, "party_sanction_decision", handler, person)
                sign(case, "gov_sanction_decision", handler, person)
                services.case_serve(actor=handler, person=person, on=on)
            elif frm == "execution":
                sign(case, "execution_report", handler, person)
                services.case_close(actor=handler, person=person, on=on)
        person.refresh_from_db()
        return person

    return to


@pytest.fixture
def propose(staff):
    """The 呈批 of a step needing approval, by the handling unit (the review office for
    the review's extension): a leader then approves it."""
    from jiandu.cases.rules.approvals import APPROVAL_STEPS

    def make(case, step, person=None, actor=None):
        if actor is None:
            by_review = APPROVAL_STEPS[step].by_review
            actor = staff.users["review" if by_review else "resident_team"]
        return services.case_propose(actor=actor, case=case, step=step, person=person)

    return make
