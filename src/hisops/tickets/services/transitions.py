"""The ticket state machine as a table: each action names the statuses it starts from,
the status it leads to, the capability it needs, who else may or may not, the checks on
its input and its effects. One service per verb (``ticket_accept``, ``ticket_pause`` …)
applies its row; ``ticket_transition`` dispatches an action by name (the API's
``transitions`` endpoint, the ticket page's buttons); ``allowed_actions`` answers the page
from the same rows, so a button is shown exactly when the service would accept the click.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hisops.contracts.choices import QuotaTrigger
from hisops.contracts.services import quota_uses_for, quota_uses_release
from hisops.core.capabilities import Cap, can, require
from hisops.core.errors import PermissionDenied, ValidationError

from .. import clocks
from ..choices import CauseCategory, MaintenanceType, Status
from ..models import OnsiteVisit, SLAClock, Ticket
from .assignment import check_assignee
from .lifecycle import (
    OTHER_ACTION_WORDS,
    QUOTA_OBJECT,
    event_record,
    recorded_at,
    ticket_change_level,
)

WORKING = (
    Status.ACCEPTED,
    Status.IN_PROGRESS,
    Status.DISPATCHED,
    Status.ARRIVED,
    Status.SOLUTION_PROPOSED,
)
PAUSED = (Status.WAITING_HOSPITAL, Status.WAITING_THIRD_PARTY)
REOPEN_DAYS = 7


@dataclass(frozen=True)
class PauseReason:
    """Why a ticket's clocks may stop, and the rules that come with the reason."""

    status: str  # the waiting status it leads to
    capability: str  # who may pause for this reason
    needs_note: bool  # the note must say what is awaited
    tells_reporter: bool  # the reporter hears of it (and is who can answer)
    contestable: bool  # the hospital may contest it: the pause ends and counts for nothing


PAUSE_REASONS = {
    "waiting_hospital": PauseReason(
        Status.WAITING_HOSPITAL, Cap.TICKET_WORK, needs_note=True, tells_reporter=True, contestable=True
    ),
    "waiting_third_party": PauseReason(
        Status.WAITING_THIRD_PARTY, Cap.TICKET_WORK, needs_note=False, tells_reporter=False, contestable=False
    ),
}  # fmt: skip
CONTESTABLE = tuple(r.status for r in PAUSE_REASONS.values() if r.contestable)


@dataclass
class TransitionInput:
    action: str
    at: datetime | None = None
    reason: str = ""  # pause: waiting_hospital | waiting_third_party; cancel and back-dating: why
    note: str = ""
    resolution: str = ""
    cause_category: str = ""
    maintenance_type: str = ""  # resolve: corrective | perfective | adaptive | preventive
    level: str = ""  # change_level: the new level code
    review_cause: str = ""  # review: the post-incident review (复盘)
    review_impact: str = ""
    review_actions: str = ""
    satisfaction: int | None = None  # followup: 1 (very poor) to 5 (very good)
    engineer: object = None  # dispatch: who goes on site (default: the assignee, else the actor)


@dataclass
class Step:
    """One action being applied: what guards read and effects change."""

    actor: object
    ticket: Ticket
    data: TransitionInput
    at: datetime
    now: datetime
    target: str | None
    clocks: list[SLAClock] = field(default_factory=list)
    engineer: object = None


# -- who, besides the capability (the page asks these too) ------------------------------


def _actor_pk(actor):
    return getattr(actor, "pk", None)


def reporter_or_it(actor, ticket: Ticket) -> bool:
    """Confirming or reopening a resolution: the reporter, or the IT department."""
    return can(actor, Cap.TICKET_MANAGE, ticket.hospital) or ticket.reporter_id == _actor_pk(actor)


def reporter_or_staff(actor, ticket: Ticket) -> bool:
    """The follow-up (回访): IT, the vendor's people, or the reporter's own rating."""
    return can(actor, Cap.TICKET_WORK, ticket.hospital) or reporter_or_it(actor, ticket)


