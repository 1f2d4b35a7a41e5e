"""The context of a case document: the wording every case document shares (a person's
introduction, what the conduct constitutes, the sanctions as a decision names them) on
top of the defaults of :class:`jiandu.core.documents.DocumentContext`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from jiandu.cases.rules.sanctions import (
    Measure,
    MeasureCategory,
    influence_period_end,
    is_permanent,
)
from jiandu.cases.rules.sanctions import (
    measure_kind as measure_category,
)
from jiandu.core.documents import (
    BLANK,
    Block,
    DocumentContext,
    body,
    document_date,
    paragraphs,
)
from jiandu.core.formatting import cn_month

#: How a measure is named in a decision ("给予…处分" / "予以…").
SANCTION_WORDING: dict[str, str] = {
    Measure.PARTY_WARNING: "党内警告处分",
    Measure.PARTY_SERIOUS_WARNING: "党内严重警告处分",
    Measure.PARTY_REMOVAL_FROM_POST: "撤销党内职务处分",
    Measure.PARTY_PROBATION_1Y: "留党察看一年处分",
    Measure.PARTY_PROBATION_2Y: "留党察看二年处分",
    Measure.PARTY_EXPULSION: "开除党籍处分",
    Measure.GOV_WARNING: "政务警告处分",
    Measure.GOV_DEMERIT: "政务记过处分",
    Measure.GOV_MAJOR_DEMERIT: "政务记大过处分",
    Measure.GOV_DEMOTION: "政务降级处分",
    Measure.GOV_REMOVAL_FROM_POST: "政务撤职处分",
    Measure.GOV_EXPULSION: "开除公职处分",
}


def measure_wording(code: str) -> str:
    return SANCTION_WORDING.get(code) or str(Measure(code).label)


class CaseContext(DocumentContext):
    """Read access to a case document's context (keys in :mod:`jiandu.cases.documents`)
    with the defaults and wording of all case kinds."""

    def __init__(self, data: Mapping[str, Any]):
        super().__init__(data)
        base = self.issuer.removesuffix("纪委监委")
        self.discipline_issuer = str(
            self.data.get("discipline_issuer") or f"中共{base}纪律检查委员会"
        )
        self.supervision_issuer = str(self.data.get("supervision_issuer") or f"{base}监察委员会")
        persons = self.data.get("persons") or []
        self.persons: list[dict[str, Any]] = [dict(p) for p in persons] or [{}]
        self.person = self.persons[0]

    @property
    def case_kind(self) -> str:
        return str(self.data.get("case_kind") or "person")

    # -- persons

    @staticmethod
    def name_of(person: Mapping[str, Any]) -> str:
        return str(person.get("name") or BLANK)

    @property
    def name(self) -> str:
        return "、".join(self.name_of(p) for p in self.persons)

    @staticmethod
    def post_of(person: Mapping[str, Any]) -> str:
        return f"{person.get('unit') or ''}{person.get('title') or ''}"

    def named(self, person: Mapping[str, Any]) -> str:
        """××县交通运输局副局长张三."""
        return f"{self.post_of(person)}{self.name_of(person)}"

    def intro(self, person: Mapping[str, Any]) -> str:
        """张三，男，汉族，1975年3月生，大学学历，1998年6月加入中国共产党，1996年7月参加
        工作，现任××县交通运输局副局长。"""
        gender = {"M": "男", "F": "女"}.get(str(person.get("gender")), person.get("gender"))
        parts = [self.name_of(person)]
        if gender:
            parts.append(str(gender))
        if person.get("ethnicity"):
            parts.append(str(person["ethnicity"]))
        if person.get("birth"):
            parts.append(f"{cn_month(person['birth'], BLANK)}生")
        if person.get("education"):
            parts.append(str(person["education"]))
        if person.get("party_joined"):
            parts.append(f"{cn_month(person['party_joined'], BLANK)}加入中国共产党")
        if person.get("work_started"):
            parts.append(f"{cn_month(person['work_started'], BLANK)}参加工作")
        post = self.post_of(person)
        if post:
            parts.append(f"现任{post}")
        return "，".join(parts) + "。"

    def subject(self) -> str:
        """What the case is about: a person's (or several) problems, an incident, a unit."""
        if self.case_kind == "incident":
            return self.get("subject")
        if self.case_kind == "organisation":  # the unit itself is the subject
            return self.get("unit", "") or self.get("subject")
        return "、".join(self.named(p) for p in self.persons)

    def problem(self) -> str:
        """张三涉嫌违纪违法问题; an incident case names its incident as it is."""
        if self.case_kind == "incident":
            return self.subject()
        return f"{self.subject()}涉嫌违纪违法问题"

    @property
    def filing_approver(self) -> str:
        """Who approved the filing: [规则] 38, the commission's main leader examines and
        the main leader of the Party committee at the same level approves."""
        base = self.issuer.removesuffix("纪委监委")
        default = f"{self.issuer}主要负责人审批，报中共{base}委员会主要负责人"
        return self.get("filing_approver", default)

    # -- measures

    def measures_of(self, person: Mapping[str, Any], kind: str | None = None) -> list[str]:
        codes = [str(c) for c in person.get("measures") or ()]
        if kind is not None:
            codes = [c for c in codes if measure_category(c) == kind]
        return codes

    def finding(self, person: Mapping[str, Any], kind: str | None = None) -> str:
        """违反了廉洁纪律，构成违纪 — what the conduct broke and constitutes: a party
        decision 违纪, a government decision 职务违法, a report from the measures."""
        text = self.get("violations", f"违反了{BLANK}")
        if "构成" in text:
            return text
        kinds = {kind} if kind else {measure_category(c) for c in self.measures_of(person)}
        party, gov = MeasureCategory.PARTY in kinds, MeasureCategory.GOVERNMENT in kinds
        if party and gov:
            return f"{text}，构成违纪违法"
        if party:
            return f"{text}，构成违纪"
        if gov:
            return f"{text}，构成职务违法"
        return text

    def sanction_text(self, person: Mapping[str, Any], kind: str | None = None) -> str:
        codes = self.measures_of(person, kind)
        return "、".join(measure_wording(c) for c in codes) or BLANK

    def influence_end(self, person: Mapping[str, Any]) -> date | None:
        """The person's influence period end: as given, or the latest of the measures'
        from the decision date."""
        end = person.get("influence_end")
        decided_on = self.data.get("decided_on")
        if end is None and isinstance(decided_on, date):
            ends = [influence_period_end(c, decided_on) for c in self.measures_of(person)]
            known = [e for e in ends if e is not None]
            end = max(known) if known else None
        return end

    # -- parts several kinds share

    def facts(self) -> list[Block]:
        """违纪违法事实, one paragraph a line (××× when missing)."""
        return paragraphs(self.data.get("facts"), blank=BLANK)

    def period_sentences(self, person: Mapping[str, Any], kind: str) -> list[Block]:
        """The influence period of the decided sanction, when the decision date is known."""
        decided_on = self.data.get("decided_on")
        if not isinstance(decided_on, date):
            return []
        sentences = []
        for code in self.measures_of(person, kind):
            end = influence_period_end(code, decided_on)
            if end is not None:
                sentences.append(
                    f"{measure_wording(code)}的影响期自{document_date(decided_on)}起"
                    f"至{document_date(end)}止。"
                )
            elif is_permanent(code):
                sentences.append(
                    f"受到{measure_wording(code)}的，不得录用为公务员以及参照公务员法管理的人员。"
                )
        return [body(s) for s in sentences]
