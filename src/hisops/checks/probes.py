"""The probes: each looks at one system once, within its own timeout, and says what it saw.
They touch no HISOps table, so many run at once in threads while the database writes
stay in the caller.

HTTP(S) status, body text, latency and the certificate's days left; a TCP connect; a
read-only SQL query compared with its expected value; an HL7 v2 message over MLLP
answered ``MSA|AA``; the age of the newest file in a backup folder."""

import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

MLLP_START, MLLP_END = b"\x0b", b"\x1c\x0d"
COMPARISON = re.compile(r"^\s*(<=|>=|!=|=|<|>)?\s*(.+?)\s*$")


@dataclass(frozen=True)
class Seen:
    ok: bool
    message: str
    value: Decimal | None = None
    duration_ms: int = 0


class ProbeError(Exception):
    """What went wrong, in words for the incident."""


def run(kind: str, *, target: str, params: dict, timeout: float, source=None) -> Seen:
    """Probe once; never raises: a failure is a ``Seen`` with ``ok=False``."""
    started = time.perf_counter()
    try:
        ok, message, value = PROBES[kind](target, params, timeout, source)
    except (ProbeError, OSError, ValueError) as exc:
        ok, message, value = False, str(exc) or exc.__class__.__name__, None
    except Exception as exc:  # a driver's own error class: still a failed check, not a crash
        ok, message, value = False, f"{exc.__class__.__name__}: {exc}", None
    elapsed = int((time.perf_counter() - started) * 1000)
    return Seen(ok=ok, message=message[:500], value=value, duration_ms=elapsed)


def _http(target, params, timeout, _source):
    request = urllib.request.Request(target, headers={"User-Agent": "HISOps-check/1"})
    context = ssl.create_default_context(cafile=params.get("ca_file") or None)
    started = time.perf_counter()
    try:
        # Straight to the target: a proxy set for the server's own traffic is not the hospital's path.
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context)
        )
        with opener.open(request, timeout=timeout) as answer:
            status, body = answer.status, answer.read(1024 * 1024)
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read(1024 * 1024)
    latency = int((time.perf_counter() - started) * 1000)
    problems = []
    expected = int(params.get("expect_status") or 200)
    if status != expected:
        problems.append(_("status %(got)d, expected %(want)d") % {"got": status, "want": expected})
    text = params.get("expect_text")
    if text and text not in body.decode("utf-8", "replace"):
        problems.append(_("the page does not contain “%s”") % text)
    slowest = params.get("max_latency_ms")
    if slowest and latency > int(slowest):
        problems.append(
            _("answered in %(ms)d ms, more than %(max)d ms") % {"ms": latency, "max": int(slowest)}
        )
    if urlsplit(target).scheme == "https" and params.get("cert_days"):
        days = _certificate_days(target, timeout, context)
        if days < int(params["cert_days"]):
            problems.append(_("the certificate expires in %(days)d days") % {"days": days})
    if problems:
        return False, "; ".join(problems), Decimal(latency)
    return (
        True,
        _("status %(status)d in %(ms)d ms") % {"status": status, "ms": latency},
        Decimal(latency),
    )


def _certificate_days(url: str, timeout: float, context: ssl.SSLContext) -> int:
    parts = urlsplit(url)
    with (
        socket.create_connection((parts.hostname, parts.port or 443), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname=parts.hostname) as tls,
    ):
        cert = tls.getpeercert()
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notAfter"]), tz=UTC)
    return (expires - datetime.now(tz=UTC)).days


