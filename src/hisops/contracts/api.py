"""Vendors and contracts API. Contracts carry ``levels``, ``service_items``, ``quotas`` and
``covered_items`` (API.md); writes go through one service each."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hisops.accounts.models import Vendor
from hisops.calendars import selectors as calendars
from hisops.catalog.selectors import items_named
from hisops.contracts import selectors, services
from hisops.contracts.choices import Target, Unit
from hisops.contracts.contract_templates import TEMPLATES
from hisops.contracts.models import Contract
from hisops.core.errors import NotFound, ValidationError
from hisops.core.selectors import hospital_for_write
from hisops.core.serializers import HospitalCodeField, IdField


class TargetOutput(serializers.Serializer):
    target = serializers.CharField()
    duration = serializers.IntegerField()
    unit = serializers.CharField()
    immediate = serializers.BooleanField(help_text="present (true) only on an immediate target")
    calendar = serializers.CharField(source="calendar.code")

    def to_representation(self, target):
        data = super().to_representation(target)
        if not data["immediate"]:  # API.md's shape: the key marks an immediate target
            del data["immediate"]
        return data


class LevelOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    system_level = serializers.BooleanField()
    impacts = serializers.ListField(child=serializers.CharField())
    targets = TargetOutput(many=True, source="targets.all")


class ServiceItemOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    channels = serializers.ListField(child=serializers.CharField())
    response = serializers.SerializerMethodField()
    response_note = serializers.CharField()

    def get_response(self, item) -> dict | None:
        if item.response_duration is None:
            return None
        return {
            "duration": item.response_duration,
            "unit": item.response_unit,
            "immediate": item.response_immediate,
            "calendar": item.response_calendar.code,
        }


class QuotaUseOutput(serializers.Serializer):
    object_type = serializers.CharField()
    object = serializers.CharField(source="object_repr")
    used_on = serializers.DateField()
    over = serializers.BooleanField(help_text="beyond a cap: served, and billable")


class QuotaPeriodOutput(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    used = serializers.IntegerField()
    state = serializers.CharField()


class QuotaOutput(serializers.Serializer):
    """A quota over a contract year (API.md): ``used`` and ``state`` are the current
    period's (the whole year for a yearly quota); ``periods`` lists each one so far."""

    code = serializers.CharField(source="quota.code")
    name = serializers.CharField(source="quota.name")
    kind = serializers.CharField(source="quota.kind")
    period = serializers.CharField(source="quota.period")
    counts = serializers.CharField(source="quota.counts")
    limit = serializers.IntegerField(source="quota.limit")
    days_each = serializers.IntegerField(source="quota.days_each", allow_null=True)
    year = serializers.IntegerField(source="year.number")
    used = serializers.IntegerField(source="current.used")
    share = serializers.IntegerField(source="current.share")
    state = serializers.CharField(source="current.state")
    over = serializers.IntegerField(help_text="uses beyond the cap this contract year (billable)")
    periods = QuotaPeriodOutput(many=True)
    uses = QuotaUseOutput(many=True)


class YearOutput(serializers.Serializer):
    number = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class ContractOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    vendor = serializers.IntegerField(source="vendor_id")
    vendor_name = serializers.CharField(source="vendor.name")

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "title",
            "hospital",
            "vendor",
            "vendor_name",
            "starts_on",
            "ends_on",
            "yearly_renewal",
            "template",
        ]


