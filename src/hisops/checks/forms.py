import json

from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.catalog.selectors import item_queryset
from hisops.core.forms import Form

from .choices import CheckKind


class CheckForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=CheckKind.choices)
    target = forms.CharField(
        label=_("Target"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("http(s)://… ; host:port (TCP, HL7); the SQL query; the backup folder"),
    )  # fmt: skip
    source = forms.ModelChoiceField(label=_("Data source (SQL)"), queryset=None, required=False)
    item = forms.ModelChoiceField(label=_("Item"), queryset=None)
    interval_minutes = forms.IntegerField(label=_("Every (minutes)"), min_value=1, initial=5)
    timeout_seconds = forms.IntegerField(
        label=_("Timeout (seconds)"), min_value=1, max_value=120, initial=10
    )
    level = forms.CharField(label=_("Incident level"), max_length=16, required=False,
                            help_text=_("The contract's level code; empty: its default"))  # fmt: skip
    params = forms.CharField(
        label=_("Parameters (JSON)"), required=False, initial="{}", widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('e.g. {"expect_text": "OK", "max_latency_ms": 2000} or {"expect": "<= 0.01"}'),
    )  # fmt: skip
    resolve_incident = forms.BooleanField(
        label=_("Resolve the incident when it recovers"), required=False
    )

    def __init__(self, *args, user, hospital, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = (
            item_queryset(user=user).filter(hospital=hospital).order_by("kind", "name")
        )
        self.fields["source"].queryset = sources

    def clean_params(self):
        text = self.cleaned_data.get("params") or "{}"
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("Write the parameters as JSON, e.g. {}.")) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Write the parameters as JSON, e.g. {}."))
        return value
