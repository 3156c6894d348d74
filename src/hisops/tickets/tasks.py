from celery import shared_task

from . import services


@shared_task(name="hisops.tickets.tasks.recompute_clocks_for_calendars")
def recompute_clocks_for_calendars(calendar_ids: list[int]) -> int:
    return services.clocks_recompute(calendar_ids=calendar_ids)


@shared_task(name="hisops.tickets.tasks.recompute_clocks_for_level")
def recompute_clocks_for_level(level_id: int) -> int:
    return services.clocks_recompute_for_level(level_id=level_id)


@shared_task(name="hisops.tickets.tasks.sla_sweep")
def sla_sweep() -> dict:
    result = services.sla_sweep()
    return {"warned": result.warned, "escalated": result.escalated}


@shared_task(name="hisops.tickets.tasks.auto_confirm")
def auto_confirm() -> int:
    return services.tickets_auto_confirm()
