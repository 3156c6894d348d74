"""Readable numbers (INC-2026-000123, PRB-2026-0001, CHG-2027-0042): one counter row per
hospital, prefix and year, incremented under its row lock, so numbers are never duplicated,
skipped or reused however many records are created at once."""

from django.db import connection

from hisops.core.models import Sequence


def sequence_next(*, hospital, prefix: str, year: int, width: int = 6) -> str:
    """The next readable number for ``prefix`` in ``year`` (tickets, and problems through
    this service): incrementing the counter row locks it, so concurrent creations queue
    for it and every number is used once."""
    # UPDATE … RETURNING (PostgreSQL, SQLite ≥ 3.35): one statement takes the row lock and
    # reads the new value; concurrent creations wait on the lock until this one commits.
    last = _increment(hospital.pk, prefix, year)
    if last is None:
        Sequence.objects.get_or_create(hospital=hospital, prefix=prefix, year=year)
        last = _increment(hospital.pk, prefix, year)
    return f"{prefix}-{year}-{last:0{width}d}"


def _increment(hospital_id: int, prefix: str, year: int) -> int | None:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {q(Sequence._meta.db_table)} SET {q('last')} = {q('last')} + 1 "
            f"WHERE {q('hospital_id')} = %s AND {q('prefix')} = %s AND {q('year')} = %s RETURNING {q('last')}",
            [hospital_id, prefix, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None
