"""Consistent sanctions: similar-case retrieval, its reasons, the distributions and the
outlier flag, on a prepared set of decided cases."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest

from jiandu.cases.similarity import (
    MIN_SCORE,
    RANK_BANDS,
    CaseProfile,
    format_amount,
    four_form_distribution,
    outlier_flag,
    sanction_distribution,
    similar_cases,
)
from jiandu.org.models import Rank

LABELS = {
    "hd_dining": "违规吃喝",
    "hd_gifts": "违规收送名贵特产和礼品礼金",
    "hd_travel": "公款旅游",
    "fm_inaction": "不担当不作为乱作为假作为",
    "integrity": "违反廉洁纪律",
    "work": "违反工作纪律",
    "life": "违反生活纪律",
}


def profile(key, categories, disciplines, amount, rank, measures=(), decided_on=None):
    return CaseProfile(
        key=key,
        categories=frozenset(categories),
        disciplines=frozenset(disciplines),
        amount=None if amount is None else Decimal(amount),
        rank_band=rank,
        measures=tuple(measures),
        decided_on=decided_on,
    )


TARGET = profile("T", {"hd_dining"}, {"integrity"}, 30000, "township")

CANDIDATES = [
    profile(
        "A", {"hd_dining"}, {"integrity"}, 28000, "township", ["party_warning"], date(2025, 5, 1)
    ),
    profile(
        "B",
        {"hd_dining"},
        {"integrity"},
        32000,
        "township",
        ["party_warning", "gov_demerit"],
        date(2024, 3, 1),
    ),
    profile(
        "C",
        {"hd_dining", "hd_gifts"},
        {"integrity"},
        35000,
        "county",
        ["party_serious_warning"],
        date(2025, 1, 10),
    ),
    profile(
        "D",
        {"hd_dining"},
        {"integrity"},
        300000,
        "general",
        ["party_removal_from_post"],
        date(2023, 9, 1),
    ),
    profile(
        "E", {"hd_gifts"}, {"integrity"}, 30000, "township", ["party_warning"], date(2024, 6, 1)
    ),
    # nothing in common in what was violated: never similar, however close the rest
    profile(
        "F", {"fm_inaction"}, {"work"}, None, "township", ["first_admonition"], date(2024, 1, 1)
    ),
    # not decided yet
    profile("G", {"hd_dining"}, {"integrity"}, 29000, "township", (), None),
    # the target itself
    profile(
        "T", {"hd_dining"}, {"integrity"}, 30000, "township", ["party_warning"], date(2025, 1, 1)
    ),
    profile("I", {"hd_dining"}, set(), None, "other", ["first_admonition"], date(2022, 4, 1)),
    profile("J", {"hd_gifts"}, {"life"}, 30000, "township", ["party_warning"], date(2024, 2, 1)),
    # shares only the discipline, nothing else: 0.20 < MIN_SCORE
    profile("K", {"hd_travel"}, {"integrity"}, None, "other", ["gov_warning"], date(2024, 2, 1)),
]


def _amount_part(a, b):
    return 0.20 * max(0.0, 1 - math.log(max(a, b) / min(a, b)) / math.log(4))


def test_retrieval_order_scores_and_exclusions():
    matches = similar_cases(TARGET, CANDIDATES, labels=LABELS)
    assert [m.profile.key for m in matches] == ["B", "A", "D", "C", "E", "I"]
    scores = {m.profile.key: m.score for m in matches}
    assert scores["A"] == pytest.approx(0.45 + 0.20 + _amount_part(30000, 28000) + 0.15, abs=1e-4)
    assert scores["B"] == pytest.approx(0.45 + 0.20 + _amount_part(30000, 32000) + 0.15, abs=1e-4)
    assert scores["C"] == pytest.approx(
        0.45 / 2 + 0.20 + _amount_part(30000, 35000) + 0.05, abs=1e-4
    )
    assert scores["D"] == pytest.approx(0.45 + 0.20 + 0 + 0.05, abs=1e-4)  # 10× the amount
    assert scores["E"] == pytest.approx(0.20 + 0.20 + 0.15, abs=1e-4)
    assert scores["I"] == pytest.approx(0.45, abs=1e-4)
    assert all(m.score >= MIN_SCORE for m in matches)


def test_reasons_explain_each_match():
    matches = {m.profile.key: m for m in similar_cases(TARGET, CANDIDATES, labels=LABELS)}
    assert matches["A"].reasons == [
        "同为违规吃喝",
        "同属廉洁纪律",
        "金额相近（¥3万 vs ¥2.8万）",
        "同为乡科级",
    ]
    assert matches["C"].reasons == [
        "同为违规吃喝",
        "同属廉洁纪律",
        "金额相近（¥3万 vs ¥3.5万）",
        "职级相近（乡科级 vs 县处级）",
    ]
    assert matches["D"].reasons == [
        "同为违规吃喝",
        "同属廉洁纪律",
        "职级相近（乡科级 vs 一般干部）",
    ]
    assert matches["I"].reasons == ["同为违规吃喝"]


def test_without_labels_the_codes_are_shown():
    matches = similar_cases(TARGET, CANDIDATES[:1])
    assert matches[0].reasons[:2] == ["同为hd_dining", "同属integrity"]


def test_k_limits_and_ties_prefer_the_recent_decision():
    assert [m.profile.key for m in similar_cases(TARGET, CANDIDATES, k=2)] == ["B", "A"]
    assert similar_cases(TARGET, CANDIDATES, k=0) == []
    old = profile(
        "old", {"hd_dining"}, {"integrity"}, 30000, "township", ["party_warning"], date(2020, 1, 1)
    )
    new = profile(
        "new", {"hd_dining"}, {"integrity"}, 30000, "township", ["party_warning"], date(2025, 1, 1)
    )
    assert [m.profile.key for m in similar_cases(TARGET, [old, new])] == ["new", "old"]


def test_closer_amount_ranks_higher_and_both_without_amount_are_alike():
    near = profile("near", {"hd_dining"}, {"integrity"}, 31000, "township", ["party_warning"])
    far = profile("far", {"hd_dining"}, {"integrity"}, 60000, "township", ["party_warning"])
    assert [m.profile.key for m in similar_cases(TARGET, [far, near])] == ["near", "far"]
    no_amount = profile("X", {"fm_inaction"}, {"work"}, None, "county")
    other = profile("Y", {"fm_inaction"}, {"work"}, Decimal(0), "county", ["gov_warning"])
    match = similar_cases(no_amount, [other], labels=LABELS)[0]
    assert match.score == pytest.approx(1.0)
    assert match.reasons == [
        "同为不担当不作为乱作为假作为",
        "同属工作纪律",
        "均不涉及金额",
        "同为县处级",
    ]


def test_sanction_and_four_form_distribution():
    matches = similar_cases(TARGET, CANDIDATES, labels=LABELS)
    assert sanction_distribution(matches) == [
        ("first_admonition", 1),
        ("gov_demerit", 1),
        ("party_warning", 3),
        ("party_serious_warning", 1),
        ("party_removal_from_post", 1),
    ]
    assert four_form_distribution(matches) == [(1, 1), (2, 4), (3, 1), (4, 0)]
    assert four_form_distribution([]) == [(1, 0), (2, 0), (3, 0), (4, 0)]


def test_outlier_flag_heavier_than_all():
    matches = similar_cases(TARGET, CANDIDATES, labels=LABELS)
    assert outlier_flag(["party_expulsion"], matches) == (
        "拟给予的开除党籍（第三种形态）重于全部6件相似案件的处理，"
        "相似案件中最重为撤销党内职务（第三种形态），请核实是否存在从重情节。"
    )


def test_outlier_flag_lighter_than_all():
    matches = similar_cases(TARGET, CANDIDATES, labels=LABELS)
    assert outlier_flag(["first_talk_reminder"], matches) == (
        "拟给予的谈话提醒（第一种形态）轻于全部6件相似案件的处理，"
        "相似案件中最轻为诫勉（第一种形态），请核实是否存在从轻、减轻情节。"
    )


def test_outlier_flag_none_within_range_or_too_few():
    matches = similar_cases(TARGET, CANDIDATES, labels=LABELS)
    assert outlier_flag(["party_warning"], matches) is None
    assert outlier_flag(["party_serious_warning", "gov_demerit"], matches) is None
    assert outlier_flag(["party_removal_from_post"], matches) is None  # equals the heaviest
    assert outlier_flag([], matches) is None
    assert outlier_flag(["party_expulsion"], matches[:2]) is None  # fewer than 3


def test_outlier_flag_compares_the_heaviest_measure_of_each_case():
    uniform = [
        profile(
            f"S{i}",
            {"hd_dining"},
            {"integrity"},
            30000,
            "township",
            ["gov_warning", "party_warning"],
        )
        for i in range(3)
    ]
    matches = similar_cases(TARGET, uniform)
    # 严重警告 (18 months) is heavier than 党内警告 (12), the heaviest of every case
    assert outlier_flag(["party_serious_warning"], matches).startswith(
        "拟给予的党内严重警告（第二种形态）重于"
    )
    assert outlier_flag(["gov_demerit"], matches) is None  # weighs as much as 党内警告
    assert outlier_flag(["gov_warning"], matches).startswith("拟给予的政务警告（第二种形态）轻于")


def test_format_amount():
    assert format_amount(Decimal("32000")) == "¥3.2万"
    assert format_amount(Decimal("30000")) == "¥3万"
    assert format_amount(Decimal("1250000")) == "¥125万"
    assert format_amount(Decimal("8500")) == "¥8,500"


def test_rank_bands_are_the_org_rank_codes():
    assert dict(Rank.choices) == RANK_BANDS
    label_band = profile("L", {"hd_dining"}, {"integrity"}, 30000, "乡科级", ["party_warning"])
    assert similar_cases(TARGET, [label_band])[0].reasons[-1] == "同为乡科级"
