"""The audit page's filters: person, action, object, days, result."""

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from hisops.core.forms import Form

from .words import action_words, object_type_words


class AuditFilter(Form):
    small = True

    actor = forms.CharField(
        label=_("Person"), required=False, max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("Username")}),
    )  # fmt: skip
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object"), required=False)
    object_text = forms.CharField(
        label=_("Object name"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Number or name")}),
    )  # fmt: skip
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    success = forms.TypedChoiceField(
        label=_("Result"), required=False, empty_value=None,
        coerce=lambda v: v == "1", choices=[("", _("Any result")), ("1", _("OK")), ("0", _("Failed"))],
    )  # fmt: skip

    def __init__(self, *args, events, user, **kwargs):
        super().__init__(*args, **kwargs)
        actions, types = self._kinds(events, user)
        self.fields["action"].choices = [
            ("", _("Any action")),
            *sorted(((a, action_words(a)) for a in actions), key=lambda c: c[1]),
        ]
        self.fields["object_type"].choices = [
            ("", _("Any object")),
            *sorted(((t, object_type_words(t) or t) for t in types if object_type_words(t)), key=lambda c: c[1]),
        ]  # fmt: skip

    @staticmethod
    def _kinds(events, user) -> tuple[list[str], list[str]]:
        """The actions and object types in the log this user reviews (read once in ten
        minutes: a log of millions of rows is not scanned per page)."""
        key = f"audit-kinds:{user.pk}"
        found = cache.get(key)
        if found is None:
            rows = events.order_by().values_list("action", "object_type").distinct()
            found = (sorted({a for a, _t in rows}), sorted({t for _a, t in rows if t}))
            cache.set(key, found, 600)
        return found

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
