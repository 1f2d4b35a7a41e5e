"""Clue API (being built)."""

from rest_framework import viewsets

from jiandu.clues.models import Clue
from jiandu.org.api import CapabilityPermission


class ClueViewSet(viewsets.GenericViewSet):
    permission_classes = [CapabilityPermission]
    capability = "clues.view"
    queryset = Clue.objects.none()
