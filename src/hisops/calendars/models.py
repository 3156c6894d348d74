"""Business calendars: weekly working hours in a time zone, plus dated overrides."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.calendars.choices import OverrideKind
from hisops.core.models import Hospital, code_validator, validate_time_zone


def validate_weekly(value) -> None:
    from hisops.calendars.timemath import parse_intervals

    if not isinstance(value, list) or len(value) != 7 or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Give seven days of working hours, Monday first."))
    for text in value:
        try:
            parse_intervals(text)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


def validate_intervals(value: str) -> None:
    from hisops.calendars.timemath import parse_intervals

    try:
        parse_intervals(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


class BusinessCalendar(models.Model):
    """Working time for SLA clocks: weekly hours in a time zone, plus dated overrides.

    ``hospital`` is empty for the shared calendars every hospital may use (``7x24``,
    ``cn-workday``). A calendar may take the dated holidays and make-up workdays of
    another (``holidays_from``), usually ``cn-workday``, which holds the statutory data.
    """

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    hospital = models.ForeignKey(
        Hospital,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calendars",
        verbose_name=_("hospital"),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )
    weekly = models.JSONField(
        _("weekly working hours"),
        validators=[validate_weekly],
        help_text=_(
            'Seven entries, Monday first, e.g. "08:00-12:00,14:00-18:00"; "" for a day off.'
        ),
    )
    workday_minutes = models.PositiveIntegerField(
        _("standard working day (minutes)"), default=480, validators=[MinValueValidator(1)]
    )
    holidays_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("holidays from"),
    )
    needs_holiday_data = models.BooleanField(
        _("needs statutory holiday data"),
        default=True,
        help_text=_("Warn when a computation reaches a year without holiday data."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name

    @property
    def holiday_source(self) -> "BusinessCalendar":
        """The calendar whose dated overrides carry the statutory data for this one."""
        return self.holidays_from or self


class CalendarOverride(models.Model):
    """One dated exception: a holiday (no working time) or a make-up workday (调休)."""

    calendar = models.ForeignKey(
        BusinessCalendar,
        on_delete=models.CASCADE,
        related_name="overrides",
        verbose_name=_("calendar"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=OverrideKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    intervals = models.CharField(
        _("working hours"),
        max_length=200,
        blank=True,
        validators=[validate_intervals],
        help_text=_("Make-up workdays only; empty means the calendar's normal weekday hours."),
    )

    class Meta:
        ordering = ["calendar_id", "date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="calendar_override_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"
