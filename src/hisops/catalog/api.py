"""Catalog API: thin views that validate input, call one service or selector, and render."""

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from hisops.accounts.models import Department, Vendor
from hisops.accounts.serializers import DepartmentOutput
from hisops.core.errors import NotFound, ValidationError
from hisops.core.selectors import hospital_for_write
from hisops.core.serializers import HospitalCodeField, IdField

from . import selectors, services
from .choices import (
    Criticality,
    DatabaseEngine,
    DatabaseRole,
    Direction,
    Environment,
    ItemKind,
    Protocol,
    RelationKind,
)
from .models import Item, Relation


class ItemOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None)
    vendor_name = serializers.CharField(source="vendor.name", read_only=True, default=None)

    class Meta:
        model = Item
        fields = [
            "id", "code", "name", "aliases", "kind", "parent", "parent_name", "vendor", "vendor_name",
            "criticality", "hospital", "version", "environment", "notes", "is_active",
            "source", "target", "external_party", "protocol", "direction", "policy_driven",
            "db_engine", "db_role", "host", "location", "created_at", "updated_at",
        ]  # fmt: skip


class ItemDetailOutput(ItemOutput):
    departments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(ItemOutput.Meta):
        fields = [*ItemOutput.Meta.fields, "departments"]


class ItemInput(serializers.Serializer):
    hospital = serializers.CharField(required=False, help_text="Hospital code (platform admins)")
    code = serializers.CharField(max_length=64)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    parent = IdField(required=False, allow_null=True)
    vendor = IdField(required=False, allow_null=True)
    version = serializers.CharField(max_length=64, required=False, allow_blank=True)
    criticality = serializers.ChoiceField(choices=Criticality.choices, required=False)
    environment = serializers.ChoiceField(choices=Environment.choices, required=False)
    departments = serializers.ListField(child=IdField(), required=False, max_length=1000)
    notes = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    source = IdField(required=False, allow_null=True)
    target = IdField(required=False, allow_null=True)
    external_party = serializers.CharField(max_length=200, required=False, allow_blank=True)
    protocol = serializers.ChoiceField(choices=Protocol.choices, required=False, allow_blank=True)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False, allow_blank=True)
    policy_driven = serializers.BooleanField(required=False)
    db_engine = serializers.ChoiceField(
        choices=DatabaseEngine.choices, required=False, allow_blank=True
    )
    db_role = serializers.ChoiceField(
        choices=DatabaseRole.choices, required=False, allow_blank=True
    )
    host = serializers.CharField(max_length=200, required=False, allow_blank=True)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)


def resolve_item_refs(data: dict, *, hospital) -> tuple[dict, list | None]:
    """Swap the ids in validated input for records of the same hospital, field by field."""
    fields = dict(data)
    fields.pop("hospital", None)
    errors = {}
    for name in ("parent", "source", "target"):
        if fields.get(name) is not None:
            fields[name] = Item.objects.filter(hospital=hospital, pk=fields[name]).first()
            if fields[name] is None:
                errors[name] = [_("No such item in this hospital.")]
    if fields.get("vendor") is not None:
        fields["vendor"] = Vendor.objects.filter(hospital=hospital, pk=fields["vendor"]).first()
        if fields["vendor"] is None:
            errors["vendor"] = [_("No such vendor in this hospital.")]
    departments = None
    if "departments" in fields:
        wanted = set(fields.pop("departments"))
        departments = list(Department.objects.filter(hospital=hospital, pk__in=wanted))
        if len(departments) != len(wanted):
            errors["departments"] = [_("No such department in this hospital.")]
    if errors:
        raise ValidationError(fields=errors)
    return fields, departments


class ItemFilter(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ItemKind.choices, required=False)
    parent = IdField(required=False)
    vendor = IdField(required=False)
    criticality = serializers.ChoiceField(choices=Criticality.choices, required=False)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    covered = serializers.BooleanField(
        required=False, allow_null=True, default=None,
        help_text="false: the items no contract in force today covers (the item or its parent system)",
    )  # fmt: skip


class ImpactItem(serializers.Serializer):
    id = serializers.IntegerField(source="item.id")
    code = serializers.CharField(source="item.code")
    name = serializers.CharField(source="item.name")
    kind = serializers.CharField(source="item.kind")
    depth = serializers.IntegerField()
    via = serializers.IntegerField(source="via_id")
    reason = serializers.CharField()


class ImpactOutput(serializers.Serializer):
    item = ItemOutput()
    items = ImpactItem(many=True, source="affected")
    departments = DepartmentOutput(many=True)


