"""Hit identities are stable: the same across re-runs, and kept when a new dataset
version adds rows (only the new findings get new identities)."""

from __future__ import annotations

from datetime import date

from jiandu.crosscheck.engine.run import hit_identity, run_rules
from jiandu.crosscheck.tests import engine_fixture as fx


def _ids(result):
    return {h.identity for hits in result.values() for h in hits}


def test_identity_is_the_rule_and_key_values_only():
    a = hit_identity("R01", ["330781197503020011", "城乡低保"])
    assert len(a) == 24 and a == hit_identity("R01", ("330781197503020011", "城乡低保"))
    assert a != hit_identity("R09", ["330781197503020011", "城乡低保"])
    assert hit_identity("R10", ["YK1", date(2025, 10, 1), "rest_day"]) == hit_identity(
        "R10", ["YK1", "2025-10-01", "rest_day"]
    )


def test_re_running_gives_the_same_identities(tmp_path):
    datasets = fx.build(tmp_path / "v1")
    first = run_rules(datasets, params=fx.PARAMS)
    again = run_rules(datasets, params=fx.PARAMS)
    assert _ids(first) == _ids(again) and len(_ids(first)) == 18
    for code in first:
        assert [h.summary for h in first[code]] == [h.summary for h in again[code]]


def test_a_new_version_with_more_rows_keeps_the_old_identities(tmp_path):
    v1 = run_rules(fx.build(tmp_path / "v1"), params=fx.PARAMS)
    newcomer = ("钱伟", fx.cid(300, date(1985, 1, 1)))
    extra = {
        # another month paid to 张伟: same hit (evidence grows), no new identity
        "payments": [
            {
                "payee_name": fx.ZHANG_WEI[0],
                "payee_citizen_id": fx.ZHANG_WEI[1],
                "program": "城乡低保",
                "amount": "680",
                "paid_on": date(2025, 5, 10),
                "payer_unit": "兰江县石桥镇人民政府",
            },
            {
                "payee_name": newcomer[0],
                "payee_citizen_id": newcomer[1],
                "program": "城乡低保",
                "amount": "680",
                "paid_on": date(2025, 5, 10),
                "payer_unit": "兰江县石桥镇人民政府",
            },
        ],
        # a new employee who is also paid: a new hit
        "public_employees": [
            {"name": newcomer[0], "citizen_id": newcomer[1], "unit": fx.WATER, "post": "科员"}
        ],
    }
    v2 = run_rules(fx.build(tmp_path / "v2", extra), params=fx.PARAMS)
    assert _ids(v1) <= _ids(v2)
    new = _ids(v2) - _ids(v1)
    assert new == {hit_identity("R01", (newcomer[1], "城乡低保"))}
    old = {h.identity: h for h in v2["R01"]}[hit_identity("R01", (fx.ZHANG_WEI[1], "城乡低保"))]
    assert len([e for e in old.evidence if e["dataset"] == "payments"]) == 3
