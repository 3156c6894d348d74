"""Encryption at rest with SM4-GCM (GB/T 32907, the 国密 block cipher), for the secrets
and patient data the database keeps.

The keys never enter the database: they come from ``HISOPS_DATA_KEYS`` ("id:base64,…",
the first encrypts) or from the key file ``HISOPS_DATA_KEY_FILE`` (one "id:base64" per
line, the first encrypts; made with a fresh key on first use, mode 0600). A stored value
reads ``sm4gcm:<key id>:<base64 of nonce, ciphertext and tag>``, so older keys still
decrypt after a rotation (``hisops keys rotate`` puts a new key first and re-encrypts every
encrypted column; ``--retire`` then drops the keys no value uses).

``EncryptedTextField`` encrypts on the way in and decrypts on the way out; it cannot be
filtered on (the same text encrypts differently each time), so what must be looked up is
looked up by its digest (``lookup_digest``).
"""

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "sm4gcm:"
_cache: dict = {}


class DecryptionFailed(ValueError):
    """A value that does not open with any key this server has (wrong key, or edited)."""


def _key_file() -> Path:
    return Path(getattr(settings, "HISOPS_DATA_KEY_FILE", "") or settings.HISOPS_HOME / "data-keys")


def _parse(text: str) -> list[tuple[str, bytes]]:
    keys = []
    for part in text.replace(",", "\n").splitlines():
        if part.strip():
            kid, _colon, b64 = part.strip().partition(":")
            key = base64.b64decode(b64)
            if len(key) != 16:
                raise ImproperlyConfigured(
                    f"Data key {kid!r} is not 16 bytes (SM4 uses 128-bit keys)."
                )
            keys.append((kid, key))
    return keys


def keyring() -> list[tuple[str, bytes]]:
    """The keys, the encrypting one first."""
    configured = getattr(settings, "HISOPS_DATA_KEYS", "")
    if configured:
        return _cache.setdefault(("env", configured), _parse(configured))
    path = _key_file()
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        _write_new(path)
        stamp = path.stat().st_mtime_ns
    cached = _cache.get(("file", str(path)))
    if cached is None or cached[0] != stamp:
        cached = _cache[("file", str(path))] = (stamp, _parse(path.read_text()))
    return cached[1]


def _line(kid: str, key: bytes) -> str:
    return f"{kid}:{base64.b64encode(key).decode()}\n"


