"""KPIs and evaluations over the API."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from hisops.calendars import periods
from hisops.core.serializers import IdField

from . import selectors
from .kpis import KPIS

ROUTES: list = []


class KpiFilter(serializers.Serializer):
    period = serializers.CharField()
    contract = IdField(required=False)
    vendor = IdField(required=False)
    item = IdField(required=False)
    group = IdField(required=False)
    person = IdField(required=False)
    keys = serializers.CharField(required=False)

    def validate_keys(self, value: str) -> list[str]:
        keys = [k.strip() for k in value.split(",") if k.strip()]
        unknown = [k for k in keys if k not in KPIS]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown measure: %(keys)s. Known: %(known)s.")
                % {"keys": ", ".join(unknown), "known": ", ".join(KPIS)}
            )
        return keys


def kpi_payload(report: selectors.KpiReport) -> dict:
    """The one JSON shape of a KPI report (the API; the XLSX's data sheet reads the same)."""
    subject = report.subject
    return {
        "period": report.period.key,
        "label": report.period.label,
        "start": report.period.start.isoformat(),
        "end": report.period.end.isoformat(),
        "subject": {
            name: getattr(getattr(subject, name), "pk", None)
            for name in ("contract", "vendor", "item", "group", "person")
        },
        "kpis": report.values(),
        "details": {
            key: {
                "name": str(KPIS[key].name),
                "unit": KPIS[key].unit,
                "better": KPIS[key].better,
                "value": figure.value,
                "numerator": figure.numerator,
                "denominator": figure.denominator,
                "breakdown": figure.breakdown,
            }
            for key, figure in report.figures.items()
        },
        "targets": [
            {"key": t.key, "target": t.target, "way": t.way, "value": t.value, "met": t.met}
            for t in report.targets
        ],
    }


@extend_schema(
    tags=["kpis"],
    parameters=[
        OpenApiParameter("period", str, required=True, description="2027, 2027Q1, 2027H1, 2027-03 or 2027-W05"),
        OpenApiParameter("contract", int), OpenApiParameter("vendor", int), OpenApiParameter("item", int),
        OpenApiParameter("group", int), OpenApiParameter("person", int),
        OpenApiParameter("keys", str, description="comma-separated KPI keys; all when omitted"),
    ],
    responses=OpenApiTypes.OBJECT,
)  # fmt: skip
@api_view(["GET"])
def kpis(request):
    """The KPIs of a contract, vendor, system, team or person (or the whole hospital) in a
    period: ``kpis`` maps each key to its value (rates are fractions 0–1, durations
    minutes), ``details`` says what each was computed from, ``targets`` scores the
    contract's goals. Formulas: docs/kpis.md."""
    params = KpiFilter(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    period = periods.parse(data["period"])
    subject = selectors.kpi_subject(
        user=request.user,
        **{k: data.get(k) for k in ("contract", "vendor", "item", "group", "person")},
    )
    report = selectors.kpi_report(
        user=request.user, period=period, subject=subject, keys=data.get("keys")
    )
    return Response(kpi_payload(report))


PATHS = [path("kpis/", kpis, name="kpis")]
