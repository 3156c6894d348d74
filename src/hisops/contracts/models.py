"""Contracts with vendors: service items, the SLA matrix (levels × targets), quotas."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.accounts.models import Vendor
from hisops.contracts.choices import (
    Channel,
    KpiKey,
    PausingStatus,
    QuotaKind,
    QuotaPeriod,
    QuotaTrigger,
    Target,
    Unit,
)
from hisops.core.models import TenantModel

IMMEDIATE_DEFAULT = 15  # minutes: what "立即响应" means when the contract does not say
IMMEDIATE_MAX = 120


def duration_words(duration, unit: str, immediate: bool = False) -> str:
    """A target as the contract states it: "立即响应（15分钟内）", "30 分钟", "1 工作日"."""
    from django.utils.translation import gettext

    if immediate:
        return gettext("immediately (within %(n)s minutes)") % {"n": duration}
    if duration is None:
        return ""
    return f"{duration} {Unit(unit).label}" if unit in Unit.values else str(duration)


def default_pausing_statuses() -> list[str]:
    return [PausingStatus.WAITING_HOSPITAL, PausingStatus.WAITING_THIRD_PARTY]


class Contract(TenantModel):
    """A maintenance contract: what a vendor covers, how fast, and how often."""

    number = models.CharField(_("contract number"), max_length=64)
    vendor = models.ForeignKey(
        Vendor, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("vendor")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    yearly_renewal = models.BooleanField(
        _("renewed every year"),
        default=False,
        help_text=_("每年一签: each contract year is signed anew."),
    )
    covered_items = models.ManyToManyField(
        "catalog.Item", blank=True, related_name="contracts", verbose_name=_("covered items")
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="owned_contracts",
        verbose_name=_("owners"),
    )
    onsite_engineers = models.PositiveSmallIntegerField(_("on-site engineers"), default=0)
    remote_engineers = models.PositiveSmallIntegerField(_("remote engineers"), default=0)
    onsite_hours = models.CharField(_("on-site hours"), max_length=200, blank=True)
    response_channels = models.JSONField(_("response channels"), default=list, blank=True)
    # The hospital's working hours the resident staff keep (按医院作息时间); cn-workday if empty.
    onsite_calendar = models.ForeignKey(
        "calendars.BusinessCalendar", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("on-site working hours"),
    )  # fmt: skip
    # Upgrades only on these days (seed 004 3.7: 法定工作日): a change under the contract is
    # scheduled only on the calendar's working days.
    release_calendar = models.ForeignKey(
        "calendars.BusinessCalendar", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("release days"),
    )  # fmt: skip
    certificates_required = models.CharField(
        _("certificates the team must hold"), max_length=300, blank=True,
        help_text=_("Comma separated, e.g. 数据库系统工程师, PMP (seed 002 §4)."),
    )  # fmt: skip
    travel_excluded = models.BooleanField(
        _("travel time does not count"), default=False,
        help_text=_("到达现场时间不含路途占用时间: the on-site clock stops while the engineer travels."),
    )  # fmt: skip
    warning_share = models.PositiveSmallIntegerField(
        _("warning share of a target (percent)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    pausing_statuses = models.JSONField(
        _("statuses that pause the clocks"), default=default_pausing_statuses, blank=True
    )
    template = models.CharField(_("template"), max_length=64, blank=True)
    # The level a covered item's ticket gets when nobody chose one and the reporter's
    # impact answer maps to none: the clocks run from the first minute.
    default_level = models.ForeignKey(
        "contracts.SLALevel", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("default level"),
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["hospital_id", "-starts_on", "number"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "number"], name="contract_number_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="contract_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def certificate_names(self) -> list[str]:
        return [
            c.strip() for c in self.certificates_required.replace("，", ",").split(",") if c.strip()
        ]


class ContractYear(TenantModel):
    """One year of a contract's service period; quotas are counted per contract year."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="years", verbose_name=_("contract")
    )
    number = models.PositiveSmallIntegerField(_("year number"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["contract_id", "number"]
        verbose_name = _("contract year")
        verbose_name_plural = _("contract years")
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contract_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} Y{self.number}"


class ServiceItem(TenantModel):
    """A service the contract includes (咨询服务, 故障排除, 巡检 …), with its own response target."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="service_items", verbose_name=_("contract")
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    response_duration = models.PositiveIntegerField(_("response within"), null=True, blank=True)
    response_unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, blank=True)
    response_immediate = models.BooleanField(
        _("immediate response"), default=False,
        help_text=_("立即响应: the response time is what “immediately” means in this contract, in minutes."),
    )  # fmt: skip
    response_calendar = models.ForeignKey(
        "calendars.BusinessCalendar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calendar"),
    )
    response_note = models.CharField(
        _("response note"), max_length=100, blank=True, help_text=_("e.g. 法定工作日预约")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["contract_id", "position", "code"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        constraints = [
            models.UniqueConstraint(fields=["contract", "code"], name="service_item_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def response_words(self) -> str:
        if self.response_duration is None:
            return self.response_note
        return duration_words(self.response_duration, self.response_unit, self.response_immediate)

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(code, code)) for code in self.channels]


class SLALevel(TenantModel):
    """A fault level as the contract defines it (一级…四级, A…E)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="levels", verbose_name=_("contract")
    )
    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=50)
    description = models.TextField(_("description"), blank=True)
    system_level = models.BooleanField(
        _("system-level (major incident)"),
        default=False,
        help_text=_("e.g. A and B of a 系统级/一般级 grading"),
    )
    impacts = models.JSONField(
        _("reporters' impact answers at this level"), default=list, blank=True,
        help_text=_("Each answer to the report form's impact question leads to one level."),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["contract_id", "position", "code"]
        verbose_name = _("fault level")
        verbose_name_plural = _("fault levels")
        constraints = [
            models.UniqueConstraint(fields=["contract", "code"], name="sla_level_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class SLATarget(TenantModel):
    """How long one target of a level may take, on which calendar."""

    level = models.ForeignKey(
        SLALevel, on_delete=models.CASCADE, related_name="targets", verbose_name=_("level")
    )
    target = models.CharField(_("target"), max_length=20, choices=Target.choices)
    duration = models.PositiveIntegerField(_("duration"))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    immediate = models.BooleanField(
        _("immediate"), default=False,
        help_text=_("立即响应: the duration is what “immediately” means in this contract, in minutes."),
    )  # fmt: skip
    calendar = models.ForeignKey(
        "calendars.BusinessCalendar",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("calendar"),
    )

    class Meta:
        ordering = ["level_id", "target"]
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        constraints = [
            models.UniqueConstraint(fields=["level", "target"], name="sla_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.get_target_display()} {self.words}"

    @property
    def words(self) -> str:
        return duration_words(self.duration, self.unit, self.immediate)


class Quota(TenantModel):
    """A counted number per period: a cap (远程报障 ≤ 15 次/年), a minimum (每月巡检 ≥ 1) or an
    exact number; ``counts`` says which event uses it without anyone recording it by hand."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("contract")
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuotaKind.choices, default=QuotaKind.CAP
    )
    period = models.CharField(
        _("period"), max_length=10, choices=QuotaPeriod.choices, default=QuotaPeriod.YEAR
    )
    counts = models.CharField(
        _("counted by"), max_length=20, choices=QuotaTrigger.choices, blank=True
    )
    limit = models.PositiveIntegerField(_("number per period"))
    days_each = models.PositiveSmallIntegerField(_("working days each"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        ordering = ["contract_id", "code"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(fields=["contract", "code"], name="quota_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def words(self) -> str:
        """ "At most 15 per contract year", in the reader's language."""
        return f"{self.get_kind_display()} {self.limit} {self.get_period_display()}"


class QuotaUse(TenantModel):
    """One use of a quota by a record that consumes it (a ticket, an inspection)."""

    quota = models.ForeignKey(
        Quota, on_delete=models.CASCADE, related_name="uses", verbose_name=_("quota")
    )
    year = models.ForeignKey(
        ContractYear,
        on_delete=models.CASCADE,
        related_name="quota_uses",
        verbose_name=_("contract year"),
    )
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    used_on = models.DateField(_("used on"))
    # Beyond a cap (or an exact number): still served, and billable.
    over = models.BooleanField(_("over the quota"), default=False)

    class Meta:
        ordering = ["quota_id", "used_on"]
        verbose_name = _("quota use")
        verbose_name_plural = _("quota uses")
        constraints = [
            models.UniqueConstraint(
                fields=["quota", "object_type", "object_id"], name="quota_use_once"
            )
        ]


class KpiTarget(TenantModel):
    """A goal the contract sets for a measure (seed 003: 平均故障修复时间2小时以内)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="kpi_targets", verbose_name=_("contract")
    )
    key = models.CharField(_("measure"), max_length=32, choices=KpiKey.choices)
    target = models.DecimalField(_("goal"), max_digits=10, decimal_places=3)

    class Meta:
        ordering = ["contract_id", "key"]
        verbose_name = _("KPI goal")
        verbose_name_plural = _("KPI goals")
        constraints = [models.UniqueConstraint(fields=["contract", "key"], name="kpi_target_once")]

    def __str__(self) -> str:
        return f"{self.get_key_display()} {self.target.normalize()}"


class StaffingRole(TenantModel):
    """A role the contract requires, how many, and the people named for it (seed 002:
    项目经理不少于1人，开发工程师不少于2人; seed 003: 2名工程师驻场)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="staffing", verbose_name=_("contract")
    )
    name = models.CharField(_("role"), max_length=50)
    count = models.PositiveSmallIntegerField(_("at least"), validators=[MinValueValidator(1)])
    resident = models.BooleanField(_("resident on site"), default=False)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="staffing_roles",
        verbose_name=_("named people"),
    )

    class Meta:
        ordering = ["contract_id", "-resident", "name"]
        verbose_name = _("staffing role")
        verbose_name_plural = _("staffing roles")
        constraints = [
            models.UniqueConstraint(fields=["contract", "name"], name="staffing_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ≥ {self.count}"


class Attendance(TenantModel):
    """A resident engineer's day on site: when they checked in and out (the phone page)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("contract")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="attendance",
        verbose_name=_("person"),
    )
    day = models.DateField(_("day"))
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)

    class Meta:
        ordering = ["-day", "person_id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "person", "day"], name="attendance_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.day}"
