"""The search box (``jiandu.core.search``, issue 15 item 4): every kind found by number,
name and words, citizen IDs exactly, and nothing outside the user's scope (not even a
count); a reporter's identity only by the petition office. Runs on SQLite and on
PostgreSQL (``DATABASE_URL``): the same results through LIKE or the tsvector index."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiandu.core import search
from jiandu.core.models import SearchEntry
from jiandu.core.testing import make_citizen_id, make_uscc

pytestmark = pytest.mark.django_db

REPORTER = {"name": "赵举报", "phone": "13912345678", "id_number": make_citizen_id(77)}


def _aware(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9))


@pytest.fixture
def world(county):
    """One record of every kind in resident team 1's units (教育局 and its school), and a
    clue, a case, a hit with the same name in 东镇 (township commission A's)."""
    from jiandu.cases.models import Case, CasePerson
    from jiandu.clues.models import Clue
    from jiandu.crosscheck.models import Hit, Run
    from jiandu.directives.models import DirectiveDocument, Task, TaskOwner
    from jiandu.inspections.models import (
        Finding,
        InspectedOrganisation,
        InspectionRound,
        RectificationItem,
    )
    from jiandu.intake import services as intake
    from jiandu.org.models import Company, CompanyPerson

    u, c = county.units, county.cadres
    w: dict = {"county": county}
    w["clue"] = Clue.objects.create(
        number="XS2026-00101",
        source="report",
        received_on=date(2026, 3, 2),
        summary="反映其在校舍维修工程中收受承包商礼金。",
        subject_cadre=c["edu_head"],
        subject_name="张伟",
        subject_unit=u["dept_edu"],
        handling_unit=u["team1"],
    )
    w["other_clue"] = Clue.objects.create(
        number="XS2026-00102",
        source="report",
        received_on=date(2026, 3, 3),
        summary="反映其在土地征收中优亲厚友。",
        subject_cadre=c["town_a_head"],
        subject_name="张伟",
        subject_unit=u["town_a"],
        handling_unit=u["town_a_commission"],
    )
    w["report"] = intake.report_register(
        actor=county.users["petition"],
        channel="letter",
        received_at=_aware(date(2026, 3, 1)),
        content="反映测试县教育局局长张伟收受礼金，为亲属承揽校舍维修工程。",
        is_named=True,
        reporter=REPORTER,
        subject_text="张伟",
        unit_text="测试县教育局",
        handling_unit=u["team1"],
    )
    w["case"] = Case.objects.create(
        number="AJ2026-00007",
        kind="person",
        title="张伟涉嫌受贿案",
        summary="利用职务便利在校舍维修工程中收受财物。",
        lead_unit=u["team1"],
        proposed_on=date(2026, 4, 1),
    )
    CasePerson.objects.create(
        case=w["case"], cadre=c["edu_head"], name="张伟", stage_since=date(2026, 4, 1)
    )
    w["other_case"] = Case.objects.create(
        number="AJ2026-00008",
        kind="person",
        title="张伟涉嫌滥用职权案",
        summary="土地征收中滥用职权。",
        lead_unit=u["town_a_commission"],
        proposed_on=date(2026, 4, 2),
    )
    CasePerson.objects.create(
        case=w["other_case"], cadre=c["town_a_head"], name="张伟", stage_since=date(2026, 4, 2)
    )
    tour = InspectionRound.objects.create(
        name="县委第一轮巡察", year=2026, ordinal=1, kind="regular", started_on=date(2026, 1, 5)
    )
    target = InspectedOrganisation.objects.create(
        round=tour, unit=u["dept_edu"], entered_on=date(2026, 1, 10)
    )
    finding = Finding.objects.create(
        target=target, category="discipline", description="食堂采购未经集体研究"
    )
    w["item"] = RectificationItem.objects.create(
        finding=finding,
        seq=1,
        measures="建立食堂大宗采购集体决策制度",
        responsible_unit=u["dept_edu"],
        responsible_person="李娜",
        deadline=date(2026, 6, 30),
    )
    document = DirectiveDocument.objects.create(
        title="全县纪检监察工作会议讲话",
        kind="speech",
        document_date=date(2026, 2, 1),
        issuer_unit=u["commission"],
        text="深入整治群众身边不正之风和腐败问题。",
        status="published",
    )
    w["task"] = Task.objects.create(
        document=document,
        position=1,
        path="一/1",
        title="深入整治校园餐管理中的突出问题",
        source_text="深入整治校园餐管理中的突出问题。",
        source_start=0,
        source_end=10,
        status="assigned",
    )
    TaskOwner.objects.create(task=w["task"], unit=u["dept_edu"])
    run = Run.objects.create(rule_codes=["R07"])
    w["hit"] = Hit.objects.create(
        rule_code="R07",
        rule_version="t1",
        identity="hit-1",
        severity="high",
        summary="财政供养人员领取低保补贴",
        subject_name="刘芳芳",
        subject_citizen_id=make_citizen_id(88),
        subject_unit_name="测试县第一中学",
        subject_unit=u["school"],
        first_run=run,
        last_run=run,
    )
    w["other_hit"] = Hit.objects.create(
        rule_code="R07",
        rule_version="t1",
        identity="hit-2",
        severity="high",
        summary="财政供养人员领取低保补贴",
        subject_name="刘芳芳",
        subject_citizen_id=make_citizen_id(89),
        subject_unit_name="东镇",
        subject_unit=u["town_a"],
        first_run=run,
        last_run=run,
    )
    w["company"] = Company.objects.create(
        uscc=make_uscc(5), name="测试县鸿达建筑工程有限公司", address="东镇工业园"
    )
    CompanyPerson.objects.create(
        company=w["company"],
        person_name="张小明",
        person_citizen_id=make_citizen_id(90),
        role="shareholder",
    )
    return w


def _found(user, q: str) -> dict[str, list[str]]:
    """kind → the titles of everything the user finds (all pages)."""
    query = search.parse_query(q)
    return {
        k.key: [
            line.title for line in search.result_lines(k, search.ordered(k, user, query), query)
        ]
        for k in search.kinds_for(user)
        if search.matching(k, user, query).exists()
    }


def _counts(user, q: str) -> dict[str, int]:
    return {g.kind.key: g.count for g in search.search(user, search.parse_query(q))}


# --- tokens -----------------------------------------------------------------------------------


def test_tokens_are_character_pairs_and_words():
    assert search.text_tokens("王 强举报XF2026-00001") == [
        "王强",
        "强举",
        "举报",
        "报",
        "xf2026",
        "00001",
    ]
    q = search.parse_text("张伟 XS2026")
    assert q.tsquery() == "(('张伟') & ('xs2026':*))"


def test_a_query_never_produces_a_private_token():
    assert not any(
        t.startswith(search.PRIVATE_MARK)
        for p in search.parse_text("~abc ～def 赵举报").phrases
        for t in p.tokens
    )


# --- each kind by number, name and words ---------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "kind", "title"),
    [
        ("XS2026-00101", "clue", "XS2026-00101 张伟"),
        ("xs2026-00101", "clue", "XS2026-00101 张伟"),
        ("校舍维修 礼金", "clue", "XS2026-00101 张伟"),
        ("AJ2026-00007", "case", "AJ2026-00007 张伟涉嫌受贿案"),
        ("受贿案", "case", "AJ2026-00007 张伟涉嫌受贿案"),
        ("食堂采购", "rectification_item", "县委第一轮巡察·测试县教育局 第1项"),
        ("李娜", "rectification_item", "县委第一轮巡察·测试县教育局 第1项"),
        ("校园餐", "task", "深入整治校园餐管理中的突出问题"),
        ("刘芳芳", "hit", None),
        ("低保补贴", "hit", None),
        ("鸿达建筑", "company", "测试县鸿达建筑工程有限公司"),
        ("张小明", "company", "测试县鸿达建筑工程有限公司"),
        ("教育局", "unit", "测试县教育局"),
        ("T012", "unit", "测试县教育局"),
        ("李娜", "cadre", "李娜"),
    ],
)
def test_each_kind_is_found_by_number_name_or_words(world, q, kind, title):
    found = _found(world["county"].users["leader"], q)
    assert kind in found, found
    if title:
        assert title in found[kind]
    else:
        assert found[kind]


