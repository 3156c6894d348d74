"""Calendars API: read calendars, compute deadlines, list and set dated overrides."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hisops.calendars import selectors as calendars
from hisops.calendars import services
from hisops.calendars.choices import DurationUnit, OverrideKind
from hisops.calendars.models import BusinessCalendar, CalendarOverride
from hisops.core.serializers import HospitalCodeField

MAX_DEADLINE_MINUTES = 10 * 366 * 24 * 60  # ten years of 7×24: past that is a typo


class CalendarOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    holidays_from = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = BusinessCalendar
        fields = [
            "code", "name", "hospital", "time_zone", "weekly", "workday_minutes",
            "holidays_from", "needs_holiday_data",
        ]  # fmt: skip


class CalendarDetailOutput(CalendarOutput):
    holiday_years = serializers.SerializerMethodField()

    class Meta(CalendarOutput.Meta):
        fields = [*CalendarOutput.Meta.fields, "holiday_years"]

    def get_holiday_years(self, calendar) -> list[int]:
        return sorted(calendars.covered_years(calendar))


class DeadlineInput(serializers.Serializer):
    start = serializers.DateTimeField()
    duration = serializers.IntegerField(min_value=0, max_value=MAX_DEADLINE_MINUTES)
    unit = serializers.ChoiceField(choices=DurationUnit.choices)


class DeadlineOutput(serializers.Serializer):
    due_at = serializers.DateTimeField()
    holiday_data_missing = serializers.BooleanField()
    business_minutes = serializers.IntegerField()


class OverrideOutput(serializers.ModelSerializer):
    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "name", "intervals"]


class OverrideInput(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=OverrideKind.choices)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    intervals = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


@extend_schema(tags=["calendars"])
class CalendarViewSet(viewsets.ReadOnlyModelViewSet):
    """Business calendars: shared ones (``7x24``, ``cn-workday``) and the hospital's own."""

    lookup_field = "code"
    filter_backends = []

    def get_queryset(self):
        return calendars.calendar_list(user=self.request.user)

    def get_object(self):
        return calendars.calendar_get(user=self.request.user, code=self.kwargs["code"])

    def get_serializer_class(self):
        return CalendarDetailOutput if self.action == "retrieve" else CalendarOutput

    @extend_schema(request=DeadlineInput, responses=DeadlineOutput)
    @action(detail=True, methods=["post"])
    def deadline(self, request, code=None):
        """When is ``duration`` of this calendar's working time up, counted from ``start``?"""
        calendar = self.get_object()
        data = DeadlineInput(data=request.data)
        data.is_valid(raise_exception=True)
        minutes = calendars.to_minutes(
            calendar, data.validated_data["duration"], data.validated_data["unit"]
        )
        if minutes > MAX_DEADLINE_MINUTES:
            raise serializers.ValidationError({"duration": ["Too long."]})
        result = calendars.deadline(calendar, **data.validated_data)
        return Response(DeadlineOutput(result).data)

    @extend_schema(
        methods=["GET"],
        parameters=[OpenApiParameter("year", int)],
        responses=OverrideOutput(many=True),
    )
    @extend_schema(methods=["POST"], request=OverrideInput, responses={201: OverrideOutput})
    @action(detail=True, methods=["get", "post"])
    def overrides(self, request, code=None):
        """Dated holidays and make-up workdays (GET ?year=2027; POST sets one date)."""
        calendar = self.get_object()
        if request.method == "POST":
            data = OverrideInput(data=request.data)
            data.is_valid(raise_exception=True)
            override = services.calendar_override_set(
                actor=request.user, calendar=calendar, **data.validated_data
            )
            return Response(OverrideOutput(override).data, status=status.HTTP_201_CREATED)
        year = request.query_params.get("year", "")
        if year and not (year.isdigit() and 1900 <= int(year) <= 2200):
            raise serializers.ValidationError({"year": ["Give a year such as 2027."]})
        qs = calendar.overrides.all()
        if year:
            qs = qs.filter(date__year=int(year))
        page = self.paginate_queryset(qs.order_by("date"))
        return self.get_paginated_response(OverrideOutput(page, many=True).data)


# This app's resources under /api/v1/ (config's router registers them).
ROUTES = [("calendars", CalendarViewSet, "calendar")]
