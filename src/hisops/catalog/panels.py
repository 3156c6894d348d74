"""The CMDB item page's panels (``core.panels`` for the page "item"): its changes, added
by that domain."""

from hisops.core.panels import Panel
from hisops.core.panels import panels_for as _panels_for
from hisops.core.panels import register as _register

__all__ = ["Panel", "panels_for", "register"]


def register(panel: Panel) -> None:
    _register("item", panel)


def panels_for(*, user, item) -> dict[str, list[tuple[str, dict]]]:
    return _panels_for("item", user=user, obj=item, name="item")