def test_a_report_by_number_and_content(world):
    leader = world["county"].users["leader"]
    number = world["report"].number
    assert _found(leader, number)["report"] == [f"{number} 张伟"]
    assert _found(leader, "承揽 校舍")["report"] == [f"{number} 张伟"]


def test_all_words_must_occur(world):
    leader = world["county"].users["leader"]
    assert "clue" not in _found(leader, "校舍维修 征收")
    assert _found(leader, "张伟 征收")["clue"] == ["XS2026-00102 张伟"]


def test_a_name_inside_a_sentence_is_found(world):
    """Segmentation does not decide: 张伟 is found inside 局长张伟收受 as well."""
    leader = world["county"].users["leader"]
    assert "report" in _found(leader, "张伟收受")


def test_an_edit_reaches_the_index_and_a_deleted_row_leaves_it(world):
    clue = world["clue"]
    leader = world["county"].users["leader"]
    clue.summary = "反映其违规发放津贴补贴。"
    clue.save(update_fields=["summary"])
    assert "XS2026-00101 张伟" not in _found(leader, "礼金").get("clue", [])
    assert "XS2026-00101 张伟" in _found(leader, "津贴补贴")["clue"]
    hit = world["other_hit"]
    hit.delete()
    assert not SearchEntry.objects.filter(kind="hit", object_id=hit.pk).exists()


