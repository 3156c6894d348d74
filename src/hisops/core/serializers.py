from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Hospital


class HospitalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hospital
        fields = ["code", "name", "level", "time_zone"]


@extend_schema_field(OpenApiTypes.STR)
class HospitalCodeField(serializers.Field):
    """A record's hospital as its code, looked up once per serializer, not joined per row."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "hospital_id")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, hospital_id):
        root = self.root
        codes = getattr(root, "_hospital_codes", None)
        if codes is None:
            codes = root._hospital_codes = dict(Hospital.objects.values_list("id", "code"))
        return codes.get(hospital_id)


MAX_ID = 2**63 - 1  # the largest value a database id column holds


class IdField(serializers.IntegerField):
    """A record id in input: a positive integer that fits the database's id column."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
