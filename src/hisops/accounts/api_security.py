"""The security admin's API: accounts and access reviews (三权分立: nobody else may)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hisops.accounts import selectors, services
from hisops.accounts.choices import AccountSource, ReviewDecision
from hisops.accounts.models import AccessReview, AccessReviewEntry, Department, User, Vendor
from hisops.core.capabilities import Role
from hisops.core.errors import ValidationError
from hisops.core.selectors import hospital_for_write


class UserOutput(serializers.ModelSerializer):
    hospital = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    vendor = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "hospital", "department", "vendor", "phone", "email",
                  "source", "is_active", "last_login", "date_joined", "must_change_password"]  # fmt: skip


class UserInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=Role.choices)
    full_name = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    department = serializers.CharField(
        max_length=32, required=False, allow_null=True, help_text="its code"
    )
    vendor = serializers.CharField(
        max_length=32, required=False, allow_null=True, help_text="its code"
    )
    phone = serializers.CharField(max_length=32, required=False, default="", allow_blank=True)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    source = serializers.ChoiceField(
        choices=AccountSource.choices, required=False, default=AccountSource.LOCAL
    )


class UserChange(UserInput):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["hospital"], self.fields["username"], self.fields["source"]
        for field in self.fields.values():
            field.required = False


def _by_code(hospital, fields: dict) -> dict:
    """The input with its department and vendor codes turned into those of ``hospital``."""
    fields, errors = dict(fields), {}
    for name, model in (("department", Department), ("vendor", Vendor)):
        code = fields.get(name)
        if code:
            fields[name] = model.objects.filter(hospital=hospital, code=code).first()
            if fields[name] is None:
                errors[name] = [_("No such code in this hospital.")]
    if errors:
        raise ValidationError(fields=errors)
    return fields


class DisableInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


@extend_schema(tags=["users"])
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Accounts, for the security admin. A new account gets a password shown once, which
    the person changes at the first sign-in."""

    serializer_class = UserOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, drawn without a user
            return User.objects.none()
        active = self.request.query_params.get("active")
        return selectors.user_list(
            user=self.request.user, q=self.request.query_params.get("q", ""),
            role=self.request.query_params.get("role", ""),
            active=None if active is None else active in ("1", "true", "yes"),
        )  # fmt: skip

    @extend_schema(request=UserInput, responses={201: UserOutput})
    def create(self, request):
        data = UserInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=fields.pop("hospital", None))
        user, password = services.account_open(
            actor=request.user, hospital=hospital, **_by_code(hospital, fields)
        )
        body = UserOutput(user).data
        return Response(
            {**body, "password": password} if password else body, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=UserChange, responses=UserOutput)
    def partial_update(self, request, pk=None):
        data = UserChange(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        account = self.get_object()
        user = services.user_update(
            actor=request.user, user=account, **_by_code(account.hospital, data.validated_data)
        )
        return Response(UserOutput(user).data)

    @extend_schema(request=DisableInput, responses=UserOutput)
    @action(detail=True, methods=["post"])
    def disable(self, request, pk=None):
        data = DisableInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_disable(
            actor=request.user, user=self.get_object(), **data.validated_data
        )
        return Response(UserOutput(user).data)

    @extend_schema(request=None, responses=UserOutput)
    @action(detail=True, methods=["post"])
    def enable(self, request, pk=None):
        return Response(
            UserOutput(services.user_enable(actor=request.user, user=self.get_object())).data
        )

    @extend_schema(
        request=None,
        responses={200: {"type": "object", "properties": {"password": {"type": "string"}}}},
    )
    @action(detail=True, methods=["post"], url_path="reset-password")
    def reset_password(self, request, pk=None):
        """A new password, shown once; the person chooses their own at the next sign-in."""
        return Response(
            {"password": services.password_reset(actor=request.user, user=self.get_object())}
        )


class EntryOutput(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    full_name = serializers.CharField(source="user.full_name")

    class Meta:
        model = AccessReviewEntry
        fields = ["id", "user", "username", "full_name", "role", "last_login", "idle_days", "dormant",
                  "decision", "note", "decided_at"]  # fmt: skip


class ReviewOutput(serializers.ModelSerializer):
    hospital = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AccessReview
        fields = ["id", "hospital", "period", "started_at", "completed_at"]


class ReviewDetailOutput(ReviewOutput):
    entries = EntryOutput(many=True, read_only=True)

    class Meta(ReviewOutput.Meta):
        fields = [*ReviewOutput.Meta.fields, "entries"]


class ReviewStart(serializers.Serializer):
    hospital = serializers.CharField(required=False)


class DecideInput(serializers.Serializer):
    entry = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=[ReviewDecision.KEPT, ReviewDecision.DISABLED])
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


@extend_schema(tags=["access reviews"])
class AccessReviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """定期权限核查: start the quarter's review, keep or disable each account, complete it."""

    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AccessReview.objects.none()
        reviews = selectors.access_review_list(user=self.request.user)
        if self.action != "list":
            reviews = reviews.prefetch_related("entries__user")
        return reviews

    def get_serializer_class(self):
        return ReviewOutput if self.action == "list" else ReviewDetailOutput

    @extend_schema(request=ReviewStart, responses={201: ReviewDetailOutput})
    def create(self, request):
        data = ReviewStart(data=request.data)
        data.is_valid(raise_exception=True)
        hospital = hospital_for_write(user=request.user, code=data.validated_data.get("hospital"))
        review = services.access_review_start(actor=request.user, hospital=hospital)
        return Response(ReviewDetailOutput(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecideInput, responses=EntryOutput)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = DecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = self.get_object()
        entry = review.entries.filter(pk=data.validated_data.pop("entry")).first()
        if entry is None:
            raise serializers.ValidationError({"entry": [_("Not an account of this review.")]})
        entry = services.access_review_decide(
            actor=request.user, entry=entry, **data.validated_data
        )
        return Response(EntryOutput(entry).data)

    @extend_schema(request=None, responses=ReviewDetailOutput)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        review = services.access_review_complete(actor=request.user, review=self.get_object())
        return Response(ReviewDetailOutput(review).data)


ROUTES = [
    ("users", UserViewSet, "user"),
    ("access-reviews", AccessReviewViewSet, "access-review"),
]
