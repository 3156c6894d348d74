"""Sections that higher domains add to the ticket page (the problem an incident belongs
to; later its changes and articles). The service desk does not know them: a domain
registers a :class:`Panel` in its ``AppConfig.ready`` and the ticket page renders every
panel that has something to say to this viewer, each template in its slot."""

from collections.abc import Callable
from dataclasses import dataclass

SLOTS = ("banner", "side")  # under the title; the right-hand column


@dataclass(frozen=True)
class Panel:
    name: str
    templates: dict[str, str]  # slot -> template; each gets ``panel`` (the context)
    # (user, ticket) -> the templates' context, or None when there is nothing to show
    context: Callable[..., dict | None]


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.name] = panel


def panels_for(*, user, ticket) -> dict[str, list[tuple[str, dict]]]:
    """{slot: [(template, context), …]} for this viewer of this ticket."""
    shown: dict[str, list[tuple[str, dict]]] = {slot: [] for slot in SLOTS}
    for panel in _panels.values():
        context = panel.context(user, ticket)
        if context is None:
            continue
        for slot, template in panel.templates.items():
            shown[slot].append((template, {**context, "ticket": ticket}))
    return shown
