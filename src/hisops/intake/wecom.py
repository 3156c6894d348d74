"""WeCom (企业微信) application callbacks: the published message-encryption scheme.

* ``msg_signature`` = SHA-1 of the sorted concatenation of token, timestamp, nonce and the
  ciphertext.
* The AES key is ``base64(EncodingAESKey + "=")`` (32 bytes); AES-256-CBC with the key's
  first 16 bytes as IV and PKCS#7 padding to 32-byte blocks.
* The plaintext is 16 random bytes, the message length (4 bytes, network order), the
  message, and the receiver id (the CorpID), which must match.
"""

import base64
import hashlib
import secrets
import struct
import time
from xml.etree import ElementTree

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


class WecomError(ValueError):
    pass


def signature(token: str, timestamp: str, nonce: str, encrypted: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypted])).encode()).hexdigest()


def _key(encoding_aes_key: str) -> bytes:
    try:
        key = base64.b64decode(encoding_aes_key + "=")
    except ValueError as exc:
        raise WecomError("EncodingAESKey is not valid base64") from exc
    if len(key) != 32:
        raise WecomError("EncodingAESKey must decode to 32 bytes")
    return key


def decrypt(encrypted: str, *, encoding_aes_key: str, receive_id: str) -> str:
    key = _key(encoding_aes_key)
    try:
        data = base64.b64decode(encrypted)
    except ValueError as exc:
        raise WecomError("the ciphertext is not base64") from exc
    if not data or len(data) % 16:
        raise WecomError("the ciphertext has the wrong length")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    plain = decryptor.update(data) + decryptor.finalize()
    pad = plain[-1]
    if not 1 <= pad <= 32:
        raise WecomError("bad padding")
    plain = plain[:-pad]
    (length,) = struct.unpack(">I", plain[16:20])
    message, receiver = plain[20 : 20 + length], plain[20 + length :]
    if receiver.decode(errors="replace") != receive_id:
        raise WecomError("the message is for another receiver")
    return message.decode()


def encrypt(
    message: str, *, encoding_aes_key: str, receive_id: str, random16: bytes | None = None
) -> str:
    key = _key(encoding_aes_key)
    body = message.encode()
    plain = (
        (random16 or secrets.token_bytes(16))
        + struct.pack(">I", len(body))
        + body
        + receive_id.encode()
    )
    pad = 32 - len(plain) % 32
    plain += bytes([pad]) * pad
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def verify_url(*, token: str, encoding_aes_key: str, receive_id: str, msg_signature: str, timestamp: str,
               nonce: str, echostr: str) -> str:  # fmt: skip
    """The GET WeCom sends when the callback URL is saved: answer with the decrypted echostr."""
    if signature(token, timestamp, nonce, echostr) != msg_signature:
        raise WecomError("signature mismatch")
    return decrypt(echostr, encoding_aes_key=encoding_aes_key, receive_id=receive_id)


def open_message(*, token: str, encoding_aes_key: str, receive_id: str, msg_signature: str, timestamp: str,
                 nonce: str, body: bytes) -> dict:  # fmt: skip
    """A POSTed message: check the signature, decrypt, and read the inner XML's fields."""
    try:
        outer = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise WecomError("the body is not XML") from exc
    encrypted = outer.findtext("Encrypt") or ""
    if signature(token, timestamp, nonce, encrypted) != msg_signature:
        raise WecomError("signature mismatch")
    inner = ElementTree.fromstring(
        decrypt(encrypted, encoding_aes_key=encoding_aes_key, receive_id=receive_id)
    )
    return {child.tag: (child.text or "") for child in inner}


def reply(
    text: str, *, to_user: str, from_corp: str, token: str, encoding_aes_key: str, nonce: str
) -> str:
    """A passive reply (encrypted), shown to the sender in the WeCom app."""
    now = str(int(time.time()))
    inner = ElementTree.Element("xml")
    for tag, value in (
        ("ToUserName", to_user),
        ("FromUserName", from_corp),
        ("CreateTime", now),
        ("MsgType", "text"),
        ("Content", text),
    ):
        ElementTree.SubElement(inner, tag).text = value
    encrypted = encrypt(
        ElementTree.tostring(inner, encoding="unicode"),
        encoding_aes_key=encoding_aes_key,
        receive_id=from_corp,
    )
    outer = ElementTree.Element("xml")
    for tag, value in (
        ("Encrypt", encrypted),
        ("MsgSignature", signature(token, now, nonce, encrypted)),
        ("TimeStamp", now),
        ("Nonce", nonce),
    ):
        ElementTree.SubElement(outer, tag).text = value
    return ElementTree.tostring(outer, encoding="unicode")
