from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.catalog.selectors import item_queryset
from hisops.core.forms import Form
from hisops.monitoring.choices import HookKind


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
    levels = forms.JSONField(label=_("Level by severity"), required=False, initial=dict,
                             widget=forms.TextInput(attrs={"placeholder": '{"critical": "1", "warning": "3"}'}))  # fmt: skip
    resolve_incident = forms.BooleanField(
        label=_("Resolve the incident when its alerts resolve"),
        required=False,
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = item_queryset(user=user).order_by("kind", "name")
