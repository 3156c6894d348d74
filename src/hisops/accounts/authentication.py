"""The API's token authentication (``Authorization: Token <key>``) against hashed keys."""

import hashlib

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class HashedTokenAuthentication(TokenAuthentication):
    """A token is found by its key's SHA-256; an expired one, one issued before its owner's
    password changed, or a disabled owner's, is refused."""

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("The token has expired; ask for a new one."))
        if token.issued_under != user.get_session_auth_hash():
            raise exceptions.AuthenticationFailed(
                _("The password changed since the token was issued; ask for a new one.")
            )
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most every 5 minutes
        return user, token
