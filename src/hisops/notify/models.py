"""In-app notifications (the bell). Email, WeCom, DingTalk and Feishu build on this."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
