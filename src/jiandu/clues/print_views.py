"""The print page of a clue (打印): the clue with its disposition history, for the
paper file (``core.printing``). It reads the clue through the clue page's scoped
selector and shows what that page shows: the clue, its time limits, approvals, first-
form measures and the handling history (办理过程), every related number through the
viewer's scope."""

from __future__ import annotations

from django.utils import timezone

from jiandu.clues import selectors
from jiandu.clues.models import ClueApproval
from jiandu.clues.views import APPROVAL_STEPS, _event_rows, _label, deadline_view
from jiandu.core.permissions import capability_required
from jiandu.core.printing import print_response
from jiandu.core.scoping import scoped_refs
from jiandu.org.models import Rank


@capability_required("clues.view")
def clue_print(request, pk: int):
    user = request.user
    clue = selectors.clue_get_for(user=user, pk=pk)
    today = timezone.localdate()
    approvals = ClueApproval.objects.filter(clue=clue).select_related("proposed_by", "approver")
    context = {
        "clue": clue,
        "subject_rank": _label(Rank, clue.subject_rank),
        "categories": list(clue.categories.all()),
        "deadlines": [deadline_view(d, today) for d in clue.deadlines.order_by("due_on", "id")],
        "approvals": [(a, APPROVAL_STEPS.get(a.step, a.step)) for a in approvals],
        "measures": list(clue.measures.all()),
        "reports": scoped_refs(user, clue.reports.only("id", "number").order_by("number")),
        "events": _event_rows(clue),
    }
    return print_response(request, "clues/clue_print.html", context)
