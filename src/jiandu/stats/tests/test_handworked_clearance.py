"""党风廉政意见回复情况表, hand-worked on a small fixed data set built through the
clearance services (today frozen at each step: the services stamp the reply date)."""

from __future__ import annotations

from datetime import date

import pytest

from jiandu.integrity import clearance_services as services
from jiandu.integrity.models import ClearanceRequest
from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute
from jiandu.stats.tests.c_data import freeze
from jiandu.stats.tests.test_drill_c import check_cells

pytestmark = pytest.mark.django_db


def _rows(county, *keys):
    return [
        {"name": county.cadres[k].name, "citizen_id": county.cadres[k].citizen_id, "unit_text": k}
        for k in keys
    ]


def _receive(county, monkeypatch, day, due, purpose, *keys):
    freeze(monkeypatch, day)
    return services.clearance_request_submit(
        actor=county.users["org_department"],
        purpose=purpose,
        people=_rows(county, *keys),
        received_on=day,
        due_on=due,
    )


def _reply(county, monkeypatch, req, day, answers=None):
    """Propose, change the answers given (cadre key -> answer), approve and issue on ``day``."""
    u = county.users
    freeze(monkeypatch, day)
    services.clearance_propose(actor=u["case_management"], clearance=req)
    for person in req.people.all():
        assert person.answer == "clear"  # nothing on record: the system proposes 未发现
    for key, answer in (answers or {}).items():
        person = req.people.get(cadre=county.cadres[key])
        services.clearance_change_answer(
            actor=u["case_management"], clearance=req, person=person, answer=answer, reason="核实"
        )
    services.clearance_submit(actor=u["case_management"], clearance=req)
    services.clearance_decide(actor=u["leader"], clearance=req, approve=True)
    return services.clearance_issue(actor=u["case_management"], clearance=req)


def build(county, monkeypatch, *, until_november=False):
    """R1 received 10-10 (提拔任用; 张伟、王强), due 10-17, replied 10-16 (王强 否定性意见);
    R2 received 11-02 (评先评优; 李娜), due 11-09, replied 11-12 (late);
    R3 received 11-20 (换届; 东镇张伟、陈静), due 11-27, replied 12-03 (late; 东镇张伟 暂缓);
    R4 received 12-01 (提拔任用; 刘洋), due 12-04, not replied (today 12-05)."""
    r1 = _receive(county, monkeypatch, date(2026, 10, 10), date(2026, 10, 17), "promotion",
                  "edu_head", "fin_head")  # fmt: skip
    _reply(county, monkeypatch, r1, date(2026, 10, 16), {"fin_head": "negative"})
    r2 = _receive(county, monkeypatch, date(2026, 11, 2), date(2026, 11, 9), "award", "teacher")
    _reply(county, monkeypatch, r2, date(2026, 11, 12))
    r3 = _receive(county, monkeypatch, date(2026, 11, 20), date(2026, 11, 27), "election",
                  "town_a_head", "town_b_head")  # fmt: skip
    freeze(monkeypatch, date(2026, 11, 30))
    if not until_november:
        build_rest(county, monkeypatch)
    return r3


def _numbers(user, code):
    grid = table_compute(user=user, table=standard.get("clearance"), period=P.parse(code))
    names = {r.unit.key: r.unit.name for r in grid.rows}
    return {names[k]: v for k, v in grid.numbers().items()}


NOVEMBER = {
    "received": 2,  # R2 (11-02), R3 (11-20)
    "received_purpose:promotion": 0,
    "received_purpose:award": 1,  # R2
    "received_purpose:election": 1,  # R3
    "received_purpose:confirmation": 0,
    "received_purpose:other": 0,
    "people": 3,  # R2 李娜; R3 东镇张伟, 陈静
    "issued": 1,  # R2 (11-12); R3 not yet replied at 11-30
    "answered": 1,  # R2 李娜
    "answered_by:negative": 0,
    "answered_by:defer": 0,
    "answered_by:closed_matters": 0,
    "answered_by:clear": 1,  # R2: 李娜 未发现不良反映
    "due": 2,  # R2 (11-09), R3 (11-27)
    "on_time": 0,  # R2 replied 11-12 after 11-09; R3 not replied by 11-30
    "on_time_rate": 0.0,
    "overdue": 1,  # R3: due 11-27, not replied on 11-30
}


