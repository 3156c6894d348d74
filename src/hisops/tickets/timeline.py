"""What each timeline entry of a ticket says, in words: one table for the ticket page,
the repair sheet and anything else that shows a ticket's history."""

from django.utils.translation import gettext_lazy as _

EVENT_WORDS = {
    "create": _("reported the fault"),
    "accept": _("accepted"),
    "start": _("started work"),
    "pause": _("paused the clock"),
    "resume": _("resumed"),
    "dispatch": _("dispatched an engineer"),
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
