"""Reference data every client needs: hospitals and departments (read-only here)."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets

from hisops.accounts.models import Department
from hisops.accounts.serializers import DepartmentOutput
from hisops.core.scoping import scope_to_user
from hisops.core.selectors import hospital_list
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
