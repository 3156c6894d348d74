"""Inspections (API.md): checklist templates, plans with ``generate`` for a year, and each
inspection's ``results``, ``findings``, ``complete``, ``sign`` and ``report``."""

from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from hisops.calendars.selectors import calendar_get
from hisops.catalog.selectors import items_named
from hisops.contracts.selectors import contract_list
from hisops.core.api import FileNegotiation
from hisops.core.errors import ValidationError
from hisops.core.selectors import hospital_for_write
from hisops.core.serializers import HospitalCodeField, IdField
from hisops.core.signatures import decode_signature

from . import selectors, services
from .choices import ActivityKind, Cadence, InspectionStatus, LineKind, Mode
from .models import (
    Activity,
    ChecklistLine,
    ChecklistTemplate,
    Finding,
    Inspection,
    InspectionPlan,
    InspectionResult,
    QualityRule,
    QualityRun,
)

# Templates ------------------------------------------------------------------------------


class ChecklistLineSerializer(serializers.ModelSerializer):
    minimum = serializers.DecimalField(max_digits=14, decimal_places=3, required=False, allow_null=True,
                                       coerce_to_string=False)  # fmt: skip
    maximum = serializers.DecimalField(max_digits=14, decimal_places=3, required=False, allow_null=True,
                                       coerce_to_string=False)  # fmt: skip
    kind = serializers.ChoiceField(choices=LineKind.choices)
    options = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list
    )
    failing = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list
    )

    class Meta:
        model = ChecklistLine
        fields = [
            "section",
            "text",
            "kind",
            "unit",
            "minimum",
            "maximum",
            "options",
            "failing",
            "required",
        ]


class ChecklistTemplateOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    lines = ChecklistLineSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "hospital", "code", "name", "description", "per_item", "is_active", "lines"]


class ChecklistTemplateInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    code = serializers.CharField(max_length=64)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
    per_item = serializers.BooleanField(required=False, default=False)
    lines = ChecklistLineSerializer(many=True)


@extend_schema(tags=["inspections"])
class TemplateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ChecklistTemplateOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChecklistTemplate.objects.none()
        return selectors.template_list(user=self.request.user).prefetch_related("lines")

    @extend_schema(request=ChecklistTemplateInput, responses={201: ChecklistTemplateOutput})
    def create(self, request):
        data = ChecklistTemplateInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=v.pop("hospital", None))
        template = services.inspection_template_create(actor=request.user, hospital=hospital,
                                                       lines=[dict(line) for line in v.pop("lines")], **v)  # fmt: skip
        return Response(ChecklistTemplateOutput(template).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: ChecklistTemplateOutput(many=True)})
    @action(detail=False, methods=["post"])
    def install(self, request):
        """Install the checklists of the tenders (monthly system, quarterly database, weekly
        core business, on-site EMR) that this hospital does not have yet."""
        hospital = hospital_for_write(user=request.user, code=request.data.get("hospital"))
        installed = services.inspection_templates_install(actor=request.user, hospital=hospital)
        return Response(
            ChecklistTemplateOutput(installed, many=True).data, status=status.HTTP_201_CREATED
        )


# Plans ----------------------------------------------------------------------------------


class InspectionPlanOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    contract = serializers.CharField(source="contract.number")
    template = serializers.PrimaryKeyRelatedField(read_only=True)
    items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    calendar = serializers.CharField(source="calendar.code")
    assignee = serializers.CharField(source="assignee.username", default=None)

    class Meta:
        model = InspectionPlan
        fields = ["id", "hospital", "name", "contract", "template", "items", "cadence", "per_period", "days_each",
                  "mode", "calendar", "assignee", "is_active"]  # fmt: skip


class InspectionPlanInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    name = serializers.CharField(max_length=200)
    contract = serializers.CharField(max_length=64, help_text="the contract's number")
    template = IdField()
    items = serializers.ListField(child=IdField(), min_length=1)
    cadence = serializers.ChoiceField(choices=Cadence.choices)
    per_period = serializers.IntegerField(min_value=1, max_value=52, default=1)
    days_each = serializers.IntegerField(min_value=1, max_value=60, default=1)
    mode = serializers.ChoiceField(choices=Mode.choices, default=Mode.ONSITE)
    calendar = serializers.CharField(
        max_length=32, default="cn-workday", help_text="the calendar's code"
    )


class InspectionGenerateInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class InspectionGenerateOutput(serializers.Serializer):
    created = serializers.ListField(
        child=serializers.CharField(), help_text="numbers of the new inspections"
    )
    existing = serializers.IntegerField()
    holiday_data_missing = serializers.BooleanField()


@extend_schema(tags=["inspections"])
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = InspectionPlanOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InspectionPlan.objects.none()
        return selectors.plan_list(user=self.request.user)

    @extend_schema(request=InspectionPlanInput, responses={201: InspectionPlanOutput})
    def create(self, request):
        data = InspectionPlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        user = request.user
        hospital = hospital_for_write(user=user, code=v.pop("hospital", None))
        contract = (
            contract_list(user=user).filter(hospital=hospital, number=v.pop("contract")).first()
        )
        template = (
            selectors.template_list(user=user)
            .filter(hospital=hospital, pk=v.pop("template"))
            .first()
        )
        errors = {}
        if contract is None:
            errors["contract"] = [_("No such contract.")]
        if template is None:
            errors["template"] = [_("No such template.")]
        if errors:
            raise ValidationError(fields=errors)
        items = items_named(user=user, hospital_id=hospital.pk, ids=v.pop("items"))
        calendar = calendar_get(user=user, code=v.pop("calendar"))
        plan = services.inspection_plan_create(actor=user, hospital=hospital, contract=contract, template=template,
                                               items=items, calendar=calendar, **v)  # fmt: skip
        return Response(InspectionPlanOutput(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InspectionGenerateInput, responses={200: InspectionGenerateOutput})
    @action(detail=True, methods=["post"])
    def generate(self, request, pk=None):
        """The plan's inspections of a year, with due dates on its calendar; running it
        again creates only what is missing."""
        plan = self.get_object()
        data = InspectionGenerateInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.inspection_plan_generate(
            actor=request.user, plan=plan, **data.validated_data
        )
        return Response({"created": [i.number for i in result.created], "existing": result.existing,
                         "holiday_data_missing": result.holiday_data_missing})  # fmt: skip


# Inspections ----------------------------------------------------------------------------


class InspectionResultOutput(serializers.ModelSerializer):
    value = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField()
    finding = serializers.SerializerMethodField()

    class Meta:
        model = InspectionResult
        fields = ["id", "position", "item", "section", "text", "kind", "unit", "minimum", "maximum", "options",
                  "required", "outcome", "value", "note", "photo", "recorded_at", "finding"]  # fmt: skip

    def get_value(self, result) -> str | None:
        if result.value_number is not None:
            return f"{result.value_number.normalize():f}"
        return result.value_text or None

    def get_photo(self, result) -> bool:
        return bool(result.photo)

    def get_finding(self, result) -> str | None:
        finding = getattr(result, "finding", None)
        if finding is None:
            return None
        return finding.ticket.number if finding.ticket_id else finding.problem.number


class InspectionFindingOutput(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.number", default=None)
    problem = serializers.CharField(source="problem.number", default=None)

    class Meta:
        model = Finding
        fields = ["id", "description", "item", "result", "ticket", "problem", "created_at"]


class InspectionOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    contract = serializers.CharField(source="contract.number")
    plan = serializers.PrimaryKeyRelatedField(read_only=True)
    items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    assignee = serializers.CharField(source="assignee.username", default=None)

    class Meta:
        model = Inspection
        fields = ["number", "hospital", "contract", "plan", "template", "items", "mode", "period_start", "period_end",
                  "starts_on", "due_on", "status", "assignee", "started_at", "completed_at", "signed_at"]  # fmt: skip


class InspectionDetailOutput(InspectionOutput):
    results = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()

    class Meta(InspectionOutput.Meta):
        fields = [*InspectionOutput.Meta.fields, "summary", "signer_name", "results", "findings"]

    def get_results(self, inspection) -> list[dict]:
        return InspectionResultOutput(
            selectors.inspection_results(inspection=inspection), many=True
        ).data

    def get_findings(self, inspection) -> list[dict]:
        return InspectionFindingOutput(
            selectors.inspection_findings(inspection=inspection), many=True
        ).data


class InspectionFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=InspectionStatus.choices, required=False)
    contract = IdField(required=False)
    plan = IdField(required=False)
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    due_before = serializers.DateField(required=False)
    mine = serializers.BooleanField(required=False, default=False)


class InspectionReadingInput(serializers.Serializer):
    result = IdField(help_text="the line's id in this inspection's results")
    value = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000,
                                  help_text="pass/fail, a number, one of the options, or text")  # fmt: skip
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    photo = serializers.FileField(required=False, allow_null=True, default=None)


