"""Automated checks (API.md): ``/api/v1/checks/`` with ``run``, and the data sources SQL
checks read (their address, which holds a password, is written and never read back)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hisops.catalog.selectors import items_named
from hisops.core.errors import ValidationError
from hisops.core.selectors import hospital_for_write
from hisops.core.serializers import HospitalCodeField, IdField

from . import selectors, services
from .choices import CheckKind, Engine
from .models import Check, CheckResult, DataSource


class DataSourceOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()

    class Meta:
        model = DataSource
        fields = ["id", "hospital", "name", "engine", "item"]


class DataSourceInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    name = serializers.CharField(max_length=100)
    engine = serializers.ChoiceField(choices=Engine.choices)
    url = serializers.CharField(
        max_length=2000, help_text="postgresql://user:password@host:5432/name; kept encrypted"
    )
    item = IdField(required=False, allow_null=True, default=None)


@extend_schema(tags=["checks"])
class DataSourceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = DataSourceOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DataSource.objects.none()
        return selectors.source_list(user=self.request.user)

    @extend_schema(request=DataSourceInput, responses={201: DataSourceOutput})
    def create(self, request):
        data = DataSourceInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=v.pop("hospital", None))
        item_id = v.pop("item")
        item = (
            items_named(user=request.user, hospital_id=hospital.pk, ids=[item_id])[0]
            if item_id
            else None
        )
        source = services.data_source_create(actor=request.user, hospital=hospital, item=item, **v)
        return Response(DataSourceOutput(source).data, status=status.HTTP_201_CREATED)


class CheckResultOutput(serializers.ModelSerializer):
    value = serializers.DecimalField(
        max_digits=20, decimal_places=6, coerce_to_string=False, allow_null=True
    )

    class Meta:
        model = CheckResult
        fields = ["ran_at", "ok", "duration_ms", "value", "message"]


class CheckOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    incident = serializers.CharField(source="ticket.number", default=None)

    class Meta:
        model = Check
        fields = ["id", "hospital", "name", "kind", "target", "source", "item", "interval_minutes", "timeout_seconds",
                  "level", "params", "resolve_incident", "is_active", "last_run_at", "last_ok", "last_message",
                  "incident"]  # fmt: skip


class CheckInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=CheckKind.choices)
    target = serializers.CharField(
        max_length=2000, help_text="URL, host:port, folder, or the SQL query"
    )
    item = IdField()
    source = IdField(
        required=False, allow_null=True, default=None, help_text="sql: the data source"
    )
    interval_minutes = serializers.IntegerField(default=5)
    timeout_seconds = serializers.IntegerField(default=10)
    level = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    params = serializers.DictField(required=False, default=dict)
    resolve_incident = serializers.BooleanField(required=False, default=False)


class CheckPatch(serializers.Serializer):
    is_active = serializers.BooleanField()


@extend_schema(tags=["checks"])
class CheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CheckOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Check.objects.none()
        item = self.request.query_params.get("item")
        failing = self.request.query_params.get("failing") in ("1", "true")
        return selectors.check_list(user=self.request.user, item=int(item) if (item or "").isdigit() else None,
                                    failing=failing)  # fmt: skip

    @extend_schema(parameters=[OpenApiParameter("item", int), OpenApiParameter("failing", bool)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=CheckInput, responses={201: CheckOutput})
    def create(self, request):
        data = CheckInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=v.pop("hospital", None))
        item = items_named(user=request.user, hospital_id=hospital.pk, ids=[v.pop("item")])[0]
        source_id = v.pop("source")
        source = None
        if source_id:
            source = (
                selectors.source_list(user=request.user)
                .filter(hospital=hospital, pk=source_id)
                .first()
            )
            if source is None:
                raise ValidationError(fields={"source": [_("No such data source.")]})
        check = services.check_create(
            actor=request.user, hospital=hospital, item=item, source=source, **v
        )
        return Response(CheckOutput(check).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CheckPatch, responses=CheckOutput)
    def partial_update(self, request, pk=None):
        data = CheckPatch(data=request.data)
        data.is_valid(raise_exception=True)
        check = services.check_set_active(actor=request.user, check=self.get_object(),
                                          active=data.validated_data["is_active"])  # fmt: skip
        return Response(CheckOutput(check).data)

    @extend_schema(request=None, responses={201: CheckResultOutput})
    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        """Run the check now; a failure opens (or joins) the incident on its item."""
        result = services.check_run(actor=request.user, check=self.get_object())
        return Response(CheckResultOutput(result).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=CheckResultOutput(many=True))
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """The newest 100 runs."""
        return Response(
            CheckResultOutput(selectors.check_results(check=self.get_object()), many=True).data
        )


ROUTES = [
    ("checks", CheckViewSet, "check"),
    ("data-sources", DataSourceViewSet, "data-source"),
]
