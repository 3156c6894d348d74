"""Tickets API per API.md: create, list, detail with ``clocks``, and ``transitions``."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from hisops.accounts.models import Department, Team, User
from hisops.catalog.selectors import item_queryset
from hisops.contracts.choices import Impact
from hisops.contracts.models import Contract
from hisops.core.api import Pagination
from hisops.core.errors import ValidationError
from hisops.core.selectors import hospital_for_write
from hisops.core.serializers import HospitalCodeField, IdField

from . import selectors, services
from .choices import CauseCategory, Channel, Kind, MaintenanceType, Status
from .masking import clear_for, record_read, shown
from .models import Attachment, OnsiteVisit, SLAClock, Ticket
from .sla_state import SLA_STATES

_TIME = serializers.DateTimeField()  # ISO 8601 in the current time zone, as DRF writes it


def _time(value):
    return _TIME.to_representation(value) if value is not None else None


class ClockOutput(serializers.ModelSerializer):
    class Meta:
        model = SLAClock
        fields = [
            "target",
            "due_at",
            "met_at",
            "paused_minutes",
            "breached",
            "holiday_data_missing",
            "immediate",
        ]

    def to_representation(self, clock):
        return _clock(clock)


def _clock(c: SLAClock) -> dict:
    return {
        "target": c.target, "due_at": _time(c.due_at), "met_at": _time(c.met_at),
        "paused_minutes": c.paused_minutes, "breached": c.breached,
        "holiday_data_missing": c.holiday_data_missing,
        **({"immediate": True} if c.immediate else {}),  # as on a contract's immediate target
    }  # fmt: skip


class TicketOutput(serializers.ModelSerializer):
    """A ticket in a list. The declared fields give the schema; ``to_representation``
    writes the same keys by hand, because a page is 50 tickets with their clocks and the
    generic path cost about 0.35 ms per ticket (bench/tickets.py)."""

    hospital = HospitalCodeField()
    level = serializers.CharField(source="level.code", default=None)
    contract_number = serializers.CharField(source="contract.number", default=None)
    clocks = ClockOutput(many=True, source="clocks.all")

    class Meta:
        model = Ticket
        fields = [
            "number", "kind", "title", "status", "channel", "hospital", "item", "contract", "contract_number",
            "level", "reported_at", "department", "location", "reporter_name", "phone", "assignee", "group",
            "clocks",
        ]  # fmt: skip

    def _contract_number(self, t: Ticket) -> str | None:
        """Looked up once per serializer (as hospital codes are), not joined per row."""
        if not t.contract_id:
            return None
        if "contract" in t._state.fields_cache:
            return t.contract.number
        cache = self.root.__dict__.setdefault("_contract_numbers", {})
        if t.hospital_id not in cache:  # a platform admin's list may span hospitals
            cache[t.hospital_id] = dict(
                Contract.objects.filter(hospital_id=t.hospital_id).values_list("id", "number")
            )
        return cache[t.hospital_id].get(t.contract_id)

    def to_representation(self, t):
        data = {
            "number": t.number, "kind": t.kind, "title": t.title, "status": t.status, "channel": t.channel,
            "hospital": self.fields["hospital"].to_representation(t.hospital_id), "item": t.item_id,
            "contract": t.contract_id, "contract_number": self._contract_number(t),
            "level": t.level.code if t.level_id else None, "reported_at": _time(t.reported_at),
            "department": t.department_id, "location": t.location, "reporter_name": t.reporter_name,
            "phone": t.phone, "assignee": t.assignee_id, "group": t.group_id,
            "clocks": [_clock(c) for c in t.clocks.all()],
        }  # fmt: skip
        visible = shown(
            t, self.context.get("user")
        )  # whole, from the encrypted originals, only if allowed
        data.update({f: getattr(visible, f) for f in data.keys() & vars(visible).keys()})
        return data


class TicketDetailOutput(TicketOutput):
    description = serializers.CharField()
    resolution = serializers.CharField()
    merged_into_number = serializers.CharField(source="merged_into.number", default=None)
    no_clock_reason = serializers.CharField(help_text="why the ticket has no clock, in words")
    service_item = serializers.CharField(source="service_item.code", default=None)

    class Meta(TicketOutput.Meta):
        fields = [
            *TicketOutput.Meta.fields,
            "description",
            "resolution",
            "cause_category",
            "maintenance_type",
            "resolved_at",
            "closed_at",
            "major",
            "review_cause",
            "review_impact",
            "review_actions",
            "reviewed_at",
            "satisfaction",
            "followup_note",
            "merged_into_number",
            "caller_number",
            "call_started_at",
            "call_seconds",
            "impact",
            "service_item",
            "no_clock_reason",
        ]

    def to_representation(self, t):
        data = super().to_representation(t)
        data.update(
            description=t.description, resolution=t.resolution, cause_category=t.cause_category,
            maintenance_type=t.maintenance_type,
            resolved_at=_time(t.resolved_at), closed_at=_time(t.closed_at), major=t.major,
            review_cause=t.review_cause, review_impact=t.review_impact, review_actions=t.review_actions,
            reviewed_at=_time(t.reviewed_at), satisfaction=t.satisfaction, followup_note=t.followup_note,
            merged_into_number=t.merged_into.number if t.merged_into_id else None,
            caller_number=t.caller_number, call_started_at=_time(t.call_started_at), call_seconds=t.call_seconds,
            impact=t.impact, service_item=t.service_item.code if t.service_item_id else None,
            no_clock_reason="" if data["clocks"] else selectors.no_clock_reason(t),
        )  # fmt: skip
        visible = shown(
            t, self.context.get("user")
        )  # whole, from the encrypted originals, only if allowed
        data.update({f: getattr(visible, f) for f in data.keys() & vars(visible).keys()})
        return data


class TicketInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.INCIDENT)
    item = IdField(required=False, allow_null=True)
    level = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    impact = serializers.ChoiceField(
        choices=Impact.choices, required=False, allow_blank=True, default="",
        help_text="the reporter's answer; without `level`, it picks the contract's level",
    )  # fmt: skip
    service_item = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default="",
        help_text="the contract's service-item code; its own response time starts the response clock",
    )  # fmt: skip
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.API)
    reported_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="why reported_at is earlier"
    )
    reporter_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    department = IdField(required=False, allow_null=True)
    location = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    caller_number = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default=""
    )
    call_started_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    call_seconds = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, default=None
    )


class TransitionSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=32)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    resolution = serializers.CharField(required=False, allow_blank=True, default="")
    cause_category = serializers.ChoiceField(
        choices=CauseCategory.choices, required=False, allow_blank=True, default=""
    )
    maintenance_type = serializers.ChoiceField(
        choices=MaintenanceType.choices, required=False, allow_blank=True, default=""
    )
    level = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    review_cause = serializers.CharField(required=False, allow_blank=True, default="")
    review_impact = serializers.CharField(required=False, allow_blank=True, default="")
    review_actions = serializers.CharField(required=False, allow_blank=True, default="")
    satisfaction = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=5, default=None
    )
    assignee = IdField(
        required=False, allow_null=True, default=None, help_text="assign: the user id"
    )
    group = IdField(required=False, allow_null=True, default=None, help_text="assign: the team id")
    engineer = IdField(
        required=False, allow_null=True, default=None, help_text="dispatch: who goes on site"
    )
    into = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default="", help_text="merge: the number"
    )


class CommentInput(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class CommentOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    author = serializers.CharField(source="actor", default=None)
    text = serializers.CharField(source="note")

    def to_representation(self, event):
        data = super().to_representation(event)
        data["text"] = clear_for(self.context.get("user"), event, "note")
        return data


class TicketFilter(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[("open", "any open status"), *Status.choices], required=False
    )
    level = serializers.CharField(max_length=16, required=False)
    item = IdField(required=False)
    vendor = IdField(required=False)
    department = IdField(required=False)
    assignee = IdField(required=False)
    group = IdField(required=False)
    sla = serializers.ChoiceField(choices=SLA_STATES, required=False)
    q = serializers.CharField(max_length=100, required=False, allow_blank=True)


class TicketPagination(Pagination):
    django_paginator_class = selectors.TicketPaginator


@extend_schema(tags=["tickets"])
class TicketViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "number"
    lookup_value_regex = "[A-Za-z0-9-]+"
    filter_backends = []
    pagination_class = TicketPagination

    def get_queryset(self):
        params = TicketFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.ticket_list(user=self.request.user, names=False, **params.validated_data)

    def get_object(self):
        return selectors.ticket_get(user=self.request.user, number=self.kwargs["number"])

    def retrieve(self, request, *args, **kwargs):
        ticket = self.get_object()
        record_read(ticket, request.user)  # reading patient data whole is audited
        return Response(self.get_serializer(ticket).data)

    def get_serializer_class(self):
        return TicketDetailOutput if self.action == "retrieve" else TicketOutput

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user": self.request.user}

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str)
            for name in (
                "status",
                "level",
                "item",
                "vendor",
                "department",
                "assignee",
                "group",
                "sla",
                "q",
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=TicketInput, responses={201: TicketDetailOutput})
    def create(self, request):
        data = TicketInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=v.pop("hospital", None))
        errors = {}
        item = department = None
        if v.get("item") is not None:
            item = item_queryset(user=request.user).filter(hospital=hospital, pk=v["item"]).first()
            if item is None:
                errors["item"] = ["No such item."]
        if v.get("department") is not None:
            department = Department.objects.filter(hospital=hospital, pk=v["department"]).first()
            if department is None:
                errors["department"] = ["No such department."]
        if errors:
            raise ValidationError(fields=errors)
        ticket = services.ticket_create(
            actor=request.user, hospital=hospital, title=v["title"], kind=v["kind"], description=v["description"],
            item=item, level_code=v["level"], impact=v["impact"], service_item=v["service_item"], channel=v["channel"], reported_at=v["reported_at"],
            backdate_reason=v["reason"], reporter_name=v["reporter_name"], phone=v["phone"],
            department=department, location=v["location"], caller_number=v["caller_number"],
            call_started_at=v["call_started_at"], call_seconds=v["call_seconds"],
        )  # fmt: skip
        # The new ticket as created (its contract, level and clocks are in hand): no re-read.
        return Response(
            TicketDetailOutput(ticket, context={"user": request.user}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=TransitionSerializer, responses=TicketDetailOutput)
    @action(detail=True, methods=["post"])
    def transitions(self, request, number=None):
        """Move the ticket through its lifecycle: accept, start, pause (reason), resume,
        dispatch, arrive, propose_solution, resolve (resolution), confirm, reopen, close,
        cancel (reason), change_level (level, reason), review (review_*), followup
        (satisfaction, note), assign (assignee and/or group), merge (into); ``at`` back-dates
        for IT staff. ``dispatch`` takes ``engineer`` (default: the assignee)."""
        ticket = self.get_object()
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        assignee_id, group_id = fields.pop("assignee"), fields.pop("group")
        engineer_id, into = fields.pop("engineer"), fields.pop("into")
        people = User.objects.filter(hospital=ticket.hospital)
        if fields["action"] == "assign":
            assignee = people.filter(pk=assignee_id).first() if assignee_id else None
            group = (
                Team.objects.filter(hospital=ticket.hospital, pk=group_id).first()
                if group_id
                else None
            )
            if (
                (assignee_id and assignee is None)
                or (group_id and group is None)
                or not (assignee_id or group_id)
            ):
                raise ValidationError(
                    fields={"assignee": ["No such person or team in this hospital."]}
                )
            services.ticket_assign(
                actor=request.user, ticket=ticket, assignee=assignee, group=group
            )
        elif fields["action"] == "merge":
            target = selectors.ticket_queryset(user=request.user).filter(number=into).first()
            if target is None:
                raise ValidationError(fields={"into": ["No such ticket."]})
            services.ticket_merge(
                actor=request.user, ticket=ticket, into=target, note=fields["note"]
            )
        else:
            if engineer_id:
                fields["engineer"] = people.filter(pk=engineer_id).first()
                if fields["engineer"] is None:
                    raise ValidationError(fields={"engineer": ["No such person in this hospital."]})
            services.ticket_transition(
                actor=request.user, ticket=ticket, data=services.TransitionInput(**fields)
            )
        ticket = selectors.ticket_get(user=request.user, number=ticket.number)
        return Response(TicketDetailOutput(ticket, context={"user": request.user}).data)

    @extend_schema(methods=["GET"], responses=CommentOutput(many=True))
    @extend_schema(methods=["POST"], request=CommentInput, responses={201: CommentOutput})
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, number=None):
        """Updates on the ticket's timeline."""
        ticket = self.get_object()
        if request.method == "POST":
            data = CommentInput(data=request.data)
            data.is_valid(raise_exception=True)
            event = services.ticket_comment(
                actor=request.user, ticket=ticket, text=data.validated_data["text"]
            )
            return Response(
                CommentOutput(event, context={"user": request.user}).data,
                status=status.HTTP_201_CREATED,
            )
        events = ticket.events.filter(action="comment").select_related("actor")
        return Response(CommentOutput(events, many=True, context={"user": request.user}).data)


