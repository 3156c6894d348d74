"""Showing a service's refusal on the form that asked for it."""

from .errors import DomainError


def add_domain_error(form, exc: DomainError) -> None:
    """Field messages go under their fields (or on top when the form has no such field);
    a refusal without fields goes on top."""
    for name, errors in exc.fields.items():
        form.add_error(name if name in form.fields else None, errors)
    if not exc.fields:
        form.add_error(None, exc.message)


def submit(request, form, call) -> bool:
    """For pages with several forms: if ``form`` was posted and is valid, ``call`` its
    cleaned data (a service); a refusal goes onto the form. True when it was saved."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    if not form.is_bound or not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except DomainError as exc:
        add_domain_error(form, exc)
        return False
    messages.success(request, _("Saved."))
    return True
