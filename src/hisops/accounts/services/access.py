"""The security admin's room: people's accounts (role, department, enabled or not, a
password reset), the quarterly access review (定期权限核查) and dormant accounts."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record, diff, snapshot
from hisops.core.capabilities import SYSTEM, VENDOR_ROLES, Cap, Role, require
from hisops.core.errors import PermissionDenied, ValidationError, validate

from ..choices import AccountSource, ReviewDecision
from ..models import AccessReview, AccessReviewEntry, ApiToken, User
from ..passwords import temporary_password

EDITABLE = ("full_name", "role", "department", "vendor", "phone", "email")


def idle_days(user: User, now: datetime) -> int:
    """Whole days since the person last signed in (since the account was made, if never)."""
    return max(0, (now - (user.last_login or user.date_joined)).days)


def _manageable(actor, user: User) -> None:
    require(actor, Cap.USER_MANAGE, user.hospital)
    if user.is_superuser and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("The platform administrator is managed at the server."))


@transaction.atomic
def user_update(*, actor, user: User, **fields) -> User:
    """Change a person's name, role, department, vendor or contact. Nobody changes their own
    role: a role is given by another person (三权分立)."""
    _manageable(actor, user)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Cannot change: %s.") % ", ".join(sorted(unknown)))
    if "role" in fields and fields["role"] != user.role:
        if user.pk == getattr(actor, "pk", None):
            raise ValidationError(
                fields={"role": [_("Another security administrator changes your own role.")]}
            )
        if fields["role"] not in Role.values:
            raise ValidationError(
                fields={"role": [_("Unknown role. Choose one of: %s.") % ", ".join(Role.values)]}
            )
    before = snapshot(user, EDITABLE)
    for name, value in fields.items():
        setattr(user, name, value)
    if user.role not in VENDOR_ROLES:
        user.vendor = None
    validate(user, exclude=["password"])
    user.save()
    changes = diff(before, snapshot(user, EDITABLE))
    if changes:
        audit_record(
            actor=actor,
            action="accounts.user.update",
            obj=user,
            hospital=user.hospital,
            changes=changes,
        )
    return user


@transaction.atomic
def user_disable(*, actor, user: User, reason: str = "") -> User:
    """Stop a person signing in or using the API. Their records stay theirs."""
    _manageable(actor, user)
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError(_("You cannot disable your own account."))
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        ApiToken.objects.filter(user=user).delete()
        audit_record(actor=actor, action="accounts.user.disable", obj=user, hospital=user.hospital,
                     changes={"active": [True, False]}, message=reason[:200])  # fmt: skip
    return user


@transaction.atomic
def user_enable(*, actor, user: User) -> User:
    _manageable(actor, user)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, action="accounts.user.enable", obj=user, hospital=user.hospital,
                     changes={"active": [False, True]})  # fmt: skip
    return user


def account_open(
    *, actor, hospital, source: str = AccountSource.LOCAL, **fields
) -> tuple[User, str | None]:
    """A new account and the password shown once to the security admin (none for a
    directory account: the directory checks it). The person changes it at the first
    sign-in."""
    from . import user_create

    password = temporary_password() if source == AccountSource.LOCAL else None
    user = user_create(actor=actor, hospital=hospital, source=source, password=password, **fields)
    return user, password


def password_reset(*, actor, user: User) -> str:
    """Give a person a new password, shown once to the security admin; the person must
    choose their own at the next sign-in. Directory accounts keep their directory password."""
    from . import password_change

    _manageable(actor, user)
    password = temporary_password()
    password_change(actor=actor, user=user, new_password=password)
    return password


def _period(today) -> str:
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


@transaction.atomic
def access_review_start(*, actor, hospital, now: datetime | None = None) -> AccessReview:
    """Open this quarter's review: every enabled account of the hospital as it stands now."""
    require(actor, Cap.USER_MANAGE, hospital)
    now = now or timezone.now()
    period = _period(timezone.localdate(now))
    if AccessReview.objects.filter(hospital=hospital, completed_at__isnull=True).exists():
        raise ValidationError(_("Finish the open review first."))
    if AccessReview.objects.filter(hospital=hospital, period=period).exists():
        raise ValidationError(_("The review of %s is already done.") % period)
    review = AccessReview.objects.create(hospital=hospital, period=period, started_by=actor)
    dormant_after = settings.HISOPS_DORMANT_DAYS
    AccessReviewEntry.objects.bulk_create(
        AccessReviewEntry(review=review, user=user, role=user.role, last_login=user.last_login,
                          idle_days=idle_days(user, now), dormant=idle_days(user, now) >= dormant_after)
        for user in User.objects.filter(hospital=hospital, is_active=True).order_by("pk")
    )  # fmt: skip
    audit_record(actor=actor, action="accounts.access_review.start", obj=review, hospital=hospital,
                 changes={"accounts": [None, review.entries.count()]})  # fmt: skip
    return review


@transaction.atomic
def access_review_decide(
    *, actor, entry: AccessReviewEntry, decision: str, note: str = ""
) -> AccessReviewEntry:
    """Keep or disable one account of an open review."""
    review = entry.review
    require(actor, Cap.USER_MANAGE, review.hospital)
    if review.completed_at:
        raise ValidationError(_("This review is completed."))
    if decision not in (ReviewDecision.KEPT, ReviewDecision.DISABLED):
        raise ValidationError(fields={"decision": [_("Keep or disable.")]})
    if decision == ReviewDecision.DISABLED:
        user_disable(actor=actor, user=entry.user, reason=_("Access review %s") % review.period)
    entry.decision, entry.note = decision, note.strip()[:200]
    entry.decided_by, entry.decided_at = actor, timezone.now()
    entry.save(update_fields=["decision", "note", "decided_by", "decided_at"])
    audit_record(actor=actor, action="accounts.access_review.decide", obj=entry.user, hospital=review.hospital,
                 changes={"review": [None, review.period], "decision": [None, decision]}, message=entry.note)  # fmt: skip
    return entry


@transaction.atomic
def access_review_complete(*, actor, review: AccessReview) -> AccessReview:
    require(actor, Cap.USER_MANAGE, review.hospital)
    pending = review.entries.filter(decision=ReviewDecision.PENDING).count()
    if pending:
        raise ValidationError(_("%d accounts are not reviewed yet.") % pending)
    if not review.completed_at:
        review.completed_by, review.completed_at = actor, timezone.now()
        review.save(update_fields=["completed_by", "completed_at"])
        audit_record(
            actor=actor,
            action="accounts.access_review.complete",
            obj=review,
            hospital=review.hospital,
        )
    return review


def dormant_accounts(*, hospital, now: datetime | None = None) -> list[User]:
    """Enabled accounts nobody has used for ``HISOPS_DORMANT_DAYS``."""
    now = now or timezone.now()
    people = User.objects.filter(hospital=hospital, is_active=True).order_by("username")
    return [u for u in people if idle_days(u, now) >= settings.HISOPS_DORMANT_DAYS]


def dormant_accounts_disable(*, hospital, now: datetime | None = None) -> list[User]:
    """The daily check's action when ``HISOPS_DORMANT_DISABLE`` is set."""
    found = dormant_accounts(hospital=hospital, now=now)
    for user in found:
        user_disable(
            actor=SYSTEM, user=user, reason=_("Dormant for %d days") % settings.HISOPS_DORMANT_DAYS
        )
    return found
