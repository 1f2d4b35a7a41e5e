"""A year not yet on the calendar (issue 12, items 18–20).

- The days the law fixes rest provisionally in a year nobody entered (全国年节及纪念日放假办法
  art. 2 as amended 2024-11-10, in force 2025-01-01: 元旦 1 day; 春节 4 days, 农历除夕 and
  正月初一至初三; 清明 1 day; 劳动节 2 days, 5月1日、2日; 端午 1 day; 中秋 1 day; 国庆 3 days,
  10月1日至3日).
- Entering the year on jiandu's page: the notice as text, a preview of the open due dates it
  moves, confirm → saved, recomputed, one audit event, the handlers told on their workbench.

The 2027 arrangement used below is a made-up notice of the usual shape (the State Council
had not published 2027 when this was written); its weekdays were checked by hand:
元旦 1月1日（五）至3日（日）; 春节 2月5日（除夕、五）至13日（六）, 上班 2月14日（日）、
2月20日（六）; 清明 4月3日（六）至5日（一）; 劳动节 5月1日（六）至5日（三）, 上班 4月25日
（日）、5月8日（六）; 端午 6月9日（三）; 中秋 9月15日（三）; 国庆 10月1日（五）至7日（四）,
上班 9月26日（日）、10月9日（六）.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.core import calendar
from jiandu.core.calendar import (
    DueDate,
    add_working_days,
    calendar_from_data,
    is_working_day,
    statutory_holidays,
    working_day,
)
from jiandu.core.deadlines import Deadline, registered_dues
from jiandu.core.holiday_entry import (
    calendar_year_enter,
    calendar_year_preview,
    changes_for,
    parse_arrangement,
)

D = date

NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至13日（农历正月初八、周六）放假调休，共9天。2月14日（周日）、2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
"""


# ----------------------------------------------------------------- item 19


def test_the_statutory_holidays_of_2027_come_from_the_lunar_calendar() -> None:
    # Worked out with lunar-python 1.4.8 and checked against published calendars:
    # Lunar.fromYmd(2027, 1, 1).getSolar() = 2027-02-06 (正月初一, Saturday), so 除夕 (the
    # day before; 腊月 of 丙午 has 29 days) is Fri 2027-02-05 and 初三 is Mon 02-08;
    # the 清明 solar term of the JieQi table is 2027-04-05; Lunar 5/5 → 2027-06-09;
    # Lunar 8/15 → 2027-09-15.
    days = statutory_holidays(2027)
    assert sorted(d for d, name in days.items() if name == "春节") == [
        D(2027, 2, 5),
        D(2027, 2, 6),
        D(2027, 2, 7),
        D(2027, 2, 8),
    ]
    assert days[D(2027, 4, 5)] == "清明节"
    assert days[D(2027, 6, 9)] == "端午节"
    assert days[D(2027, 9, 15)] == "中秋节"
    assert [d for d, n in days.items() if n == "劳动节"] == [D(2027, 5, 1), D(2027, 5, 2)]
    assert [d for d, n in days.items() if n == "国庆节"] == [D(2027, 10, d) for d in (1, 2, 3)]
    assert days[D(2027, 1, 1)] == "元旦"
    assert len(days) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3 days (art. 2)
    # 2026, checked against the entered 2026 notice: 除夕 is 2026-02-16, 中秋 09-25.
    assert statutory_holidays(2026)[D(2026, 2, 16)] == "春节"
    assert statutory_holidays(2026)[D(2026, 9, 25)] == "中秋节"
    assert statutory_holidays(2024) == {}  # before the 2024 amendment: all years entered


@pytest.mark.django_db
def test_2027_01_01_is_not_a_working_day_and_says_it_is_provisional() -> None:
    assert is_working_day(D(2027, 1, 1)) is False  # 元旦, Friday
    assert working_day(D(2027, 1, 1)) == (False, True)
    assert working_day(D(2027, 2, 5)) == (False, True)  # 除夕, Friday
    assert working_day(D(2027, 1, 4)) == (True, True)  # Monday: no substitute day guessed
    assert working_day(D(2026, 1, 4)) == (True, False)  # Sunday, 2026 make-up working day
    assert working_day(D(2026, 1, 5)).provisional is False


def test_weekends_alone_when_estimates_are_off_and_entered_years_are_not_estimated() -> None:
    weekends_only = calendar.LegalCalendar(known_years=frozenset(), estimate_unknown_years=False)
    assert weekends_only.is_working_day(D(2027, 1, 1)) is True
    # An entered year uses what was entered only: with no day entered, 元旦 works.
    entered = calendar_from_data(set(), set(), {2027})
    assert entered.is_working_day(D(2027, 1, 1)) is True
    assert entered.estimated_holidays(2027) == {}


