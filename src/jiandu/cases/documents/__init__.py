"""Case documents generated as Word files: the stage documents of a case (立案, 审查调查,
留置, 审理, 处分, 执行, 回访) declared as :class:`jiandu.core.documents.DocumentKind`\\ s on the
one official-document renderer (:mod:`jiandu.core.documents`, GB/T 9704-2012 layout).

The kinds are grouped by part of the procedure: :mod:`.filing`, :mod:`.investigation`,
:mod:`.decision`, :mod:`.followup`; :mod:`.context` holds the wording they share.

The context is a plain dict; every key is optional (a missing value prints ×××, so a
draft can always be generated and completed by hand before signing):

``issuer``
    the commission (its document issuer name in the register:
    ``org.selectors.document_issuer``; a missing one prints ×××); the party committee
    ("中共××县纪律检查委员会") and supervisory commission ("××县监察委员会") names are
    derived from it unless ``discipline_issuer`` / ``supervision_issuer`` are given.
``doc_number``
    文号, e.g. "××纪立〔2026〕12号"; without one, ``doc_prefix`` (the commission's 文号
    prefix in the register) gives a draft number with the serial left blank
    ("××纪〔2026〕　号"). ``case_number``: the case's number (案件编号).
``title``
    overrides the kind's standard title.
``case_kind``
    "person" (default), "incident" (以事立案) or "organisation" (单位立案), [条例] 181;
    ``subject``: what an incident case is about (an organisation case is about
    ``unit``; a person case about its persons).
``persons``
    list of dicts: ``name``, ``gender`` ("男"/"女" or "M"/"F"), ``ethnicity``,
    ``birth`` (date or text), ``education``, ``party_joined`` (date/text; empty for a
    non-member), ``work_started``, ``unit``, ``title`` (post), ``rank``, ``measures``
    (measure codes of :class:`jiandu.cases.rules.sanctions.Measure`), ``influence_end``
    (date), ``attitude`` (态度和认识).
``unit``
    the unit concerned (organisation case, notices, recommendation addressee).
``facts``
    text or list of paragraphs (违纪违法事实); ``evidence``: list of items;
    ``violations``: text naming the rules broken ("违反了廉洁纪律"); each document adds
    what it constitutes (，构成违纪 / 构成职务违法 / 构成违纪违法, from the measures) unless
    the text already says "构成".
``basis``
    the articles applied, e.g. "《中国共产党纪律处分条例》第一百零二条"; ``party_basis``
    and ``gov_basis`` override it in the party and government decisions.
``clue_source``
    where the problem came from ("群众来信反映…").
dates
    ``date`` (成文日期, default today in the local time zone), ``filed_on``,
    ``received_on`` (审理受理), ``decided_on``, ``served_on``, ``executed_on``,
    ``detention_start``, ``detention_end``, ``extended_end``, ``reply_due``, ``visit_on``
    — ``date`` objects (written 2026年11月23日) or text.
others
    ``filing_approver`` (who approved the filing and a revocation, default "<issuer>主要
    负责人审批，报中共<county>委员会主要负责人", [规则] 38), ``detention_approver``
    (default 上一级监察机关, [监察法] 43),
    ``party_decided_by`` / ``gov_decided_by`` (default the 常委会会议 / 委务会议),
    ``report_to`` (呈批报告 addressee), ``handling_unit`` (承办部门), ``team`` (names),
    ``leader`` (包案领导), ``steps`` (list), ``opinion`` (处理意见 / 审理意见 text),
    ``offence`` (涉嫌罪名), ``criminal_basis`` (刑法条文), ``procuratorate``,
    ``detention_place``, ``family`` (留置通知书 addressee), ``reason`` (撤销理由),
    ``money_recovered`` (Decimal, 元), ``execution_items`` (list), ``problems`` and
    ``suggestions`` (lists, 建议书), ``visit_form``, ``visitors``, ``visit_findings``,
    ``unit_opinion``, ``note`` (回访登记表 备注), ``cc`` (抄送), ``appeal_to`` (申诉/复审
    机关), ``review_unit`` (default 案件审理室), ``due_on`` (审查调查方案 完成时限),
    ``decision_numbers`` (the decisions' 文号, cited by the execution report),
    ``attitude`` (态度和认识 for every person without their own).

From the record: ``jiandu.cases.document_context`` fills every key the case's steps
recorded; ××× is left only where the record lacks the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jiandu.cases.documents import decision, filing, followup, investigation, property
from jiandu.cases.documents.context import CaseContext
from jiandu.core.documents import DocumentKind, render_kind

__all__ = ["DOCUMENT_KINDS", "CaseContext", "DocumentKind", "render_document"]

DOCUMENT_KINDS: dict[str, DocumentKind[CaseContext]] = {
    kind.code: kind
    for kind in (
        DocumentKind("filing_report", "立案审查调查呈批报告", filing.filing_report),
        DocumentKind("filing_decision", "立案决定书", filing.filing_decision),
        DocumentKind("filing_notice", "立案通知书", filing.filing_notice),
        DocumentKind("investigation_plan", "审查调查方案", investigation.investigation_plan),
        DocumentKind("investigation_report", "审查调查报告", investigation.investigation_report),
        DocumentKind("detention_decision", "留置决定书", investigation.detention_decision),
        DocumentKind("detention_notice", "留置通知书", investigation.detention_notice),
        DocumentKind(
            "detention_extension", "延长留置时间决定书", investigation.detention_extension
        ),
        DocumentKind("review_report", "审理报告", decision.review_report),
        DocumentKind("party_sanction_decision", "党纪处分决定书", decision.party_sanction_decision),
        DocumentKind("gov_sanction_decision", "政务处分决定书", decision.gov_sanction_decision),
        DocumentKind("prosecution_opinion", "起诉意见书", investigation.prosecution_opinion),
        DocumentKind("revocation_decision", "撤销案件决定书", filing.revocation_decision),
        DocumentKind("execution_report", "执行情况报告", followup.execution_report),
        DocumentKind("recommendation", "纪检监察建议书", followup.recommendation),
        DocumentKind("followup_record", "回访登记表", followup.followup_record),
        DocumentKind("property_list", "移送司法机关涉案财物清单", property.property_list),
    )
}


def render_document(kind: str, context: Mapping[str, Any]) -> bytes:
    """The ``.docx`` bytes of document ``kind`` (a :data:`DOCUMENT_KINDS` code) filled
    with ``context`` (keys above). ``KeyError`` for an unknown kind."""
    if kind not in DOCUMENT_KINDS:
        raise KeyError(f"unknown document kind: {kind!r}")
    return render_kind(
        DOCUMENT_KINDS[kind],
        CaseContext(context),
        keywords=str(context.get("case_number") or ""),
    )
