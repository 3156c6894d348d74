"""Service reports over the API: ask for one (queued, with progress), follow it, download
its files (each checked against the SHA-256 it was filed with)."""

from django.http import FileResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from hisops.accounts.selectors import vendor_list
from hisops.contracts.selectors import contract_get
from hisops.core.api import FileNegotiation
from hisops.core.capabilities import Cap, require
from hisops.core.errors import NotFound
from hisops.core.selectors import hospital_for_write
from hisops.core.serializers import HospitalCodeField, IdField
from hisops.knowledge.services import document_open

from . import dashboards, selectors, services
from .choices import ReportFormat, ReportKind
from .models import Report, ReportSchedule


class ReportFileOutput(serializers.Serializer):
    format = serializers.SerializerMethodField()
    document = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    version = serializers.IntegerField()

    def get_format(self, document) -> str:
        return document.name.rsplit(".", 1)[-1].lower()


class ReportOutput(serializers.ModelSerializer):
    contract = serializers.PrimaryKeyRelatedField(read_only=True)
    vendor = serializers.PrimaryKeyRelatedField(read_only=True)
    requested_at = serializers.DateTimeField(source="created_at")
    files = ReportFileOutput(source="documents", many=True)

    class Meta:
        model = Report
        fields = ["number", "kind", "period", "contract", "vendor", "formats", "status", "progress", "error",
                  "advice", "requested_at", "finished_at", "files"]  # fmt: skip


class ReportInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    period = serializers.CharField(
        max_length=10, help_text="2027-03 (monthly), 2027Q1 (quarterly), 2027 (annual)"
    )
    contract = IdField(required=False, allow_null=True)
    vendor = IdField(required=False, allow_null=True)
    formats = serializers.ListField(
        child=serializers.ChoiceField(choices=ReportFormat.choices), required=False
    )
    advice = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    hospital = HospitalCodeField(required=False)


class ReportFilter(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices, required=False)
    contract = IdField(required=False)


class ReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "number"
    lookup_value_regex = "[A-Za-z0-9-]+"
    serializer_class = ReportOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        params = ReportFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.report_list(
            user=self.request.user, **params.validated_data
        ).prefetch_related("documents")

    def get_object(self):
        return selectors.report_get(user=self.request.user, number=self.kwargs["number"])

    @extend_schema(request=ReportInput, responses={202: ReportOutput})
    def create(self, request):
        """Ask for a report; it is written in the background: follow ``status`` and
        ``progress`` on its detail, then download each format."""
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        hospital = hospital_for_write(user=request.user, code=v.get("hospital"))
        contract = contract_get(user=request.user, pk=v["contract"]) if v.get("contract") else None
        vendor = None
        if v.get("vendor"):
            vendor = vendor_list(user=request.user).filter(pk=v["vendor"]).first()
            if vendor is None:
                raise NotFound()
        report = services.report_request(
            actor=request.user, hospital=hospital, kind=v["kind"], period=v["period"], contract=contract,
            vendor=vendor, formats=v.get("formats") or (), advice=v.get("advice", ""),
        )  # fmt: skip
        return Response(ReportOutput(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=ReportFormat.values, required=True)],
        responses={(200, "application/octet-stream"): bytes},
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FileNegotiation)
    def download(self, request, number=None):
        document = selectors.report_file(self.get_object(), request.query_params.get("format", ""))
        handle = document_open(actor=request.user, document=document)
        return FileResponse(
            handle, as_attachment=True, filename=document.name, content_type=document.content_type
        )


class ReportTemplateInput(serializers.Serializer):
    file = serializers.FileField()
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    hospital = HospitalCodeField(required=False)


class ReportTemplateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    sha256 = serializers.CharField()
    is_active = serializers.BooleanField()


class ReportTemplateViewSet(viewsets.GenericViewSet):
    parser_classes = [MultiPartParser]
    serializer_class = ReportTemplateOutput

    @extend_schema(
        request={"multipart/form-data": ReportTemplateInput}, responses={201: ReportTemplateOutput}
    )
    def create(self, request):
        """Upload the hospital's own Word template (letterhead) for service reports: a .docx
        with ``{{ title }}``, ``{{ period }}`` and ``{{p body }}``."""
        data = ReportTemplateInput(data=request.data)
        data.is_valid(raise_exception=True)
        hospital = hospital_for_write(user=request.user, code=data.validated_data.get("hospital"))
        template = services.report_template_upload(
            actor=request.user, hospital=hospital, name=data.validated_data.get("name", ""),
            upload=data.validated_data["file"],
        )  # fmt: skip
        return Response(ReportTemplateOutput(template).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("reports", ReportViewSet, "report"),
    ("report-templates", ReportTemplateViewSet, "report-template"),
]


@extend_schema(tags=["dashboards"], responses=OpenApiTypes.OBJECT,
               parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(dashboards.DASHBOARDS))])  # fmt: skip
@api_view(["GET"])
def dashboard(request, name):
    """A dashboard's figures: ``cards`` (label, value, the list it opens) and ``charts``
    (an ECharts option and a link per bar). ``leader``, ``it_head``, ``wallboard`` for the
    hospital's people; ``vendor`` for a vendor's manager (their contracts only)."""
    if name not in dashboards.DASHBOARDS:
        raise NotFound()
    require(request.user, Cap.KPI_VIEW)
    if name == "vendor" and not getattr(request.user, "is_vendor", False):
        raise NotFound()
    if name != "vendor" and getattr(request.user, "is_vendor", False):
        raise NotFound()
    return Response(dashboards.DASHBOARDS[name](request.user).data())


PATHS = [path("dashboards/<str:name>/", dashboard, name="dashboard")]


class ReportScheduleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    contract = serializers.IntegerField(source="contract_id", allow_null=True)
    formats = serializers.ListField(child=serializers.CharField())
    recipients = serializers.ListField(child=serializers.CharField())
    calendar = serializers.CharField(source="calendar.code")
    is_active = serializers.BooleanField()
    last_period = serializers.CharField()


class ReportScheduleInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    contract = IdField(required=False, allow_null=True)
    formats = serializers.ListField(
        child=serializers.ChoiceField(choices=ReportFormat.choices), required=False
    )
    recipients = serializers.ListField(child=serializers.CharField(max_length=254))
    calendar = serializers.CharField(required=False, default="cn-workday")
    hospital = HospitalCodeField(required=False)


class ReportScheduleViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Reports written by themselves on the first working day after each period and mailed
    with their files to the recipients."""

    serializer_class = ReportScheduleOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReportSchedule.objects.none()
        return selectors.schedule_list(user=self.request.user)

    @extend_schema(request=ReportScheduleInput, responses={201: ReportScheduleOutput})
    def create(self, request):
        data = ReportScheduleInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        hospital = hospital_for_write(user=request.user, code=v.get("hospital"))
        contract = contract_get(user=request.user, pk=v["contract"]) if v.get("contract") else None
        schedule = services.report_schedule_create(
            actor=request.user, hospital=hospital, kind=v["kind"], contract=contract, formats=v.get("formats") or (),
            recipients=v["recipients"], calendar_code=v["calendar"],
        )  # fmt: skip
        return Response(ReportScheduleOutput(schedule).data, status=status.HTTP_201_CREATED)


ROUTES.append(("report-schedules", ReportScheduleViewSet, "report-schedule"))