def accepted_or_it(actor, ticket: Ticket) -> bool:
    """Pausing: the vendor only once it has accepted the ticket (the response clock runs
    until then); the IT department at any time."""
    return ticket.status != Status.NEW or can(actor, Cap.TICKET_MANAGE, ticket.hospital)


WHO_REFUSED = {
    accepted_or_it: gettext_lazy(
        "Accept the ticket before pausing it: the response clock runs until it is accepted."
    ),
    reporter_or_it: gettext_lazy("Only the reporter or the IT department may do this."),
    reporter_or_staff: gettext_lazy(
        "Only the reporter, the IT department or the vendor may record this."
    ),
}


# -- checks on the input (raise to refuse; nothing is written) ---------------------------


def needs_pause_reason(step: Step) -> None:
    reason = PAUSE_REASONS.get(step.data.reason)
    if reason is None:
        raise ValidationError(
            fields={"reason": [_("Give waiting_hospital or waiting_third_party.")]}
        )
    require(step.actor, reason.capability, step.ticket.hospital)
    if reason.needs_note and not step.data.note.strip():
        raise ValidationError(fields={"note": [_("Say what the hospital must provide or do.")]})
    step.target = reason.status


def needs_contest_note(step: Step) -> None:
    if not step.data.note.strip():
        raise ValidationError(fields={"note": [_("Say why the ticket is not waiting for you.")]})


def needs_cancel_reason(step: Step) -> None:
    if not step.data.reason.strip():
        raise ValidationError(fields={"reason": [_("Say why the ticket is cancelled.")]})


def needs_resolution(step: Step) -> None:
    if not step.data.resolution.strip():
        raise ValidationError(fields={"resolution": [_("Describe what was done.")]})


def known_cause_category(step: Step) -> None:
    if step.data.cause_category and step.data.cause_category not in CauseCategory.values:
        raise ValidationError(
            fields={"cause_category": [_("Choose one of: %s.") % ", ".join(CauseCategory.values)]}
        )
    if step.data.maintenance_type and step.data.maintenance_type not in MaintenanceType.values:
        raise ValidationError(
            fields={
                "maintenance_type": [_("Choose one of: %s.") % ", ".join(MaintenanceType.values)]
            }
        )


def within_reopen_window(step: Step) -> None:
    resolved = step.ticket.resolved_at
    if resolved and (step.at - resolved).days > REOPEN_DAYS:
        raise ValidationError(
            _("A ticket can be reopened within %d days of its resolution.") % REOPEN_DAYS
        )


def needs_review(step: Step) -> None:
    fields = ("review_cause", "review_impact", "review_actions")
    missing = [f for f in fields if not getattr(step.data, f).strip()]
    if missing:
        raise ValidationError(fields={f: [_("This field is required.")] for f in missing})


def needs_satisfaction(step: Step) -> None:
    if step.data.satisfaction not in {1, 2, 3, 4, 5}:
        raise ValidationError(fields={"satisfaction": [_("Rate from 1 to 5.")]})


def major_incident_reviewed(step: Step) -> None:
    if step.ticket.major and step.ticket.reviewed_at is None:
        raise ValidationError(
            _(
                "A major incident closes only after its post-incident review (cause, impact, actions)."
            ),
            code="review_required",
        )


def picks_engineer(step: Step) -> None:
    data, ticket, actor = step.data, step.ticket, step.actor
    step.engineer = data.engineer or ticket.assignee or (actor if _actor_pk(actor) else None)
    if step.engineer is not None:
        check_assignee(ticket, step.engineer)


# -- effects (in the order a row lists them) ---------------------------------------------


def ends_pause(step: Step) -> None:
    ticket = step.ticket
    if ticket.paused_since is None:
        return
    for clock in step.clocks:
        clocks.add_pause(clock, ticket, ticket.paused_since, step.at, step.now)
    ticket.paused_since = None


def starts_pause(step: Step) -> None:
    step.ticket.paused_since = step.at


def voids_pause(step: Step) -> None:
    """A contested pause ends and its time counts against the clocks, as if never paused."""
    step.ticket.paused_since = None


