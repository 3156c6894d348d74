"""Language helpers."""

from functools import lru_cache

from django.conf import settings
from django.utils import translation


def system_language():
    """Messages the system composes (tasks, events, mail and robots) speak the site's
    language, not that of whichever request last ran on this thread."""
    return translation.override(settings.LANGUAGE_CODE)


@lru_cache(maxsize=256)
def _labels(choices, language: str) -> dict[str, str]:
    with translation.override(language):
        return {value: str(label) for value, label in choices.choices}


def label(choices, value: str) -> str:
    """The label of ``value`` in a ``TextChoices`` class, in the active language, from a
    table translated once per language (``get_FOO_display`` translates every choice on
    every call, which a list of fifty rows pays fifty times)."""
    return _labels(choices, translation.get_language() or settings.LANGUAGE_CODE).get(value, value)