def test_a_provisional_count_across_the_spring_festival() -> None:
    # Mon 2027-01-25 + 15 working days, 2027 not entered: Tue 26 … Fri 29 = 1–4; Mon Feb 1 …
    # Thu 4 = 5–8; Fri 5 (除夕) off; Sat 6, Sun 7 off; Mon 8 (初三) off; Tue 9 … Fri 12 =
    # 9–12; Mon 15, Tue 16, Wed 17 = 13–15.
    due = calendar.bundled_calendar().add_working_days(D(2027, 1, 25), 15)
    assert (due, due.provisional) == (D(2027, 2, 17), True)


# ----------------------------------------------------------------- item 20: parsing


def test_the_notice_text_is_read_day_by_day() -> None:
    result = parse_arrangement(NOTICE_2027, 2027)
    assert result.errors == [] and result.warnings == []
    assert result.ignored == [1, 2, 10]  # title, preamble, closing
    # 3 + 9 + 3 + 5 + 1 + 1 + 7 rest days; 2 + 2 + 2 make-up working days.
    assert len(result.holidays) == 29 and len(result.workdays) == 6
    assert result.holidays[D(2027, 2, 13)] == "春节"
    assert result.workdays[D(2027, 2, 14)] == "春节"
    assert result.workdays[D(2027, 10, 9)] == "国庆节"
    assert D(2027, 10, 8) not in result.holidays


def test_simple_lines_and_iso_dates_are_read_too() -> None:
    text = "2027-01-01 至 2027-01-03 放假\n2月14日（星期日）上班\n春节：2月5日到2月13日放假"
    result = parse_arrangement(text, 2027)
    assert result.errors == []
    assert sorted(result.holidays)[:3] == [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)]
    assert result.workdays == {D(2027, 2, 14): ""}
    assert result.holidays[D(2027, 2, 9)] == "春节"
    # The notice left out 清明, 劳动节 … : said, but not refused.
    assert "2027年4月5日（清明节）是法定节日，但没有列为放假日" in result.warnings


@pytest.mark.parametrize(
    ("text", "error"),
    [
        # 2027-02-14 is a Sunday, not a Saturday.
        ("2月14日（星期六）上班", "第1行：2027年2月14日是星期日，不是原文所写的星期六，请核对"),
        ("元旦：放假，共3天", "第1行：没有读出放假日期（“放假，共3天”）"),
        ("\n2026年12月31日上班", "第2行：2026年12月31日不在2027年内"),
        ("2月30日放假", "第1行：没有2027年2月30日这一天"),
        ("1月3日至1日放假", "第1行：2027年1月3日至2027年1月1日起止颠倒"),
        # Wed 2027-02-10 works anyway.
        ("2月10日上班\n1月1日放假", "2027年2月10日是星期三，本来就是工作日，不是调休上班日"),
        ("1月1日放假\n1月1日上班", "2027年1月1日既列为放假又列为上班，请核对"),
        ("今年不放假也不上班？", "没有读出任何放假日期"),
    ],
)
def test_what_cannot_be_read_is_said_per_line(text: str, error: str) -> None:
    result = parse_arrangement(text, 2027)
    assert error in result.errors
    assert not result.ok


# ----------------------------------------------------------------- item 18: registry


def test_every_stored_due_date_says_how_it_is_recomputed() -> None:
    """Completeness: every concrete Deadline model's kinds and every ``*_provisional``
    flag of a stored due date are registered (``core.deadlines.register_due``)."""
    from django.apps import apps

    from jiandu.core.models import DueDateChange

    registered = {
        (s.model, s.provisional_field, s.key.rsplit(".", 1)[1]) for s in registered_dues()
    }
    flags = {(m, f) for m, f, _ in registered}
    # Never started by any service (the recommendation's reply date is its own field).
    not_started = {"recommendation_reply"}
    for model in apps.get_models():
        if issubclass(model, Deadline):
            kinds = {k for k, _ in model._meta.get_field("kind").choices} - not_started
            assert kinds <= {k for m, _, k in registered if m is model}, model
        if model is DueDateChange:  # the record of a recomputation, not a due date
            continue
        for f in model._meta.get_fields():
            if f.name.endswith("_provisional") and f.name != "provisional":
                assert (model, f.name) in flags, (model, f.name)


# ----------------------------------------------------------------- the service


