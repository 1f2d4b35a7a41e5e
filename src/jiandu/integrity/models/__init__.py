"""The integrity module's models, one submodule per part:

- ``register``: what the register lacks (personal-matters declarations, talks, 述责述廉,
  gifts turned in, 婚丧喜庆 reports, commendations);
- ``clearance``: clearance requests (党风廉政意见回复), their people and frozen replies;
- ``profiles``: the 一人一策 supervision notes;
- ``alerts``: early alerts and their handling.
"""

from jiandu.integrity.models.alerts import Alert, AlertKind, AlertStatus
from jiandu.integrity.models.clearance import (
    ClearanceApproval,
    ClearancePerson,
    ClearancePurpose,
    ClearanceRequest,
    ClearanceStatus,
)

__all__ = [
    "Alert",
    "AlertKind",
    "AlertStatus",
    "ClearanceApproval",
    "ClearancePerson",
    "ClearancePurpose",
    "ClearanceRequest",
    "ClearanceStatus",
]
