from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.catalog.selectors import item_queryset
from hisops.contracts.selectors import level_choices
from hisops.core.forms import Form
from hisops.monitoring.choices import HookKind, Severity


class HookForm(Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=HookKind.choices,
    )
    name = forms.CharField(label=_("Name"), max_length=100)


class RuleForm(Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        initial="instance",
    )
    pattern = forms.CharField(
        label=_("Pattern"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "his-db-*"}),
    )
    item = forms.ModelChoiceField(label=_("Item"), queryset=None)
    resolve_incident = forms.BooleanField(
        label=_("Resolve the incident when its alerts resolve"),
        required=False,
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = item_queryset(user=user).order_by("kind", "name")
        levels = [
            ("", _("The contract's default level")),
            *level_choices(hospital_id=user.hospital_id),
        ]
        for severity, words in Severity.choices:  # one select per severity, not raw JSON
            self.fields[f"level_{severity}"] = forms.ChoiceField(
                label=_("Level for “%s”") % words, choices=levels, required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )  # fmt: skip

    def clean(self):
        data = super().clean()
        data["levels"] = {
            severity: code
            for severity in Severity.values
            if (code := data.pop(f"level_{severity}", ""))
        }
        return data


class TryForm(Form):
    """A test alert: which address, which label and value, which severity."""

    small = True

    hook = forms.TypedChoiceField(label=_("Address"), coerce=int)
    label = forms.CharField(label=_("Label"), max_length=100, initial="instance")
    value = forms.CharField(
        label=_("Value"), max_length=200, widget=forms.TextInput(attrs={"placeholder": "his-db-01"})
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial="critical")

    def __init__(self, *args, hooks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hook"].choices = [(h.pk, f"{h.name} · {h.get_kind_display()}") for h in hooks]
