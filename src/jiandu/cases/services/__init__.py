"""Every write to the case register. Each step is a service: it checks the state
machine (``jiandu.cases.rules``), the actor's capability, scope and part in the case
(handling units act on the investigation, the review office on the review, leaders
approve), the stage documents, fixes the due dates the step starts, and records one
audit event on the case, in one transaction.

Dates: every step takes the day it happened (``on``), e.g. the date on the signed
decision; it may not be in the future nor before the track entered its stage.

One module per part of the procedure; the package exports every step, so callers write
``services.case_open(...)``.
"""

from jiandu.cases.services.approvals import (
    case_propose,
    case_reject_proposal,
    investigation_extension_refusal,
    proposable_steps,
)
from jiandu.cases.services.common import (
    PersonInput,
    current_measures,
    handling_unit_ids,
    signed_document_kinds,
)
from jiandu.cases.services.decision import (
    APPEAL_SEPARATION,
    case_appeal,
    case_appeal_decide,
    case_close,
    case_decide,
    case_extend_execution,
    case_revoke,
    case_serve,
    took_part_in_original,
)
from jiandu.cases.services.documents import (
    DOCUMENT_FILES,
    document_generate,
    document_upload,
)
from jiandu.cases.services.followup import (
    followup_record,
    followup_schedule,
    person_period_end,
    recommendation_close,
    recommendation_issue,
    recommendation_reply,
    reform_item_add,
    reform_item_done,
)
from jiandu.cases.services.investigation import (
    case_extend_investigation,
    case_refer_review,
    case_resubmit,
    case_start_investigation,
    detention_extend,
    detention_release,
    detention_start,
)
from jiandu.cases.services.measures import (
    custody_extend,
    detention_recount,
    detention_second_extend,
    incident_record,
    incident_report_up,
    measure_notify,
    measure_start,
)
from jiandu.cases.services.opening import (
    case_add_person,
    case_decide_filing,
    case_open,
    case_open_from_clue,
    case_set_team,
    people_from_clue,
)
from jiandu.cases.services.property import (
    property_confiscate,
    property_decide_confiscation,
    property_decide_return,
    property_register,
    property_return,
    property_transfer,
)
from jiandu.cases.services.review import (
    case_accept_review,
    case_extend_review,
    case_prosecution_resubmit,
    case_prosecution_return,
    case_refer_prosecution,
    case_return_reinvestigate,
    case_return_supplementary,
)

__all__ = [
    "APPEAL_SEPARATION",
    "DOCUMENT_FILES",
    "PersonInput",
    "case_accept_review",
    "case_add_person",
    "case_appeal",
    "case_appeal_decide",
    "case_close",
    "case_decide",
    "case_decide_filing",
    "case_extend_execution",
    "case_extend_investigation",
    "case_extend_review",
    "case_open",
    "case_open_from_clue",
    "case_propose",
    "case_prosecution_resubmit",
    "case_prosecution_return",
    "case_refer_prosecution",
    "case_refer_review",
    "case_reject_proposal",
    "case_resubmit",
    "case_return_reinvestigate",
    "case_return_supplementary",
    "case_revoke",
    "case_serve",
    "case_set_team",
    "case_start_investigation",
    "current_measures",
    "custody_extend",
    "detention_extend",
    "detention_recount",
    "detention_release",
    "detention_second_extend",
    "detention_start",
    "document_generate",
    "document_upload",
    "followup_record",
    "followup_schedule",
    "handling_unit_ids",
    "incident_record",
    "incident_report_up",
    "investigation_extension_refusal",
    "measure_notify",
    "measure_start",
    "people_from_clue",
    "person_period_end",
    "property_confiscate",
    "property_decide_confiscation",
    "property_decide_return",
    "property_register",
    "property_return",
    "property_transfer",
    "proposable_steps",
    "recommendation_close",
    "recommendation_issue",
    "recommendation_reply",
    "reform_item_add",
    "reform_item_done",
    "signed_document_kinds",
    "took_part_in_original",
]