# What the reporter is told, by action (after commit; never the reporter's own action).
REPORTER_NEWS = {
    "accept": gettext_lazy("Your report %(number)s has been taken on: %(title)s"),
    "dispatch": gettext_lazy("An engineer is on the way for %(number)s: %(title)s"),
    "resolve": gettext_lazy("%(number)s is fixed; please confirm: %(title)s"),
    "pause": gettext_lazy("%(number)s waits for your side: %(note)s"),
}


def tells_reporter(step: Step) -> None:
    """The reporter hears when the ticket is taken on, someone is on the way, it waits
    for them, or it is fixed (with the one-tap confirm page as the link)."""
    from hisops.core.i18n import system_language
    from hisops.core.masking import mask_text
    from hisops.notify.services import notification_send

    ticket, action = step.ticket, step.data.action
    reporter = ticket.reporter
    if reporter is None or reporter.pk == _actor_pk(step.actor):
        return
    if action == "pause" and not PAUSE_REASONS[step.data.reason].tells_reporter:
        return
    with system_language():
        title = str(REPORTER_NEWS[action]) % {
            "number": ticket.number, "title": mask_text(ticket.title), "note": mask_text(step.data.note),
        }  # fmt: skip
    url = f"/tickets/{ticket.number}/" + ("confirm/" if action == "resolve" else "")
    key = f"reporter:{ticket.pk}:{action}:{step.at.isoformat()}"
    transaction.on_commit(
        lambda: notification_send(
            hospital=ticket.hospital,
            recipients=[reporter],
            kind=f"ticket_{action}",
            key=key,
            title=title,
            url=url,
            personal=True,
        )
    )


def tells_desk_of_contest(step: Step) -> None:
    from hisops.core.i18n import system_language
    from hisops.notify.services import notification_send

    from ..selectors import ticket_audience

    ticket = step.ticket
    people = ticket_audience(ticket=ticket, occasion="contested")
    with system_language():
        title = _("%(number)s: the hospital says it is not waiting for them: %(note)s") % {
            "number": ticket.number, "note": step.data.note,
        }  # fmt: skip
    transaction.on_commit(
        lambda: notification_send(
            hospital=ticket.hospital,
            recipients=people,
            kind="pause_contested",
            key=f"contest:{ticket.pk}:{step.at.isoformat()}",
            title=title,
            url=f"/tickets/{ticket.number}/",
        )
    )


def meets_its_clock(step: Step) -> None:
    target = clocks.MET_BY[step.data.action]
    for clock in step.clocks:
        if clock.target == target and clock.met_at is None:
            clock.met_at = step.at
            clocks.derive(clock, step.ticket, step.now)


def restarts_resolve_clock(step: Step) -> None:
    for clock in step.clocks:
        if clock.target == "resolve":
            clock.met_at = None
            clocks.derive(clock, step.ticket, step.now)


def opens_visit(step: Step) -> None:
    ticket = step.ticket
    OnsiteVisit.objects.create(
        hospital_id=ticket.hospital_id, ticket=ticket, engineer=step.engineer, dispatched_at=step.at
    )
    if ticket.assignee_id is None and step.engineer is not None:
        ticket.assignee = step.engineer


def uses_emergency_quota(step: Step) -> None:
    """Someone sent on site for a system-level fault: an emergency visit (seed 002: 紧急故障
    现场服务 一次), counted once per ticket."""
    ticket = step.ticket
    if ticket.major and ticket.contract_id:
        quota_uses_for(actor=step.actor, contract=ticket.contract, trigger=QuotaTrigger.ONSITE_EMERGENCY,
                       used_on=timezone.localdate(step.at), object_type=QUOTA_OBJECT, object_id=ticket.pk,
                       object_repr=ticket.number)  # fmt: skip


def gives_quota_back(step: Step) -> None:
    """A cancelled ticket no longer counts against the contract's quotas."""
    quota_uses_release(actor=step.actor, object_type=QUOTA_OBJECT, object_id=step.ticket.pk,
                       reason=step.data.reason)  # fmt: skip