def host_port(target: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:2575`` for IPv6), or ValueError."""
    parts = urlsplit(f"//{target.strip()}")
    if not parts.hostname or not parts.port:
        raise ValueError(_("Write the target as host:port."))
    return parts.hostname, parts.port


def _tcp(target, _params, timeout, _source):
    host, port = host_port(target)
    started = time.perf_counter()
    with socket.create_connection((host, port), timeout=timeout):
        pass
    ms = int((time.perf_counter() - started) * 1000)
    return True, _("connected in %(ms)d ms") % {"ms": ms}, Decimal(ms)


def compare(value, expect: str) -> bool:
    """Whether a query's first value meets ``expect`` ("1", "= 0", "<= 0.01", "!= 0")."""
    match = COMPARISON.match(expect or "")
    if not match:
        return True
    operator, wanted = match.group(1) or "=", match.group(2)
    try:
        left, right = Decimal(str(value)), Decimal(wanted)
    except (InvalidOperation, ValueError):
        left, right = str(value), wanted
        if operator not in ("=", "!="):
            return False
    return {"=": left == right, "!=": left != right, "<": left < right, "<=": left <= right,
            ">": left > right, ">=": left >= right}[operator]  # fmt: skip


def _sql(query, params, timeout, source):
    from .sources import first_value

    value = first_value(source, query, timeout=timeout)
    number = _number(value)
    expect = params.get("expect", "")
    if not compare(value, expect):
        return (
            False,
            _("the query gave %(value)s, expected %(expect)s") % {"value": value, "expect": expect},
            number,
        )
    return True, _("the query gave %(value)s") % {"value": value}, number


def _number(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def hl7_message(params: dict) -> str:
    """The message to send: the check's own, or a network-management query (NMQ^N01) that
    changes nothing on the receiving side."""
    if params.get("message"):
        return params["message"].replace("\n", "\r").strip("\r")
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")  # noqa: DTZ005 - HL7 local time, no zone
    control = f"HISOPS{int(time.time() * 1000) % 10**10}"
    receiver = params.get("receiver", "ENGINE")
    return (
        f"MSH|^~\\&|HISOPS|HISOPS|{receiver}|HOSPITAL|{stamp}||NMQ^N01|{control}|P|2.4\rNCK|{stamp}"
    )


def _hl7(target, params, timeout, _source):
    host, port = host_port(target)
    message = hl7_message(params).encode(params.get("encoding", "utf-8"))
    started = time.perf_counter()
    with socket.create_connection((host, port), timeout=timeout) as connection:
        connection.settimeout(timeout)
        connection.sendall(MLLP_START + message + MLLP_END)
        answer = b""
        while MLLP_END not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                raise ProbeError(
                    _("the interface closed the connection without an acknowledgement")
                )
            answer += chunk
            if len(answer) > 1024 * 1024:
                raise ProbeError(_("the acknowledgement is too long"))
    ms = int((time.perf_counter() - started) * 1000)
    text = (
        answer.split(MLLP_START, 1)[-1]
        .split(MLLP_END, 1)[0]
        .decode(params.get("encoding", "utf-8"), "replace")
    )
    msa = next((s.split("|") for s in re.split(r"[\r\n]+", text) if s.startswith("MSA|")), None)
    if msa is None:
        raise ProbeError(_("the answer has no MSA segment"))
    code = msa[1] if len(msa) > 1 else ""
    if code not in ("AA", "CA"):
        detail = msa[3] if len(msa) > 3 else ""
        return (
            False,
            _("acknowledged %(code)s %(detail)s") % {"code": code, "detail": detail},
            Decimal(ms),
        )
    return True, _("acknowledged %(code)s in %(ms)d ms") % {"code": code, "ms": ms}, Decimal(ms)


def _backup(target, params, _timeout, _source):
    folder = Path(target)
    if not folder.is_dir():
        raise ProbeError(_("the folder %s does not exist or cannot be read") % target)
    pattern = params.get("pattern") or "*"
    newest = max((p.stat().st_mtime for p in folder.glob(pattern) if p.is_file()), default=None)
    if newest is None:
        return False, _("no backup file matches %s") % pattern, None
    hours = Decimal(str(round((time.time() - newest) / 3600, 2)))
    limit = Decimal(str(params.get("max_age_hours") or 26))
    if hours > limit:
        return False, _("the newest backup is %(hours)s hours old, more than %(limit)s") % {
            "hours": hours, "limit": limit}, hours  # fmt: skip
    return True, _("the newest backup is %(hours)s hours old") % {"hours": hours}, hours


PROBES = {"http": _http, "tcp": _tcp, "sql": _sql, "hl7_mllp": _hl7, "backup_freshness": _backup}