class ContractDetailOutput(ContractOutput):
    years = YearOutput(many=True, source="years.all")
    levels = LevelOutput(many=True, source="levels.all")
    service_items = ServiceItemOutput(many=True, source="service_items.all")
    quotas = serializers.SerializerMethodField()
    covered_items = serializers.SerializerMethodField()
    default_level = serializers.SerializerMethodField()
    kpi_targets = serializers.SerializerMethodField()

    class Meta(ContractOutput.Meta):
        fields = [
            *ContractOutput.Meta.fields, "years", "warning_share", "pausing_statuses", "response_channels",
            "onsite_engineers", "remote_engineers", "onsite_hours", "levels", "default_level", "service_items",
            "quotas", "covered_items", "kpi_targets",
        ]  # fmt: skip

    def get_kpi_targets(self, contract) -> list[dict]:
        """The contract's goals: ``[{"key": "mttr_minutes", "target": 120.0}]`` (rates 0-1)."""
        return [{"key": g.key, "target": float(g.target)} for g in contract.kpi_targets.all()]

    def get_default_level(self, contract) -> str | None:
        """The level code a ticket gets when nobody chose one and no impact answer maps."""
        return next(
            (lv.code for lv in contract.levels.all() if lv.pk == contract.default_level_id), None
        )

    def get_quotas(self, contract) -> list[dict]:
        today = timezone.localdate()
        return QuotaOutput(selectors.quota_states(contract, today), many=True).data

    def get_covered_items(self, contract) -> list[int]:
        return sorted(i.pk for i in contract.covered_items.all())


class ContractInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    template = serializers.ChoiceField(choices=sorted(TEMPLATES), required=False)
    vendor = IdField()
    number = serializers.CharField(max_length=64)
    title = serializers.CharField(max_length=200, required=False, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class TargetInput(serializers.Serializer):
    level = serializers.CharField(max_length=16)
    target = serializers.ChoiceField(choices=Target.choices)
    duration = serializers.IntegerField(min_value=0, max_value=100_000, allow_null=True)
    unit = serializers.ChoiceField(choices=Unit.choices, required=False)
    immediate = serializers.BooleanField(required=False, default=False)
    calendar = serializers.CharField(max_length=32, required=False)


class QuotaInput(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=100)
    kind = serializers.CharField(max_length=10, required=False, default="cap")
    period = serializers.CharField(max_length=10, required=False, default="year")
    counts = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    limit = serializers.IntegerField()
    days_each = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=60
    )


class KpiTargetInput(serializers.Serializer):
    key = serializers.CharField(max_length=32)
    target = serializers.DecimalField(max_digits=10, decimal_places=3, allow_null=True)


class LevelMapInput(serializers.Serializer):
    default_level = serializers.CharField(max_length=16, allow_blank=True)
    impacts = serializers.DictField(child=serializers.CharField(max_length=16, allow_blank=True))


class CoveredItemsInput(serializers.Serializer):
    items = serializers.ListField(child=IdField(), max_length=100_000)