@pytest.fixture
def open_items(county):
    """A named report received Mon 2027-01-25 and a clue received Wed 2027-01-13, their
    due dates fixed while 2027 was not entered (rows dated directly: the services refuse
    future dates)."""
    from jiandu.clues import rules as clue_rules
    from jiandu.clues import services as clues
    from jiandu.clues.models import ClueDeadline, ClueDeadlineKind
    from jiandu.intake import services as intake
    from jiandu.intake.models import Report

    u = county.users
    report = intake.report_register(
        actor=u["petition"],
        channel="letter",
        received_at=timezone.now() - timezone.timedelta(days=1),
        content="反映教育局局长违规收受礼金。",
    )
    received = timezone.make_aware(datetime(2027, 1, 25, 10, 0))
    ack = add_working_days(D(2027, 1, 25), 15)  # see test_a_provisional_count_…: 02-17
    jurisdiction = add_working_days(D(2027, 1, 25), 5)  # Tue 26 … Fri 29, Mon Feb 1
    assert (ack, jurisdiction) == (D(2027, 2, 17), D(2027, 2, 1))
    Report.objects.filter(pk=report.pk).update(
        received_at=received,
        is_named=True,
        ack_due=ack,
        ack_due_provisional=True,
        jurisdiction_due=jurisdiction,
        jurisdiction_due_provisional=True,
    )
    clue = clues.clue_create(
        actor=u["case_management"],
        source="report",
        summary="反映其违规收受礼金。",
        received_on=timezone.localdate(),
        subject_cadre=county.cadres["edu_head"],
    )
    ClueDeadline.objects.filter(clue=clue).delete()
    # 2027-01-13 + 1 month = Sat 2027-02-13 → Sun 14 → Mon 15 (2027 not entered).
    due = clue_rules.disposition_due(D(2027, 1, 13))
    assert (due, due.provisional) == (D(2027, 2, 15), True)
    deadline = clue.deadlines.start(
        ClueDeadlineKind.DISPOSITION, D(2027, 1, 13), due, clue_rules.DEADLINE_BASIS
    )
    report.refresh_from_db()
    return {"report": report, "clue": clue, "deadline": deadline}


@pytest.mark.django_db
def test_the_preview_lists_what_moves_and_saves_nothing(county, open_items) -> None:
    from jiandu.core.models import CalendarYear

    _arrangement, plan = calendar_year_preview(
        actor=county.users["case_management"], year=2027, text=NOTICE_2027
    )
    assert plan is not None
    moved = {(c.stored.key, c.old_due, c.new_due, c.new_provisional) for c in plan.moved}
    assert moved == {
        # Report, entered: Feb 1–4 = 5–8; Feb 5–13 off; Sun 14 (make-up) = 9; Mon 15 … Fri 19
        # = 10–14; Sat 20 (make-up) = 15.
        ("intake.report.ack_due", D(2027, 2, 17), D(2027, 2, 20), False),
        # Clue: Sat 2027-02-13 is 春节; Sun 14 is a make-up working day → 02-14, earlier.
        ("clues.cluedeadline.disposition", D(2027, 2, 15), D(2027, 2, 14), False),
    }
    # The jurisdiction limit stays Mon Feb 1 but is no longer provisional.
    assert [(c.stored.key, c.new_due) for c in plan.confirmed] == [
        ("intake.report.jurisdiction_due", D(2027, 2, 1))
    ]
    assert not CalendarYear.objects.filter(year=2027).exists()
    open_items["report"].refresh_from_db()
    assert open_items["report"].ack_due == D(2027, 2, 17)


@pytest.mark.django_db
def test_entering_the_year_recomputes_records_one_event_and_tells_the_handlers(
    county, open_items
) -> None:
    from jiandu.audit.models import Event
    from jiandu.clues.models import Clue, ClueDeadline
    from jiandu.core.models import CalendarDay, CalendarYear, DayKind

    u = county.users
    last = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    entry = calendar_year_enter(
        actor=u["case_management"], year=2027, text=NOTICE_2027, source="国办发明电〔2026〕×号"
    )
    events = list(Event.objects.filter(seq__gt=last))
    assert [e.action for e in events] == ["core.calendar.enter_year"]
    assert {m["to"] for m in events[0].payload["moved"]} == {"2027-02-20", "2027-02-14"}

    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕×号"
    assert CalendarDay.objects.get(date=D(2027, 2, 20)).kind == DayKind.WORKDAY
    assert is_working_day(D(2027, 2, 14)) and not is_working_day(D(2027, 2, 12))
    report = open_items["report"]
    report.refresh_from_db()
    assert (report.ack_due, report.ack_due_provisional) == (D(2027, 2, 20), False)
    assert (report.jurisdiction_due, report.jurisdiction_due_provisional) == (
        D(2027, 2, 1),
        False,
    )
    deadline = ClueDeadline.objects.get(pk=open_items["deadline"].pk)
    assert (deadline.due_on, deadline.provisional) == (D(2027, 2, 14), False)
    assert entry.changes.count() == 3

    # The petition office (reports) hears of the report; a resident team that cannot see
    # the clue hears of nothing; the case management office (all clues) of the clue.
    petition = [c.label for c in changes_for(user=u["petition"])]
    assert petition == ["受理告知期限"]
    assert not Clue.objects.visible_to(u["township_commission"]).exists()
    assert changes_for(user=u["township_commission"]) == []
    assert "提出处置意见" in [c.label for c in changes_for(user=u["case_management"])]


