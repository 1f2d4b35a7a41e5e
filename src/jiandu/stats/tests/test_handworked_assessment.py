"""Assessment (考核) on a small fixed data set, every expected number worked by hand.

Frozen today: 2026-11-20; period 2026年1—10月. The test scheme replaces the seeded 2026
one (whose figures other modules provide) with indicators over ``clues.received``:

1. per_staff   ``clues.received / unit.staff``  0 → 0分, 1 → 40分 (linear), no data: 0
2. audit_share ``100 * clues.received[source=audit] / clues.received``
               50 → 0分, 0 → 20分 (lower is better), no data: full 20
3. zero        ``clues.received[source=audit]``  ≤ 0 → -5 (办案单位 only, as 1 and 2)
4. each        ``clues.received[source=report]`` -1.5 each, at most -4 (every unit)

Staff (active accounts): team1 2 (t_resident_team + 1), town_a 4 (t_township + 3),
office1 1, office2 1 (added), team2 0 (one inactive account), town_b 0.
Clues in the period by handling unit: team1 2 report + 1 audit; town_a 2 report;
office2 1 audit; team2 1 report; case_mgmt 1 report; (outside: team1 2025, town_b Nov).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from jiandu.accounts.models import User
from jiandu.audit.models import Event
from jiandu.clues import services as clue_services
from jiandu.clues.models import Clue
from jiandu.core.errors import DomainError
from jiandu.stats import assessment as A
from jiandu.stats import assessment_services as S
from jiandu.stats import formula as F
from jiandu.stats import periods as P
from jiandu.stats.models import AssessmentIndicator, AssessmentScheme
from jiandu.stats.publication_services import publication_issue

pytestmark = pytest.mark.django_db
CASE = ["supervision_office", "resident_team", "township_commission"]


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 20))


def _clue(county, unit_key, received_on, source="report"):
    clue = clue_services.clue_create(
        actor=county.users["case_management"],
        source=source,
        summary="反映其违规收受礼金。",
        received_on=received_on,
        subject_cadre=county.cadres["edu_head"],
        category_codes=["integrity"],
    )
    # test set-up: the clue as routed to the unit that handles it
    Clue.objects.filter(pk=clue.pk).update(handling_unit=county.units[unit_key])
    return clue


def _user(county, name, unit_key, active=True):
    User.objects.create_user(
        username=name,
        password="x-pw-1",
        role="resident_team",
        unit=county.units[unit_key],
        is_active=active,
    )


def _scheme():
    AssessmentScheme.objects.filter(year=2026).delete()
    scheme = AssessmentScheme.objects.create(
        year=2026,
        title="2026年度测试考核办法",
        version="2026.1",
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    rows = [
        {
            "key": "per_staff",
            "label": "人均受理线索",
            "formula": "clues.received / unit.staff",
            "weight": 40,
            "floor": 0,
            "target": 1,
            "when_empty": "zero",
            "unit_kinds": CASE,
        },
        {
            "key": "audit_share",
            "label": "审计移交占比",
            "formula": "100 * clues.received[source=audit] / clues.received",
            "weight": 20,
            "floor": 50,
            "target": 0,
            "unit_kinds": CASE,
        },
        {
            "key": "zero",
            "label": "零审计移交",
            "formula": "clues.received[source=audit]",
            "kind": "deduct",
            "weight": 5,
            "floor": 0,
            "unit_kinds": CASE,
        },
        {
            "key": "each",
            "label": "信访举报线索扣分",
            "formula": "clues.received[source=report]",
            "kind": "deduct_each",
            "weight": 4,
            "step": Decimal("1.5"),
        },
    ]
    for i, row in enumerate(rows):
        AssessmentIndicator.objects.create(scheme=scheme, order=i, **row)
    return scheme


@pytest.fixture
def data(county, frozen):
    _user(county, "team1_b", "team1")
    for n in range(3):
        _user(county, f"town_a_{n}", "town_a_commission")
    _user(county, "office2_a", "office2")
    _user(county, "team2_gone", "team2", active=False)
    _clue(county, "team1", date(2026, 2, 1))
    _clue(county, "team1", date(2026, 3, 1))
    _clue(county, "team1", date(2026, 4, 1), "audit")
    _clue(county, "town_a_commission", date(2026, 5, 1))
    _clue(county, "town_a_commission", date(2026, 10, 31))
    _clue(county, "office2", date(2026, 1, 1), "audit")
    _clue(county, "team2", date(2026, 6, 1))
    _clue(county, "case_mgmt", date(2026, 7, 1))
    _clue(county, "team1", date(2025, 6, 1))  # outside the period
    _clue(county, "town_b_commission", date(2026, 11, 2))  # outside the period
    return _scheme()


def _compute(county):
    return A.assessment_compute(
        user=county.users["leader"], root=county.units["commission"], period=P.parse("2026-01..10")
    )


def _by_name(result):
    return {u.unit.name: u for u in result.units}


def test_handworked_scores_and_ranking(county, data):
    result = _compute(county)
    units = _by_name(result)

    def scores(name):
        return {r.spec.key: r.score for r in units[name].results}

    # 派驻第一组: 3 clues / 2 staff = 1.5 ≥ 1 → 40; audit 1/3 = 33.33% →
    # 20 × (33.33 − 50) / (0 − 50) = 20 × 0.3333 = 6.67; audit 1 > 0 → 0;
    # 2 report × 1.5 = 3 → −3. Total 40 + 6.67 − 3 = 43.67
    assert scores("派驻第一纪检监察组") == {
        "per_staff": Decimal("40.00"),
        "audit_share": Decimal("6.67"),
        "zero": Decimal("0.00"),
        "each": Decimal("-3.00"),
    }
    assert units["派驻第一纪检监察组"].total == Decimal("43.67")
    # 东镇纪委: 2 / 4 = 0.5 → 20; audit 0/2 = 0% → 20; no audit → −5; 2 report → −3.
    # Total 20 + 20 − 5 − 3 = 32
    assert units["东镇纪委"].total == Decimal("32.00")
    assert scores("东镇纪委")["per_staff"] == Decimal("20.00")
    # 第一室: 0 / 1 = 0 → 0; 0/0 no data → full 20; −5; 0. Total 15
    assert units["第一纪检监察室"].total == Decimal("15.00")
    # 第二室: 1 / 1 = 1 → 40; audit 100% (worse than 50) → 0; 0; 0. Total 40
    assert units["第二纪检监察室"].total == Decimal("40.00")
    # 派驻第二组: 1 / 0 staff (the inactive account does not count) → no data → 0;
    # 0/1 = 0% → 20; −5; 1 report → −1.5. Total 13.5
    assert units["派驻第二纪检监察组"].total == Decimal("13.50")
    assert units["派驻第二纪检监察组"].results[0].value is None
    # 西镇纪委: the November clue is outside: 0/0 → 0; full 20; −5; 0. Total 15
    assert units["西镇纪委"].total == Decimal("15.00")
    # 机关部门: only "each": 案管室 1 report → −1.5, the others 0
    assert units["案件监督管理室"].total == Decimal("-1.50")
    assert [r.spec.key for r in units["信访室"].results] == ["each"]
    # ranks within each category, ties share a rank (第一室 and 西镇 both 15)
    ranked = [(u.category, u.unit.name, u.rank) for u in result.units]
    assert ranked == [
        ("办案单位", "派驻第一纪检监察组", 1),
        ("办案单位", "第二纪检监察室", 2),
        ("办案单位", "东镇纪委", 3),
        ("办案单位", "第一纪检监察室", 4),
        ("办案单位", "西镇纪委", 4),
        ("办案单位", "派驻第二纪检监察组", 6),
        ("机关部门", "信访室", 1),
        ("机关部门", "案件审理室", 1),
        ("机关部门", "巡察办", 1),
        ("机关部门", "案件监督管理室", 4),
    ]


def test_operands_drill_to_exactly_the_counted_clues(county, data, client):
    import re

    result = _compute(county)
    team1 = _by_name(result)["派驻第一纪检监察组"]
    client.force_login(county.users["leader"])
    checked = 0
    for r in team1.results:
        for o in r.operands:
            if o.cell is None:
                assert o.label == "单位人数" and o.value == 2
                continue
            page = client.get(o.url).content.decode()
            shown = re.search(r'data-testid="figure-drill-count">(\d+)<', page)
            assert shown and int(shown.group(1)) == o.value, (o.label, o.value)
            checked += 1
    assert checked >= 3


def test_pages_show_scores_formulas_and_links(county, data, client):
    client.force_login(county.users["leader"])
    page = client.get("/stats/assessment/?period=2026-01..10").content.decode()
    assert "43.67" in page and "派驻第一纪检监察组" in page and "2026.1" in page
    team1 = county.units["team1"].pk
    page = client.get(f"/stats/assessment/units/{team1}/?period=2026-01..10").content.decode()
    # The formula in words (figures by their Chinese names), not in its code form.
    from jiandu.core import figures

    words = f"{figures.get('clues.received').label} ÷ 单位人数"
    assert words in page and "clues.received / unit.staff" not in page
    assert "fig=clues.received" in page
    assert "43.67" in page and "办案单位第1名" in page
    xlsx = client.get("/stats/assessment/?period=2026-01..10&export=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(xlsx.content))
    sheet = book["办案单位"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == 1 and rows[1][1] == "派驻第一纪检监察组" and rows[1][-1] == 43.67


def test_an_issued_assessment_is_frozen(county, data, client):
    leader = county.users["leader"]
    client.force_login(leader)
    response = client.post("/stats/assessment/publish/", {"period": "2026-01..10"})
    assert response.status_code == 302
    from jiandu.stats.models import Publication

    pub = Publication.objects.get(kind="assessment")
    assert pub.definitions_version == "2026.1"
    publication_issue(actor=leader, publication=pub)
    # later records: 第一室 gets an audit clue in the period (it would now score
    # 1/1 → 40, 100% → 0, no deduction: 40)
    _clue(county, "office1", date(2026, 3, 3), "audit")
    assert _by_name(_compute(county))["第一纪检监察室"].total == Decimal("40.00")
    # and the scheme is changed after the issue: a new revision
    S.indicator_save(
        actor=county.users["case_management"],
        scheme=data,
        key="zero",
        data={"weight": "8"},
    )
    data.refresh_from_db()
    assert data.version == "2026.2"
    page = client.get(f"/stats/assessment/published/{pub.pk}/").content.decode()
    assert "已发布" in page and 'data-testid="scheme-version">2026.1<' in page
    frozen = {u["name"]: u for u in pub.numbers["units"]}
    assert frozen["第一纪检监察室"]["total"] == "15.00"
    assert frozen["第一纪检监察室"]["rank"] == 4
    zero = next(i for i in pub.numbers["scheme"]["indicators"] if i["key"] == "zero")
    assert zero["weight"] == "5.00"
    tables = A.frozen_tables(pub.numbers)
    row = next(r for r in tables[0]["rows"] if r["name"] == "第一纪检监察室")
    assert row["total"] == Decimal("15.00")
    with pytest.raises(DomainError):
        publication_issue(actor=leader, publication=pub)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cases.nothing / unit.staff", "统计指标“cases.nothing”不存在"),
        ("clues.received[colour=red]", "没有分组“colour”"),
        ("clues.received[source=nosuch]", "没有取值“nosuch”"),
        ("(clues.received", "括号不配对"),
        ("clues.received +", "不完整"),
        ("__import__('os')", "无法识别"),
        ("clues.received; 1", "无法识别"),
        ("", "请填写计算公式"),
        ("unit.staff[kind=x]", "没有分组"),
        ("2 3", "多余"),
    ],
)
def test_the_formula_validator(text, message):
    with pytest.raises(F.FormulaError, match=message):
        F.check(text)


def test_formula_arithmetic():
    node = F.check("100 * (clues.received[source=audit] - 1) / -clues.received")
    audit, all_ = F.Ref("clues.received", (("source", "audit"),)), F.Ref("clues.received")
    assert F.refs(node) == [audit, all_]
    assert F.evaluate(node, {audit: 3, all_: 4}) == Decimal("-50")
    assert F.evaluate(node, {audit: 3, all_: 0}) is None  # 0 in the denominator: no data


def test_scheme_services_validate_copy_and_audit(county, data):
    cm = county.users["case_management"]
    with pytest.raises(DomainError, match=r"统计指标“cases\.nope”不存在") as exc:
        S.indicator_save(actor=cm, scheme=data, key="each", data={"formula": "cases.nope"})
    assert "formula" in exc.value.fields
    assert data.indicators.get(key="each").formula == "clues.received[source=report]"
    with pytest.raises(DomainError, match="目标值"):
        S.indicator_save(
            actor=cm,
            scheme=data,
            key=None,
            data={
                "key": "x",
                "label": "某指标",
                "kind": "linear",
                "formula": "clues.received",
                "weight": "5",
                "floor": "1",
                "target": "1",
            },
        )
    new = S.scheme_copy(actor=cm, scheme=data, year=2027)
    assert (new.version, new.valid_from, new.valid_to) == (
        "2027.1",
        date(2027, 1, 1),
        date(2027, 12, 31),
    )
    assert list(new.indicators.values_list("key", flat=True)) == [
        "per_staff",
        "audit_share",
        "zero",
        "each",
    ]
    assert data.indicators.count() == 4  # the original keeps its indicators
    assert Event.objects.filter(action="stats.assessment.scheme_copy").count() == 1
    with pytest.raises(DomainError, match="已存在"):
        S.scheme_copy(actor=cm, scheme=data, year=2027)
    # unused scheme: an edit keeps its version
    S.indicator_save(actor=cm, scheme=new, key="each", data={"weight": "6"})
    new.refresh_from_db()
    assert new.version == "2027.1"
    assert Event.objects.filter(action="stats.assessment.indicator_save").count() == 1


def test_seeded_schemes_and_no_scheme(county, frozen):
    s2026 = AssessmentScheme.objects.get(year=2026)
    keys = list(s2026.indicators.values_list("key", flat=True))
    assert "self_filed" in keys and "zero_filing" in keys and "appeal_changed" in keys
    assert AssessmentScheme.objects.filter(year=2025).exists()
    # indicators whose figures are not provided yet score 0 and say so, the page works
    result = _compute(county)
    assert result.scheme == s2026
    with pytest.raises(DomainError, match="没有适用于"):
        A.scheme_for(date(2030, 1, 1))


def test_a_resident_team_sees_only_its_own_score(county, data):
    result = A.assessment_compute(
        user=county.users["resident_team"],
        root=county.units["team1"],
        period=P.parse("2026-01..10"),
    )
    assert [u.unit.name for u in result.units] == ["派驻第一纪检监察组"]


@pytest.mark.parametrize(
    ("formula", "words"),
    [
        ("cases.filed[kind=self] / unit.staff", "{filed}（{self}） ÷ 单位人数"),
        ("100 * (unit.staff - 2) / unit.staff", "100 × （单位人数 － 2） ÷ 单位人数"),
        ("unit.staff - (unit.staff - 1)", "单位人数 － （单位人数 － 1）"),
        ("nonsense +", "nonsense +"),
    ],
)
def test_a_formula_reads_in_words(formula, words):
    from jiandu.core import figures
    from jiandu.stats.formula import in_words

    filed = figures.get("cases.filed")
    labels = dict(filed.by["kind"].options())
    assert in_words(formula) == words.format(filed=filed.label, self=labels.get("self", ""))
