"""The audit log's daily retention: events past ``HISOPS_AUDIT_RETENTION_DAYS`` are
archived to signed files, then removed."""

from celery import shared_task


@shared_task(name="hisops.audit.tasks.audit_archive")
def audit_archive() -> int:
    from hisops.audit.archive import audit_archive as archive

    return sum(run.last - run.first + 1 for run in archive())
