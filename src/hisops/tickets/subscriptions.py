"""Keep stored clocks true when their inputs change elsewhere.

Holiday data arriving for a year (``calendar_changed``) and a contract's targets changing
(``contract_sla_changed``) re-derive the affected open tickets' clocks. Handlers take ids
and hand the work to a task, so a web request never waits for thousands of tickets.
"""

from hisops.calendars.events import calendar_changed
from hisops.contracts.events import contract_sla_changed
from hisops.core.tasks import enqueue


@calendar_changed.connect
def calendars_changed(*, calendar_ids: list[int], years: list[int]) -> None:
    from .tasks import recompute_clocks_for_calendars

    enqueue(recompute_clocks_for_calendars, calendar_ids)


@contract_sla_changed.connect
def sla_changed(*, contract_id: int, level_id: int) -> None:
    from .tasks import recompute_clocks_for_level

    enqueue(recompute_clocks_for_level, level_id)
