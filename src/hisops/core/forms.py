"""Showing a service's refusal on the form that asked for it."""

from .errors import DomainError


def add_domain_error(form, exc: DomainError) -> None:
    """Field messages go under their fields (or on top when the form has no such field);
    a refusal without fields goes on top."""
    for name, errors in exc.fields.items():
        form.add_error(name if name in form.fields else None, errors)
    if not exc.fields:
        form.add_error(None, exc.message)