@extend_schema(tags=["contracts"])
class ContractViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filter_backends = []

    def get_queryset(self):
        return selectors.contract_list(user=self.request.user)

    def get_object(self):
        return selectors.contract_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_class(self):
        return ContractDetailOutput if self.action == "retrieve" else ContractOutput

    def _change(self, request, input_class, service):
        """One change to the contract: read the input, call its service, answer the detail."""
        contract = self.get_object()
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        service(actor=request.user, contract=contract, **data.validated_data)
        return Response(
            ContractDetailOutput(selectors.contract_get(user=request.user, pk=contract.pk)).data
        )

    @extend_schema(request=ContractInput, responses={201: ContractDetailOutput})
    def create(self, request):
        """A contract, with the levels, service items and quotas of ``template`` if given."""
        data = ContractInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=fields.pop("hospital", None))
        vendor = Vendor.objects.filter(hospital=hospital, pk=fields.pop("vendor")).first()
        if vendor is None:
            raise ValidationError(fields={"vendor": [_("No such vendor in this hospital.")]})
        template = fields.pop("template", None)
        if template:
            contract = services.contract_template_load(
                actor=request.user, hospital=hospital, vendor=vendor, template=template, **fields
            )
        else:
            contract = services.contract_create(
                actor=request.user, hospital=hospital, vendor=vendor, **fields
            )
        contract = selectors.contract_get(user=request.user, pk=contract.pk)
        return Response(ContractDetailOutput(contract).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TargetInput, responses=LevelOutput)
    @action(detail=True, methods=["post"])
    def targets(self, request, pk=None):
        """Set one cell of the SLA matrix; ``duration: null`` clears it."""
        contract = self.get_object()
        data = TargetInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        level = next((lv for lv in contract.levels.all() if lv.code == v["level"]), None)
        if level is None:
            raise ValidationError(fields={"level": [_("The contract has no such level.")]})
        if v["duration"] is None:
            services.sla_target_clear(actor=request.user, level=level, target=v["target"])
        else:
            missing = {
                name: [_("This field is required.")]
                for name in ("unit", "calendar")
                if not v.get(name)
            }
            if missing:
                raise ValidationError(fields=missing)
            try:
                calendar = calendars.calendar_get(user=request.user, code=v["calendar"])
            except NotFound:
                raise ValidationError(fields={"calendar": [_("Unknown calendar.")]}) from None
            services.sla_target_set(
                actor=request.user,
                level=level,
                target=v["target"],
                duration=v["duration"],
                unit=v["unit"],
                calendar=calendar,
                immediate=v["immediate"],
            )
        level = next(
            lv
            for lv in selectors.contract_get(user=request.user, pk=contract.pk).levels.all()
            if lv.code == v["level"]
        )
        return Response(LevelOutput(level).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="the contract year starting in this year")
        ],
        responses=QuotaOutput(many=True),
    )
    @action(detail=True, methods=["get", "post"])
    def quotas(self, request, pk=None):
        """``GET``: each quota's use in a contract year (``?year=YYYY``; default: the current
        one). ``POST``: create or change a quota (``code``, ``name``, ``kind``, ``period``,
        ``counts``, ``limit``, ``days_each``)."""
        contract = self.get_object()
        if request.method == "POST":
            data = QuotaInput(data=request.data)
            data.is_valid(raise_exception=True)
            services.quota_set(actor=request.user, contract=contract, **data.validated_data)
            contract = self.get_object()  # read again: the quotas were prefetched
        today = timezone.localdate()
        raw = request.query_params.get("year", "")
        if raw and not (raw.isdigit() and len(raw) == 4):
            raise ValidationError(fields={"year": [_("Give a year such as 2027.")]})
        year = (
            selectors.contract_year_for(contract, int(raw))
            if raw
            else selectors.contract_year_on(contract, today)
        )
        if year is None:
            return Response([])
        return Response(
            QuotaOutput(selectors.quota_report(contract, year=year, today=today), many=True).data
        )

    @extend_schema(request=KpiTargetInput, responses=ContractDetailOutput)
    @action(detail=True, methods=["post"], url_path="kpi-targets")
    def kpi_targets(self, request, pk=None):
        """Set a goal for a measure (``target: null`` removes it)."""
        return self._change(request, KpiTargetInput, services.contract_kpi_target_set)

    @extend_schema(request=LevelMapInput, responses=ContractDetailOutput)
    @action(detail=True, methods=["put"], url_path="level-map")
    def level_map(self, request, pk=None):
        """Which level a new ticket gets when nobody chose one: ``impacts`` maps each
        report-form answer to a level code; ``default_level`` is for no answer."""
        return self._change(request, LevelMapInput, services.contract_level_map_set)

    @extend_schema(request=CoveredItemsInput, responses=ContractDetailOutput)
    @action(detail=True, methods=["put"], url_path="covered-items")
    def covered_items(self, request, pk=None):
        contract = self.get_object()
        data = CoveredItemsInput(data=request.data)
        data.is_valid(raise_exception=True)
        items = items_named(
            user=request.user, hospital_id=contract.hospital_id, ids=data.validated_data["items"]
        )
        services.contract_covered_items_set(actor=request.user, contract=contract, items=items)
        return Response(
            ContractDetailOutput(selectors.contract_get(user=request.user, pk=contract.pk)).data
        )


class TemplateOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    source = serializers.CharField()


@extend_schema(tags=["contracts"])
class ContractTemplateViewSet(viewsets.ViewSet):
    """The contract templates transcribed from the seed tenders."""

    @extend_schema(responses=TemplateOutput(many=True))
    def list(self, request):
        return Response(
            [
                {"code": code, "name": spec["name"], "source": spec["source"]}
                for code, spec in TEMPLATES.items()
            ]
        )


# This app's resources under /api/v1/ (config's router registers them).
ROUTES = [
    ("contracts", ContractViewSet, "contract"),
    ("contract-templates", ContractTemplateViewSet, "contract-template"),
]