def not_yet_set_off(ticket: Ticket) -> bool:
    return ticket.visits.filter(arrived_at__isnull=True, departed_at__isnull=True).exists()


def records_departure(step: Step) -> None:
    """The engineer sets off for the hospital (the travel the contract may not count)."""
    visit = step.ticket.visits.filter(arrived_at__isnull=True, departed_at__isnull=True).first()
    visit.departed_at = step.at
    visit.save(update_fields=["departed_at", "updated_at"])


def excludes_travel(step: Step) -> None:
    """Where the contract says arrival times do not include the journey (seed 002), the
    on-site clock stops from departure to arrival."""
    ticket = step.ticket
    if not (ticket.contract_id and ticket.contract.travel_excluded):
        return
    visit = ticket.visits.filter(arrived_at__isnull=True, departed_at__isnull=False).first()
    if visit is None:
        return
    for clock in step.clocks:
        if clock.target == "onsite":
            clocks.add_pause(clock, ticket, visit.departed_at, step.at, step.now)


def checks_in(step: Step) -> None:
    """The arrival check-in: time and who, on the visit the dispatch opened."""
    step.ticket.visits.filter(arrived_at__isnull=True).update(
        arrived_at=step.at, arrived_by=step.actor if _actor_pk(step.actor) else None
    )


def records_resolution(step: Step) -> None:
    ticket, data = step.ticket, step.data
    ticket.resolution, ticket.cause_category, ticket.resolved_at = (
        data.resolution,
        data.cause_category,
        step.at,
    )
    ticket.maintenance_type = data.maintenance_type or ticket.maintenance_type


def closes(step: Step) -> None:
    step.ticket.closed_at = step.at


def records_followup(step: Step) -> None:
    step.ticket.satisfaction, step.ticket.followup_note = step.data.satisfaction, step.data.note


def records_review(step: Step) -> None:
    ticket, data = step.ticket, step.data
    ticket.review_cause, ticket.review_impact = data.review_cause, data.review_impact
    ticket.review_actions, ticket.reviewed_at = data.review_actions, step.at


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str | None  # None keeps the status (or a check sets it: pause)
    capability: str
    words: str  # what the action is called on buttons and in messages
    who: Callable[..., bool] | None = None  # a rule on the person beyond the capability
    ready: Callable[[Ticket], bool] | None = None  # a rule on the ticket beyond its status
    checks: tuple[Callable[[Step], None], ...] = ()
    effects: tuple[Callable[[Step], None], ...] = ()


