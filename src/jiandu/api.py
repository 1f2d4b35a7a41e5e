"""The API router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from jiandu.clues.api import ClueViewSet
from jiandu.intake.api import ReportViewSet
from jiandu.org.api import CadreViewSet, CompanyViewSet, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("cadres", CadreViewSet, basename="cadre")
router.register("companies", CompanyViewSet, basename="company")
router.register("reports", ReportViewSet, basename="report")
router.register("clues", ClueViewSet, basename="clue")
