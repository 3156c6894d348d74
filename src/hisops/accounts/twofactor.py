"""The second factor (等保 身份鉴别: 两种或两种以上组合的鉴别技术): a TOTP authenticator app,
with ten one-time recovery codes, through django-otp. Required of the roles in
``HISOPS_2FA_ROLES`` (the IT, security and audit administrators by default); anyone else
may enrol, and is then asked for it too."""

import secrets
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hisops.accounts.middleware import SECOND_FACTOR
from hisops.audit.services import audit_record
from hisops.core.errors import ValidationError

RECOVERY_CODES = 10
SESSION_NEEDS = SECOND_FACTOR  # "verify" | "enrol" | absent, judged at sign-in


def needs_second_factor(user) -> str:
    """``verify`` when the person has an authenticator, ``enrol`` when their role requires
    one they have not set up, else ""."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return "verify"
    return "enrol" if user.role in settings.HISOPS_2FA_ROLES else ""


@transaction.atomic
def totp_begin(*, actor) -> TOTPDevice:
    """A new, unconfirmed authenticator for the person (replacing one not yet confirmed)."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code for the authenticator app."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = BytesIO()
    image.save(out)
    return out.getvalue().decode()


@transaction.atomic
def totp_confirm(*, actor, token: str) -> list[str]:
    """Confirm the new authenticator with a code from it; returns the recovery codes (shown
    once, stored by django-otp as one-time tokens)."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        raise ValidationError(
            fields={"token": [_("That code is not right; enter the one the app shows now.")]}
        )
    TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=actor).delete()
    backup = StaticDevice.objects.create(user=actor, name="recovery codes")
    codes = [f"{secrets.randbelow(10**8):08d}" for _n in range(RECOVERY_CODES)]
    for code in codes:
        backup.token_set.create(token=code)
    audit_record(
        actor=actor, action="accounts.second_factor.enrol", obj=actor, hospital=actor.hospital
    )
    return codes


def second_factor_verify(request, token: str) -> None:
    """Check a code (the app's, or a recovery code, used once) for the signed-in person and
    mark the session verified; a wrong code is an audit event."""
    user = request.user
    device = match_token(user, token.strip())
    if device is None:
        audit_record(actor=user, action="accounts.second_factor.failed", obj=user, hospital=user.hospital,
                     success=False)  # fmt: skip
        raise ValidationError(fields={"token": [_("That code is not right.")]})
    otp_login(request, device)
    request.session.pop(SESSION_NEEDS, None)
    audit_record(actor=user, action="accounts.second_factor.verified", obj=user, hospital=user.hospital,
                 changes={"device": [None, "recovery code" if isinstance(device, StaticDevice) else "authenticator"]})  # fmt: skip


def second_factor_verify_device(request, device) -> None:
    """The session is verified by the authenticator just confirmed (enrolment is a check)."""
    otp_login(request, device)
    request.session.pop(SESSION_NEEDS, None)
