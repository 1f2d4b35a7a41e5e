"""The API router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from jiandu.org.api import CadreViewSet, CompanyViewSet, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("cadres", CadreViewSet, basename="cadre")
router.register("companies", CompanyViewSet, basename="company")
