"""The print page of a case (打印): the case with its people, their measures and
decisions, and its time limits, for the paper file (``core.printing``). It reads the
case through the case page's scoped selector and the same record (``case_record``)."""

from __future__ import annotations

from jiandu.cases import selectors
from jiandu.cases.views import _event_rows, _today, case_record
from jiandu.core.permissions import capability_required
from jiandu.core.printing import print_response


@capability_required("cases.view")
def case_print(request, pk: int):
    user = request.user
    case = selectors.case_get_for(user=user, pk=pk)
    record = case_record(user, case, _today(), actions=False)
    record.pop("people")
    context = {
        "case": case,
        **record,
        "co_units": list(case.co_units.all()),
        "investigators": list(case.investigators.all()),
        "reviewers": list(case.reviewers.all()),
        "categories": list(case.categories.all()),
        "recommendations": list(case.recommendations.select_related("unit")),
        "events": _event_rows(case),
    }
    return print_response(request, "cases/case_print.html", context)
