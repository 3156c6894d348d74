"""The tenant and the base of every business record."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.choices import HospitalLevel

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
    _("Use letters, digits, '-', '_' or '.', starting with a letter or digit."),
)


class Hospital(models.Model):
    """A tenant. Every business record belongs to exactly one hospital."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(
        _("level"), max_length=4, choices=HospitalLevel.choices, blank=True, default=""
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("hospital")
        verbose_name_plural = _("hospitals")

    def __str__(self) -> str:
        return self.name


class TenantModel(models.Model):
    """Base of every business table: the tenant key and timezone-aware timestamps.

    ``hospital_id`` is the distribution column if the schema is ever sharded by hospital.
    """

    hospital = models.ForeignKey(
        Hospital, on_delete=models.PROTECT, related_name="+", verbose_name=_("hospital")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Heartbeat(models.Model):
    """Last run of each periodic job; /healthz reports how long ago background work ran."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField()

    class Meta:
        verbose_name = _("heartbeat")

    def __str__(self) -> str:
        return self.name


def validate_time_zone(value: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("Unknown time zone “%(value)s”."), params={"value": value}
        ) from None


class Sequence(models.Model):
    """The last number issued per hospital, prefix and year. Issuing locks the row, so
    numbers are never duplicated, skipped or reused, however many are created at once."""

    hospital = models.ForeignKey(Hospital, on_delete=models.PROTECT, related_name="+")
    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hospital", "prefix", "year"], name="sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"
