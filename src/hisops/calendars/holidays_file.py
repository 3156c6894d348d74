"""Reading a statutory holiday file: ``date,kind,name`` rows as CSV (with that header) or
JSON (a list of objects with those keys). ``kind`` is ``holiday`` or ``workday``; Chinese
words (假日/休, 调休/上班/补班) are accepted too. An optional ``intervals`` column gives a
make-up workday's hours."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from hisops.calendars.choices import OverrideKind
from hisops.calendars.timemath import parse_intervals

KIND_WORDS = {
    "holiday": OverrideKind.HOLIDAY,
    "假日": OverrideKind.HOLIDAY,
    "节假日": OverrideKind.HOLIDAY,
    "休": OverrideKind.HOLIDAY,
    "放假": OverrideKind.HOLIDAY,
    "workday": OverrideKind.WORKDAY,
    "调休": OverrideKind.WORKDAY,
    "上班": OverrideKind.WORKDAY,
    "补班": OverrideKind.WORKDAY,
    "班": OverrideKind.WORKDAY,
}


class Unreadable(Exception):
    pass


@dataclass
class Row:
    number: int
    date: date | None = None
    kind: str = ""
    name: str = ""
    intervals: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(message)


def read(file_name: str, content: bytes) -> list[Row]:
    lower = file_name.lower()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")
        except UnicodeDecodeError:
            raise Unreadable(_("The file is neither UTF-8 nor GBK encoded.")) from None
    if lower.endswith(".json"):
        records = _json_records(text)
    elif lower.endswith(".csv"):
        records = _csv_records(text)
    else:
        raise Unreadable(_("Only .csv and .json holiday files can be imported."))
    if not records:
        raise Unreadable(_("The file has no rows."))
    rows = [_row(number, record) for number, record in records]
    first_row: dict[date, int] = {}
    for row in rows:
        if row.date is None:
            continue
        if row.date in first_row:
            row.error("date", _("Row %d already has this date.") % first_row[row.date])
        else:
            first_row[row.date] = row.number
    return rows


def _json_records(text: str) -> list[tuple[int, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Unreadable(_("The JSON is not valid: %s") % exc.msg) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise Unreadable(_("The JSON must be a list of objects with date, kind and name."))
    return [(number, item) for number, item in enumerate(data, start=1)]


def _csv_records(text: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    headers = {(h or "").strip() for h in reader.fieldnames or []}
    if not {"date", "kind"} <= headers:
        raise Unreadable(_("The first line must be the header date,kind,name."))
    return [
        (number, {(k or "").strip(): (v or "").strip() for k, v in record.items()})
        for number, record in enumerate(reader, start=2)
        if any((v or "").strip() for v in record.values() if isinstance(v, str))
    ]


def _row(number: int, record: dict) -> Row:
    row = Row(number=number)
    raw_date = str(record.get("date") or "").strip()
    try:
        row.date = date.fromisoformat(raw_date)
    except ValueError:
        row.error("date", _("“%s” is not a date like 2027-01-01.") % raw_date)
    raw_kind = str(record.get("kind") or "").strip()
    row.kind = KIND_WORDS.get(raw_kind.lower(), "")
    if not row.kind:
        row.error("kind", _("“%s” is not holiday or workday.") % raw_kind)
    row.name = str(record.get("name") or "").strip()[:100]
    row.intervals = str(record.get("intervals") or "").strip()
    if row.intervals:
        if row.kind == OverrideKind.HOLIDAY:
            row.error("intervals", _("Only make-up workdays have working hours."))
        else:
            try:
                parse_intervals(row.intervals)
            except ValueError as exc:
                row.error("intervals", str(exc))
    return row