def test_a_save_of_other_fields_keeps_the_entry(world):
    entry = SearchEntry.objects.get(kind="clue", object_id=world["clue"].pk)
    world["clue"].save(update_fields=["status"])
    assert SearchEntry.objects.get(pk=entry.pk).updated_at == entry.updated_at


def test_reindex_rebuilds_the_same_entries(world):
    leader = world["county"].users["leader"]
    before = _counts(leader, "张伟")
    SearchEntry.objects.all().delete()
    assert _counts(leader, "张伟") == {}
    counts = search.reindex()
    assert counts["clue"] == 2 and counts["report"] == 1
    assert _counts(leader, "张伟") == before


# --- citizen IDs ---------------------------------------------------------------------------------


def test_a_citizen_id_finds_exactly_its_cadre_and_records(world):
    leader = world["county"].users["leader"]
    cadre = world["county"].cadres["edu_head"]
    found = _found(leader, cadre.citizen_id)
    assert found["cadre"] == ["张伟"]
    assert found["clue"] == ["XS2026-00101 张伟"]
    assert found["case"] == ["AJ2026-00007 张伟涉嫌受贿案"]
    assert _found(leader, make_citizen_id(88))["hit"] == [f"R07-{world['hit'].pk} 刘芳芳"]
    assert list(_found(leader, make_citizen_id(90))) == ["company"]


def test_a_citizen_id_with_a_wrong_check_digit_says_so(world, client):
    number = world["county"].cadres["edu_head"].citizen_id
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    client.force_login(world["county"].users["leader"])
    response = client.get(reverse("core:search"), {"q": wrong})
    assert "身份证号校验位不正确" in response.content.decode()
    assert "cadre" not in _found(world["county"].users["leader"], wrong)


# --- scope ---------------------------------------------------------------------------------------


