"""Service desk pages, by area: the desk (queue, ticket, actions), the clinicians' report
page, on-site work on the engineer's phone, and files. Thin: selectors read, services write."""

from .desk import (
    bulk_assign,
    queue,
    ticket_action,
    ticket_assign,
    ticket_comment,
    ticket_correct,
    ticket_detail,
    ticket_merge,
)
from .files import attachment_download, attachment_upload, signature_image
from .onsite import onsite_list, onsite_ticket, repair_sheet, visit_sign, visit_work
from .report import intake, report, ticket_confirm_page

__all__ = [
    "attachment_download",
    "attachment_upload",
    "bulk_assign",
    "intake",
    "onsite_list",
    "onsite_ticket",
    "queue",
    "repair_sheet",
    "report",
    "signature_image",
    "ticket_action",
    "ticket_assign",
    "ticket_comment",
    "ticket_confirm_page",
    "ticket_correct",
    "ticket_detail",
    "ticket_merge",
    "visit_sign",
    "visit_work",
]  # fmt: skip
