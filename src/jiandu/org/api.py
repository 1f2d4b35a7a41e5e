"""Read API over the organisation register, scoped exactly as the pages are."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from jiandu.core.permissions import CapabilityPermission
from jiandu.org import selectors
from jiandu.org.filters import CadreFilter, CompanyFilter, UnitFilter
from jiandu.org.models import Cadre, Company, CompanyPerson, Post, Relative, Unit


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "short_name",
            "code",
            "kind",
            "kind_display",
            "parent",
            "uscc",
            "head_reported_upward",
        ]


class PostSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "unit",
            "unit_name",
            "title",
            "is_head",
            "is_leadership",
            "start_date",
            "end_date",
        ]


class CadreSerializer(serializers.ModelSerializer):
    current_posts = PostSerializer(many=True, read_only=True)

    class Meta:
        model = Cadre
        fields = [
            "id",
            "name",
            "citizen_id",
            "gender",
            "birth_date",
            "political_status",
            "rank",
            "party_committee_member",
            "commission_member",
            "current_posts",
        ]


class RelativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Relative
        fields = ["id", "relation", "name", "citizen_id", "occupation"]


class CadreDetailSerializer(CadreSerializer):
    posts = PostSerializer(many=True, read_only=True)
    relatives = serializers.SerializerMethodField()

    class Meta(CadreSerializer.Meta):
        fields = [f for f in CadreSerializer.Meta.fields if f != "current_posts"] + [
            "posts",
            "relatives",
        ]

    def get_relatives(self, cadre) -> list[dict]:
        user = self.context["request"].user
        rows = Relative.objects.visible_to(user).filter(cadre=cadre)
        return RelativeSerializer(rows, many=True).data


class CompanyPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompanyPerson
        fields = ["id", "person_name", "person_citizen_id", "role", "share_ratio"]


class CompanySerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["id", "uscc", "name", "address", "phone", "registered_on", "registered_capital"]


class ScopedReadViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [CapabilityPermission]
    capability = "org.view"


class UnitViewSet(ScopedReadViewSet):
    serializer_class = UnitSerializer
    filterset_class = UnitFilter

    def get_queryset(self):
        return selectors.unit_list(user=self.request.user).order_by("sort_order", "code")


class CadreViewSet(ScopedReadViewSet):
    filterset_class = CadreFilter

    def get_serializer_class(self):
        return CadreDetailSerializer if self.action == "retrieve" else CadreSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return Cadre.objects.visible_to(self.request.user).prefetch_related("posts__unit")
        return selectors.cadre_list(user=self.request.user).order_by("name", "id")


class CompanyViewSet(ScopedReadViewSet):
    serializer_class = CompanySerializer
    filterset_class = CompanyFilter

    def get_queryset(self):
        return selectors.company_list(user=self.request.user).order_by("name", "id")
