"""What each timeline entry of a ticket says, in words: one table for the ticket page,
the repair sheet and anything else that shows a ticket's history."""

from django.utils.translation import gettext_lazy as _

EVENT_WORDS = {
    "create": _("reported the fault"),
    "accept": _("accepted"),
    "start": _("started work"),
    "pause": _("paused the clock"),
    "resume": _("resumed"),
    "contest": _("contested the wait (the paused time counts)"),
    "correct": _("corrected the ticket"),
    "dispatch": _("dispatched an engineer"),
    "depart": _("set off for the hospital"),
    "arrive": _("arrived on site"),
    "propose_solution": _("proposed a solution"),
    "resolve": _("resolved"),
    "confirm": _("confirmed the resolution"),
    "reopen": _("reopened"),
    "close": _("closed the ticket"),
    "cancel": _("cancelled"),
    "review": _("recorded the post-incident review"),
    "followup": _("recorded the follow-up"),
    "change_level": _("changed the level"),
    "assign": _("assigned"),
    "comment": _("commented"),
    "attach": _("attached a file"),
    "work_record": _("recorded the work on site"),
    "signed": _("had the repair sheet signed"),
    "merge": _("merged it into another ticket"),
    "merged_from": _("took in a duplicate"),
}


def event_words(action: str) -> str:
    return str(EVENT_WORDS.get(action, action))


# The fields a correction names, in the reader's words.
CORRECTED_FIELDS = {
    "title": _("title"),
    "item": _("item"),
    "department": _("department"),
    "reporter": _("reporter"),
    "contract": _("contract"),
    "level": _("level"),
}


def event_changes(event, *, masked: bool) -> str:
    """What a correction changed, ``field: before → after`` in words (the reporter's name
    shortened and titles masked for those who may not see patient data)."""
    from django.utils.translation import pgettext

    from hisops.core.masking import mask_text

    from .masking import mask_name

    if event.action != "correct" or not event.data:
        return ""
    parts = []
    for name, (before, after) in event.data.items():
        if name not in CORRECTED_FIELDS:
            continue
        if masked and name == "reporter":
            before, after = mask_name(before), mask_name(after)
        elif masked and name == "title":
            before, after = mask_text(before), mask_text(after)
        parts.append(f"{CORRECTED_FIELDS[name]}: {before or '—'} → {after or '—'}")
    return pgettext("clause separator", "; ").join(parts)