class InspectionFindingInput(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    item = IdField(required=False, allow_null=True, default=None)
    as_problem = serializers.BooleanField(required=False, default=False)


class InspectionCompleteInput(serializers.Serializer):
    summary = serializers.CharField(max_length=20000, allow_blank=True)


class InspectionSignInput(serializers.Serializer):
    signer_name = serializers.CharField(max_length=100, allow_blank=True)
    signature = serializers.CharField(help_text="the drawn signature as data:image/png;base64,…")


class InspectionCancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, allow_blank=True)


@extend_schema(tags=["inspections"])
class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "number"
    lookup_value_regex = "[A-Za-z0-9-]+"
    filter_backends = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Inspection.objects.none()
        params = InspectionFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.inspection_list(
            user=self.request.user, **params.validated_data
        ).prefetch_related("items")

    def get_object(self):
        return selectors.inspection_get(user=self.request.user, number=self.kwargs["number"])

    def get_serializer_class(self):
        return InspectionOutput if self.action == "list" else InspectionDetailOutput

    def _detail(self, inspection, code=status.HTTP_200_OK):
        fresh = selectors.inspection_get(user=self.request.user, number=inspection.number)
        return Response(InspectionDetailOutput(fresh).data, status=code)

    @extend_schema(parameters=[OpenApiParameter(n, str) for n in ("status", "contract", "plan", "year",
                                                                   "due_before", "mine")])  # fmt: skip
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=InspectionDetailOutput)
    @action(detail=True, methods=["post"])
    def start(self, request, number=None):
        return self._detail(
            services.inspection_start(actor=request.user, inspection=self.get_object())
        )

    @extend_schema(request={"multipart/form-data": InspectionReadingInput, "application/json": InspectionReadingInput},
                   responses={201: InspectionResultOutput})  # fmt: skip
    @action(detail=True, methods=["post"])
    def results(self, request, number=None):
        """Record one line's reading (and a photo): a failed reading opens a finding with a
        ticket on the line's item."""
        inspection = self.get_object()
        data = InspectionReadingInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        line = inspection.results.filter(pk=v.pop("result")).first()
        if line is None:
            raise ValidationError(
                fields={"result": [_("This line is not part of this inspection.")]}
            )
        result = services.inspection_record(
            actor=request.user, inspection=inspection, result=line, **v
        )
        return Response(
            InspectionResultOutput(result).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=InspectionFindingInput, responses={201: InspectionFindingOutput})
    @action(detail=True, methods=["post"])
    def findings(self, request, number=None):
        """A finding beyond the checklist: a ticket on the item, or a problem."""
        inspection = self.get_object()
        data = InspectionFindingInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        item_id = v.pop("item")
        item = (
            items_named(user=request.user, hospital_id=inspection.hospital_id, ids=[item_id])[0]
            if item_id
            else None
        )
        finding = services.finding_open(actor=request.user, inspection=inspection, item=item, **v)
        return Response(InspectionFindingOutput(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InspectionCompleteInput, responses=InspectionDetailOutput)
    @action(detail=True, methods=["post"])
    def complete(self, request, number=None):
        data = InspectionCompleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        inspection = services.inspection_complete(actor=request.user, inspection=self.get_object(),
                                                  **data.validated_data)  # fmt: skip
        return self._detail(inspection)

    @extend_schema(request=InspectionSignInput, responses=InspectionDetailOutput)
    @action(detail=True, methods=["post"])
    def sign(self, request, number=None):
        """The hospital's signature (IT, never the vendor): the report is archived as PDF and DOCX."""
        data = InspectionSignInput(data=request.data)
        data.is_valid(raise_exception=True)
        image = decode_signature(data.validated_data["signature"])
        inspection = services.inspection_sign(actor=request.user, inspection=self.get_object(), image=image,
                                              signer_name=data.validated_data["signer_name"])  # fmt: skip
        return self._detail(inspection)

    @extend_schema(request=InspectionCancelInput, responses=InspectionDetailOutput)
    @action(detail=True, methods=["post"])
    def cancel(self, request, number=None):
        data = InspectionCancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        inspection = services.inspection_cancel(actor=request.user, inspection=self.get_object(),
                                                **data.validated_data)  # fmt: skip
        return self._detail(inspection)

    @extend_schema(parameters=[OpenApiParameter("format", str, enum=["pdf", "docx"])],
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY})  # fmt: skip
    @action(detail=True, methods=["get"], content_negotiation_class=FileNegotiation)
    def report(self, request, number=None):
        """The signed report as archived (PDF or DOCX), or a draft before the signature."""
        fmt = request.query_params.get("format", "pdf")
        content, name, content_type = services.inspection_report_file(actor=request.user,
                                                                      inspection=self.get_object(), fmt=fmt)  # fmt: skip
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


