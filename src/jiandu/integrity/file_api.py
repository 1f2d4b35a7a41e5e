"""Read API of the integrity file (廉政档案): the supervision record of one cadre and the
person-level record of measures, scoped exactly as the file page is (each part by the
viewer's scope for its own domain), every opening written to the read log."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from jiandu.core.permissions import CapabilityPermission
from jiandu.core.recording import record_read
from jiandu.integrity.record import person_record
from jiandu.org.models import Cadre


class FileFactSerializer(serializers.Serializer):
    kind = serializers.CharField()
    number = serializers.CharField()
    label = serializers.CharField()
    on = serializers.DateField(allow_null=True)
    url = serializers.CharField()
    open = serializers.BooleanField()


class FileMeasureSerializer(serializers.Serializer):
    source = serializers.CharField()
    code = serializers.CharField()
    label = serializers.CharField()
    kind_label = serializers.CharField()
    form = serializers.IntegerField(allow_null=True)
    decided_on = serializers.DateField()
    own_end = serializers.DateField(allow_null=True)
    permanent = serializers.BooleanField()
    number = serializers.CharField()
    url = serializers.CharField()


class CadreFileSerializer(serializers.Serializer):
    cadre = serializers.IntegerField(source="cadre_id")
    name = serializers.CharField()
    on = serializers.DateField()
    influence_end = serializers.DateField(allow_null=True)
    permanent = serializers.BooleanField()
    in_period = serializers.BooleanField()
    reports_by_year = serializers.DictField(child=serializers.IntegerField())
    reports = FileFactSerializer(many=True)
    clues = FileFactSerializer(many=True)
    cases = FileFactSerializer(many=True)
    measures = FileMeasureSerializer(many=True)


class CadreFileViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """``GET /api/integrity/files/{cadre id}/``: the cadre's supervision record as the
    viewer may see it; reports give numbers, categories and dates, never a reporter."""

    permission_classes = [CapabilityPermission]
    capability = "integrity.view"
    serializer_class = CadreFileSerializer

    def get_queryset(self):
        return Cadre.objects.visible_to(self.request.user).order_by("id")

    @extend_schema(responses=CadreFileSerializer)
    def retrieve(self, request, *args: Any, **kwargs: Any) -> Response:
        cadre = self.get_object()
        record = person_record(cadre.pk, user=request.user)
        record_read(user=request.user, obj=cadre, what="integrity_file")
        data = {
            "cadre_id": cadre.pk,
            "name": cadre.name,
            "on": record.on,
            "influence_end": record.influence_end,
            "permanent": record.permanent,
            "in_period": record.in_period,
            "reports_by_year": {str(k): v for k, v in record.reports_by_year().items()},
            "reports": record.reports,
            "clues": record.clues,
            "cases": record.cases,
            "measures": record.measures,
        }
        return Response(CadreFileSerializer(data).data)
