"""Reading the hospital's 报修 mailbox: each new mail a ticket, each reply a comment.

Threading: a reply names the mail it answers in ``In-Reply-To``/``References``; clients
that send neither (QQ Mail often) keep the ticket number in the subject ("回复：[INC-…]").
Each message is stored once per mailbox by its ``Message-ID``, so polling the same mail
twice changes nothing. Auto-replies (``Auto-Submitted``, ``X-Autoreply``, ``Precedence:
bulk``, "自动回复"/"Out of Office" subjects) and our own mail coming back are ignored.
"""

import email
import hashlib
import imaplib
import logging
import re
from email import policy
from email.message import EmailMessage
from email.utils import parseaddr

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.core.capabilities import SYSTEM
from hisops.core.i18n import system_language
from hisops.intake.models import Inbound, Mailbox
from hisops.tickets.choices import NUMBER_IN_TEXT

logger = logging.getLogger(__name__)
AUTO_SUBJECT = re.compile(
    r"^\s*(自动回复|自动答复|auto[- ]?reply|automatic reply|out of office|休假)", re.I
)


def is_automatic(message: EmailMessage) -> bool:
    if (message.get("Auto-Submitted") or "no").strip().lower() != "no":
        return True
    if (
        message.get("X-Autoreply")
        or message.get("X-Autorespond")
        or message.get("X-HISOps-Delivery")
    ):
        return True
    if (message.get("Precedence") or "").strip().lower() in {"bulk", "junk", "list", "auto_reply"}:
        return True
    if message.get("Return-Path", "").strip() == "<>":
        return True
    ours = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()
    return parseaddr(message.get("From", ""))[1].lower() == ours or bool(
        AUTO_SUBJECT.match(str(message.get("Subject", "")))
    )


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (
        LookupError,
        UnicodeDecodeError,
    ):  # a charset Python does not know: keep what can be read
        text = part.get_payload(decode=True).decode("gb18030", errors="replace")
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", text)
    return text.strip()


def receive(*, mailbox: Mailbox, raw: bytes) -> str:
    """One message from the mailbox; returns what happened (for the poll's report)."""
    from hisops.accounts.models import User
    from hisops.tickets.selectors import ticket_queryset
    from hisops.tickets.services import attachment_add, ticket_comment, ticket_create

    message = email.message_from_bytes(raw, policy=policy.default)
    source = f"email:{mailbox.pk}"
    message_id = (
        message.get("Message-ID") or ""
    ).strip() or f"<sha256-{hashlib.sha256(raw).hexdigest()}>"
    with transaction.atomic():
        if Inbound.objects.filter(
            hospital_id=mailbox.hospital_id, source=source, key=message_id
        ).exists():
            return "seen"
        if is_automatic(message):
            Inbound.objects.create(
                hospital_id=mailbox.hospital_id,
                source=source,
                key=message_id,
                reply="ignored: automatic",
            )
            return "ignored"
        with system_language():
            subject = str(message.get("Subject") or "").strip() or _("(no subject)")
        sender_name, sender_address = parseaddr(str(message.get("From", "")))
        sender = (
            User.objects.filter(
                hospital_id=mailbox.hospital_id, email__iexact=sender_address, is_active=True
            ).first()
            if sender_address
            else None
        )
        text = body_text(message)
        ticket = _thread(mailbox, message, subject, ticket_queryset)
        if ticket is not None:
            ticket_comment(
                actor=SYSTEM, ticket=ticket, text=f"[{sender_name or sender_address}] {text}"[:5000]
            )
            outcome = f"comment {ticket.number}"
        else:
            ticket = ticket_create(
                actor=sender or SYSTEM, hospital=mailbox.hospital, title=subject[:200], description=text, channel="email",
                reporter_name=str(sender) if sender else (sender_name or sender_address),
                department=sender.department if sender else None,
            )  # fmt: skip
            outcome = f"ticket {ticket.number}"
        for part in message.iter_attachments():
            name = part.get_filename()
            if not name:
                continue
            upload = SimpleUploadedFile(
                name, part.get_payload(decode=True) or b"", part.get_content_type()
            )
            try:
                attachment_add(actor=SYSTEM, ticket=ticket, upload=upload)
            except Exception as exc:
                # The file name may carry a patient's name: log only that one was refused.
                logger.info(
                    "mail %s: an attachment was not kept: %s", message_id, type(exc).__name__
                )
        Inbound.objects.create(
            hospital_id=mailbox.hospital_id,
            source=source,
            key=message_id,
            ticket=ticket,
            reply=outcome,
        )
    return outcome


def _thread(mailbox: Mailbox, message: EmailMessage, subject: str, ticket_queryset):
    references = " ".join(str(message.get(h, "")) for h in ("In-Reply-To", "References")).split()
    if references:
        earlier = (
            Inbound.objects.filter(
                hospital_id=mailbox.hospital_id, key__in=references, ticket__isnull=False
            )
            .select_related("ticket")
            .first()
        )
        if earlier is not None:
            return earlier.ticket
    number = NUMBER_IN_TEXT.search(subject)
    if number:
        return (
            ticket_queryset(user=SYSTEM)
            .filter(hospital_id=mailbox.hospital_id, number=number.group(0))
            .first()
        )
    return None


def poll(*, mailbox: Mailbox) -> list[str]:
    """Fetch what the mailbox holds and take each message (already-seen ones are skipped by
    their Message-ID); messages stay on the server, marked seen."""
    outcomes = []
    try:
        client = (imaplib.IMAP4_SSL if mailbox.use_ssl else imaplib.IMAP4)(
            mailbox.host, mailbox.port, timeout=30
        )
        with client:
            client.login(mailbox.username, mailbox.password)
            client.select(mailbox.folder)
            _status, data = client.uid("search", None, "ALL")
            for uid in (data[0] or b"").split():
                _status, parts = client.uid("fetch", uid, "(BODY.PEEK[])")
                raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
                if raw:
                    outcomes.append(receive(mailbox=mailbox, raw=raw))
                    client.uid("store", uid, "+FLAGS", "(\\Seen)")
        error = ""
    except (OSError, imaplib.IMAP4.error) as exc:
        error = f"{type(exc).__name__}: {exc}"
        logger.warning("mailbox %s: %s", mailbox.pk, error)
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now(), last_error=error)
    return outcomes


def poll_all() -> int:
    return sum(
        len(poll(mailbox=m))
        for m in Mailbox.objects.filter(is_active=True).select_related("hospital")
    )
