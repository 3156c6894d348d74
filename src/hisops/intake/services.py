"""Messages in: WeCom application messages and 报修 mailboxes become tickets, or comments
on the ticket they name. Each message is taken once (``Inbound``)."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.capabilities import Cap, require
from hisops.core.errors import ValidationError
from hisops.core.i18n import system_language
from hisops.intake.models import Inbound, Mailbox, WecomApp
from hisops.intake.wecom import WecomError, _key
from hisops.tickets.choices import NUMBER_IN_TEXT


@transaction.atomic
def wecom_app_create(*, actor, hospital, name: str, corp_id: str, callback_token: str, encoding_aes_key: str,
                     agent_id: str = "") -> WecomApp:  # fmt: skip

    require(actor, Cap.CHANNEL_MANAGE, hospital)
    try:
        _key(encoding_aes_key)
    except WecomError as exc:
        raise ValidationError(fields={"encoding_aes_key": [str(exc)]}) from exc
    if not corp_id.strip() or not callback_token.strip():
        raise ValidationError(fields={"corp_id": [_("CorpID and Token are required.")]})
    app = WecomApp.objects.create(
        hospital=hospital, name=name.strip() or _("WeCom"), path_token=secrets.token_urlsafe(24), corp_id=corp_id.strip(),
        agent_id=agent_id.strip(), callback_token=callback_token.strip(), encoding_aes_key=encoding_aes_key,
    )  # fmt: skip
    audit_record(actor=actor, action="notify.wecom_app.create", obj=app)
    return app


@transaction.atomic
def wecom_message_receive(*, app: WecomApp, message: dict) -> str:
    """A message to the application: a text naming a ticket number becomes a comment on that
    ticket, any other text a new ticket. Returns the reply the sender sees. The same MsgId
    again (WeCom retries when no answer comes within 5 seconds) gets the same reply and
    changes nothing."""
    from hisops.accounts.models import User
    from hisops.core.capabilities import SYSTEM
    from hisops.tickets.selectors import ticket_queryset
    from hisops.tickets.services import ticket_comment, ticket_create

    key = message.get("MsgId") or f"{message.get('FromUserName')}:{message.get('CreateTime')}"
    seen = Inbound.objects.filter(hospital=app.hospital, source="wecom", key=key).first()
    if seen is not None:
        return seen.reply
    sender_id = message.get("FromUserName", "")
    with system_language():
        if message.get("MsgType") != "text" or not message.get("Content", "").strip():
            answer = _(
                "Only text messages can be taken here; please describe the problem in words."
            )
            Inbound.objects.create(hospital=app.hospital, source="wecom", key=key, reply=answer)
            return answer
        text = message["Content"].strip()
        sender = User.objects.filter(
            hospital=app.hospital, username=sender_id, is_active=True
        ).first()
        actor = sender or SYSTEM
        number = NUMBER_IN_TEXT.search(text)
        ticket = None
        if number:
            ticket = (
                ticket_queryset(user=SYSTEM)
                .filter(hospital=app.hospital, number=number.group(0))
                .first()
            )
        if ticket is not None:
            note = text if sender else f"[{sender_id}] {text}"
            ticket_comment(
                actor=SYSTEM if sender is None or ticket.reporter_id != sender.pk else sender,
                ticket=ticket,
                text=note,
            )
            answer = _("Added to %s.") % ticket.number
        else:
            first_line = text.splitlines()[0][:100]
            ticket = ticket_create(
                actor=actor, hospital=app.hospital, title=first_line, description=text, channel="wecom",
                reporter_name=str(sender) if sender else sender_id,
                department=sender.department if sender else None,
            )  # fmt: skip
            answer = _("Received as %s. We will get back to you.") % ticket.number
    Inbound.objects.create(
        hospital=app.hospital, source="wecom", key=key, ticket=ticket, reply=answer
    )
    return answer


@transaction.atomic
def mailbox_create(*, actor, hospital, name: str, host: str, username: str, password: str, port: int = 993,
                   use_ssl: bool = True, folder: str = "INBOX") -> Mailbox:  # fmt: skip
    """A 报修 mailbox to poll. The connection is tried at the next poll; its error, if any,
    shows on the channels page."""
    require(actor, Cap.CHANNEL_MANAGE, hospital)
    errors: dict[str, list[str]] = {}
    for field, value in (
        ("name", name),
        ("host", host),
        ("username", username),
        ("password", password),
    ):
        if not str(value).strip():
            errors[field] = [_("This field is required.")]
    if not 1 <= port <= 65535:
        errors["port"] = [_("Between 1 and 65535.")]
    if errors:
        raise ValidationError(fields=errors)
    mailbox = Mailbox.objects.create(hospital=hospital, name=name.strip(), host=host.strip(), port=port, use_ssl=use_ssl,
                                     username=username.strip(), password=password, folder=folder.strip() or "INBOX")  # fmt: skip
    audit_record(
        actor=actor, action="notify.mailbox.create", obj=mailbox, changes={"host": mailbox.host}
    )
    return mailbox
