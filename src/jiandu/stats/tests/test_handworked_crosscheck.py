"""大数据比对情况表, hand-worked: the hits of the cross-check fixtures (R01: the teacher
of 第一中学 under 教育局, team 1's; R02: a dead pensioner paid by 东镇, 东镇纪委's),
triaged on frozen dates."""

from __future__ import annotations

from datetime import date

import pytest

from jiandu.crosscheck import services
from jiandu.crosscheck.models import Hit
from jiandu.crosscheck.tests.conftest import (  # noqa: F401 - fixtures
    datasets,
    run_checks,
    storage,
    write_csv,
)
from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute
from jiandu.stats.tests.c_data import freeze
from jiandu.stats.tests.test_drill_c import check_cells

pytestmark = pytest.mark.django_db


def _numbers(county, code):
    grid = table_compute(
        user=county.users["leader"], table=standard.get("crosscheck"), period=P.parse(code)
    )
    names = {r.unit.key: r.unit.name for r in grid.rows}
    return {names[k]: v for k, v in grid.numbers().items()}


@pytest.fixture
def triaged(county, datasets, run_checks, monkeypatch):  # noqa: F811
    run_checks()
    hits = {h.rule_code: h for h in Hit.objects.all()}
    actor = county.users["case_management"]
    freeze(monkeypatch, date(2026, 2, 10))
    services.hit_confirm(actor=actor, hit=hits["R01"], note="核对一致")
    freeze(monkeypatch, date(2026, 2, 12))
    services.hit_dismiss(actor=actor, hit=hits["R02"], reason="数据录入错误")
    return hits


def test_q1_then_reopened_and_confirmed_later(county, triaged, monkeypatch):
    q1 = _numbers(county, "2026-Q1")
    # Q1: R01 confirmed 02-10 (team 1: the school is under 教育局), R02 dismissed 02-12
    # (东镇纪委). Precision = 1 / (1 + 1) = 50%. One clue made (R01's, received 02-10).
    assert q1["合计"]["confirmed"] == 1 and q1["合计"]["unfounded"] == 1
    assert q1["合计"]["decided"] == 2 and q1["合计"]["precision"] == 50.0
    assert q1["合计"]["to_clue"] == 1
    assert q1["派驻第一纪检监察组"]["confirmed"] == 1 and q1["东镇纪委"]["unfounded"] == 1
    # April: R02 reopened and confirmed after all.
    freeze(monkeypatch, date(2026, 4, 1))
    actor = county.users["case_management"]
    r02 = Hit.objects.get(pk=triaged["R02"].pk)
    services.hit_reopen(actor=actor, hit=r02, reason="复核")
    services.hit_confirm(actor=actor, hit=Hit.objects.get(pk=r02.pk), note="确有问题")
    # Q1 recounts the same (as of 03-31 R02 was dismissed).
    assert _numbers(county, "2026-Q1") == q1
    # The half year: both confirmed, R02's dismissal overtaken: precision 2 / 2 = 100%.
    h1 = _numbers(county, "2026-01..06")["合计"]
    assert (h1["confirmed"], h1["unfounded"], h1["decided"], h1["precision"]) == (2, 0, 2, 100.0)
    # Hits are counted on the day the run found them (today, not frozen).
    from django.utils.timezone import localtime

    found = localtime(Hit.objects.order_by("created_at").first().created_at).date()
    year = _numbers(county, str(found.year))["合计"]
    assert year["hits"] == Hit.objects.filter(created_at__year=found.year).count()
    assert year["by_rule:R01"] == Hit.objects.filter(rule_code="R01").count()


@pytest.mark.parametrize("role", ["leader", "resident_team"])
def test_crosscheck_cells_drill(county, triaged, client, role):
    for code in ("2026-Q1", "2026"):
        _grid, checked = check_cells(client, county.users[role], "crosscheck", code)
        assert checked
