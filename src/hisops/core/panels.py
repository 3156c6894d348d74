"""Sections that higher domains add to a lower domain's page (the problem and the changes
on a ticket's page; the changes on a CMDB item's page). The page's domain does not know
them: a domain registers a :class:`Panel` for a page in its ``AppConfig.ready`` and the
page renders every panel that has something to say to this viewer, each template in its
slot."""

from collections.abc import Callable
from dataclasses import dataclass

SLOTS = ("banner", "side")  # under the title; the right-hand column


@dataclass(frozen=True)
class Panel:
    name: str
    templates: dict[str, str]  # slot -> template; each gets ``panel`` (the context)
    # (user, the page's object) -> the templates' context, or None when there is nothing to show
    context: Callable[..., dict | None]


_panels: dict[str, dict[str, Panel]] = {}


def register(page: str, panel: Panel) -> None:
    _panels.setdefault(page, {})[panel.name] = panel


def panels_for(page: str, *, user, obj, name: str) -> dict[str, list[tuple[str, dict]]]:
    """{slot: [(template, context), …]} for this viewer of ``obj`` (given to the templates
    as ``name``)."""
    shown: dict[str, list[tuple[str, dict]]] = {slot: [] for slot in SLOTS}
    for panel in _panels.get(page, {}).values():
        context = panel.context(user, obj)
        if context is None:
            continue
        for slot, template in panel.templates.items():
            shown.setdefault(slot, []).append((template, {**context, name: obj}))
    return shown
