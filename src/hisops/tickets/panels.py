"""The ticket page's panels (``core.panels`` for the page "ticket"): the problem an
incident belongs to, its changes, and later its articles, added by those domains."""

from hisops.core.panels import Panel
from hisops.core.panels import panels_for as _panels_for
from hisops.core.panels import register as _register

__all__ = ["Panel", "panels_for", "register"]


def register(panel: Panel) -> None:
    _register("ticket", panel)


def panels_for(*, user, ticket) -> dict[str, list[tuple[str, dict]]]:
    return _panels_for("ticket", user=user, obj=ticket, name="ticket")
