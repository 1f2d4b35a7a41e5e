"""The API router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from jiandu.cases.api import CaseViewSet
from jiandu.clues.api import ClueViewSet
from jiandu.clues.clearing_api import ClarificationViewSet, FalseAccusationViewSet
from jiandu.crosscheck.api import (
    DatasetImportViewSet,
    DatasetVersionViewSet,
    HitViewSet,
    RuleViewSet,
    RunViewSet,
)
from jiandu.directives.api import DirectiveDocumentViewSet, TaskViewSet
from jiandu.inspections.api import (
    InspectedOrganisationViewSet,
    InspectionRoundViewSet,
    RectificationItemViewSet,
)
from jiandu.intake.api import ReportViewSet
from jiandu.intake.identity_api import IdentityRequestViewSet
from jiandu.integrity.alert_api import AlertViewSet
from jiandu.integrity.clearance_api import ClearanceViewSet
from jiandu.integrity.file_api import CadreFileViewSet
from jiandu.integrity.register_api import (
    CommendationViewSet,
    DeclarationViewSet,
    DutyReportViewSet,
    FamilyEventViewSet,
    GiftViewSet,
    TalkViewSet,
)
from jiandu.org.api import CadreViewSet, CompanyViewSet, UnitViewSet
from jiandu.stats.api import StatsTableViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("cadres", CadreViewSet, basename="cadre")
router.register("companies", CompanyViewSet, basename="company")
router.register("reports", ReportViewSet, basename="report")
router.register("identity-requests", IdentityRequestViewSet, basename="identity-request")
router.register("clues", ClueViewSet, basename="clue")
router.register("clarifications", ClarificationViewSet, basename="clarification")
router.register("false-accusations", FalseAccusationViewSet, basename="false-accusation")
router.register("cases", CaseViewSet, basename="case")
router.register("inspections/rounds", InspectionRoundViewSet, basename="inspection-round")
router.register("inspections/targets", InspectedOrganisationViewSet, basename="inspection-target")
router.register("inspections/items", RectificationItemViewSet, basename="inspection-item")
router.register("directives/documents", DirectiveDocumentViewSet, basename="directive-document")
router.register("directives/tasks", TaskViewSet, basename="directive-task")
router.register("crosscheck/rules", RuleViewSet, basename="crosscheck-rule")
router.register("crosscheck/datasets", DatasetVersionViewSet, basename="crosscheck-dataset")
router.register("crosscheck/runs", RunViewSet, basename="crosscheck-run")
router.register("crosscheck/imports", DatasetImportViewSet, basename="crosscheck-import")
router.register("crosscheck/hits", HitViewSet, basename="crosscheck-hit")
router.register("integrity/files", CadreFileViewSet, basename="integrity-file")
router.register("integrity/declarations", DeclarationViewSet, basename="integrity-declaration")
router.register("integrity/talks", TalkViewSet, basename="integrity-talk")
router.register("integrity/duty-reports", DutyReportViewSet, basename="integrity-duty-report")
router.register("integrity/gifts", GiftViewSet, basename="integrity-gift")
router.register("integrity/family-events", FamilyEventViewSet, basename="integrity-family-event")
router.register("integrity/commendations", CommendationViewSet, basename="integrity-commendation")
router.register("alerts", AlertViewSet, basename="alert")
router.register("clearance/requests", ClearanceViewSet, basename="clearance-request")
router.register("stats/tables", StatsTableViewSet, basename="stats-table")
