"""The audit log as an .xlsx file, in the words the page shows."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import words

CHUNK = 2000


def events_workbook(events) -> bytes:
    """Every event of the query (newest first), read in chunks of 2,000 by id so memory
    stays flat however long the log is."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Audit log"))
    headers = [
        _("Time"),
        _("Person"),
        _("Role"),
        _("Action"),
        _("Object"),
        _("Changes"),
        _("Source IP"),
        _("Result"),
        _("Note"),
    ]
    bold = Font(bold=True)
    sheet.append([_cell(sheet, h, bold) for h in headers])
    ordered, last = events.order_by("-id"), None
    while True:
        batch = list((ordered.filter(pk__lt=last) if last is not None else ordered)[:CHUNK])
        if not batch:
            break
        names = words.related_names(batch)
        for e in batch:
            changes = pgettext("clause separator", "; ").join(
                f"{c.field}: {c.before} → {c.after}" if c.before else f"{c.field}: {c.after}"
                for c in words.changes_words(e, names)
            )
            sheet.append([
                timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
                (e.actor.get_full_name() or e.actor.username) if e.actor else (e.actor_username or _("system")),
                e.actor_role and _role(e.actor_role), words.action_words(e.action),
                " ".join(filter(None, [words.object_type_words(e.object_type), e.object_repr])),
                changes, e.source_ip or "", _("OK") if e.success else _("Failed"), e.message,
            ])  # fmt: skip
        if len(batch) < CHUNK:
            break
        last = batch[-1].pk
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet, value, font):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def _role(code: str) -> str:
    from hisops.core.capabilities import Role
    from hisops.core.i18n import label

    return label(Role, code)
