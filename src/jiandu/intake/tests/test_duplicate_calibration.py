"""The duplicate score on the hand-written labelled set (issue 12, item 3): recall and
precision at the app's threshold, measured with
``python -m jiandu.devtools.bench.dedup_calibration`` (figures in the docstring of
``similarity.DUPLICATE_THRESHOLD``)."""

from __future__ import annotations

from collections import Counter

from jiandu.devtools.bench import dedup_calibration
from jiandu.intake import similarity


def test_the_labelled_set_is_varied_and_balanced():
    pairs = dedup_calibration.load()
    kinds = Counter((p["kind"], p["duplicate"]) for p in pairs)
    assert len(pairs) >= 60 and len({p["id"] for p in pairs}) == len(pairs)
    for kind in ("retold", "call_vs_letter", "follow_up", "short_long", "near_copy"):
        assert kinds[(kind, True)] >= 4, kind
    for kind in ("same_person", "same_unit", "same_category", "same_person_same_category"):
        assert kinds[(kind, False)] >= 4, kind
    assert kinds[("same_person", False)] >= 10  # the hard case: another matter, same person
    for p in pairs:
        assert p["subject_a"] in p["a"] and p["subject_b"] in p["b"], p["id"]


def test_recall_and_precision_at_the_threshold_stay_above_what_was_measured():
    # Measured: recall 0.932 (41/44), precision 0.932 (41/44) at 0.12; the floors allow
    # one pair less on each side.
    result = dedup_calibration.run()
    assert result["threshold"] == similarity.DUPLICATE_THRESHOLD
    assert result["recall"] >= 0.9
    assert result["precision"] >= 0.9
    # Nobody else's matter is shown: the same kind of problem about another person.
    assert result["by_kind"]["same_category"][0] == 0
    # The threshold is where the set puts it (best F1), rounded down, not far off.
    assert abs(result["best_threshold"] - similarity.DUPLICATE_THRESHOLD) <= 0.02
    # A threshold chosen on half the set holds up on the other half (measured: recall
    # 0.864 and 0.909, precision 0.950 and 0.909).
    for _, other_half in result["folds"]:
        assert other_half["recall"] >= 0.85 and other_half["precision"] >= 0.85


def test_no_non_repeat_reaches_the_high_mark():
    rows = dedup_calibration.score_pairs(dedup_calibration.load())
    assert max(r.score for r in rows if not r.duplicate) < similarity.DUPLICATE_HIGH
    assert sum(r.score >= similarity.DUPLICATE_HIGH for r in rows if r.duplicate) >= 20


def test_the_issues_examples_score_the_right_way_round():
    """An obvious repeat of the same matter is shown; another matter about the same
    person and the same matter about someone else are not."""
    letter = (
        "我实名举报青石镇石桥村党支部书记刘洋。刘洋让他弟弟刘军承包了村里的道路硬化工程，"
        "没有公开招标，刘洋从中收了8万元好处费。"
    )
    call = "来电反映：石桥村支书刘洋的弟弟包了村里修路的工程，没招标，刘洋收了八万块好处费。"
    wedding = "石桥村党支部书记刘洋为儿子大操大办婚宴，摆了60多桌，收受村民和下属的礼金。"
    other = "白云村党支部书记方永贵让女婿承包村里的自来水工程，没有招标，收了5万元好处费。"
    score = similarity.duplicate_score
    assert score(letter, call, ["刘洋"], ["刘洋"]) >= similarity.DUPLICATE_HIGH
    assert score(letter, wedding, ["刘洋"], ["刘洋"]) < similarity.DUPLICATE_THRESHOLD
    assert score(letter, other, ["刘洋"], ["方永贵"]) == 0.0
    assert score(letter, letter + "请组织调查。", ["刘洋"], ["方永贵"]) >= 0.5  # a near copy


def test_the_command_prints_the_figures(capsys):
    result = dedup_calibration.main([])
    out = capsys.readouterr().out
    assert out.startswith(f"dedup calibration: {result['pairs']} pairs (")
    assert f"recall {result['recall']:.3f}, precision {result['precision']:.3f}" in out
