"""What brings messages in: WeCom applications, 报修 mailboxes, and the record of each
message taken, so a retry or a second delivery changes nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.crypto import EncryptedTextField
from hisops.core.models import TenantModel


class WecomApp(TenantModel):
    """A WeCom self-built application whose messages reach HISOps at
    ``/hooks/wecom/<path_token>/`` (configured in WeCom's admin as the callback URL)."""

    name = models.CharField(_("name"), max_length=100)
    path_token = models.CharField(max_length=64, unique=True)
    corp_id = models.CharField(_("CorpID"), max_length=64)
    agent_id = models.CharField(_("AgentId"), max_length=32, blank=True)
    callback_token = EncryptedTextField(_("callback Token"))
    encoding_aes_key = EncryptedTextField(_("EncodingAESKey"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("WeCom application")
        verbose_name_plural = _("WeCom applications")

    def __str__(self) -> str:
        return self.name


class Inbound(TenantModel):
    """A message that came in (a WeCom message, later a mail), kept by its source's id so
    a retry or a second delivery changes nothing."""

    source = models.CharField(max_length=20)
    key = models.CharField(max_length=300)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reply = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hospital", "source", "key"], name="inbound_once")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.key}"


class Mailbox(TenantModel):
    """An IMAP mailbox (报修邮箱) polled for new mail; each new mail becomes a ticket, or a
    comment on the ticket it answers."""

    name = models.CharField(_("name"), max_length=100)
    host = models.CharField(_("IMAP server"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    use_ssl = models.BooleanField(_("SSL"), default=True)
    username = models.CharField(_("user"), max_length=200)
    password = EncryptedTextField(_("password"))
    folder = models.CharField(_("folder"), max_length=100, default="INBOX")
    is_active = models.BooleanField(_("active"), default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return self.name
