from rest_framework import serializers

from .models import Vendor


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
