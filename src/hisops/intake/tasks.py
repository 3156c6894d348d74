from celery import shared_task


@shared_task(name="hisops.intake.tasks.poll_mailboxes")
def poll_mailboxes() -> int:
    from hisops.intake.mail import poll_all

    return poll_all()
