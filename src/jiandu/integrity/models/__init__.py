"""The integrity module's models, one submodule per part:

- ``register``: what the register lacks (personal-matters declarations, talks, 述责述廉,
  gifts turned in, 婚丧喜庆 reports, commendations);
- ``clearance``: clearance requests (党风廉政意见回复), their people and frozen replies;
- ``profiles``: the 一人一策 supervision notes;
- ``alerts``: early alerts and their handling.
"""

from jiandu.integrity.models.alerts import (
    Alert,
    AlertKind,
    AlertRun,
    AlertRunStatus,
    AlertRunTrigger,
    AlertStatus,
)
from jiandu.integrity.models.clearance import (
    ClearanceApproval,
    ClearancePerson,
    ClearancePurpose,
    ClearanceRequest,
    ClearanceStatus,
)
from jiandu.integrity.models.profiles import SupervisionNote
from jiandu.integrity.models.register import (
    DECLARATION_SECTIONS,
    Commendation,
    DutyRating,
    DutyReport,
    DutyReportForm,
    FamilyEventKind,
    FamilyEventReport,
    GiftHandIn,
    GiftHandling,
    IntegrityTalk,
    MaritalStatus,
    PersonalDeclaration,
    TalkKind,
)

__all__ = [
    "DECLARATION_SECTIONS",
    "Alert",
    "AlertKind",
    "AlertRun",
    "AlertRunStatus",
    "AlertRunTrigger",
    "AlertStatus",
    "ClearanceApproval",
    "ClearancePerson",
    "ClearancePurpose",
    "ClearanceRequest",
    "ClearanceStatus",
    "Commendation",
    "DutyRating",
    "DutyReport",
    "DutyReportForm",
    "FamilyEventKind",
    "FamilyEventReport",
    "GiftHandIn",
    "GiftHandling",
    "IntegrityTalk",
    "MaritalStatus",
    "PersonalDeclaration",
    "SupervisionNote",
    "TalkKind",
]