def test_a_resident_team_never_finds_another_units_clue_not_even_its_count(world, client):
    team = world["county"].users["resident_team"]
    found = _found(team, "张伟")
    assert found["clue"] == ["XS2026-00101 张伟"]
    assert found["case"] == ["AJ2026-00007 张伟涉嫌受贿案"]
    assert found["cadre"] == ["张伟"]
    counts = _counts(team, "张伟")
    assert counts["clue"] == 1 and counts["case"] == 1 and counts["cadre"] == 1
    assert _counts(team, "XS2026-00102") == {}
    assert _counts(team, "优亲厚友") == {}
    assert _found(team, "刘芳芳")["hit"] == [f"R07-{world['hit'].pk} 刘芳芳"]
    client.force_login(team)
    html = client.get(reverse("core:search"), {"q": "张伟"}).content.decode()
    assert "XS2026-00101" in html
    assert "XS2026-00102" not in html and "优亲厚友" not in html
    assert "AJ2026-00008" not in html
    html = client.get(reverse("core:search"), {"q": "张伟", "kind": "clue"}).content.decode()
    assert "XS2026-00102" not in html and "共 <strong>1</strong> 条" in html


def test_a_township_commission_finds_its_own_town_only(world):
    town = world["county"].users["township_commission"]
    found = _found(town, "张伟")
    assert found["clue"] == ["XS2026-00102 张伟"]
    assert "report" not in found  # the report is about 教育局
    assert _counts(town, "食堂采购") == {}
    assert _counts(town, "校园餐") == {}


def test_another_units_citizen_id_is_not_found(world):
    team = world["county"].users["resident_team"]
    town_head = world["county"].cadres["town_a_head"]
    assert _counts(team, town_head.citizen_id) == {}


def test_kinds_follow_the_capabilities_of_the_ledgers(world):
    users = world["county"].users
    assert {k.key for k in search.kinds_for(users["admin"])} == {"cadre", "unit", "company"}
    assert _counts(users["admin"], "张伟") == {"cadre": 2}
    assert "clue" not in {k.key for k in search.kinds_for(users["petition"])}
    assert search.kinds_for(users["org_department"]) == []


@pytest.mark.parametrize("q", ["赵举报", "13912345678", "139-1234-5678", REPORTER["id_number"]])
def test_only_the_petition_office_finds_a_report_by_its_reporter(world, q, client):
    users = world["county"].users
    number = world["report"].number
    assert _found(users["petition"], q).get("report") == [f"{number} 张伟"]
    for role in ("leader", "case_management", "resident_team", "supervision_office"):
        assert "report" not in _found(users[role], q), role
    client.force_login(users["petition"])
    html = client.get(reverse("core:search"), {"q": q}).content.decode()
    results = html.split('data-testid="search-summary"')[1]
    assert number in results
    for value in REPORTER.values():
        assert value not in results


def test_the_index_keeps_no_reporter_identity(world):
    tokens = " ".join(SearchEntry.objects.values_list("tokens", flat=True))
    for value in ("赵举", "举报人", "13912345678", REPORTER["id_number"].lower()):
        assert value not in tokens


def test_a_report_sent_upward_leaves_the_index_with_its_content(world):
    """A report about the commission's principal leader keeps nothing of its matter
    (``_keep_minimal_record``): neither does the index."""
    from jiandu.intake import services as intake

    leader = world["county"].users["leader"]
    report = intake.report_register(
        actor=world["county"].users["petition"],
        channel="letter",
        received_at=_aware(date(2026, 3, 4)),
        content="反映纪委书记违规插手工程。",
        about_principal_leader=True,
    )
    assert "report" not in _found(leader, "插手工程")
    assert _found(leader, report.number)["report"]


# --- the page ------------------------------------------------------------------------------------


def test_the_page_groups_by_kind_with_counts_and_a_link_to_all(world, client):
    from jiandu.clues.models import Clue

    leader = world["county"].users["leader"]
    for n in range(6):
        Clue.objects.create(
            number=f"XS2026-002{n:02d}",
            source="report",
            received_on=date(2026, 5, 1),
            summary="反映其违规收受礼金。",
            subject_name="周六",
            handling_unit=world["county"].units["team1"],
        )
    client.force_login(leader)
    html = client.get(reverse("core:search"), {"q": "礼金"}).content.decode()
    assert 'data-testid="search-count-clue">7<' in html
    assert 'data-testid="search-count-report">1<' in html
    assert "查看全部 7 条" in html
    assert f"{reverse('clues:clue_list')}?q=%E7%A4%BC%E9%87%91" not in html  # only on the kind page
    page = client.get(reverse("core:search"), {"q": "礼金", "kind": "clue"}).content.decode()
    assert page.count('data-testid="search-result"') == 7
    assert f"{reverse('clues:clue_list')}?q=%E7%A4%BC%E9%87%91" in page