class AttachmentOutput(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(default=None)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "created_at",
            "url",
        ]

    def get_url(self, attachment) -> str:
        return f"/tickets/{attachment.ticket.number}/attachments/{attachment.pk}/"


class AttachmentInput(serializers.Serializer):
    file = serializers.FileField()


class VisitOutput(serializers.ModelSerializer):
    engineer = serializers.CharField(default=None)
    arrived_by = serializers.CharField(default=None)

    class Meta:
        model = OnsiteVisit
        fields = [
            "id", "engineer", "dispatched_at", "arrived_at", "arrived_by", "work_done",
            "minutes_spent", "parts", "signer_name", "signed_at",
        ]  # fmt: skip


class TicketFilesViewSet(viewsets.GenericViewSet):
    """A ticket's attachments and on-site visits (nested under the ticket's number)."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filter_backends = []
    pagination_class = None
    serializer_class = AttachmentOutput  # what OPTIONS describes (it answered 500 without)

    @extend_schema(tags=["tickets"], methods=["GET"], responses=AttachmentOutput(many=True))
    @extend_schema(
        tags=["tickets"],
        methods=["POST"],
        request={"multipart/form-data": AttachmentInput},
        responses={201: AttachmentOutput},
    )
    def attachments(self, request, number=None):
        """Screenshots, logs and photos: ``GET`` lists them, ``POST`` multipart ``file`` adds one."""
        ticket = selectors.ticket_get(user=request.user, number=number)
        if request.method == "POST":
            data = AttachmentInput(data=request.data)
            data.is_valid(raise_exception=True)
            attachment = services.attachment_add(
                actor=request.user, ticket=ticket, upload=data.validated_data["file"]
            )
            return Response(AttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)
        return Response(
            AttachmentOutput(selectors.ticket_attachments(ticket=ticket), many=True).data
        )

    @extend_schema(tags=["tickets"], responses=VisitOutput(many=True))
    def visits(self, request, number=None):
        """On-site visits: dispatch, arrival check-in, work record, signature."""
        ticket = selectors.ticket_get(user=request.user, number=number)
        return Response(VisitOutput(selectors.ticket_visits(ticket=ticket), many=True).data)


# This app's resources under /api/v1/ (config's router registers them), and its other paths.
ROUTES = [("tickets", TicketViewSet, "ticket")]
PATHS = [
    path(
        "tickets/<str:number>/attachments/",
        TicketFilesViewSet.as_view({"get": "attachments", "post": "attachments"}),
        name="ticket-attachments",
    ),
    path(
        "tickets/<str:number>/visits/",
        TicketFilesViewSet.as_view({"get": "visits"}),
        name="ticket-visits",
    ),
]