TRANSITIONS: dict[str, Transition] = {
    "accept": Transition(
        (Status.NEW,), Status.ACCEPTED, Cap.TICKET_WORK, gettext_lazy("accept"),
        effects=(meets_its_clock, tells_reporter),
    ),
    "start": Transition(
        (Status.ACCEPTED,), Status.IN_PROGRESS, Cap.TICKET_WORK, gettext_lazy("start"),
    ),
    "pause": Transition(  # to the waiting status its reason names (PAUSE_REASONS)
        (Status.NEW, *WORKING), None, Cap.TICKET_WORK, gettext_lazy("pause"), who=accepted_or_it,
        checks=(needs_pause_reason,), effects=(starts_pause, tells_reporter),
    ),
    "resume": Transition(
        PAUSED, Status.IN_PROGRESS, Cap.TICKET_WORK, gettext_lazy("resume"),
        effects=(ends_pause,),
    ),
    # The hospital says it is not waiting for them: the pause ends and counts for nothing.
    "contest": Transition(
        CONTESTABLE, Status.IN_PROGRESS, Cap.TICKET_VIEW, gettext_lazy("contest the wait"),
        who=reporter_or_it, checks=(needs_contest_note,), effects=(voids_pause, tells_desk_of_contest),
    ),
    "dispatch": Transition(
        (Status.ACCEPTED, Status.IN_PROGRESS), Status.DISPATCHED, Cap.TICKET_WORK,
        gettext_lazy("dispatch"), checks=(picks_engineer,), effects=(opens_visit, uses_emergency_quota, tells_reporter),
    ),
    "depart": Transition(  # the engineer sets off (the journey, which may not count)
        (Status.DISPATCHED,), None, Cap.TICKET_WORK, gettext_lazy("set off"),
        ready=not_yet_set_off, effects=(records_departure,),
    ),
    "arrive": Transition(
        (Status.DISPATCHED,), Status.ARRIVED, Cap.TICKET_WORK, gettext_lazy("arrive"),
        effects=(excludes_travel, meets_its_clock, checks_in),
    ),
    "propose_solution": Transition(
        WORKING, Status.SOLUTION_PROPOSED, Cap.TICKET_WORK, gettext_lazy("propose a solution"),
        effects=(meets_its_clock,),
    ),
    "resolve": Transition(
        WORKING, Status.RESOLVED, Cap.TICKET_WORK, gettext_lazy("resolve"),
        checks=(needs_resolution, known_cause_category),
        effects=(meets_its_clock, records_resolution, tells_reporter),
    ),
    "confirm": Transition(
        (Status.RESOLVED,), Status.CONFIRMED, Cap.TICKET_CONFIRM, gettext_lazy("confirm"),
        who=reporter_or_it,
    ),
    "reopen": Transition(
        (Status.RESOLVED, Status.CONFIRMED), Status.IN_PROGRESS, Cap.TICKET_CONFIRM,
        gettext_lazy("reopen"), who=reporter_or_it, checks=(within_reopen_window,),
        effects=(restarts_resolve_clock,),
    ),
    "close": Transition(
        (Status.CONFIRMED,), Status.CLOSED, Cap.TICKET_MANAGE, gettext_lazy("close"),
        checks=(major_incident_reviewed,), effects=(closes,),
    ),
    "cancel": Transition(
        (Status.NEW, *WORKING, *PAUSED), Status.CANCELLED, Cap.TICKET_MANAGE,
        gettext_lazy("cancel"), checks=(needs_cancel_reason,), effects=(ends_pause, closes, gives_quota_back),
    ),
    "review": Transition(
        (Status.RESOLVED, Status.CONFIRMED), None, Cap.TICKET_MANAGE,
        gettext_lazy("record the post-incident review"), checks=(needs_review,),
        effects=(records_review,),
    ),
    # Follow-up (回访) by IT or the vendor, or the reporter's own rating; closes the ticket.
    "followup": Transition(
        (Status.CONFIRMED,), Status.CLOSED, Cap.TICKET_VIEW, gettext_lazy("record the follow-up"),
        who=reporter_or_staff, checks=(needs_satisfaction, major_incident_reviewed),
        effects=(closes, records_followup),
    ),
}  # fmt: skip


def may(actor, ticket: Ticket, action: str) -> bool:
    """Whether ``actor`` may take ``action`` on the ticket as it is now (before any input)."""
    rule = TRANSITIONS[action]
    return (
        ticket.status in rule.sources
        and can(actor, rule.capability, ticket.hospital)
        and (rule.who is None or rule.who(actor, ticket))
        and (rule.ready is None or rule.ready(ticket))
    )


def allowed_actions(actor, ticket: Ticket) -> list[str]:
    """The actions to offer on the page: those the services would accept from this person."""
    return [action for action in TRANSITIONS if may(actor, ticket, action)]


TICKET_FIELDS = [
    "status", "paused_since", "resolution", "cause_category", "maintenance_type", "resolved_at", "closed_at",
    "satisfaction", "followup_note", "review_cause", "review_impact", "review_actions",
    "reviewed_at", "assignee", "updated_at",
]  # fmt: skip


