from celery import shared_task

from .services import checks_run_due


@shared_task(name="hisops.checks.tasks.run_due")
def run_due() -> int:
    """Each minute: every check whose interval has passed, concurrently."""
    return checks_run_due()