ROUTES = [
    ("inspection-templates", TemplateViewSet, "inspection-template"),
    ("inspection-plans", PlanViewSet, "inspection-plan"),
    ("inspections", InspectionViewSet, "inspection"),
]


# Activities -----------------------------------------------------------------------------


class ActivityOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    contract = serializers.CharField(source="contract.number", default=None)
    action_items = serializers.SlugRelatedField(
        source="tickets", slug_field="number", many=True, read_only=True
    )
    documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["number", "hospital", "contract", "plan", "kind", "subkind", "title", "period_start", "period_end",
                  "planned_on", "status", "done_on", "duration_minutes", "attendees", "attendee_names", "outcome",
                  "minutes", "rto_minutes", "rpo_minutes", "action_items", "documents"]  # fmt: skip


class ActivityInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    subkind = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=200)
    planned_on = serializers.DateField()
    contract = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class ActivityRecordInput(serializers.Serializer):
    done_on = serializers.DateField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=7 * 24 * 60)
    attendees = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=100000),
                                      help_text='by group: {"it": 3, "vendor": 2, "clinical": 12}')  # fmt: skip
    attendee_names = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
    outcome = serializers.CharField(max_length=20000, allow_blank=True)
    minutes = serializers.CharField(required=False, allow_blank=True, default="", max_length=50000)
    rto_minutes = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0
    )
    rpo_minutes = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0
    )


class ActionItemInput(serializers.Serializer):
    text = serializers.CharField(max_length=2000)
    item = IdField(required=False, allow_null=True, default=None)


