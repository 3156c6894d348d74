"""On-call duty: shifts of a team's people, handovers between them, and escalation chains
that walk from the engineer on duty up to the IT director until someone acknowledges."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.capabilities import Role
from hisops.core.models import TenantModel


class ShiftKind(models.TextChoices):
    DAY = "day", _("Day")
    NIGHT = "night", _("Night")
    FULL = "full", _("24 hours")


class Shift(TenantModel):
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="shifts", verbose_name=_("team")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="shifts",
        verbose_name=_("person"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ShiftKind.choices, default=ShiftKind.DAY
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    swapped_from = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("swapped from"),
    )  # fmt: skip

    class Meta:
        ordering = ["starts_at", "team_id"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="shift_has_length"
            )
        ]
        indexes = [models.Index(fields=["team", "starts_at"], name="shift_team_time")]

    def __str__(self) -> str:
        return f"{self.team} {self.person} {self.starts_at:%m-%d %H:%M}"


class Handover(TenantModel):
    """交接班: the outgoing person's open issues; the incoming one acknowledges."""

    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="handovers", verbose_name=_("team")
    )
    outgoing = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    incoming = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("taken over by"),
    )
    notes = models.TextField(_("open issues"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"{self.outgoing} → {self.incoming}"


class EscalationChain(TenantModel):
    name = models.CharField(_("name"), max_length=100)
    events = models.JSONField(_("events"), default=list, help_text=_("sla_breach, major_incident"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("escalation chain")
        verbose_name_plural = _("escalation chains")

    def __str__(self) -> str:
        return self.name


class EscalationStep(TenantModel):
    """Who is told at this step: the people on duty in a team, everyone with a role (the
    vendor's project managers), or one person (the IT director); then how long to wait for
    an acknowledgement before the next step."""

    chain = models.ForeignKey(EscalationChain, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on duty in"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    wait_minutes = models.PositiveIntegerField(_("wait (minutes)"), default=15)

    class Meta:
        ordering = ["chain_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="escalation_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.chain} #{self.position}"


class Escalation(TenantModel):
    """One walk of a chain for one event (an SLA breach, a major incident)."""

    chain = models.ForeignKey(EscalationChain, on_delete=models.PROTECT, related_name="escalations")
    key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(max_length=300, blank=True)
    step = models.PositiveSmallIntegerField(_("step reached"), default=0)
    next_at = models.DateTimeField(null=True, blank=True)
    notified = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("acknowledged by"),
    )  # fmt: skip
    exhausted = models.BooleanField(_("chain exhausted"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [models.UniqueConstraint(fields=["chain", "key"], name="escalation_once")]
        indexes = [
            models.Index(fields=["next_at"], name="escalation_due",
                         condition=models.Q(acknowledged_at__isnull=True, exhausted=False)),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title
