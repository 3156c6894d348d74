"""Tickets and their SLA clocks. Rules live in services; this file holds data and
invariants only."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.contracts.choices import Impact, Target
from hisops.core.masking import mask_phone, mask_text
from hisops.core.models import TenantModel
from hisops.core.privacy import PrivateText

from .choices import CauseCategory, Channel, Kind, MaintenanceType, Status

# What patient data a ticket's text may hold: stored masked, kept whole only encrypted
# (core/privacy.py); tickets/masking.py shows each viewer what they may see.
TEXT_FIELDS = (
    "title", "description", "resolution", "review_cause", "review_impact", "review_actions",
    "followup_note", "location",
)  # fmt: skip
PHONE_FIELDS = ("phone", "caller_number")


def _phone(value: str) -> str:
    return mask_phone(value) if value else value


class Ticket(PrivateText, TenantModel):
    PRIVATE_FIELDS = {
        **dict.fromkeys(TEXT_FIELDS, mask_text),
        **dict.fromkeys(PHONE_FIELDS, _phone),
    }

    number = models.CharField(_("number"), max_length=32)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INCIDENT)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.NEW
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="reported_tickets",
        verbose_name=_("reporter"),
    )  # fmt: skip
    reporter_name = models.CharField(_("reporter name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
        verbose_name=_("department"),
    )  # fmt: skip
    location = models.CharField(_("location or ward"), max_length=100, blank=True)
    # The hotline's call log, for tickets taken by phone: who called, when, for how long.
    caller_number = models.CharField(_("caller number"), max_length=32, blank=True)
    call_started_at = models.DateTimeField(_("call started at"), null=True, blank=True)
    call_seconds = models.PositiveIntegerField(_("call length (seconds)"), null=True, blank=True)
    item = models.ForeignKey(
        "catalog.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("item"),
    )
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
        verbose_name=_("contract"),
    )  # fmt: skip
    level = models.ForeignKey(
        "contracts.SLALevel", on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
        verbose_name=_("level"),
    )  # fmt: skip
    impact = models.CharField(_("impact"), max_length=20, choices=Impact.choices, blank=True)
    service_item = models.ForeignKey(
        "contracts.ServiceItem", on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
        verbose_name=_("service item"),
    )  # fmt: skip
    reported_at = models.DateTimeField(_("reported at"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_tickets",
        verbose_name=_("assignee"),
    )  # fmt: skip
    group = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
        verbose_name=_("team"),
    )  # fmt: skip
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates",
        verbose_name=_("merged into"),
    )  # fmt: skip
    paused_since = models.DateTimeField(_("paused since"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    cause_category = models.CharField(
        _("cause category"), max_length=50, blank=True, choices=CauseCategory.choices
    )
    maintenance_type = models.CharField(
        _("maintenance type"), max_length=20, blank=True, choices=MaintenanceType.choices
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Post-incident review (复盘), required before a major incident closes.
    review_cause = models.TextField(_("root cause"), blank=True)
    review_impact = models.TextField(_("impact"), blank=True)
    review_actions = models.TextField(_("actions"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # Follow-up (回访): the call-back or the reporter's own rating.
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    followup_note = models.TextField(_("follow-up note"), blank=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "number"], name="ticket_number_unique")
        ]
        indexes = [
            models.Index(fields=["hospital", "status", "-reported_at"], name="ticket_queue"),
            models.Index(fields=["hospital", "contract", "-reported_at"], name="ticket_contract"),
            models.Index(fields=["hospital", "-reported_at", "-id"], name="ticket_recent"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def major(self) -> bool:
        """A system-level fault per the contract (A/B of seed 000, 一级 elsewhere)."""
        return bool(self.level_id and self.level.system_level)

    @property
    def uncovered(self) -> bool:
        """On an item no contract covers (allowed, and shown)."""
        return self.contract_id is None


class SLAClock(TenantModel):
    """One target of the ticket's level: when it is due, when it was met, how long it paused."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="clocks", verbose_name=_("ticket")
    )
    target = models.CharField(_("target"), max_length=20, choices=Target.choices)
    calendar = models.ForeignKey(
        "calendars.BusinessCalendar", on_delete=models.PROTECT, related_name="+"
    )
    duration_minutes = models.PositiveIntegerField(_("business minutes allowed"))
    # 立即响应: the contract's "immediately", given as its grace in minutes (shown as such).
    immediate = models.BooleanField(_("immediate"), default=False)
    due_at = models.DateTimeField(_("due at"))
    # When the contract's warning share of the allowed time has passed (derived like
    # due_at), so the sweep finds clocks to warn by an index, with no calendar maths.
    warn_at = models.DateTimeField(_("warn at"), null=True, blank=True)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    paused_minutes = models.PositiveIntegerField(_("paused business minutes"), default=0)
    breached = models.BooleanField(_("breached"), default=False)
    holiday_data_missing = models.BooleanField(default=False)
    warned_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ticket_id", "due_at"]
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        constraints = [models.UniqueConstraint(fields=["ticket", "target"], name="sla_clock_once")]
        indexes = [
            models.Index(
                fields=["due_at"], name="sla_clock_running", condition=models.Q(met_at__isnull=True)
            ),
            # The sweep's two reads, each over the clocks still waiting for it only: its
            # work follows what is due this minute, not the number of tickets.
            models.Index(
                fields=["due_at"], name="sla_clock_to_escalate",
                condition=models.Q(met_at__isnull=True, escalated_at__isnull=True),
            ),
            models.Index(
                fields=["warn_at"], name="sla_clock_to_warn",
                condition=models.Q(met_at__isnull=True, warned_at__isnull=True),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.ticket.number} {self.target}"


class TicketEvent(PrivateText, TenantModel):
    """The ticket's timeline: every transition, comment and change, in order."""

    PRIVATE_FIELDS = {"note": mask_text}

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", verbose_name=_("ticket")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    at = models.DateTimeField(_("time"))
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["ticket_id", "at", "id"]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")


def attachment_path(attachment: "Attachment", filename: str) -> str:
    # Random names on disk: the original name is kept in the row, never trusted as a path.
    import uuid

    return f"tickets/{attachment.hospital_id}/{attachment.ticket_id}/{uuid.uuid4().hex}"


class Attachment(PrivateText, TenantModel):
    """A screenshot, log or photo on a ticket. Served only through a view that checks the
    reader may see the ticket; never from a public media URL."""

    PRIVATE_FIELDS = {"name": mask_text}  # 张三_13812345678_检查单.jpg

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("ticket")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["ticket_id", "created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


def signature_path(visit: "OnsiteVisit", filename: str) -> str:
    import uuid

    return f"signatures/{visit.hospital_id}/{visit.ticket_id}/{uuid.uuid4().hex}.png"


class OnsiteVisit(TenantModel):
    """One dispatch to the ward: who went, when they arrived, what they did, and the
    hospital signer's handwritten signature. Replaces the paper repair sheet (维修单)."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="visits", verbose_name=_("ticket")
    )
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="visits",
        verbose_name=_("engineer"),
    )  # fmt: skip
    dispatched_at = models.DateTimeField(_("dispatched at"))
    departed_at = models.DateTimeField(_("set off at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    arrived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("checked in by"),
    )  # fmt: skip
    work_done = models.TextField(_("work done"), blank=True)
    minutes_spent = models.PositiveIntegerField(_("minutes spent"), null=True, blank=True)
    parts = models.CharField(_("parts replaced"), max_length=500, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=100, blank=True)
    signature = models.FileField(
        _("signature"), upload_to=signature_path, blank=True, max_length=200
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    # The seal taken at signing (core.sealing): an edit to the work record or the signature
    # image afterwards shows as "altered" on the ticket and the repair sheet.
    seal = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["ticket_id", "dispatched_at", "id"]
        verbose_name = _("on-site visit")
        verbose_name_plural = _("on-site visits")

    def __str__(self) -> str:
        return f"{self.ticket.number} {self.dispatched_at:%Y-%m-%d %H:%M}"

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    @property
    def travel_minutes(self) -> int | None:
        """The journey to the hospital (seed 002: 到达现场时间均不含路途占用时间)."""
        if self.departed_at is None or self.arrived_at is None:
            return None
        return max(0, int((self.arrived_at - self.departed_at).total_seconds() // 60))

    def sealed_content(self) -> dict:
        """What the hospital signed: the visit's record and the signature image."""
        from hisops.core.sealing import file_digest

        return {
            "ticket": self.ticket_id, "engineer": self.engineer_id, "dispatched_at": self.dispatched_at,
            "departed_at": self.departed_at, "arrived_at": self.arrived_at, "work_done": self.work_done,
            "minutes_spent": self.minutes_spent, "parts": self.parts, "signer_name": self.signer_name,
            "signed_at": self.signed_at, "signature": file_digest(self.signature),
        }  # fmt: skip

    @property
    def intact(self) -> bool | None:
        """Whether a signed visit is as it was signed (None: not signed, or signed before seals)."""
        from hisops.core.sealing import seal_matches

        if not self.signed or not self.seal:
            return None
        return seal_matches(self.seal, self.sealed_content())
