"""Seals: an HMAC-SHA256 over a record's content, so a signed record (a repair sheet, an
inspection report, a backup's manifest) shows when it was changed afterwards.

The key is ``HISOPS_SEAL_KEY``, or one derived from the secret key; it never leaves the
server, so a seal cannot be recomputed by someone who edits the database or the files.
"""

import hashlib
import hmac
import json

from django.conf import settings


def _key() -> bytes:
    configured = getattr(settings, "HISOPS_SEAL_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"hisops-seal", hashlib.sha256).digest()


def seal(content: dict) -> str:
    """The seal of ``content`` (JSON-ready values; file contents as their SHA-256)."""
    text = json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hmac.new(_key(), text.encode(), hashlib.sha256).hexdigest()


def seal_matches(expected: str, content: dict) -> bool:
    return bool(expected) and hmac.compare_digest(expected, seal(content))


def file_digest(field_file) -> str:
    """SHA-256 of a stored file, read in chunks ("" when it is missing)."""
    if not field_file:
        return ""
    digest = hashlib.sha256()
    try:
        with field_file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(65536), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return "missing"
    return digest.hexdigest()
