"""The 澄清正名 letter (澄清正名函, [检举控告规则] 50 (一)): a GB/T 9704 document
(``core.documents``) filled from the clearing's record: whom, the facts found false,
the principal leader's approval, the scope of the notice and the way."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jiandu.core.documents import (
    Block,
    DocumentContext,
    DocumentKind,
    addressee,
    body,
    number,
    paragraphs,
    render_kind,
    signature,
    title,
)

SCOPE_REQUEST: dict[str, str] = {
    "person": "请向{person}同志本人当面说明情况",
    "committee": "请在你单位党委（党组）范围内通报本函内容",
    "unit": "请在你单位范围内通报澄清",
    "system": "请在你单位所在系统范围内通报澄清",
    "public": "本委将在适当范围内公开通报澄清",
}


def clarification_letter(ctx: DocumentContext) -> list[Block]:
    """关于为×××同志澄清正名的函."""
    person = ctx.get("person")
    who = f"{ctx.get('person_title', '')}{person}同志"
    finding = "系诬告陷害" if ctx.data.get("false_accusation") else "失实"
    request = SCOPE_REQUEST.get(str(ctx.data.get("scope_code") or ""), "请在适当范围内澄清")
    return [
        title(ctx.title(f"关于为{person}同志澄清正名的函")),
        number(ctx.doc_number),
        addressee(ctx.get("addressee")),
        body(f"{ctx.date('received_on')}，本委收到反映{who}有关问题的检举控告。反映的主要问题是："),
        *paragraphs(ctx.lines("facts")),
        body(
            f"经核查，上述反映{finding}。根据《纪检监察机关处理检举控告工作规则》第五十条的"
            f"规定，经本委主要负责人于{ctx.date('approved_on')}批准，现予以澄清正名。"
        ),
        body(
            f"{request.format(person=person)}（澄清方式：{ctx.get('way')}；通报范围："
            f"{ctx.get('scope')}），消除不良影响，保护干事创业积极性。"
        ),
        body("特此函告。"),
        *signature(ctx.issuer, ctx.today),
    ]


LETTER = DocumentKind("clarification_letter", "澄清正名函", clarification_letter)


def render_letter(context: Mapping[str, Any]) -> bytes:
    """The ``.docx`` bytes of the letter (context: ``clearing_selectors.letter_context``)."""
    return render_kind(
        LETTER, DocumentContext(context), keywords=str(context.get("clue_number") or "")
    )
