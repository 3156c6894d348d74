"""Forms as every page shows them, and a service's refusal on the form that asked for it.

Forms subclass :class:`Form` or :class:`ModelForm` from here: widgets get Bootstrap's
classes by their kind, and ``{{ form }}`` renders labels, fields, help and errors in one
layout (``core/forms/form.html``), so no page or form repeats that markup.
"""

from django import forms
from django.forms.renderers import TemplatesSetting

from hisops.core.errors import DomainError

_CHECKS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


def style(widget: forms.Widget, *, small: bool = False) -> None:
    """Give a widget the Bootstrap class of its kind (kept if it already has one)."""
    if isinstance(widget, _CHECKS):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select form-select-sm" if small else "form-select"
    elif isinstance(widget, forms.HiddenInput):
        return
    else:
        css = "form-control form-control-sm" if small else "form-control"
    widget.attrs.setdefault("class", css)


class StyledMixin:
    small = False  # compact controls (filter bars)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style(field.widget, small=self.small)


class Form(StyledMixin, forms.Form):
    pass


class ModelForm(StyledMixin, forms.ModelForm):
    pass


class Renderer(TemplatesSetting):
    """Project templates first (``core/forms/form.html`` for ``{{ form }}``)."""

    form_template_name = "core/forms/form.html"


REFUSED = object()  # what ``on_form`` returns when the service said no


def run_service(request, call, done: str) -> bool:
    """Call a service for a form post and say how it went in a message; a refusal of
    permission stays a 403. True when it succeeded."""
    from django.contrib import messages

    try:
        call()
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.describe())
        return False
    messages.success(request, done)
    return True


def on_form(form, call):
    """Call a service for a valid ``form``; its refusal goes onto the form, field by field
    (a refusal of permission stays a 403). Returns the service's result, or ``REFUSED``."""
    try:
        return call()
    except DomainError as exc:
        if exc.status == 403:
            raise
        add_domain_error(form, exc)
        return REFUSED


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
    if on_form(form, lambda: call(form.cleaned_data)) is REFUSED:
        return False
    messages.success(request, _("Saved."))
    return True