@extend_schema(tags=["catalog"])
class ItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """CMDB items of the hospitals the user may see."""

    serializer_class = ItemOutput
    filter_backends = []  # filtering is the selector's job

    def get_queryset(self):
        if self.action == "list":
            params = ItemFilter(data=self.request.query_params)
            params.is_valid(raise_exception=True)
            return selectors.item_list(user=self.request.user, **params.validated_data)
        return selectors.item_queryset(user=self.request.user)

    def get_object(self):
        return selectors.item_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_class(self):
        return ItemDetailOutput if self.action == "retrieve" else ItemOutput

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=ItemKind.values),
            OpenApiParameter("parent", OpenApiTypes.INT),
            OpenApiParameter("vendor", OpenApiTypes.INT),
            OpenApiParameter("criticality", OpenApiTypes.STR, enum=Criticality.values),
            OpenApiParameter("q", OpenApiTypes.STR, description="Search code and name"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ItemInput, responses={201: ItemDetailOutput})
    def create(self, request):
        data = ItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        hospital = hospital_for_write(user=request.user, code=data.validated_data.get("hospital"))
        fields, departments = resolve_item_refs(data.validated_data, hospital=hospital)
        item = services.item_create(
            actor=request.user, hospital=hospital, departments=departments, **fields
        )
        return Response(ItemDetailOutput(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ItemInput, responses=ItemDetailOutput)
    def partial_update(self, request, pk=None):
        item = self.get_object()
        data = ItemInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields, departments = resolve_item_refs(data.validated_data, hospital=item.hospital)
        item = services.item_update(
            actor=request.user, item=item, departments=departments, **fields
        )
        return Response(ItemDetailOutput(item).data)

    @extend_schema(request=ItemInput, responses=ItemDetailOutput)
    def update(self, request, pk=None):
        return self.partial_update(request, pk)

    def perform_destroy(self, instance):
        services.item_delete(actor=self.request.user, item=instance)

    @extend_schema(responses=ImpactOutput)
    @action(detail=True, methods=["get"])
    def impact(self, request, pk=None):
        """Every item and department affected when this item fails."""
        item = self.get_object()
        impact = selectors.item_impact(user=request.user, item=item)
        return Response(ImpactOutput(impact).data)


class RelationOutput(serializers.ModelSerializer):
    class Meta:
        model = Relation
        fields = ["id", "source", "target", "kind", "notes"]


class RelationInput(serializers.Serializer):
    source = IdField()
    target = IdField()
    kind = serializers.ChoiceField(choices=RelationKind.choices)
    notes = serializers.CharField(max_length=200, required=False, allow_blank=True)


@extend_schema(tags=["catalog"])
class RelationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RelationOutput
    filter_backends = []

    def get_queryset(self):
        visible = selectors.item_queryset(user=self.request.user)
        qs = Relation.objects.filter(source__in=visible, target__in=visible)
        item = self.request.query_params.get("item")
        if item and item.isdigit():
            qs = qs.filter(source_id=item) | qs.filter(target_id=item)
        return qs.order_by("id")

    @extend_schema(request=RelationInput, responses={201: RelationOutput})
    def create(self, request):
        data = RelationInput(data=request.data)
        data.is_valid(raise_exception=True)
        errors, ends = {}, {}
        for name in ("source", "target"):
            try:
                ends[name] = selectors.item_get(user=request.user, pk=data.validated_data[name])
            except NotFound:
                errors[name] = [_("No such item.")]
        if errors:
            raise ValidationError(fields=errors)
        relation = services.relation_create(
            actor=request.user,
            kind=data.validated_data["kind"],
            notes=data.validated_data.get("notes", ""),
            **ends,
        )
        return Response(RelationOutput(relation).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.relation_delete(actor=self.request.user, relation=instance)


class ImportInput(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=False)
    hospital = serializers.CharField(required=False)


class ImportOutput(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    vendors_created = serializers.ListField(child=serializers.CharField())
    departments_created = serializers.ListField(child=serializers.CharField())
    dry_run = serializers.BooleanField()


class CatalogImportView(APIView):
    """Import .xlsx/.csv; all rows or none, with a row-by-row report on error."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["catalog"], request={"multipart/form-data": ImportInput}, responses=ImportOutput
    )
    def post(self, request):
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        hospital = hospital_for_write(user=request.user, code=data.validated_data.get("hospital"))
        upload = data.validated_data["file"]
        result = services.catalog_import(
            actor=request.user,
            hospital=hospital,
            file_name=upload.name,
            content=upload.read(),
            dry_run=data.validated_data["dry_run"],
        )
        return Response(result.as_dict())


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response


class CatalogExportView(APIView):
    @extend_schema(tags=["catalog"], responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        content = services.catalog_export(
            actor=request.user, items=selectors.item_list(user=request.user)
        )
        return xlsx_response(content, "catalog")


# This app's resources under /api/v1/ (config's router registers them), and its other paths.
ROUTES = [
    ("catalog/items", ItemViewSet, "catalog-item"),
    ("catalog/relations", RelationViewSet, "catalog-relation"),
]
PATHS = [
    path("catalog/import/", CatalogImportView.as_view(), name="catalog-import"),
    path("catalog/export/", CatalogExportView.as_view(), name="catalog-export"),
]
