"""The person-level record (``jiandu.integrity.record``) against real objects made by
the modules' services: decisions of several cases, clue-stage measures, inquiries,
reports, findings and hits.

Influence periods are worked out by hand (DOMAIN.md §5, ``jiandu.cases.rules.sanctions``):
the decision day is day 1 and a period of N months ends on the day before the
corresponding day N months later; rest days never move it."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiandu.accounts.models import User
from jiandu.cases import services as cases
from jiandu.core.models import ProblemCategory
from jiandu.integrity.record import person_record, person_records
from jiandu.org import services as org
from jiandu.org.models import Post

pytestmark = pytest.mark.django_db
D = date


def test_nothing_known_is_no_period(staff):
    record = person_record(staff.cadres["edu_head"].pk, on=D(2026, 6, 1))
    assert (record.influence_end, record.permanent, record.in_period) == (None, False, False)
    assert record.open_matters == [] and record.closed_matters == [] and record.measures == []


def test_party_sanction_inside_a_running_party_period_adds_the_remainder(staff, decided):
    """[处分条例] 21 across two cases."""
    decided("edu_head", D(2024, 1, 10), ["party_warning"])  # 12 months → 2025-01-09
    decided("edu_head", D(2024, 7, 1), ["party_serious_warning"])  # 18 months → 2025-12-31
    record = person_record(staff.cadres["edu_head"].pk, on=D(2024, 8, 1))
    # The first period's unexpired remainder 2024-07-01 … 2025-01-09 is 193 days
    # (184 days July–December + 9): 2025-12-31 + 193 days = 2026-07-12.
    assert record.influence_end == D(2026, 7, 12)
    assert record.in_period and not record.permanent
    assert [d.own_end for d in record.decisions] == [D(2025, 1, 9), D(2025, 12, 31)]
    assert [m.code for m in record.measures] == ["party_warning", "party_serious_warning"]
    assert len(record.cases) == 2 and not any(c.open for c in record.cases)
    # Both decisions are made on or before the day: before the second, only the first.
    assert person_record(staff.cadres["edu_head"].pk, on=D(2024, 6, 30)).influence_end == D(
        2025, 1, 9
    )


def test_several_government_sanctions(staff, decided):
    """[政务处分法] 15: two 记过 for two violations, the decision states 20 months
    (between 12 and 24); a later 政务警告 runs side by side and ends earlier."""
    decided("edu_head", D(2024, 3, 1), ["gov_demerit"], gov_count=2, gov_months=20)
    decided("edu_head", D(2024, 6, 1), ["gov_warning"])  # 6 months → 2024-11-30
    record = person_record(staff.cadres["edu_head"].pk, on=D(2025, 1, 1))
    # 20 months from 2024-03-01: corresponding day 2025-11-01 → last day 2025-10-31.
    assert record.influence_end == D(2025, 10, 31)
    ends = {m.code: m.own_end for m in record.measures}
    assert ends == {"gov_demerit": D(2025, 10, 31), "gov_warning": D(2024, 11, 30)}
    assert [m.code for m in record.running_measures] == ["gov_demerit"]
    assert record.decisions[0].gov_count == 2 and record.decisions[0].gov_months == 20


def test_an_organisational_measure_beside_a_sanction_the_longer_governs(staff, decided):
    """[组织处理规定] 11: 警告 12 months → 2025-05-09; 免职 24 months → 2026-05-09."""
    decided("edu_head", D(2024, 5, 10), ["party_warning", "org_removal"])
    record = person_record(staff.cadres["edu_head"].pk, on=D(2025, 6, 1))
    assert record.influence_end == D(2026, 5, 9)
    assert [m.code for m in record.running_measures] == ["org_removal"]
    decision = record.decisions[0]
    assert decision.form == 2 and decision.own_end == D(2026, 5, 9)
    assert {m.kind_label for m in decision.measures} == {"党纪处分", "组织处理"}


@pytest.mark.parametrize(
    ("on", "running"),
    [
        (D(2025, 8, 12), True),  # the day before the last day
        (D(2025, 8, 13), True),  # the last day itself
        (D(2025, 8, 14), False),  # the day after: ended
    ],
)
def test_admonition_at_the_clue_stage_and_the_last_day(staff, clue_on, inquiry, on, running):
    """诫勉 decided when the inquiry is concluded on 2025-02-14: 6 months, corresponding
    day 2025-08-14 → last day 2025-08-13."""
    clue = clue_on("edu_head", D(2025, 1, 6))
    inquiry(
        clue,
        D(2025, 1, 8),
        D(2025, 1, 20),
        D(2025, 2, 14),
        outcome="first_form",
        measure_kind="first_admonition",
    )
    record = person_record(staff.cadres["edu_head"].pk, on=on)
    assert record.influence_end == D(2025, 8, 13)
    assert record.in_period is running
    [measure] = record.clue_measures
    assert (measure.code, measure.label, measure.decided_on) == (
        "first_admonition",
        "诫勉",
        D(2025, 2, 14),
    )
    assert measure.number == clue.number and measure.url.endswith(f"/clues/{clue.pk}/")
    assert [m.code for m in record.running_measures] == (["first_admonition"] if running else [])


def test_the_inquiry_with_its_reply_and_assessment(staff, clue_on, inquiry):
    clue = clue_on("edu_head", D(2025, 3, 2))
    inquiry(
        clue,
        D(2025, 3, 5),
        D(2025, 3, 18),
        D(2025, 4, 1),
        reason="函询回复说明了礼金已退还，经核属实，予以了结。",
        finding="unfounded",
    )
    record = person_record(staff.cadres["edu_head"].pk, on=D(2025, 5, 1))
    [round_] = record.inquiries
    assert (round_.mode_label, round_.started_on, round_.replied_on, round_.concluded_on) == (
        "函询",
        D(2025, 3, 5),
        D(2025, 3, 18),
        D(2025, 4, 1),
    )
    assert round_.assessment == "函询回复说明了礼金已退还，经核属实，予以了结。"
    assert (round_.outcome_label, round_.finding_label) == ("予以了结", "失实")
    [fact] = record.clues
    assert not fact.open and "谈话函询" in fact.label and "失实" in fact.detail
    assert record.closed_matters == [fact]
    # On a day before the reply, the round is still open and has no reply.
    early = person_record(staff.cadres["edu_head"].pk, on=D(2025, 3, 10)).inquiries[0]
    assert early.open and early.replied_on is None and early.assessment == ""


def test_expulsion_is_permanent(staff, decided):
    decided("edu_head", D(2023, 4, 3), ["party_expulsion", "gov_expulsion"])
    record = person_record(staff.cadres["edu_head"].pk, on=D(2035, 1, 1))
    assert record.permanent and record.in_period and record.influence_end is None
    assert record.decisions[0].permanent and record.decisions[0].form == 3
    # 开除 never ends ([政务处分法] 24); the 5-year bar of 开除党籍 ([处分条例] 13) from
    # 2023-04-03 ends 2028-04-02 by itself.
    assert {m.code for m in record.running_measures} == {"gov_expulsion"}
    early = person_record(staff.cadres["edu_head"].pk, on=D(2028, 4, 2))
    assert {m.code for m in early.running_measures} == {"party_expulsion", "gov_expulsion"}


def test_decisions_after_the_day_are_not_part_of_the_record(staff, decided):
    decided("edu_head", D(2025, 3, 1), ["party_warning"])
    record = person_record(staff.cadres["edu_head"].pk, on=D(2025, 2, 28))
    assert record.measures == [] and record.decisions == [] and record.cases == []
    assert not record.in_period


def test_a_superseded_decision_is_ignored_after_its_replacement(staff, decided, today_is):
    """Appeal: 严重警告 (2026-03-10, → 2027-09-09) changed on 2026-05-08 to 警告 counted
    from the original day (12 months → 2027-03-09)."""
    u = staff.users
    review2 = User.objects.create_user(
        username="t_review2", password="pw-12345678", role="review", unit=staff.units["review"]
    )
    from jiandu.cases.tests.conftest import sign

    decision = decided("edu_head", D(2026, 3, 10), ["party_serious_warning"])
    person = decision.person
    today_is(D(2026, 3, 20))
    sign(person.case, "party_sanction_decision", u["resident_team"], person)
    cases.case_serve(actor=u["resident_team"], person=person, on=D(2026, 3, 12))
    cases.case_appeal(actor=review2, person=person, on=D(2026, 3, 20), kind="party", reason="不服")
    person.refresh_from_db()
    today_is(D(2026, 5, 8))
    cases.case_appeal_decide(
        actor=review2,
        person=person,
        on=D(2026, 5, 8),
        upheld=False,
        reason="改为警告",
        measures=["party_warning"],
    )
    cadre = staff.cadres["edu_head"].pk
    after = person_record(cadre, on=D(2026, 6, 1))
    assert [m.code for m in after.measures] == ["party_warning"]
    assert after.influence_end == D(2027, 3, 9)
    assert after.decisions[0].decided_on == D(2026, 5, 8)
    assert after.decisions[0].starts_on == D(2026, 3, 10)
    # Before the change, the original decision was the one in force.
    before = person_record(cadre, on=D(2026, 4, 1))
    assert [m.code for m in before.measures] == ["party_serious_warning"]
    assert before.influence_end == D(2027, 9, 9)


def test_decisions_clue_measures_and_several_cases_combine(staff, decided, clue_on, inquiry):
    """A clue-stage 诫勉 (2024-02-01 → 2024-07-31) and a later party 警告 (2024-04-01 →
    2025-03-31): first-form and party periods run side by side — the remainder rule is
    for party sanctions only — so the later end governs."""
    clue = clue_on("edu_head", D(2024, 1, 3))
    inquiry(clue, D(2024, 1, 5), D(2024, 1, 15), D(2024, 2, 1), "first_form", "first_admonition")
    decided("edu_head", D(2024, 4, 1), ["party_warning"])
    record = person_record(staff.cadres["edu_head"].pk, on=D(2024, 5, 1))
    assert [m.source for m in record.measures] == ["clue", "decision"]
    assert record.influence_end == D(2025, 3, 31)
    assert {m.code for m in record.running_measures} == {"first_admonition", "party_warning"}


def test_reports_are_counted_by_year_and_category_never_by_reporter(staff, report_about):
    report_about("edu_head", D(2024, 5, 6), ("integrity",))
    report_about("edu_head", D(2025, 2, 3), ("integrity", "hd_gifts"), reporter="举报人乙")
    report_about("edu_head", D(2025, 9, 3), ("hd_gifts",))
    record = person_record(staff.cadres["edu_head"].pk, on=D(2025, 12, 31))
    assert record.reports_by_year() == {2024: 1, 2025: 2}
    names = dict(
        ProblemCategory.objects.filter(code__in=["integrity", "hd_gifts"]).values_list(
            "code", "name"
        )
    )
    table = record.reports_by_year_and_category()
    assert table == {
        2024: {names["integrity"]: 1},
        2025: {names["integrity"]: 1, names["hd_gifts"]: 2},
    }
    text = repr(record)
    assert "举报人" not in text and "13800000000" not in text


def test_confirmed_hits_only(staff, hit_about):
    confirmed = hit_about("edu_head", "confirmed")
    hit_about("edu_head", "dismissed")
    hit_about("edu_head", "new")
    record = person_record(staff.cadres["edu_head"].pk)
    assert [h.object_id for h in record.hits] == [confirmed.pk]
    assert record.hits[0].detail == "本人领取低保"


def test_findings_are_matched_by_name_and_unit(staff):
    """The rule of ``_read_findings``: name or leading post title, in a unit where the
    cadre held a post when the tour entered; a namesake in another unit is not matched."""
    from jiandu.inspections.models import (
        Finding,
        InspectedOrganisation,
        InspectionRound,
        RectificationItem,
    )

    rnd = InspectionRound.objects.create(
        name="2025年第一轮巡察", year=2025, ordinal=1, kind="routine", started_on=D(2025, 3, 1)
    )
    edu = InspectedOrganisation.objects.create(
        round=rnd, unit=staff.units["dept_edu"], entered_on=D(2025, 3, 10)
    )
    town = InspectedOrganisation.objects.create(
        round=rnd, unit=staff.units["town_a"], entered_on=D(2025, 3, 10)
    )
    by_name = Finding.objects.create(
        target=edu, category="integrity", description="张伟在工程款拨付中打招呼。"
    )
    by_title = Finding.objects.create(
        target=edu, category="responsibility", description="局长落实主体责任不到位。"
    )
    Finding.objects.create(target=edu, category="conduct", description="个别干部上班迟到。")
    # 东镇's 张伟 is another person: the finding of 东镇 names him, not the bureau head.
    town_finding = Finding.objects.create(
        target=town, category="integrity", description="张伟违规发放补贴。"
    )
    item = RectificationItem.objects.create(
        finding=town_finding,
        seq=1,
        measures="清退违规发放的补贴",
        responsible_unit=staff.units["dept_edu"],
        responsible_person="张伟",
        deadline=D(2025, 6, 30),
    )
    head = person_record(staff.cadres["edu_head"].pk, on=D(2025, 12, 31))
    got = {(f.kind, f.object_id) for f in head.findings}
    # The item names him in his own unit (responsible unit = the bureau).
    assert got == {("finding", by_name.pk), ("finding", by_title.pk), ("item", item.pk)}
    town_head = person_record(staff.cadres["town_a_head"].pk, on=D(2025, 12, 31))
    assert {(f.kind, f.object_id) for f in town_head.findings} == {
        ("finding", town_finding.pk),
        ("item", item.pk),
    }
    # A tour after the day does not count; nor does a unit left before the tour.
    assert person_record(staff.cadres["edu_head"].pk, on=D(2025, 3, 9)).findings == []
    post = Post.objects.get(cadre=staff.cadres["town_a_head"])
    org.post_end(actor=None, post=post, end_date=D(2024, 12, 31))
    assert person_record(staff.cadres["town_a_head"].pk, on=D(2025, 12, 31)).findings == []


def test_the_scoped_record_hides_a_clue_of_another_unit(staff, clue_on):
    """A cadre who moved from the finance bureau (resident team 2) to the education
    bureau (resident team 1): the clue received while he was at the finance bureau is
    the second team's. The first supervision office (guiding team 1) sees the cadre but
    not that clue; the whole record has it."""
    u = staff.users
    team2 = User.objects.create_user(
        username="t_team2", password="pw-12345678", role="resident_team", unit=staff.units["team2"]
    )
    staff.users["team2"] = team2
    cadre = staff.cadres["fin_head"]
    clue = clue_on("fin_head", D(2024, 2, 1), handler_unit="team2", handler="team2")
    org.post_end(actor=None, post=Post.objects.get(cadre=cadre), end_date=D(2024, 6, 30))
    org.post_create(
        actor=None,
        cadre=cadre,
        unit=staff.units["dept_edu"],
        title="副局长",
        is_head=False,
        start_date=D(2024, 7, 1),
    )
    own = clue_on("fin_head", D(2024, 9, 1))
    whole = person_record(cadre.pk, on=D(2025, 1, 1))
    assert {c.object_id for c in whole.clues} == {clue.pk, own.pk}
    office = person_record(cadre.pk, on=D(2025, 1, 1), user=u["supervision_office"])
    assert {c.object_id for c in office.clues} == {own.pk}
    town = person_record(cadre.pk, on=D(2025, 1, 1), user=u["township_commission"])
    assert town.clues == []


def _queries(ids, **kw):
    with CaptureQueriesContext(connection) as ctx:
        person_records(ids, on=D(2026, 1, 1), **kw)
    return len(ctx)


def test_query_count_is_the_same_for_one_and_fifty_cadres(staff, decided, report_about, hit_about):
    decided("edu_head", D(2024, 4, 1), ["party_warning"])
    decided("town_a_head", D(2024, 5, 1), ["gov_demerit"])
    report_about("edu_head", D(2024, 5, 6))
    report_about("teacher", D(2024, 5, 6))
    hit_about("edu_head")
    ids = [c.pk for c in staff.cadres.values()]
    for i in range(50 - len(ids)):
        extra = org.cadre_create(
            actor=None, name=f"干部{i}", citizen_id=_cid(100 + i), rank="general"
        )
        org.post_create(
            actor=None,
            cadre=extra,
            unit=staff.units["school"],
            title="教师",
            is_head=False,
            start_date=D(2020, 1, 1),
        )
        ids.append(extra.pk)
    leader = staff.users["leader"]
    leader.unit_scope("clues")  # the user's scope is read once per request
    one = _queries([staff.cadres["edu_head"].pk])
    fifty = _queries(ids)
    assert one == fifty, (one, fifty)
    assert _queries([staff.cadres["edu_head"].pk], user=leader) == _queries(ids, user=leader)


def _cid(seq):
    from jiandu.core.testing import make_citizen_id

    return make_citizen_id(seq)
