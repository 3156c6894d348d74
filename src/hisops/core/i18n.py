"""Language helpers."""

from django.conf import settings
from django.utils import translation


def system_language():
    """Messages the system composes (tasks, events, mail and robots) speak the site's
    language, not that of whichever request last ran on this thread."""
    return translation.override(settings.LANGUAGE_CODE)
