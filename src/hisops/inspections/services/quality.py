"""Data quality (数据质量): rules that measure a hospital database (a query's first value)
against a threshold on a schedule. Each run keeps the value; a failing run opens a finding
as a ticket on the rule's item (once, while it stays open); a later passing run closes
the loop, naming the ticket it closes."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.checks import probes
from hisops.checks.choices import CheckKind
from hisops.checks.probes import COMPARISON
from hisops.checks.services import sql_errors
from hisops.core.capabilities import SYSTEM, Cap, require
from hisops.core.errors import ValidationError
from hisops.core.i18n import system_language
from hisops.tickets.choices import OPEN_STATUSES, Channel
from hisops.tickets.services import (
    WORKING,
    TransitionInput,
    ticket_comment,
    ticket_create,
    ticket_transition,
)

from ..models import QualityRule, QualityRun


@transaction.atomic
def quality_rule_create(
    *, actor, hospital, name: str, source, query: str, expect: str, item, interval_hours: int = 24
) -> QualityRule:
    require(actor, Cap.INSPECTION_MANAGE, hospital)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if problems := sql_errors(query):
        errors["query"] = problems
    if not COMPARISON.match(expect or "") or not expect.strip():
        errors["expect"] = [_('Write the threshold as e.g. "<= 0.01".')]
    if source.hospital_id != hospital.pk or item.hospital_id != hospital.pk:
        errors["source"] = [_("It belongs to another hospital.")]
    if not 1 <= interval_hours <= 24 * 31:
        errors["interval_hours"] = [_("Between 1 hour and a month.")]
    if errors:
        raise ValidationError(fields=errors)
    rule = QualityRule.objects.create(hospital=hospital, name=name.strip(), source=source, query=query.strip(),
                                      expect=expect.strip(), item=item, interval_hours=interval_hours,
                                      next_run_at=timezone.now())  # fmt: skip
    audit_record(actor=actor, action="inspections.quality_rule.create", obj=rule,
                 changes={"expect": [None, rule.expect]})  # fmt: skip
    return rule


def quality_rule_run(*, actor, rule: QualityRule, now: datetime | None = None) -> QualityRun:
    """Measure once (by hand, or from the schedule as the system)."""
    require(actor, Cap.INSPECTION_MANAGE, rule.hospital)
    now = now or timezone.now()
    # The same probe as a SQL check: read-only, compared with the threshold, any failure
    # (the database's own errors too) a failed measurement in words.
    seen = probes.run(CheckKind.SQL, target=rule.query, params={"expect": rule.expect}, timeout=30,
                      source=rule.source)  # fmt: skip
    return _record(rule, now=now, value=seen.value, ok=seen.ok, message=seen.message)


@transaction.atomic
def _record(rule: QualityRule, *, now, value, ok: bool, message: str) -> QualityRun:
    rule = (
        QualityRule.objects.select_for_update(of=("self",))
        .select_related("ticket", "item", "hospital")
        .get(pk=rule.pk)
    )
    run = QualityRun(rule=rule, ran_at=now, ok=ok, value=value, message=message)
    open_ticket = rule.ticket if rule.ticket_id and rule.ticket.status in OPEN_STATUSES else None
    with system_language():
        if not ok and open_ticket is None:
            title = _("Data quality: %(name)s (%(message)s)") % {
                "name": rule.name,
                "message": message,
            }
            run.opened = rule.ticket = ticket_create(actor=SYSTEM, hospital=rule.hospital, title=title[:200],
                                                     description=f"{rule.query}\n\n{message}", item=rule.item,
                                                     channel=Channel.INSPECTION)  # fmt: skip
        elif ok and open_ticket is not None:
            run.closed, rule.ticket = open_ticket, None
            note = _("Data quality rule met again: %(message)s") % {"message": message}
            if open_ticket.status in WORKING:
                ticket_transition(actor=SYSTEM, ticket=open_ticket,
                                  data=TransitionInput(action="resolve", resolution=note))  # fmt: skip
            else:
                ticket_comment(actor=SYSTEM, ticket=open_ticket, text=note)
        elif ok:
            rule.ticket = None
    run.save()
    rule.next_run_at = now + timedelta(hours=rule.interval_hours)
    rule.save(update_fields=["ticket", "next_run_at", "updated_at"])
    return run


def quality_rules_due(*, now: datetime | None = None) -> int:
    """The schedule's hourly call: every active rule whose interval has passed."""
    now = now or timezone.now()
    rules = list(
        QualityRule.objects.filter(is_active=True, next_run_at__lte=now).select_related("source")
    )
    for rule in rules:
        quality_rule_run(actor=SYSTEM, rule=rule, now=now)
    return len(rules)
