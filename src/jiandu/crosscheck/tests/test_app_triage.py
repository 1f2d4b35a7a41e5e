"""The triage rules (pure): the hit state machine, what a clue's outcome says about its
hit, and the precision figures, with hand-worked examples."""

import pytest

from jiandu.core.errors import IllegalTransition
from jiandu.crosscheck import triage


@pytest.mark.parametrize(
    "status,action,target",
    [
        ("new", "confirm", "confirmed"),
        ("new", "dismiss", "dismissed"),
        ("dismissed", "reopen", "new"),
    ],
)
def test_allowed_moves(status, action, target):
    assert triage.MACHINE.check(status, action) == target


@pytest.mark.parametrize(
    "status,action",
    [
        ("confirmed", "confirm"),
        ("confirmed", "dismiss"),
        ("confirmed", "reopen"),
        ("dismissed", "confirm"),
        ("dismissed", "dismiss"),
        ("new", "reopen"),
    ],
)
def test_every_illegal_move_is_refused_in_chinese(status, action):
    with pytest.raises(IllegalTransition) as exc:
        triage.MACHINE.check(status, action)
    assert "不能" in exc.value.message and triage.STATUS_LABELS[status] in exc.value.message


def test_unknown_action():
    with pytest.raises(IllegalTransition, match="未知操作"):
        triage.MACHINE.check("new", "approve")


@pytest.mark.parametrize(
    "kw,expected",
    [
        (
            {"status": "pending_case", "finding": "true", "close_kind": "", "has_measure": False},
            "substantiated",
        ),
        (
            {
                "status": "closed",
                "finding": "partly_true",
                "close_kind": "after_check",
                "has_measure": False,
            },
            "substantiated",
        ),
        (
            {"status": "closed", "finding": "", "close_kind": "after_check", "has_measure": True},
            "substantiated",
        ),
        (
            {
                "status": "closed",
                "finding": "unfounded",
                "close_kind": "after_check",
                "has_measure": False,
            },
            "unfounded",
        ),
        (
            {
                "status": "closed",
                "finding": "unverifiable",
                "close_kind": "after_check",
                "has_measure": False,
            },
            "unfounded",
        ),
        (
            {"status": "closed", "finding": "", "close_kind": "direct", "has_measure": False},
            "unfounded",
        ),
        ({"status": "verification", "finding": "", "close_kind": "", "has_measure": False}, "open"),
        ({"status": "transferred", "finding": "", "close_kind": "", "has_measure": False}, "open"),
    ],
)
def test_clue_outcome(kw, expected):
    assert triage.clue_outcome(**kw) == expected


def test_precision_hand_worked():
    # 10 hits: 2 waiting, 5 confirmed, 3 dismissed; of the 5 clues 2 proved true, 1 not,
    # 2 still open.
    p = triage.precision(
        statuses={"new": 2, "confirmed": 5, "dismissed": 3},
        outcomes={"substantiated": 2, "unfounded": 1, "open": 2},
    )
    assert (p.hits, p.pending, p.decided) == (10, 2, 8)
    assert p.triage == pytest.approx(5 / 8)
    assert p.outcome == pytest.approx(2 / 3)
    assert p.overall == pytest.approx(2 / 6)  # 2 true ÷ (2 true + 1 false + 3 dismissed)


def test_precision_without_decisions_is_unknown_not_zero():
    p = triage.precision(statuses={"new": 4})
    assert p.triage is None and p.outcome is None and p.overall is None


def test_clue_summary_carries_rule_evidence_and_note():
    text = triage.clue_summary(
        rule_code="R02",
        rule_name="死亡后仍领取补贴救助",
        summary="孙秀英已于2025年5月1日死亡，此后仍领取高龄津贴",
        evidence_lines=["死亡/火化登记第2行：姓名：孙秀英"],
        note="已核对",
    )
    assert "R02" in text and "死亡/火化登记第2行" in text and "研判意见：已核对" in text


@pytest.mark.parametrize(
    "name,key",
    [
        ("青山县白沙镇人民政府", "白沙镇"),
        ("青山县城东街道办事处", "城东街道"),
        ("白沙镇", "白沙镇"),
        ("青山县教育局", "教育局"),
        (" 东镇 ", "东镇"),
        ("县教育局", "县教育局"),  # no county name before 县: left alone
    ],
)
def test_unit_key(name, key):
    assert triage.unit_key(name) == key
