"""Subject matching: names and units in the text against the register, namesakes told
apart by the unit mentioned; the clerk confirms."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from jiandu.accounts.models import User
from jiandu.core.testing import make_citizen_id
from jiandu.intake import matching
from jiandu.intake.models import ReportSubject
from jiandu.intake.services import report_register
from jiandu.org import services as org


@pytest.fixture(autouse=True)
def fresh_register():
    matching.reset_register()
    yield
    matching.reset_register()


def test_unit_aliases_drop_the_county_and_the_parent():
    assert matching.unit_aliases("青山县教育局") == {"青山县教育局", "县教育局", "教育局"}
    assert matching.unit_aliases("县财政局", "财政局") == {"县财政局", "财政局"}
    assert matching.unit_aliases("青石镇石桥村", parent_name="青石镇") == {"青石镇石桥村", "石桥村"}
    assert matching.unit_aliases("县委办公室") == {"县委办公室"}  # not "委办公室"


def test_split_names_of_the_subject_field():
    assert matching.split_names("张伟、李娜， 王强") == ["张伟", "李娜", "王强"]
    assert matching.split_names("") == []


@pytest.fixture
def world(db):
    def unit(code, name, kind, parent=None):
        return org.unit_create(actor=None, name=name, code=code, kind=kind, parent=parent)

    units = {
        "petition": unit("M01", "信访室", "petition_office"),
        "edu": unit("M02", "青山县教育局", "department"),
        "fin": unit("M03", "青山县财政局", "department"),
        "qingshi": unit("M04", "青石镇", "town"),
        "longquan": unit("M05", "龙泉镇", "town"),
    }
    units["shiqiao"] = unit("M06", "青石镇石桥村", "village", units["qingshi"])
    people = {}

    def cadre(key, name, unit_key, title, start=date(2020, 1, 1), end=None, head=False):
        if key not in people:
            people[key] = org.cadre_create(
                actor=None, name=name, citizen_id=make_citizen_id(200 + len(people)), rank="general"
            )
        org.post_create(
            actor=None,
            cadre=people[key],
            unit=units[unit_key],
            title=title,
            start_date=start,
            end_date=end,
            is_head=head,
        )

    cadre("zhang_edu", "张伟", "edu", "党组书记、局长", head=True)
    cadre("zhang_town", "张伟", "qingshi", "镇长")
    cadre("li", "李娜", "fin", "股长")
    cadre("wang_fin", "王强", "edu", "副局长", start=date(2015, 1, 1), end=date(2019, 12, 31))
    cadre("wang_fin", "王强", "fin", "副局长")
    cadre("wang_town", "王强", "longquan", "科员")
    cadre("liu_village", "刘洋", "shiqiao", "村党支部书记")
    cadre("liu_town", "刘洋", "longquan", "农业综合服务中心主任")
    cadre("gao", "高明", "qingshi", "副镇长")
    user = User.objects.create_user(
        username="m_petition", password="pw-for-tests-only", role="petition", unit=units["petition"]
    )
    return {"units": units, "people": people, "user": user}


def register(world, content, **kwargs):
    return report_register(
        actor=world["user"],
        channel="letter",
        received_at=timezone.now() - timedelta(minutes=1),
        content=content,
        **kwargs,
    )


def test_namesakes_are_told_apart_by_the_unit_the_text_mentions(world):
    people = world["people"]
    text = "反映县教育局局长张伟在学校食堂承包中收受商人礼金两万元。"
    candidates = matching.candidates_for("张伟", text)
    assert [c.cadre for c in candidates] == [people["zhang_edu"], people["zhang_town"]]
    first, second = candidates
    assert first.score > second.score + matching.RESOLVE_MARGIN
    assert first.reason == "同名2人，文中提及其现任单位青山县教育局，并提及其职务“局长”"
    assert first.unit == world["units"]["edu"]
    assert second.reason == "同名2人，文中未提及其单位（此人：青石镇镇长）"
    assert (first.by_unit, second.by_unit) == (True, False)
    assert matching.resolve("张伟", text) == people["zhang_edu"].pk


def test_registration_links_the_namesake_of_the_unit_given_and_leaves_it_unconfirmed(world):
    report = register(
        world,
        "张伟在学校食堂承包中收受商人礼金两万元。",
        subjects=[{"name": "张伟", "unit_text": "县教育局"}],
    )
    subject = ReportSubject.objects.get(report=report)
    assert subject.cadre == world["people"]["zhang_edu"]
    assert subject.unit == world["units"]["edu"]
    assert subject.confirmed is False


def test_namesakes_without_a_unit_are_not_linked(world):
    report = register(world, "张伟经常在工作日打麻将，每次输赢上千元。")
    subject = ReportSubject.objects.get(report=report)  # found in the text
    assert (subject.name, subject.cadre, subject.confirmed) == ("张伟", None, False)
    reasons = [c.reason for c in matching.candidates_for("张伟", report.content)]
    assert all(r.startswith("同名2人，无法按单位区分") for r in reasons)


def test_a_name_not_in_the_register_gets_no_cadre(world):
    report = register(
        world, "赵无名在征地拆迁中虚报面积骗取补偿款。", subjects=[{"name": "赵无名"}]
    )
    subject = ReportSubject.objects.get(report=report)
    assert subject.cadre is None and subject.unit is None
    assert matching.candidates_for("赵无名", report.content) == []
    assert matching.names_in(report.content) == []


def test_a_cadre_named_in_the_text_becomes_a_linked_unconfirmed_subject(world):
    report = register(world, "县财政局股长李娜违规发放津贴补贴，一人就领了三万元。")
    subject = ReportSubject.objects.get(report=report)
    assert (subject.name, subject.cadre, subject.unit) == (
        "李娜",
        world["people"]["li"],
        world["units"]["fin"],
    )
    assert subject.confirmed is False
    best = matching.candidates_for("李娜", report.content)[0]
    assert best.reason == "姓名相同，文中提及其现任单位青山县财政局，并提及其职务“股长”"


def test_the_only_cadre_of_a_name_is_linked_without_a_unit(world):
    candidates = matching.candidates_for("李娜", "李娜违规发放津贴补贴。")
    assert len(candidates) == 1
    assert candidates[0].reason == "姓名相同，登记册中仅此一人（青山县财政局股长）"
    assert matching.resolve("李娜", "李娜违规发放津贴补贴。") == world["people"]["li"].pk


def test_a_reported_unit_that_contradicts_the_register_prevents_linking(world):
    candidates = matching.candidates_for("李娜", "李娜违规收费。", unit_text="县教育局")
    assert candidates[0].score < matching.RESOLVE_MIN_SCORE
    assert "不符" in candidates[0].reason
    assert matching.resolve("李娜", "李娜违规收费。", "县教育局") is None


def test_a_former_unit_mentioned_tells_namesakes_apart(world):
    text = "王强在县教育局任副局长期间，违规插手教辅材料采购。"
    candidates = matching.candidates_for("王强", text)
    assert candidates[0].cadre == world["people"]["wang_fin"]
    assert "曾任职单位青山县教育局" in candidates[0].reason
    assert matching.resolve("王强", text) == world["people"]["wang_fin"].pk


def test_a_parent_unit_mentioned_tells_namesakes_apart(world):
    text = "青石镇的刘洋把村里的低保名额给了自己亲戚。"
    candidates = matching.candidates_for("刘洋", text)
    assert candidates[0].cadre == world["people"]["liu_village"]
    assert "上级单位青石镇" in candidates[0].reason


def test_namesakes_in_units_both_mentioned_stay_unresolved(world):
    text = "青山县教育局的张伟和青石镇的张伟是亲戚，二人相互打招呼。"
    assert matching.resolve("张伟", text) is None


def test_a_name_that_is_also_a_word_needs_a_title_or_unit_nearby(world):
    assert matching.names_in("这种手段很不高明，群众都看得出来。") == []
    assert matching.names_in("青石镇副镇长高明多次接受宴请。") == ["高明"]


def test_names_and_units_in_the_text(world):
    text = "反映县教育局局长张伟与青山县财政局股长李娜的问题。"
    assert matching.names_in(text) == ["张伟", "李娜"]
    units = world["units"]
    assert matching.units_in(text) == {units["edu"].pk, units["fin"].pk}


def test_a_confirmed_subject_is_left_as_the_clerk_set_it(world):
    people = world["people"]
    report = register(
        world,
        "反映县教育局局长张伟的问题。",
        subjects=[{"name": "张伟", "cadre_id": people["zhang_town"].pk}],
    )
    subject = ReportSubject.objects.get(report=report)
    assert subject.cadre == people["zhang_town"] and subject.confirmed is True


def test_suggest_subjects_returns_ranked_candidates_per_subject(world):
    report = register(world, "反映县教育局局长张伟和县财政局股长李娜的问题。", subject_text="张伟")
    result = matching.suggest_subjects(report)
    assert [r["subject"].name for r in result] == ["张伟", "李娜"]
    cadre, score, reason = result[0]["candidates"][0]
    assert cadre == world["people"]["zhang_edu"] and 0 < score <= 1 and reason
    assert ReportSubject.objects.filter(report=report).count() == 2  # nothing added twice


def test_names_in_the_subject_field_are_taken_apart_from_units_and_titles(world):
    assert matching.reported_names("县教育局张伟局长、赵无名") == ["张伟", "赵无名"]
    report = register(world, "反映有关人员违规发放补贴的问题。", subject_text="教育局张伟局长")
    subject = ReportSubject.objects.get(report=report)
    assert (subject.name, subject.cadre) == ("张伟", world["people"]["zhang_edu"])


def test_the_dictionary_is_rebuilt_when_a_cadre_is_added(world):
    text = "反映孙悟净在龙泉镇违规占用耕地建房。"
    assert matching.names_in(text) == []
    cadre = org.cadre_create(
        actor=None, name="孙悟净", citizen_id=make_citizen_id(300), rank="general"
    )
    assert matching.names_in(text) == ["孙悟净"]
    assert matching.resolve("孙悟净", text) == cadre.pk


def test_the_register_uses_its_own_tokenizer(world):
    reg = matching.register()
    assert reg.tokenizer is not matching.jieba.dt
    assert matching.NAME_TAG not in matching.jieba.dt.user_word_tag_tab.values()
    assert reg.tokenizer.user_word_tag_tab["张伟"] == matching.NAME_TAG
    assert reg.tokenizer.user_word_tag_tab["县教育局"] == matching.UNIT_TAG
