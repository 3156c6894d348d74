"""The one check of an uploaded file, for every place that takes one (ticket attachments,
change test reports, archived documents): a name with an allowed extension, not empty,
at most 20 MB, and content that is what the extension says (an .exe renamed .pdf is
refused), with its SHA-256. The type it is served as comes from this table, never from
what the browser claims."""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

from .errors import ValidationError

MAX_BYTES = 20 * 1024 * 1024
TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".bmp": "image/bmp", ".heic": "image/heic", ".pdf": "application/pdf",
    ".txt": "text/plain", ".log": "text/plain", ".csv": "text/csv", ".json": "application/json",
    ".xml": "application/xml", ".zip": "application/zip", ".7z": "application/x-7z-compressed",
    ".rar": "application/vnd.rar", ".gz": "application/gzip", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}  # fmt: skip
# How each kind of file begins. Text kinds have no signature: they must not hold NUL bytes.
SIGNATURES = {
    ".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".gif": (b"GIF8",),
    ".webp": (b"RIFF",), ".bmp": (b"BM",), ".pdf": (b"%PDF",), ".zip": (b"PK\x03\x04", b"PK\x05\x06"),
    ".docx": (b"PK\x03\x04",), ".xlsx": (b"PK\x03\x04",), ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",), ".7z": (b"7z\xbc\xaf",), ".rar": (b"Rar!",), ".gz": (b"\x1f\x8b",),
}  # fmt: skip
TEXT = {".txt", ".log", ".csv", ".json", ".xml"}
EXECUTABLE = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp"}


@dataclass(frozen=True)
class Checked:
    name: str
    suffix: str
    content_type: str
    size: int
    sha256: str


def checked_upload(
    upload, *, allowed=None, field: str = "file", max_bytes: int = MAX_BYTES
) -> Checked:
    """The upload's name, type, size and SHA-256, or ``ValidationError`` on ``field``."""
    allowed = set(allowed or TYPES)
    name = PurePath(str(getattr(upload, "name", "") or "")).name.strip()[:200]
    suffix = PurePath(name).suffix.lower()
    if not name or suffix not in allowed:
        raise ValidationError(
            fields={
                field: [
                    _("This kind of file is not accepted. Accepted: %s.")
                    % " ".join(sorted(allowed))
                ]
            }
        )
    if not upload.size:
        raise ValidationError(fields={field: [_("The file is empty.")]})
    if upload.size > MAX_BYTES:
        raise ValidationError(fields={field: [_("The file is larger than 20 MB.")]})
    head = upload.read(4096)
    upload.seek(0)
    signatures = SIGNATURES.get(suffix)
    disguised = head.startswith(EXECUTABLE) or (
        not any(head.startswith(s) for s in signatures)
        if signatures
        else suffix in TEXT and b"\0" in head
    )
    if disguised:
        raise ValidationError(fields={field: [_("The file is not what its name says.")]})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Checked(
        name=name,
        suffix=suffix,
        content_type=TYPES[suffix],
        size=upload.size,
        sha256=digest.hexdigest(),
    )
