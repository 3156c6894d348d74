"""Problem list API: list/filter, record, update (status, cause, workaround, conclusion),
link incidents, export .xlsx. Not in API.md yet; an extension of the public surface."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hisops.accounts.models import Vendor
from hisops.catalog.selectors import item_queryset
from hisops.core.errors import ValidationError
from hisops.core.selectors import hospital_for_write
from hisops.core.serializers import HospitalCodeField, IdField
from hisops.tickets.selectors import ticket_get

from . import selectors, services
from .choices import ProblemStatus
from .models import Problem

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ProblemOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    vendor_code = serializers.CharField(source="vendor.code", default=None)
    incidents = serializers.SerializerMethodField()

    class Meta:
        model = Problem
        fields = [
            "number", "title", "description", "status", "hospital", "item", "vendor", "vendor_code",
            "root_cause", "workaround", "fix_due", "conclusion", "created_at", "closed_at", "incidents",
        ]  # fmt: skip

    def get_incidents(self, problem) -> list[str]:
        if hasattr(problem, "incident_count") and not self.context.get("detail"):
            return problem.incident_count
        return [link.ticket.number for link in selectors.problem_incidents(problem=problem)]


class ProblemInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    item = IdField(required=False, allow_null=True, default=None)
    vendor = IdField(required=False, allow_null=True, default=None)
    root_cause = serializers.CharField(required=False, allow_blank=True, default="")
    workaround = serializers.CharField(required=False, allow_blank=True, default="")


class ProblemPatch(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProblemStatus.choices, required=False)
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    root_cause = serializers.CharField(required=False, allow_blank=True)
    workaround = serializers.CharField(required=False, allow_blank=True)
    fix_due = serializers.DateField(required=False, allow_null=True)
    conclusion = serializers.CharField(required=False, allow_blank=True)


class LinkInput(serializers.Serializer):
    ticket = serializers.CharField(max_length=32, help_text="the incident's number")
    unlink = serializers.BooleanField(default=False)


class ProblemFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProblemStatus.choices, required=False)
    item = IdField(required=False)
    vendor = IdField(required=False)
    q = serializers.CharField(max_length=100, required=False, allow_blank=True)


def _lookup(user, hospital, *, item_id, vendor_id):
    errors, item, vendor = {}, None, None
    if item_id is not None:
        item = item_queryset(user=user).filter(hospital=hospital, pk=item_id).first()
        if item is None:
            errors["item"] = ["No such item."]
    if vendor_id is not None:
        vendor = Vendor.objects.filter(hospital=hospital, pk=vendor_id).first()
        if vendor is None:
            errors["vendor"] = ["No such vendor."]
    if errors:
        raise ValidationError(fields=errors)
    return item, vendor


@extend_schema(tags=["problems"])
class ProblemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "number"
    lookup_value_regex = "[A-Za-z0-9-]+"
    serializer_class = ProblemOutput
    filter_backends = []

    def get_queryset(self):
        params = ProblemFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.problem_list(user=self.request.user, **params.validated_data)

    def get_object(self):
        return selectors.problem_get(user=self.request.user, number=self.kwargs["number"])

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "detail": self.action != "list"}

    @extend_schema(parameters=[OpenApiParameter(n, str) for n in ("status", "item", "vendor", "q")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ProblemInput, responses={201: ProblemOutput})
    def create(self, request):
        data = ProblemInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=v.pop("hospital", None))
        item, vendor = _lookup(
            request.user, hospital, item_id=v.pop("item"), vendor_id=v.pop("vendor")
        )
        problem = services.problem_create(
            actor=request.user, hospital=hospital, item=item, vendor=vendor, **v
        )
        return Response(
            ProblemOutput(problem, context={"detail": True}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=ProblemPatch, responses=ProblemOutput)
    def partial_update(self, request, number=None):
        problem = self.get_object()
        data = ProblemPatch(data=request.data)
        data.is_valid(raise_exception=True)
        problem = services.problem_update(
            actor=request.user, problem=problem, **data.validated_data
        )
        return Response(ProblemOutput(problem, context={"detail": True}).data)

    @extend_schema(request=LinkInput, responses=ProblemOutput)
    @action(detail=True, methods=["post"])
    def incidents(self, request, number=None):
        """Link an incident (by number) to this problem, or unlink it with ``unlink``."""
        problem = self.get_object()
        data = LinkInput(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = ticket_get(user=request.user, number=data.validated_data["ticket"])
        if data.validated_data["unlink"]:
            services.problem_unlink(actor=request.user, problem=problem, ticket=ticket)
        else:
            services.problem_link(actor=request.user, problem=problem, ticket=ticket)
        return Response(ProblemOutput(problem, context={"detail": True}).data)

    @extend_schema(
        responses={(200, XLSX): bytes},
        parameters=[OpenApiParameter(n, str) for n in ("status", "item", "vendor", "q")],
    )
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The (filtered) list as .xlsx, in Chinese columns, for the quarterly report."""
        response = HttpResponse(
            services.problems_export(problems=self.get_queryset()), content_type=XLSX
        )
        response["Content-Disposition"] = 'attachment; filename="problems.xlsx"'
        return response


# This app's resources under /api/v1/ (config's router registers them).
ROUTES = [("problems", ProblemViewSet, "problem")]
