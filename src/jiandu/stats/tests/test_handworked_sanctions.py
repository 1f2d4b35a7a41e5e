"""处分情况表 on the small fixed history (``casedata.build``), by hand."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiandu.cases.models import Decision
from jiandu.cases.rules import four_form
from jiandu.core import figures
from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute
from jiandu.stats.tests.test_handworked_cases import history, row  # noqa: F401

pytestmark = pytest.mark.django_db


def test_sanction_figures_worked_by_hand(county, history):  # noqa: F811
    leader = county.users["leader"]
    with CaptureQueriesContext(connection) as q:
        grid = table_compute(user=leader, table=standard.get("sanctions"), period=P.parse("2026"))
    assert len(q) <= 80, len(q)
    v = {k: c.value for k, c in row(grid, "合计").items()}
    # A (严重警告+记过), C (开除党籍+开除+移送), D (政务警告+调整职务); B is 诫勉 only
    assert v["sanctioned"] == 3  # A counts once although it has a party and a gov sanction
    assert v["party"] == 2  # A, C
    assert v["party_kind:party_serious_warning"] == 1  # A
    assert v["party_kind:party_expulsion"] == 1  # C
    assert v["government"] == 3  # A, C, D: A counts once here too
    assert v["government_kind:gov_demerit"] == 1  # A
    assert v["government_kind:gov_expulsion"] == 1  # C
    assert v["government_kind:gov_warning"] == 1  # D
    assert v["org"] == 1  # D: 调整职务
    assert v["org_kind:org_post_adjustment"] == 1
    # four forms, 人次: 张伟 twice (A in May, form 2; B in September, form 1)
    assert v["form1_case"] == 1  # B: 诫勉
    assert v["form1_clue"] == 1  # E: 谈话提醒 at the clue stage, 2026-06-15
    assert v["form1"] == 2
    assert v["form2"] == 2  # A (heaviest 严重警告/记过), D (政务警告/调整职务)
    assert v["form3"] == 0
    assert v["form4"] == 1  # C: referred for prosecution, heavier than 开除党籍
    assert v["forms_total"] == 5
    shares = [v["share1"], v["share2"], v["share3"], v["share4"]]
    assert shares == [40.0, 40.0, 0.0, 20.0] and sum(shares) == 100.0
    # the form condition agrees with rules.four_form on every decision
    for d in Decision.objects.all():
        form = four_form(m.measure for m in d.measures.all())
        for n in range(1, 5):
            cell = figures.Cell(
                "sanctions.decisions", d.decided_on, d.decided_on, by=(("form", str(n)),)
            )
            rows = figures.get("sanctions.decisions").rows(user=leader, cell=cell)
            assert rows.filter(pk=d.pk).exists() == (form == n)


def test_a_decision_changed_on_appeal_does_not_change_its_period(county, history):  # noqa: F811
    """D (2026-10-09, 政务警告 + 调整职务, form 2) is changed on appeal in November to
    调整职务 alone: October still counts D in form 2, and November adds no 人次."""
    from datetime import date

    from jiandu.cases import services
    from jiandu.cases.tests.conftest import sign

    leader = county.users["leader"]
    d = history["d"].people.get()
    before = table_compute(user=leader, table=standard.get("sanctions"), period=P.parse("2026-10"))
    assert row(before, "合计")["form2"].value == 1
    handler = county.users["resident_team"]
    sign(d.case, "gov_sanction_decision", handler, d)
    services.case_serve(actor=handler, person=d, on=date(2026, 10, 12))
    from jiandu.accounts.models import User

    review2 = User.objects.create_user(
        username="t_review2", password="pw-12345678", role="review", unit=county.units["review"]
    )
    services.case_appeal(
        actor=review2,
        person=d,
        kind="reexamination",
        reason="申请复审",
        received_on=date(2026, 10, 12),
        applied_on=date(2026, 10, 20),
        on=date(2026, 10, 21),
    )
    services.case_appeal_decide(
        actor=review2,
        person=d,
        on=date(2026, 11, 10),
        upheld=False,
        reason="情节较轻，予以变更",
        measures=["org_post_adjustment"],
    )
    after = table_compute(user=leader, table=standard.get("sanctions"), period=P.parse("2026-10"))
    assert row(after, "合计")["form2"].value == 1
    nov = table_compute(user=leader, table=standard.get("sanctions"), period=P.parse("2026-11"))
    assert row(nov, "合计")["forms_total"].value == 0