def test_an_empty_or_unknown_query_is_a_plain_page(world, client):
    client.force_login(world["county"].users["leader"])
    assert client.get(reverse("core:search")).status_code == 200
    html = client.get(reverse("core:search"), {"q": "查无此词"}).content.decode()
    assert "没有找到符合条件的记录" in html
    assert client.get(reverse("core:search"), {"q": "%_'\\"}).status_code == 200


def test_the_header_has_the_search_box(world, client):
    client.force_login(world["county"].users["leader"])
    html = client.get(reverse("core:workbench")).content.decode()
    assert 'data-testid="header-search"' in html and f'action="{reverse("core:search")}"' in html


def test_the_query_count_does_not_grow_with_the_results(world, client):
    from jiandu.clues.models import Clue

    client.force_login(world["county"].users["leader"])
    url = reverse("core:search")
    client.get(url, {"q": "张伟"})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": "张伟"})
    for n in range(8):
        Clue.objects.create(
            number=f"XS2026-003{n:02d}",
            source="report",
            received_on=date(2026, 5, 1),
            summary="又一条",
            subject_name="张伟",
            handling_unit=world["county"].units["team1"],
        )
    with CaptureQueriesContext(connection) as more:
        client.get(url, {"q": "张伟"})
    assert len(more) == len(few)
    assert len(few) <= 40, len(few)
    with CaptureQueriesContext(connection) as kind_page:
        client.get(url, {"q": "张伟", "kind": "clue"})
    assert len(kind_page) <= 15, len(kind_page)


# --- speed: ids first, then the scoped selector on those ids ------------------------------------


def _index_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "core_searchentry" in q["sql"]]


def test_one_index_query_for_all_kinds_and_none_for_kinds_without_matches(world):
    leader = world["county"].users["leader"]
    with CaptureQueriesContext(connection) as nothing:
        assert search.search(leader, search.parse_query("查无此人此事")) == []
    assert len(_index_queries(nothing)) == 1
    # Nothing else than the index (and, on PostgreSQL, its planner setting).
    assert [q["sql"] for q in nothing if "set_config" not in q["sql"]] == _index_queries(nothing)
    with CaptureQueriesContext(connection) as found:
        groups = search.search(leader, search.parse_query("张伟"))
    assert len(groups) >= 3
    assert len(_index_queries(found)) == 1


def test_many_matches_are_counted_and_ordered_the_same_way(world, monkeypatch):
    """Beyond ``FEW_MATCHES`` a kind is counted and its first ids fetched apart: the same
    counts and lines, for every role."""
    for user in world["county"].users.values():
        for q in ("张伟", "刘芳芳", world["county"].cadres["edu_head"].citizen_id, "局"):
            query = search.parse_query(q)
            few = [(g.kind.key, g.count, g.lines) for g in search.search(user, query)]
            monkeypatch.setattr(search, "FEW_MATCHES", 0)
            many = [(g.kind.key, g.count, g.lines) for g in search.search(user, query)]
            monkeypatch.undo()
            assert many == few, (user.username, q)


def test_scoped_ids_keep_the_selectors_scope(world):
    from jiandu.clues.models import Clue

    team = world["county"].users["resident_team"]
    kind = search.REGISTRY["clue"]
    every = list(Clue.objects.values_list("pk", flat=True))
    seen = set(search.scoped(kind, team, every).values_list("pk", flat=True))
    assert seen == set(kind.selector(team).values_list("pk", flat=True))
    assert seen < set(every)
    assert not search.scoped(kind, team, []).exists()
