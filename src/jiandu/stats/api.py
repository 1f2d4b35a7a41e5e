"""The standard tables as JSON, for other systems that collect figures: the same tables,
definitions and scope as the table page (``stats.selectors.table_compute``).

``GET /api/stats/tables/``: the tables the user may open; ``GET /api/stats/tables/<key>/
?period=2026-01..10&unit=<id>``: rows (units), columns, each cell's value with 同比/环比
and its drill-down url, the definitions and their version."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.core.api import with_errors
from jiandu.core.errors import DomainError
from jiandu.core.permissions import CapabilityPermission
from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import Grid, table_compute


class StatsTableSummarySerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    version = serializers.CharField()


class StatsColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    group = serializers.CharField()
    figure = serializers.CharField(help_text="统计指标代码（比率列为空）")
    ratio = serializers.BooleanField(help_text="比率列（百分数）")


class StatsCellSerializer(serializers.Serializer):
    column = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    year_earlier = serializers.FloatField(allow_null=True, help_text="去年同期")
    preceding = serializers.FloatField(allow_null=True, help_text="上期")
    yoy = serializers.FloatField(allow_null=True, help_text="同比（%；比率列为百分点）")
    mom = serializers.FloatField(allow_null=True, help_text="环比（%；比率列为百分点）")
    url = serializers.CharField(help_text="下钻：列出所计记录的台账地址（比率列为空）")


class StatsRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    unit = serializers.IntegerField()
    name = serializers.CharField()
    total = serializers.BooleanField()
    own = serializers.BooleanField(help_text="本级")
    cells = StatsCellSerializer(many=True)


class StatsPeriodSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class StatsDefinitionSerializer(serializers.Serializer):
    label = serializers.CharField()
    definition = serializers.CharField()


class StatsTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    version = serializers.CharField(help_text="统计口径版本")
    root = serializers.DictField(help_text="填报单位 {id, name}")
    period = StatsPeriodSerializer()
    year_earlier = StatsPeriodSerializer()
    preceding = StatsPeriodSerializer()
    columns = StatsColumnSerializer(many=True)
    rows = StatsRowSerializer(many=True)
    definitions = StatsDefinitionSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _period(p: P.Period) -> dict[str, Any]:
    return {"code": p.code, "label": p.label, "start": p.start, "end": p.end}


def grid_json(grid: Grid) -> dict[str, Any]:
    table = grid.table
    defs = standard.definitions(table)
    return {
        "key": table.key,
        "title": table.title,
        "version": table.version,
        "root": {"id": grid.root.pk, "name": grid.root.name},
        "period": _period(grid.period),
        "year_earlier": _period(grid.year_earlier),
        "preceding": _period(grid.preceding),
        "columns": [
            {
                "key": c.key,
                "label": c.label,
                "group": c.group,
                "figure": c.figure,
                "ratio": c.is_ratio,
            }
            for c in grid.columns
        ],
        "rows": [
            {
                "key": r.unit.key,
                "unit": r.unit.id,
                "name": r.unit.name,
                "total": r.unit.total,
                "own": r.unit.only,
                "cells": [
                    {
                        "column": col.key,
                        "value": _num(c.value),
                        "year_earlier": _num(c.year_earlier),
                        "preceding": _num(c.preceding),
                        "yoy": c.yoy,
                        "mom": c.mom,
                        "url": c.url,
                    }
                    for col, c in zip(grid.columns, r.cells, strict=True)
                ],
            }
            for r in grid.rows
        ],
        "definitions": [{"label": label, "definition": text} for label, text in defs.figures],
        "notes": defs.notes,
    }


class StatsTableViewSet(viewsets.ViewSet):
    """标准报表（与报表页相同的口径和数据范围）。"""

    permission_classes = [CapabilityPermission]
    capability = "stats.view"
    lookup_field = "key"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    @extend_schema(responses=StatsTableSummarySerializer(many=True))
    def list(self, request: Request) -> Response:
        data = [
            {"key": t.key, "title": t.title, "description": t.description, "version": t.version}
            for t in standard.tables_for(request.user)
        ]
        return Response(StatsTableSummarySerializer(data, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "key", OpenApiTypes.STR, OpenApiParameter.PATH, description="报表代码"
            ),
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                description="统计期间：2026-10、2026-Q3、2026、2026-01..10 或 "
                "2026-01-01..2026-10-31；默认年初至今",
            ),
            OpenApiParameter("unit", OpenApiTypes.INT, description="填报（根）单位"),
        ],
        responses=with_errors(StatsTableSerializer),
    )
    def retrieve(self, request: Request, key: str | None = None) -> Response:
        table = standard.REGISTRY.get(key or "")
        if table is None:
            raise NotFound("报表不存在。")
        user: Any = request.user
        if not user.has_capability(table.capability):
            raise PermissionDenied("您的角色无权查看此报表。")
        raw = request.query_params.get("period", "")
        try:
            period = P.parse(raw) if raw else P.default(timezone.localdate())
        except DomainError as exc:
            raise ValidationError({"period": [exc.message]}) from None
        unit = request.query_params.get("unit")
        if unit not in (None, "") and not str(unit).isdigit():
            raise ValidationError({"unit": ["单位编号应为整数。"]})
        grid = table_compute(user=user, table=table, period=period, root_id=unit)
        return Response(StatsTableSerializer(grid_json(grid)).data)
