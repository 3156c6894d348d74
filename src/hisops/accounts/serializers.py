from rest_framework import serializers

from .models import Department


class DepartmentOutput(serializers.ModelSerializer):
    hospital = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "code", "name", "kind", "hospital", "is_active"]
