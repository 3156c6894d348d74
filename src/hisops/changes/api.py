"""Changes (API.md): list/filter, write the update document, record tests, and one
``transitions`` endpoint for every step; freeze windows."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from hisops.catalog.selectors import items_named
from hisops.contracts.selectors import contract_list
from hisops.core.errors import ValidationError
from hisops.core.selectors import hospital_for_write
from hisops.core.serializers import HospitalCodeField, IdField
from hisops.problems.selectors import problem_queryset
from hisops.tickets.selectors import ticket_queryset

from . import selectors, services
from .choices import ChangeKind, ChangeStatus, TestKind, TestResult
from .models import DOCUMENT, Change, ChangeEvent, ChangeTest, FreezeWindow


class TestOutput(serializers.ModelSerializer):
    class Meta:
        model = ChangeTest
        fields = ["kind", "result", "notes"]


class EventOutput(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)
    at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = ChangeEvent
        fields = ["at", "actor", "action", "from_status", "to_status", "note"]


class ChangeOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    contract = serializers.CharField(source="contract.number", default=None)
    vendor = serializers.CharField(source="vendor.code", default=None)
    start = serializers.DateTimeField(source="planned_start")
    end = serializers.DateTimeField(source="planned_end")

    class Meta:
        model = Change
        fields = ["number", "title", "kind", "status", "hospital", "items", "contract", "vendor", "start", "end",
                  "test_signed_at", "approved_at", "created_at"]  # fmt: skip


class ChangeDetailOutput(ChangeOutput):
    tests = TestOutput(many=True, read_only=True)
    history = EventOutput(source="events", many=True, read_only=True)
    tickets = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    problems = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    test_signed_by = serializers.CharField(source="test_signed_by.username", default=None)
    approved_by = serializers.CharField(source="approved_by.username", default=None)

    class Meta(ChangeOutput.Meta):
        fields = [
            *ChangeOutput.Meta.fields, *(name for name, _label in DOCUMENT), "tests", "test_signed_by",
            "approved_by", "started_at", "finished_at", "versions", "reason", "review", "reviewed_at", "tickets",
            "problems", "history",
        ]  # fmt: skip


class ChangeInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    items = serializers.ListField(child=IdField(), min_length=1)
    contract = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                     help_text="the contract's number")  # fmt: skip
    tickets = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, default=list
    )
    problems = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, default=list
    )


for _name, _label in DOCUMENT:
    ChangeInput._declared_fields[_name] = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20000, label=str(_label)
    )


class ChangePatch(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    kind = serializers.ChoiceField(choices=ChangeKind.choices, required=False)
    items = serializers.ListField(child=IdField(), min_length=1, required=False)


for _name, _label in DOCUMENT:
    ChangePatch._declared_fields[_name] = serializers.CharField(
        required=False, allow_blank=True, max_length=20000
    )


class TransitionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(services.STEPS))
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    start = serializers.DateTimeField(required=False, allow_null=True, default=None)
    end = serializers.DateTimeField(required=False, allow_null=True, default=None)
    versions = serializers.DictField(child=serializers.CharField(max_length=64), required=False, default=dict,
                                     help_text="release: {item id: the version now running}")  # fmt: skip
    review = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    override = serializers.CharField(required=False, allow_blank=True, default="", max_length=500,
                                     help_text="schedule: why an overlapping change is accepted (IT admin)")  # fmt: skip


class TestInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TestKind.choices)
    result = serializers.ChoiceField(choices=TestResult.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    report = serializers.FileField(required=False, allow_null=True, default=None)


class ChangeFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=ChangeStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=ChangeKind.choices, required=False)
    item = IdField(required=False)
    q = serializers.CharField(max_length=100, required=False, allow_blank=True)


def _parts(user, hospital, *, items=None, contract=None, tickets=(), problems=()):
    """The records an input names, each looked up within what the user may see."""
    errors, found = {}, {}
    if items is not None:
        found["items"] = items_named(user=user, hospital_id=hospital.pk, ids=items)
    if contract:
        found["contract"] = (
            contract_list(user=user).filter(hospital=hospital, number=contract).first()
        )
        if found["contract"] is None:
            errors["contract"] = [_("No such contract.")]
    if tickets:
        found["tickets"] = list(
            ticket_queryset(user=user).filter(hospital=hospital, number__in=tickets)
        )
        if len(found["tickets"]) != len(set(tickets)):
            errors["tickets"] = [_("No such ticket.")]
    if problems:
        found["problems"] = list(
            problem_queryset(user=user).filter(hospital=hospital, number__in=problems)
        )
        if len(found["problems"]) != len(set(problems)):
            errors["problems"] = [_("No such problem.")]
    if errors:
        raise ValidationError(fields=errors)
    return found


@extend_schema(tags=["changes"])
class ChangeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "number"
    lookup_value_regex = "[A-Za-z0-9-]+"
    filter_backends = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Change.objects.none()
        params = ChangeFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.change_list(user=self.request.user, **params.validated_data)

    def get_object(self):
        return selectors.change_get(user=self.request.user, number=self.kwargs["number"])

    def get_serializer_class(self):
        return ChangeOutput if self.action == "list" else ChangeDetailOutput

    def _detail(self, change, code=status.HTTP_200_OK):
        return Response(ChangeDetailOutput(selectors.change_get(user=self.request.user, number=change.number)).data,
                        status=code)  # fmt: skip

    @extend_schema(parameters=[OpenApiParameter(n, str) for n in ("status", "kind", "item", "q")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ChangeInput, responses={201: ChangeDetailOutput})
    def create(self, request):
        data = ChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=v.pop("hospital", None))
        parts = _parts(request.user, hospital, items=v.pop("items"), contract=v.pop("contract"),
                       tickets=v.pop("tickets"), problems=v.pop("problems"))  # fmt: skip
        change = services.change_create(actor=request.user, hospital=hospital, **parts, **v)
        return self._detail(change, status.HTTP_201_CREATED)

    @extend_schema(request=ChangePatch, responses=ChangeDetailOutput)
    def partial_update(self, request, number=None):
        change = self.get_object()
        data = ChangePatch(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        items = (
            _parts(request.user, change.hospital, items=v.pop("items"))["items"]
            if "items" in v
            else None
        )
        change = services.change_update(actor=request.user, change=change, items=items, **v)
        return self._detail(change)

    @extend_schema(request=TransitionInput, responses=ChangeDetailOutput)
    @action(detail=True, methods=["post"])
    def transitions(self, request, number=None):
        """One step: submit, sign_test, approve, reject, schedule (start, end), start, release
        (versions), rollback, fail, cancel (reason), review. A refused schedule answers
        ``test_not_signed``, ``frozen``, ``outside_calendar`` (400) or ``conflict`` (409)."""
        change = self.get_object()
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        step = v.pop("action")
        change = services.change_transition(actor=request.user, change=change, action=step,
                                            data=services.StepInput(**v))  # fmt: skip
        return self._detail(change)

    @extend_schema(request={"multipart/form-data": TestInput}, responses={201: TestOutput})
    @action(detail=True, methods=["post"])
    def tests(self, request, number=None):
        """Record a test's result (functional, performance, compatibility, security,
        regression), with the test report file."""
        change = self.get_object()
        data = TestInput(data=request.data)
        data.is_valid(raise_exception=True)
        test = services.change_test_record(actor=request.user, change=change, **data.validated_data)
        return Response(TestOutput(test).data, status=status.HTTP_201_CREATED)


class FreezeOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()

    class Meta:
        model = FreezeWindow
        fields = ["id", "hospital", "name", "start", "end", "item", "reason"]


class FreezeInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    name = serializers.CharField(max_length=100)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    item = IdField(
        required=False, allow_null=True, default=None, help_text="empty: the whole hospital"
    )
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


@extend_schema(tags=["changes"])
class FreezeWindowViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = FreezeOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FreezeWindow.objects.none()
        return selectors.freeze_list(user=self.request.user)

    @extend_schema(request=FreezeInput, responses={201: FreezeOutput})
    def create(self, request):
        data = FreezeInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=v.pop("hospital", None))
        item_id = v.pop("item")
        item = _parts(request.user, hospital, items=[item_id])["items"][0] if item_id else None
        window = services.freeze_window_create(
            actor=request.user, hospital=hospital, item=item, **v
        )
        return Response(FreezeOutput(window).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.freeze_window_delete(actor=self.request.user, window=instance)


ROUTES = [
    ("changes", ChangeViewSet, "change"),
    ("freeze-windows", FreezeWindowViewSet, "freeze-window"),
]
