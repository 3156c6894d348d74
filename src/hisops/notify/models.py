"""In-app notifications (the bell). Email, WeCom, DingTalk and Feishu build on this."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.crypto import EncryptedTextField
from hisops.core.models import TenantModel


class Notification(TenantModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # One notification per event and person: sending the same key again changes nothing.
    key = models.CharField(_("key"), max_length=200)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notify_unread")]

    def __str__(self) -> str:
        return self.title


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("Email (SMTP)")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk robot")
    FEISHU = "feishu", _("Feishu / Lark robot")
    WEBHOOK = "webhook", _("Outbound webhook")


class Channel(TenantModel):
    """Where a hospital's notifications go besides the bell: a group robot, a webhook, or a
    shared mailbox. People's own email comes from their account."""

    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    name = models.CharField(_("name"), max_length=100)
    target = EncryptedTextField(  # a robot's URL carries its key
        _("address"),
        help_text=_("The robot's webhook URL, the URL to call, or an email address."),
    )
    secret = EncryptedTextField(
        _("signing secret"), blank=True,
        help_text=_("DingTalk and Feishu robots with signing on, and outbound webhooks."),
    )  # fmt: skip
    events = models.JSONField(
        _("events"), default=list, blank=True, help_text=_("Event kinds to send; empty means all.")
    )
    per_minute = models.PositiveSmallIntegerField(
        _("messages per minute"),
        default=20,
        help_text=_("WeCom and DingTalk allow 20 a minute per robot."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("notification channel")
        verbose_name_plural = _("notification channels")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "name"], name="channel_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def wants(self, kind: str) -> bool:
        return self.is_active and (not self.events or kind in self.events)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will retry")
    DEAD = "dead", _("Gave up")


class Delivery(TenantModel):
    """One message of one event to one target. The (key, kind, target) triple is unique, so
    an event reaches each target once however often it is announced; a send is claimed
    before it starts, so two workers never send the same delivery at once."""

    kind = models.CharField(_("channel"), max_length=20, choices=ChannelKind.choices)
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    target = models.CharField(_("target"), max_length=500)
    event = models.CharField(_("event"), max_length=50)
    key = models.CharField(_("event key"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # Email only: stored files sent along ([{"name", "path", "content_type"}], path in the
    # file storage), e.g. a scheduled service report's PDF.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    digest = models.CharField(_("payload digest"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["key", "kind", "target"], name="delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="delivery_due",
                condition=models.Q(status__in=["pending", "failed", "sending"]),
            ),
            models.Index(fields=["channel", "sent_at"], name="delivery_rate"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.kind} → {self.target}: {self.subject}"
