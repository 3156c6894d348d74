"""The password rules (等保 身份鉴别: 复杂度要求及定期更换): length, kinds of characters,
no reuse of the last N, a maximum age. Django's validators call ``PolicyValidator``, so
every way a password is set (the change page, a reset, the CLI) checks the same rules."""

import string

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PasswordHistory, PasswordPolicy

KINDS = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


def kinds_in(password: str) -> int:
    """How many of lower case, upper case, digits and other characters it uses."""
    found = sum(1 for kind in KINDS if any(c in kind for c in password))
    return found + (1 if any(not any(c in kind for kind in KINDS) for c in password) else 0)


class PolicyValidator:
    def validate(self, password: str, user=None) -> None:
        policy = PasswordPolicy.current()
        problems = []
        if len(password) < policy.min_length:
            problems.append(_("Use at least %d characters.") % policy.min_length)
        if kinds_in(password) < policy.min_classes:
            problems.append(
                _("Mix at least %d kinds of characters: lower case, upper case, digits, symbols.")
                % policy.min_classes
            )
        if user is not None and getattr(user, "pk", None) and policy.history:
            earlier = [
                user.password,
                *PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[
                    : policy.history
                ],
            ]
            if any(hashed and check_password(password, hashed) for hashed in earlier):
                problems.append(
                    _("Choose a password you have not used for your last %d.") % policy.history
                )
        if problems:
            raise ValidationError(problems, code="password_policy")

    def get_help_text(self) -> str:
        policy = PasswordPolicy.current()
        return _("At least %(n)d characters, with %(k)d kinds of lower case, upper case, digits and symbols.") % {
            "n": policy.min_length, "k": policy.min_classes,
        }  # fmt: skip


def password_expired(user) -> bool:
    """Whether the person must choose a new password before going on."""
    if user.must_change_password:
        return True
    policy = PasswordPolicy.current()
    if not policy.max_age_days or user.password_changed_at is None:
        return False
    return (timezone.now() - user.password_changed_at).days >= policy.max_age_days


def temporary_password() -> str:
    """A password for a reset, read to the person once: every kind of character, long
    enough for any policy the security admin may set."""
    import secrets
    import string

    policy = PasswordPolicy.current()
    kinds = [string.ascii_lowercase, string.ascii_uppercase, string.digits, "!#%+-=?@"]
    chars = [secrets.choice(kind) for kind in kinds]
    alphabet = "".join(kinds).translate(str.maketrans("", "", "0O1lI"))  # nothing to misread
    chars += [secrets.choice(alphabet) for _ in range(max(policy.min_length, 12) - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)
