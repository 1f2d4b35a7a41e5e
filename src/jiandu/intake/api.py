"""Report API (being built)."""

from rest_framework import viewsets

from jiandu.intake.models import Report
from jiandu.org.api import CapabilityPermission


class ReportViewSet(viewsets.GenericViewSet):
    permission_classes = [CapabilityPermission]
    capability = "reports.view"
    queryset = Report.objects.none()
