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
