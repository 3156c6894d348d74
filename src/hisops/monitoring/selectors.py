from hisops.core.capabilities import Cap, can
from hisops.core.crypto import lookup_digest
from hisops.core.errors import NotFound
from hisops.core.scoping import scope_to_user

from .models import Alert, AlertRule, Hook


def hook_for_token(*, kind: str, token: str) -> Hook | None:
    """The live hook behind an intake address (the token is the credential)."""
    return Hook.objects.filter(
        kind=kind, token_digest=lookup_digest(token), revoked_at__isnull=True
    ).first()


def hook_list(*, user):
    if not can(user, Cap.CHANNEL_MANAGE):
        return Hook.objects.none()
    return scope_to_user(Hook.objects.all(), user).order_by("revoked_at", "name")


def hook_get(*, user, pk: int) -> Hook:
    hook = hook_list(user=user).filter(pk=pk).first()
    if hook is None:
        raise NotFound()
    return hook


def rule_list(*, user):
    if not can(user, Cap.CHANNEL_MANAGE):
        return AlertRule.objects.none()
    return scope_to_user(AlertRule.objects.all(), user).select_related("item")


def alert_list(*, user):
    if not can(user, Cap.TICKET_VIEW):
        return Alert.objects.none()
    return scope_to_user(Alert.objects.all(), user).select_related("item", "ticket").order_by("-id")
