"""``/api/v1/audit/events/``: the audit log for those who review it (API.md), read-only,
filtered by ``actor``, ``action``, ``object``, ``from``, ``to`` and ``success``. The same
separation of duties as the page: nobody reads their own actions."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets

from hisops.core.capabilities import Cap, require

from . import words
from .selectors import audit_event_list


class ChangeOutput(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class AuditEventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    hospital = serializers.CharField(source="hospital.code", default=None)
    actor = serializers.CharField(source="actor_username")
    actor_role = serializers.CharField()
    action = serializers.CharField()
    action_words = serializers.SerializerMethodField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    object = serializers.CharField(source="object_repr")
    changes = serializers.JSONField()
    source_ip = serializers.IPAddressField(allow_null=True)
    success = serializers.BooleanField()
    message = serializers.CharField()
    sequence = serializers.IntegerField(allow_null=True)
    hash = serializers.CharField()

    def get_action_words(self, event) -> str:
        return words.action_words(event.action)


class AuditFilterInput(serializers.Serializer):
    actor = serializers.CharField(required=False, max_length=150)
    action = serializers.CharField(required=False, max_length=100)
    object = serializers.CharField(required=False, max_length=100)
    success = serializers.BooleanField(required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" and "to" (API.md) are Python keywords: declared here, read as since/until.
        self.fields["from"] = serializers.DateField(required=False, source="since")
        self.fields["to"] = serializers.DateField(required=False, source="until")


@extend_schema(
    tags=["audit"],
    parameters=[
        OpenApiParameter("actor", str, description="username"),
        OpenApiParameter("action", str, description="an action code or its prefix"),
        OpenApiParameter(
            "object", str, description="object type (app.model), or words of the object's name"
        ),
        OpenApiParameter("from", str, description="first day, YYYY-MM-DD"),
        OpenApiParameter("to", str, description="last day, YYYY-MM-DD"),
        OpenApiParameter("success", bool),
    ],
)
class AuditEventViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The audit log, newest first (audit and security admins; read-only)."""

    serializer_class = AuditEventOutput
    filter_backends = []

    def get_queryset(self):
        require(self.request.user, Cap.AUDIT_VIEW)
        params = AuditFilterInput(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        v = dict(params.validated_data)
        target = v.pop("object", "")
        if "." in target:
            v["object_type"] = target
        elif target:
            v["object_text"] = target
        return audit_event_list(user=self.request.user, **v)


# This app's resources under /api/v1/ (config's router registers them).
ROUTES = [("audit/events", AuditEventViewSet, "audit-event")]