def test_year_and_november(county, monkeypatch):
    build(county, monkeypatch, until_november=True)
    leader = county.users["leader"]
    before = _numbers(leader, "2026-11")
    assert before["合计"] == NOVEMBER
    build_rest(county, monkeypatch)
    assert ClearanceRequest.objects.filter(handling_unit=county.units["case_mgmt"]).count() == 4
    nov = _numbers(leader, "2026-11")
    # A past period recounts the same after R3 is replied (12-03) and R4 received.
    assert nov == before
    year = _numbers(leader, "2026")  # today 12-05: overdue is judged on 12-05
    assert year["合计"] == {
        "received": 4,  # R1, R2, R3, R4
        "received_purpose:promotion": 2,  # R1, R4
        "received_purpose:award": 1,  # R2
        "received_purpose:election": 1,  # R3
        "received_purpose:confirmation": 0,
        "received_purpose:other": 0,
        "people": 6,  # R1 2, R2 1, R3 2, R4 1
        "issued": 3,  # R1 (10-16), R2 (11-12), R3 (12-03)
        "answered": 5,  # R1 2, R2 1, R3 2 (R4's 刘洋 not replied)
        "answered_by:negative": 1,  # R1 王强
        "answered_by:defer": 1,  # R3 东镇张伟
        "answered_by:closed_matters": 0,
        "answered_by:clear": 3,  # R1 张伟, R2 李娜, R3 陈静
        "due": 4,  # deadlines 10-17, 11-09, 11-27, 12-04
        "on_time": 1,  # R1 only (10-16 <= 10-17)
        "on_time_rate": 25.0,
        "overdue": 1,  # R4: due 12-04, open on 12-05; R3 replied 12-03
    }
    # Every request counts for the handling office, so the rows add up to the total.
    assert year["案件监督管理室"] == year["合计"]
    others = [v for k, v in year.items() if k not in ("案件监督管理室", "合计")]
    assert others and all(not v["received"] and not v["overdue"] for v in others)
    # December (running, judged on 12-05): R4 received and overdue; R3 replied late.
    dec = _numbers(leader, "2026-12")["合计"]
    assert (dec["received"], dec["issued"], dec["due"], dec["on_time"], dec["overdue"]) == (
        1,
        1,
        1,
        0,
        1,
    )
    # October judged at its end: R1 replied on time, nothing overdue.
    oct_ = _numbers(leader, "2026-10")["合计"]
    assert (oct_["received"], oct_["due"], oct_["on_time"], oct_["overdue"]) == (1, 1, 1, 0)


def build_rest(county, monkeypatch):
    r3 = ClearanceRequest.objects.get(received_on=date(2026, 11, 20))
    _reply(county, monkeypatch, r3, date(2026, 12, 3), {"town_a_head": "defer"})
    _receive(county, monkeypatch, date(2026, 12, 1), date(2026, 12, 4), "promotion", "village_head")
    freeze(monkeypatch, date(2026, 12, 5))


@pytest.mark.parametrize("role", ["leader", "case_management"])
def test_clearance_cells_drill(county, monkeypatch, client, role):
    build(county, monkeypatch)
    for code in ("2026", "2026-11"):
        grid, checked = check_cells(client, county.users[role], "clearance", code)
        assert checked
        assert grid.rows[-1].unit.total


def test_who_sees_the_table(county):
    assert standard.get("clearance") in standard.tables_for(county.users["leader"])
    assert standard.get("clearance") in standard.tables_for(county.users["case_management"])
    for role in ("petition", "resident_team", "org_department"):
        assert standard.get("clearance") not in standard.tables_for(county.users[role])
