from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from hisops.contracts.choices import Target
from hisops.core.i18n import label
from hisops.core.templatetags.hisops import minutes
from hisops.tickets.choices import REPORTER_STATUS, Status
from hisops.tickets.masking import clear_for, may_see_patient_data, text_for
from hisops.tickets.timeline import event_changes, event_words

register = template.Library()


@register.filter
def for_viewer(text: str, user) -> str:
    """Free text as ``user`` may see it."""
    return text_for(user, text or "")


@register.filter
def note_for(event, user) -> str:
    """A timeline note or comment as ``user`` may see it (whole only if allowed)."""
    return clear_for(user, event, "note")


@register.filter
def title_for(ticket, user) -> str:
    return clear_for(user, ticket, "title")


@register.filter
def file_name_for(attachment, user) -> str:
    return clear_for(user, attachment, "name")


BADGE_CLASS = {
    "breached": "text-bg-danger",
    "at_risk": "text-bg-warning",
    "paused": "text-bg-secondary",
    "met": "text-bg-light",
    "on_track": "text-bg-success",
}


@register.simple_tag
def clock_badge(cv):
    """A clock's badge: its target, and met, paused, or the time left or over. Written in
    Python: the queue shows fifty of these, and as an included template they were most of
    its render time."""
    if cv is None:
        return mark_safe('<span class="text-muted small">—</span>')
    clock, state = cv.clock, cv.state
    target = label(Target, clock.target)  # clock: a model or a row of its values
    if state == "met":
        words = _("met")
    elif state == "paused":
        words = _("paused")
    elif cv.minutes_left < 0:
        words = _("%(m)s over") % {"m": minutes(cv.minutes_left)}
    else:
        words = _("%(m)s left") % {"m": minutes(cv.minutes_left)}
    # A paused clock's due time is not shown: it moves on when the clock resumes.
    due = "" if state == "paused" else timezone.localtime(clock.due_at).strftime("%Y-%m-%d %H:%M")
    return format_html(
        '<span class="badge clock-{} {}" data-state="{}" title="{} {}">{} · {}</span>',
        state, BADGE_CLASS[state], state, target, due, target, words,
    )  # fmt: skip


@register.simple_tag
def queue_rows(rows, may_assign: bool, base: str):
    """The queue's fifty rows (``tickets.views.desk.QueueRow``) as one piece of HTML: the
    template engine resolving a dozen variables per row was most of the page's time."""
    no_contract = _("no contract")

    def cells(row):
        checkbox = format_html(
            '<td class="text-center"><input class="form-check-input" type="checkbox" name="numbers" value="{}" form="bulk" aria-label="{}"></td>',
            row.number, row.number,
        ) if may_assign else ""  # fmt: skip
        covered = (
            ""
            if row.covered
            else format_html(' <span class="badge text-bg-light">{}</span>', no_contract)
        )
        return (
            row.number, checkbox, base, row.number, row.number, row.title, covered, row.item,
            f" · {row.department}" if row.department else "", row.level or "—", row.status,
            row.badge, row.assignee or "—", date_format(timezone.localtime(row.reported_at), "Y-m-d H:i"),
        )  # fmt: skip

    return format_html_join(
        "\n",
        '<tr data-number="{}">{}<td class="font-monospace text-nowrap"><a href="{}{}/">{}</a></td>'
        '<td>{}{}<div class="small text-muted">{}{}</div></td><td>{}</td>'
        '<td><span class="badge text-bg-light">{}</span></td><td>{}</td>'
        '<td class="d-none d-md-table-cell small">{}</td>'
        '<td class="d-none d-md-table-cell text-nowrap small">{}</td></tr>',
        (cells(row) for row in rows),
    )


@register.filter
def status_label(value: str) -> str:
    """A ticket status for a person (the code is what is stored)."""
    return label(Status, value) if value else ""


@register.filter(name="event_words")
def event_words_filter(action: str) -> str:
    """What a timeline entry says was done, in the user's language."""
    return event_words(action)


@register.simple_tag
def queue_cards(rows, base: str):
    """The queue on a phone: a card per ticket (number, title, system, state, the nearest
    clock) instead of a squeezed table."""
    return format_html_join(
        "\n",
        '<a class="list-group-item list-group-item-action" href="{}{}/" data-number="{}">'
        '<div class="d-flex justify-content-between gap-2"><span class="font-monospace small">{}</span>'
        '<span class="badge text-bg-light">{}</span></div>'
        '<div class="fw-semibold">{}</div><div class="small text-muted mb-1">{}</div>{}</a>',
        (
            (
                base,
                row.number,
                row.number,
                row.number,
                row.status,
                row.title,
                row.item or "",
                row.badge,
            )
            for row in rows
        ),
    )


@register.filter
def reporter_status(value: str) -> str:
    """A ticket's state as its reporter reads it (我的报修)."""
    return str(REPORTER_STATUS.get(value, "")) or status_label(value)


@register.filter
def corrections(event, user) -> str:
    """What a correction on the timeline changed, as ``user`` may see it."""
    return event_changes(event, masked=not may_see_patient_data(user))