@transaction.atomic
def _apply(*, actor, ticket: Ticket, data: TransitionInput) -> Ticket:
    rule = TRANSITIONS[data.action]
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("level", "contract")
        .get(pk=ticket.pk)
    )
    require(actor, rule.capability, ticket.hospital)
    if ticket.status not in rule.sources:
        raise ValidationError(
            _("A ticket that is %(status)s cannot be asked to %(action)s.")
            % {"status": ticket.get_status_display(), "action": rule.words},
            code="invalid_transition",
        )
    if rule.who is not None and not rule.who(actor, ticket):
        raise PermissionDenied(WHO_REFUSED[rule.who])
    if rule.ready is not None and not rule.ready(ticket):
        raise ValidationError(
            _("A ticket that is %(status)s cannot be asked to %(action)s.")
            % {"status": ticket.get_status_display(), "action": rule.words},
            code="invalid_transition",
        )
    at = recorded_at(actor, data.at, ticket)
    if at < ticket.reported_at:
        raise ValidationError(fields={"at": [_("The time is before the ticket was reported.")]})
    step = Step(
        actor=actor, ticket=ticket, data=data, at=at, now=timezone.now(), target=rule.target
    )
    for check in rule.checks:
        check(step)
    before = ticket.status
    step.clocks = list(ticket.clocks.select_related("calendar"))
    for effect in rule.effects:
        effect(step)
    ticket.status = step.target or ticket.status
    ticket.save(update_fields=TICKET_FIELDS)
    SLAClock.objects.bulk_update(
        step.clocks,
        ["due_at", "warn_at", "met_at", "paused_minutes", "breached", "holiday_data_missing"],
    )
    event_record(
        ticket, actor=actor, action=data.action, at=at, before=before,
        note=data.note or (data.reason if data.action != "pause" else ""),
        data={k: v for k, v in (("engineer", getattr(step.engineer, "pk", None)),
              ("reason", data.reason if data.action == "pause" else None)) if v},
    )  # fmt: skip
    return ticket


def _verb(action: str):
    def service(*, actor, ticket: Ticket, **fields) -> Ticket:
        return _apply(actor=actor, ticket=ticket, data=TransitionInput(action=action, **fields))

    service.__name__ = service.__qualname__ = f"ticket_{action}"
    service.__doc__ = f"Apply ``{action}`` to the ticket (see ``TRANSITIONS['{action}']``)."
    return service


ticket_accept = _verb("accept")
ticket_start = _verb("start")
ticket_pause = _verb("pause")
ticket_resume = _verb("resume")
ticket_contest = _verb("contest")
ticket_dispatch = _verb("dispatch")
ticket_depart = _verb("depart")
ticket_arrive = _verb("arrive")
ticket_propose_solution = _verb("propose_solution")
ticket_resolve = _verb("resolve")
ticket_confirm = _verb("confirm")
ticket_reopen = _verb("reopen")
ticket_close = _verb("close")
ticket_cancel = _verb("cancel")
ticket_review = _verb("review")
ticket_followup = _verb("followup")


def ticket_transition(*, actor, ticket: Ticket, data: TransitionInput) -> Ticket:
    """Apply one action by name: the state machine's verbs, and ``change_level``."""
    if data.action == "change_level":
        return ticket_change_level(
            actor=actor, ticket=ticket, level=data.level, reason=data.note or data.reason
        )
    if data.action not in TRANSITIONS:
        choices = ", ".join([*TRANSITIONS, "change_level"])
        raise ValidationError(
            fields={"action": [_("Unknown action. Choose one of: %s.") % choices]}
        )
    return _apply(actor=actor, ticket=ticket, data=data)


ACTION_WORDS = {
    **{action: rule.words for action, rule in TRANSITIONS.items()},
    **OTHER_ACTION_WORDS,
}

AUTO_CONFIRM_DAYS = 3


def tickets_auto_confirm(*, now: datetime | None = None, days: int = AUTO_CONFIRM_DAYS) -> int:
    """Resolved tickets nobody confirmed within ``days`` are confirmed by the system."""
    from hisops.core.capabilities import SYSTEM

    now = now or timezone.now()
    count = 0
    for ticket in Ticket.objects.filter(
        status=Status.RESOLVED, resolved_at__lte=now - timedelta(days=days)
    ):
        ticket_confirm(
            actor=SYSTEM, ticket=ticket, note=_("Confirmed automatically after %d days.") % days
        )
        count += 1
    return count
