"""Reading each monitoring system's webhook body into the same shape.

* Alertmanager (webhook ``version: "4"``) and Grafana (unified alerting): ``alerts[]`` with
  ``status``, ``labels``, ``annotations``, ``startsAt``, ``endsAt``, ``fingerprint``. An
  alert is identified by fingerprint + startsAt: the same firing delivered again is the
  same alert; a new episode of the same rule starts at another time.
* Zabbix: the body our media type script posts (docs/zabbix-media-type.md): one event with
  ``event_id`` (the problem's id, kept by its recovery), ``status`` PROBLEM/RESOLVED,
  ``severity``, ``host``, ``name``, ``time`` and ``tags``.
* Generic: ``{"key", "status": firing|resolved, "name", "severity", "summary", "labels",
  "starts_at"}`` (or a list of them under ``alerts``).
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils.dateparse import parse_datetime

from .choices import AlertStatus, HookKind


class ParseError(ValueError):
    pass


@dataclass
class Parsed:
    key: str
    status: str
    name: str
    starts_at: datetime
    severity: str = ""
    summary: str = ""
    labels: dict = field(default_factory=dict)
    ends_at: datetime | None = None


def parse(kind: str, body: str, *, zone: str = "Asia/Shanghai") -> list[Parsed]:
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise ParseError(f"not JSON: {exc}") from exc
    if kind in {HookKind.ALERTMANAGER, HookKind.GRAFANA}:
        return _alertmanager(data)
    if kind == HookKind.ZABBIX:
        return [_zabbix(data, ZoneInfo(zone))]
    return _generic(data)


def _time(value, what: str) -> datetime:
    moment = parse_datetime(str(value or ""))
    if moment is None:
        raise ParseError(f"{what}: not an ISO 8601 time: {value!r}")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _status(value) -> str:
    value = str(value or "").lower()
    if value not in AlertStatus.values:
        raise ParseError(f"status must be firing or resolved, not {value!r}")
    return value


def _alertmanager(data) -> list[Parsed]:
    if not isinstance(data, dict) or not isinstance(data.get("alerts"), list):
        raise ParseError("expected an object with an alerts list")
    found = []
    for n, alert in enumerate(data["alerts"]):
        if not isinstance(alert, dict):
            raise ParseError(f"alerts[{n}] is not an object")
        labels = {str(k): str(v) for k, v in (alert.get("labels") or {}).items()}
        annotations = alert.get("annotations") or {}
        starts = _time(alert.get("startsAt"), f"alerts[{n}].startsAt")
        fingerprint = str(alert.get("fingerprint") or "") or json.dumps(labels, sort_keys=True)
        ends = parse_datetime(str(alert.get("endsAt") or ""))
        status = _status(alert.get("status") or data.get("status"))
        found.append(Parsed(
            key=f"{fingerprint}:{starts.isoformat()}", status=status, name=labels.get("alertname", "alert")[:200],
            severity=labels.get("severity", "")[:30], summary=str(annotations.get("summary") or annotations.get("description") or ""),
            labels=labels, starts_at=starts, ends_at=ends if status == AlertStatus.RESOLVED and ends and ends.year > 1 else None,
        ))  # fmt: skip
    return found


def _zabbix(data, zone: ZoneInfo) -> Parsed:
    if not isinstance(data, dict) or not data.get("event_id"):
        raise ParseError("expected the media type's object with event_id")
    status = {"problem": "firing", "resolved": "resolved", "1": "firing", "0": "resolved"}.get(
        str(data.get("status", "")).lower()
    )
    if status is None:
        raise ParseError("status must be PROBLEM or RESOLVED")

    def local(text, what):
        try:
            return datetime.strptime(str(text).strip(), "%Y.%m.%d %H:%M:%S").replace(tzinfo=zone)
        except ValueError as exc:
            raise ParseError(
                f"{what}: expected {{EVENT.DATE}} {{EVENT.TIME}}, got {text!r}"
            ) from exc

    tags = data.get("tags") or []
    if isinstance(tags, str):
        try:
            tags = json.loads(tags) if tags.strip() else []
        except ValueError:
            tags = []
    labels = {"host": str(data.get("host", ""))}
    labels.update(
        {
            str(t.get("tag")): str(t.get("value", ""))
            for t in tags
            if isinstance(t, dict) and t.get("tag")
        }
    )
    recovered = data.get("recovery_time") if status == "resolved" else None
    return Parsed(
        key=str(data["event_id"]), status=status, name=str(data.get("name") or "zabbix problem")[:200],
        severity=str(data.get("severity", ""))[:30], summary=str(data.get("message") or ""), labels=labels,
        starts_at=local(data.get("time"), "time"), ends_at=local(recovered, "recovery_time") if recovered else None,
    )  # fmt: skip


def _generic(data) -> list[Parsed]:
    items = data.get("alerts") if isinstance(data, dict) and "alerts" in data else [data]
    if not isinstance(items, list):
        raise ParseError("alerts must be a list")
    found = []
    for n, alert in enumerate(items):
        if not isinstance(alert, dict) or not alert.get("key") or not alert.get("name"):
            raise ParseError(f"alert {n}: key and name are required")
        found.append(Parsed(
            key=str(alert["key"])[:200], status=_status(alert.get("status", "firing")), name=str(alert["name"])[:200],
            severity=str(alert.get("severity", ""))[:30], summary=str(alert.get("summary", "")),
            labels={str(k): str(v) for k, v in (alert.get("labels") or {}).items()},
            starts_at=_time(alert["starts_at"], f"alert {n}.starts_at") if alert.get("starts_at") else datetime.now(UTC),
        ))  # fmt: skip
    return found