def _write_new(path: Path) -> None:
    """A first key, written whole before it appears (several processes may start at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(_line("k1", os.urandom(16)))
    try:
        os.link(tmp, path)  # fails if another process made it first: theirs stands
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def encrypt(text: str) -> str:
    if text is None or text == "" or text.startswith(PREFIX):
        return text
    kid, key = keyring()[0]
    nonce = os.urandom(12)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    body = encryptor.update(text.encode()) + encryptor.finalize()
    return f"{PREFIX}{kid}:{base64.b64encode(nonce + body + encryptor.tag).decode()}"


def decrypt(value: str) -> str:
    """The text of a stored value; a value stored before encryption was turned on is
    returned as it is."""
    if not value or not value.startswith(PREFIX):
        return value
    kid, _colon, b64 = value[len(PREFIX) :].partition(":")
    key = dict(keyring()).get(kid)
    if key is None:
        raise DecryptionFailed(f"no data key {kid!r} on this server")
    raw = base64.b64decode(b64)
    nonce, body, tag = raw[:12], raw[12:-16], raw[-16:]
    try:
        decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag as exc:
        raise DecryptionFailed(f"a value under key {kid!r} was changed") from exc


def key_id(value: str) -> str:
    return value[len(PREFIX) :].partition(":")[0] if value and value.startswith(PREFIX) else ""


def lookup_digest(text: str) -> str:
    """The SHA-256 to find a record by a random secret it holds (a hook's token)."""
    return hashlib.sha256(text.encode()).hexdigest()


class EncryptedTextField(models.TextField):
    """Text kept encrypted with SM4-GCM; reads give the text back."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    from django.apps import apps

    return [
        (model, field.name)
        for model in apps.get_models()
        if not model._meta.proxy
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def rotate(*, retire: bool = False, progress=None) -> dict:
    """Put a new key first, re-encrypt every encrypted column under it, and with
    ``retire`` drop the older keys. Keys from ``HISOPS_DATA_KEYS`` are rotated by the
    operator (the new list is printed for them)."""
    ring = keyring()
    number = max((int(kid[1:]) for kid, _key in ring if kid[1:].isdigit()), default=0) + 1
    new = [(f"k{number}", os.urandom(16)), *ring]
    text = "".join(_line(kid, key) for kid, key in new)
    if getattr(settings, "HISOPS_DATA_KEYS", ""):
        raise ImproperlyConfigured(
            "The data keys come from HISOPS_DATA_KEYS: set it to " + text.strip().replace("\n", ",")
        )
    path = _key_file()
    tmp = path.with_suffix(".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(tmp, path)
    counts = reencrypt(progress=progress)
    if retire:
        path.write_text(_line(*new[0]))
    return {"key": new[0][0], "values": counts}


def reencrypt(*, progress=None) -> int:
    """Every encrypted value under the current key; returns how many were rewritten."""
    current = keyring()[0][0]
    total = 0
    for model, name in encrypted_fields():
        for pk, stored in stored_values(model, name):
            if key_id(stored) != current:
                model._base_manager.filter(pk=pk).update(**{name: decrypt(stored)})
                total += 1
        if progress:
            progress(model, name)
    return total


def stored_values(model, name: str):
    """(pk, the value as stored, encrypted) of every non-empty value of an encrypted
    column, in one query read in chunks (a cast to plain text skips the decryption)."""
    from django.db.models.functions import Cast

    rows = model._base_manager.exclude(**{f"{name}__isnull": True}).exclude(**{name: ""})
    return rows.values_list("pk", Cast(name, output_field=models.TextField())).iterator(
        chunk_size=2000
    )


def encrypt_stored(model, *names: str) -> None:
    """For a migration that turns columns into ``EncryptedTextField``s: encrypt the values
    stored before (``model`` is the migration's historical model)."""
    for row in model._base_manager.all().iterator(chunk_size=500):
        values = {name: getattr(row, name) for name in names if getattr(row, name)}
        if values:
            model._base_manager.filter(pk=row.pk).update(**values)


FILE_MAGIC = b"HISOPS-SM4-GCM1\n"
CHUNK = 1 << 20


def encrypt_file(source: Path, target: Path) -> str:
    """Encrypt a file of any size in 1 MiB chunks (each its own nonce, its index and
    whether it is the last in the tag's associated data, so chunks cannot be reordered,
    dropped or cut off). Returns the key id used."""
    kid, key = keyring()[0]
    prefix = os.urandom(8)
    with open(source, "rb") as src, open(target, "wb") as out:
        out.write(FILE_MAGIC + kid.encode() + b"\n" + prefix)
        index, chunk = 0, src.read(CHUNK)
        while True:
            following = src.read(CHUNK)
            last = not following
            encryptor = Cipher(
                algorithms.SM4(key), modes.GCM(prefix + index.to_bytes(4, "big"))
            ).encryptor()
            encryptor.authenticate_additional_data(
                index.to_bytes(8, "big") + (b"\1" if last else b"\0")
            )
            body = encryptor.update(chunk) + encryptor.finalize()
            out.write(len(body).to_bytes(4, "big") + body + encryptor.tag)
            if last:
                return kid
            index, chunk = index + 1, following


def decrypt_file(source: Path, target: Path) -> None:
    with open(source, "rb") as src, open(target, "wb") as out:
        if src.read(len(FILE_MAGIC)) != FILE_MAGIC:
            raise DecryptionFailed(f"{source.name} is not an encrypted HISOPS file")
        kid = src.readline().strip().decode()
        key = dict(keyring()).get(kid)
        if key is None:
            raise DecryptionFailed(f"no data key {kid!r} on this server for {source.name}")
        prefix, index = src.read(8), 0
        while True:
            size = int.from_bytes(src.read(4) or b"\0\0\0\0", "big")
            body, tag = src.read(size), src.read(16)
            if len(body) != size or len(tag) != 16:
                raise DecryptionFailed(f"{source.name} is cut short")
            last = src.peek(1)[:1] == b"" if hasattr(src, "peek") else False
            try:
                decryptor = Cipher(
                    algorithms.SM4(key), modes.GCM(prefix + index.to_bytes(4, "big"), tag)
                ).decryptor()
                decryptor.authenticate_additional_data(
                    index.to_bytes(8, "big") + (b"\1" if last else b"\0")
                )
                out.write(decryptor.update(body) + decryptor.finalize())
            except InvalidTag as exc:
                raise DecryptionFailed(f"{source.name} was changed (chunk {index})") from exc
            if last:
                return
            index += 1
