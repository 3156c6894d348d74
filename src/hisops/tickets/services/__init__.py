"""Every write to tickets, by area. Callers import from here: ``services.ticket_create``."""

from .assignment import check_assignee, ticket_assign, tickets_bulk_assign
from .attachments import attachment_add
from .lifecycle import (
    ACTION_WORDS,
    AUTO_CONFIRM_DAYS,
    PAUSE_REASONS,
    REOPEN_DAYS,
    TRANSITIONS,
    WORKING,
    TransitionInput,
    ticket_comment,
    ticket_create,
    ticket_merge,
    ticket_number_next,
    ticket_transition,
    tickets_auto_confirm,
)
from .onsite import visit_record_work, visit_sign
from .sla import SweepResult, clocks_recompute, clocks_recompute_for_level, sla_sweep

__all__ = [
    "ACTION_WORDS",
    "AUTO_CONFIRM_DAYS",
    "PAUSE_REASONS",
    "REOPEN_DAYS",
    "TRANSITIONS",
    "WORKING",
    "SweepResult",
    "TransitionInput",
    "attachment_add",
    "check_assignee",
    "clocks_recompute",
    "clocks_recompute_for_level",
    "sla_sweep",
    "ticket_assign",
    "ticket_comment",
    "ticket_create",
    "ticket_merge",
    "ticket_number_next",
    "ticket_transition",
    "tickets_auto_confirm",
    "tickets_bulk_assign",
    "visit_record_work",
    "visit_sign",
]
