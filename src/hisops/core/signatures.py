"""A handwritten signature drawn on a screen (the repair sheet, the inspection report): the
canvas posts a PNG data URL; the signer's name and the image are checked here, once, for
every place that takes a signature."""

import base64
import binascii

from django.utils.translation import gettext as _

from .errors import ValidationError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SIGNATURE_MAX_BYTES = 512 * 1024


def decode_signature(data_url: str) -> bytes:
    """The PNG bytes of ``data:image/png;base64,...``; anything else is refused."""
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise ValidationError(fields={"signature": [_("Please sign in the box.")]})
    try:
        return base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError(fields={"signature": [_("Please sign in the box.")]}) from exc


def signature_errors(*, signer_name: str, image: bytes) -> dict[str, list[str]]:
    """What is wrong with a signature, field by field (empty when it may be kept)."""
    errors: dict[str, list[str]] = {}
    if not signer_name.strip():
        errors["signer_name"] = [_("The signer's name is required.")]
    if not image.startswith(PNG_MAGIC):
        errors["signature"] = [_("The signature must be a PNG image; please sign again.")]
    elif len(image) > SIGNATURE_MAX_BYTES:
        errors["signature"] = [_("The signature image is too large.")]
    return errors