@extend_schema(tags=["inspections"])
class ActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ActivityOutput
    lookup_field = "number"
    lookup_value_regex = "[A-Za-z0-9-]+"
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        kind = self.request.query_params.get("kind", "")
        year = self.request.query_params.get("year", "")
        return selectors.activity_list(user=self.request.user, kind=kind if kind in ActivityKind.values else "",
                                       year=int(year) if year.isdigit() else None).prefetch_related(
            "tickets", "documents")  # fmt: skip

    def get_object(self):
        return selectors.activity_get(user=self.request.user, number=self.kwargs["number"])

    @extend_schema(parameters=[OpenApiParameter("kind", str), OpenApiParameter("year", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ActivityInput, responses={201: ActivityOutput})
    def create(self, request):
        data = ActivityInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=v.pop("hospital", None))
        number = v.pop("contract")
        contract = None
        if number:
            contract = (
                contract_list(user=request.user).filter(hospital=hospital, number=number).first()
            )
            if contract is None:
                raise ValidationError(fields={"contract": [_("No such contract.")]})
        activity = services.activity_create(
            actor=request.user, hospital=hospital, contract=contract, **v
        )
        return Response(ActivityOutput(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActivityRecordInput, responses=ActivityOutput)
    @action(detail=True, methods=["post"])
    def record(self, request, number=None):
        """It took place: date, duration, attendees by group, outcome, minutes; a drill's RTO/RPO."""
        data = ActivityRecordInput(data=request.data)
        data.is_valid(raise_exception=True)
        activity = services.activity_record(
            actor=request.user, activity=self.get_object(), **data.validated_data
        )
        return Response(ActivityOutput(activity).data)

    @extend_schema(request=ActionItemInput, responses={201: ActivityOutput})
    @action(detail=True, methods=["post"], url_path="action-items")
    def action_items(self, request, number=None):
        """An action item, opened as a ticket linked to the activity."""
        activity = self.get_object()
        data = ActionItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        item_id = data.validated_data["item"]
        item = (
            items_named(user=request.user, hospital_id=activity.hospital_id, ids=[item_id])[0]
            if item_id
            else None
        )
        services.activity_action_item(actor=request.user, activity=activity, text=data.validated_data["text"],
                                      item=item)  # fmt: skip
        return Response(ActivityOutput(self.get_object()).data, status=status.HTTP_201_CREATED)


# Data quality ---------------------------------------------------------------------------


class QualityRuleOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    finding = serializers.CharField(source="ticket.number", default=None)

    class Meta:
        model = QualityRule
        fields = ["id", "hospital", "name", "source", "query", "expect", "item", "interval_hours", "is_active",
                  "finding"]  # fmt: skip


class QualityRuleInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    name = serializers.CharField(max_length=200)
    source = IdField()
    query = serializers.CharField(max_length=20000)
    expect = serializers.CharField(max_length=50, allow_blank=True)
    item = IdField()
    interval_hours = serializers.IntegerField(default=24)


class QualityRunOutput(serializers.ModelSerializer):
    value = serializers.DecimalField(
        max_digits=20, decimal_places=6, coerce_to_string=False, allow_null=True
    )
    opened = serializers.CharField(source="opened.number", default=None)
    closed = serializers.CharField(source="closed.number", default=None)

    class Meta:
        model = QualityRun
        fields = ["ran_at", "ok", "value", "message", "opened", "closed"]


@extend_schema(tags=["inspections"])
class QualityRuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = QualityRuleOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QualityRule.objects.none()
        return selectors.quality_rule_list(user=self.request.user)

    @extend_schema(request=QualityRuleInput, responses={201: QualityRuleOutput})
    def create(self, request):
        from hisops.checks.selectors import source_list

        data = QualityRuleInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=v.pop("hospital", None))
        source = (
            source_list(user=request.user).filter(hospital=hospital, pk=v.pop("source")).first()
        )
        if source is None:
            raise ValidationError(fields={"source": [_("No such data source.")]})
        item = items_named(user=request.user, hospital_id=hospital.pk, ids=[v.pop("item")])[0]
        rule = services.quality_rule_create(
            actor=request.user, hospital=hospital, source=source, item=item, **v
        )
        return Response(QualityRuleOutput(rule).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: QualityRunOutput})
    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        """Measure now: a failure opens a finding (a ticket), a pass closes the open one."""
        run = services.quality_rule_run(actor=request.user, rule=self.get_object())
        return Response(QualityRunOutput(run).data, status=status.HTTP_201_CREATED)


# Obligations ----------------------------------------------------------------------------


class PeriodOutput(serializers.Serializer):
    period = serializers.CharField(source="label")
    start = serializers.DateField()
    end = serializers.DateField()
    required = serializers.IntegerField()
    done = serializers.IntegerField()
    missed = serializers.BooleanField()


class ObligationOutput(serializers.Serializer):
    kind = serializers.CharField(help_text="inspection, drill, training, meeting, quota")
    name = serializers.CharField()
    period = serializers.CharField(source="cadence", help_text="the cadence: monthly, quarterly, …")
    required = serializers.IntegerField()
    done = serializers.IntegerField()
    missed_periods = serializers.ListField(child=serializers.CharField())
    periods = PeriodOutput(many=True)


class ObligationFilter(serializers.Serializer):
    contract = IdField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)


@extend_schema(tags=["inspections"], parameters=[OpenApiParameter("contract", int, required=True),
                                                 OpenApiParameter("year", int, required=True)],
               responses=ObligationOutput(many=True))  # fmt: skip
@api_view(["GET"])
def obligations(request):
    """Every recurring duty of a contract in a year: required and done per period, and the
    periods missed (ended short)."""
    from django.utils import timezone

    from hisops.contracts.selectors import contract_get

    params = ObligationFilter(data=request.query_params)
    params.is_valid(raise_exception=True)
    contract = contract_get(user=request.user, pk=params.validated_data["contract"])
    duties = selectors.obligation_list(user=request.user, contract=contract, year=params.validated_data["year"],
                                       today=timezone.localdate())  # fmt: skip
    return Response(ObligationOutput(duties, many=True).data)


ROUTES += [
    ("activities", ActivityViewSet, "activity"),
    ("dq-rules", QualityRuleViewSet, "dq-rule"),
]
PATHS = [path("obligations/", obligations, name="obligations")]
