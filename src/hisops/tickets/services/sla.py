"""The SLA engine's background work: recompute clocks when calendars or levels change,
and the sweep that warns before a breach and escalates at it."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.masking import mask_text

from .. import clocks
from ..choices import OPEN_STATUSES, QUIET_STATUSES
from ..models import SLAClock, Ticket
from .lifecycle import _replan


def clocks_recompute(*, calendar_ids: list[int], batch: int = 500) -> int:
    """Re-derive the running clocks on these calendars (new holiday data, new hours)."""
    from hisops.calendars.models import BusinessCalendar

    fresh = {
        c.pk: c
        for c in BusinessCalendar.objects.filter(pk__in=calendar_ids).select_related(
            "holidays_from"
        )
    }
    count = 0
    now = timezone.now()
    running = SLAClock.objects.filter(calendar_id__in=calendar_ids, met_at__isnull=True)
    ids = list(running.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            chunk = list(
                SLAClock.objects.filter(pk__in=ids[start : start + batch]).select_related(
                    "ticket__contract"
                )
            )
            for clock in chunk:
                clock.calendar = fresh[clock.calendar_id]
                clocks.derive(clock, clock.ticket, now)
            SLAClock.objects.bulk_update(
                chunk, ["due_at", "warn_at", "breached", "holiday_data_missing"]
            )
            count += len(chunk)
    return count


@transaction.atomic
def clocks_recompute_for_level(*, level_id: int) -> int:
    """A level's targets changed: open tickets at that level get clocks planned anew."""
    from hisops.core.capabilities import SYSTEM

    count = 0
    for ticket in Ticket.objects.filter(
        level_id=level_id, status__in=list(OPEN_STATUSES)
    ).select_related("level", "contract"):
        _replan(ticket, ticket.level, timezone.now())
        count += 1
    if count:
        audit_record(
            actor=SYSTEM,
            action="tickets.clocks.recompute",
            object_type="contracts.slalevel",
            object_id=level_id,
            changes={"tickets": count},
        )
    return count


@dataclass
class SweepResult:
    warned: int = 0
    escalated: int = 0


def sla_sweep(*, now: datetime | None = None, batch: int = 500) -> SweepResult:
    """Warn once when a running clock passes its warning moment; escalate once when it
    breaches. Both moments are stored on the clock (``warn_at`` and ``due_at``, derived
    with the calendar maths whenever the clock's inputs change) and read through partial
    indexes that hold only the clocks still waiting for that step, so a run's work
    follows what fell due since the last one, not the number of tickets. Paused, closed,
    cancelled and merged tickets are left alone: a paused clock's times move on resume.
    """
    now = now or timezone.now()
    result = SweepResult()
    running = SLAClock.objects.filter(met_at__isnull=True)
    to_escalate = running.filter(escalated_at__isnull=True, due_at__lte=now)
    for clock in _waiting(to_escalate, "due_at", batch):
        with transaction.atomic():
            if SLAClock.objects.filter(pk=clock.pk, escalated_at__isnull=True).update(
                escalated_at=now, breached=True
            ):
                result.escalated += 1
                _announce(clock, "breach", now)
    to_warn = running.filter(warned_at__isnull=True, warn_at__lte=now, due_at__gt=now)
    for clock in _waiting(to_warn, "warn_at", batch):
        with transaction.atomic():
            if SLAClock.objects.filter(pk=clock.pk, warned_at__isnull=True).update(warned_at=now):
                result.warned += 1
                _announce(clock, "warning", now)
    return result


def _waiting(clocks, order: str, batch: int) -> list[SLAClock]:
    """Up to ``batch`` of ``clocks`` whose tickets are not quiet, earliest first.

    The clocks are read from their partial index alone, then their tickets by primary
    key: joining the two in one query let PostgreSQL's planner, misjudging how few
    clocks wait, scan the whole ticket table (100 ms at 1M tickets). Quiet tickets'
    clocks are stepped over page by page, so a pile of paused ones cannot hide the rest.
    """
    found: list[int] = []
    after = None
    while len(found) < batch:
        page = clocks.order_by(order, "pk")
        if after is not None:
            page = page.filter(
                Q(**{f"{order}__gt": after[0]}) | Q(**{order: after[0], "pk__gt": after[1]})
            )
        chunk = list(page.values_list("pk", order, "ticket_id")[:batch])
        if not chunk:
            break
        live = set(
            Ticket.objects.filter(pk__in={c[2] for c in chunk})
            .exclude(status__in=QUIET_STATUSES)
            .values_list("pk", flat=True)
        )
        found += [pk for pk, _when, ticket_id in chunk if ticket_id in live]
        after = (chunk[-1][1], chunk[-1][0])
        if len(chunk) < batch:
            break
    if not found:
        return []
    return list(
        SLAClock.objects.filter(pk__in=found[:batch])
        .select_related("ticket__hospital", "ticket__contract__vendor", "ticket__assignee")
        .order_by(order, "pk")
    )


def _announce(clock: SLAClock, what: str, now: datetime) -> None:
    """Tell the assignee, the vendor's project managers and the IT department."""
    from hisops.core.i18n import system_language
    from hisops.notify.services import notification_send

    from ..selectors import ticket_audience

    ticket = clock.ticket
    people = ticket_audience(ticket=ticket, occasion="sla")
    with system_language():
        target = clock.get_target_display()
        title = (
            _("SLA breached: %(number)s %(target)s was due %(due)s")
            if what == "breach"
            else _("SLA at risk: %(number)s %(target)s is due %(due)s")
        ) % {
            "number": ticket.number,
            "target": target,
            "due": timezone.localtime(clock.due_at).strftime("%m-%d %H:%M"),
        }
    notification_send(
        hospital=ticket.hospital, recipients=people, kind=f"sla_{what}", key=f"sla:{clock.pk}:{what}",
        title=title, body=mask_text(ticket.title), url=f"/tickets/{ticket.number}/",
    )  # fmt: skip
    if what == "breach":  # and up the on-call escalation chain, until someone acknowledges
        from hisops.oncall.services import escalation_start

        escalation_start(hospital=ticket.hospital, event="sla_breach", key=f"sla:{clock.pk}",
                         title=title, url=f"/tickets/{ticket.number}/", now=now)  # fmt: skip
