"""Hospitals and departments (read-only here), vendors and their qualifications."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hisops.accounts import selectors, services
from hisops.accounts.api_security import ROUTES as SECURITY_ROUTES
from hisops.accounts.choices import VendorKind
from hisops.accounts.models import Department, VendorQualification
from hisops.accounts.serializers import DepartmentOutput, VendorOutput
from hisops.core.scoping import scope_to_user
from hisops.core.selectors import hospital_for_write, hospital_list
from hisops.core.serializers import HospitalSerializer


@extend_schema(tags=["hospitals"])
class HospitalViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HospitalSerializer
    lookup_field = "code"
    filter_backends = []

    def get_queryset(self):
        return hospital_list(user=self.request.user)


@extend_schema(tags=["departments"])
class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentOutput
    filter_backends = []

    def get_queryset(self):
        return scope_to_user(
            Department.objects.select_related("hospital"), self.request.user
        ).order_by("hospital_id", "code")


class QualificationOutput(serializers.ModelSerializer):
    class Meta:
        model = VendorQualification
        fields = ["person_name", "certificate", "number", "expires_on"]


class VendorDetailOutput(VendorOutput):
    qualifications = QualificationOutput(many=True, read_only=True)

    class Meta(VendorOutput.Meta):
        fields = [*VendorOutput.Meta.fields, "contact_email", "qualifications"]


class VendorInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(
        choices=VendorKind.choices, required=False, default=VendorKind.THIRD_PARTY
    )
    contact_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    contact_phone = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default=""
    )
    contact_email = serializers.EmailField(required=False, allow_blank=True, default="")


class QualificationInput(serializers.Serializer):
    person_name = serializers.CharField(max_length=100)
    certificate = serializers.CharField(max_length=100)
    number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema(tags=["vendors"])
class VendorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filter_backends = []

    def get_queryset(self):
        return selectors.vendor_list(user=self.request.user).prefetch_related("qualifications")

    def get_serializer_class(self):
        return VendorDetailOutput if self.action == "retrieve" else VendorOutput

    @extend_schema(request=VendorInput, responses={201: VendorDetailOutput})
    def create(self, request):
        data = VendorInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=fields.pop("hospital", None))
        vendor = services.vendor_create(actor=request.user, hospital=hospital, **fields)
        return Response(VendorDetailOutput(vendor).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=QualificationInput, responses={201: QualificationOutput})
    @action(detail=True, methods=["post"])
    def qualifications(self, request, pk=None):
        """Add a certificate held by one of the vendor's people."""
        vendor = self.get_object()
        data = QualificationInput(data=request.data)
        data.is_valid(raise_exception=True)
        qualification = services.vendor_qualification_add(
            actor=request.user, vendor=vendor, **data.validated_data
        )
        return Response(QualificationOutput(qualification).data, status=status.HTTP_201_CREATED)


# This app's resources under /api/v1/ (config's router registers them).
ROUTES = [
    ("hospitals", HospitalViewSet, "hospital"),
    ("departments", DepartmentViewSet, "department"),
    ("vendors", VendorViewSet, "vendor"),
    *SECURITY_ROUTES,
]