@pytest.mark.django_db
def test_a_year_already_entered_or_a_role_without_the_duty_is_refused(county) -> None:
    from jiandu.core.errors import DomainError, PermissionDenied

    with pytest.raises(DomainError, match="2026年的节假日安排已经录入"):
        calendar_year_enter(actor=county.users["admin"], year=2026, text="1月1日放假", source="")
    with pytest.raises(PermissionDenied):
        calendar_year_enter(actor=county.users["petition"], year=2027, text="1月1日放假", source="")
    with pytest.raises(DomainError, match="第1行"):
        calendar_year_enter(
            actor=county.users["admin"], year=2027, text="2月14日（周六）上班", source=""
        )


# ----------------------------------------------------------------- the page


@pytest.mark.django_db
def test_the_page_previews_then_confirms(client_for, county, open_items) -> None:
    client = client_for(county.users["case_management"])
    url = reverse("core:calendar_enter")
    assert client.get(url, {"year": "2027"}).status_code == 200
    data = {"year": "2027", "source": "国办发明电〔2026〕×号", "text": NOTICE_2027}
    html = client.post(url, {**data, "preview": "1"}).content.decode()
    assert 'data-testid="moved-row"' in html and html.count('data-testid="moved-row"') == 2
    report = open_items["report"]
    assert f'href="{report.get_absolute_url()}"' in html
    assert "2027年2月17日" in html and "2027年2月20日" in html
    assert "另有1项期限日期不变" in html
    assert "2027年2月14日（星期日）" in html  # the make-up working days, read in Chinese
    assert 'data-testid="confirm"' in html

    response = client.post(url, {**data, "confirm": "1"})
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert detail.count('data-testid="entry-moved-row"') == 2
    report.refresh_from_db()
    assert report.ack_due == D(2027, 2, 20)

    workbench = client_for(county.users["petition"]).get(reverse("core:workbench"))
    html = workbench.content.decode()
    assert 'data-testid="due-date-change"' in html and "受理告知期限" in html


@pytest.mark.django_db
def test_the_structured_form_and_line_errors_on_the_page(client_for, county) -> None:
    client = client_for(county.users["admin"])
    url = reverse("core:calendar_enter")
    html = client.post(
        url,
        {
            "year": "2027",
            "new_year_first": "2027-01-01",
            "new_year_last": "2027-01-03",
            "spring_first": "2027-02-05",
            "spring_last": "2027-02-13",
            "spring_work": "2027-02-14，2027-02-20",
            "preview": "1",
        },
    ).content.decode()
    assert 'data-testid="parsed-arrangement"' in html
    assert "2027年2月5日至2027年2月13日" in html and "2027年2月20日（星期六）" in html
    html = client.post(
        url, {"year": "2027", "text": "元旦：1月1日放假\n2月14日（周六）上班", "preview": "1"}
    ).content.decode()
    assert "第2行：2027年2月14日是星期日，不是原文所写的星期六，请核对" in html
    assert 'data-testid="confirm"' not in html
    html = client.post(url, {"year": "2027", "preview": "1"}).content.decode()
    assert "请粘贴通知原文，或在下表中填写放假和调休上班日期" in html


def test_due_dates_keep_their_flag_through_the_override() -> None:
    # Inside using_calendar the module functions count on the given calendar only.
    entered = calendar_from_data({D(2027, 1, 1)}, set(), set(range(2004, 2028)))
    with calendar.using_calendar(entered):
        due = add_working_days(D(2026, 12, 28), 5)
    assert (due, due.provisional) == (D(2027, 1, 5), False)
    assert isinstance(due, DueDate)
