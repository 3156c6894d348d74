from rest_framework import serializers

from hisops.accounts.models import Department, Vendor


class DepartmentOutput(serializers.ModelSerializer):
    hospital = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "code", "name", "kind", "hospital", "is_active"]


class VendorOutput(serializers.ModelSerializer):
    hospital = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Vendor
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "hospital",
            "contact_name",
            "contact_phone",
            "is_active",
        ]
