"""Intake set-up, for those who manage channels."""


def wecom_apps(*, user):
    from hisops.core.capabilities import Cap, can
    from hisops.core.scoping import scope_to_user
    from hisops.intake.models import WecomApp

    if not can(user, Cap.CHANNEL_MANAGE):
        return WecomApp.objects.none()
    return scope_to_user(WecomApp.objects.all(), user).order_by("name")


def mailboxes(*, user):
    from hisops.core.capabilities import Cap, can
    from hisops.core.scoping import scope_to_user
    from hisops.intake.models import Mailbox

    if not can(user, Cap.CHANNEL_MANAGE):
        return Mailbox.objects.none()
    return scope_to_user(Mailbox.objects.all(), user).order_by("name")
