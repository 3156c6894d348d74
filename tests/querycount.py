"""Query counts: a page or an API list costs a fixed number of statements, whatever the
number of rows behind it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = call()
    return len(ctx), result


def assert_queries(call, *, expected: int, grow=None, what: str = ""):
    """``call`` costs exactly ``expected`` statements; after ``grow()`` adds rows, the same.
    Counted warm, as a running server pays them: a first call fills the per-process caches
    (a calendar's holiday years, its working-time index)."""
    call()
    first, result = count_queries(call)
    assert first == expected, f"{what}: {first} statements, the baseline is {expected}"
    if grow is not None:
        grow()
        again, result = count_queries(call)
        assert again == first, f"{what}: {first} statements, then {again} with more rows"
    return result
