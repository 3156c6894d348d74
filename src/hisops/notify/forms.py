from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.core.forms import Form
from hisops.notify.models import ChannelKind


class ChannelForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ChannelKind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    target = forms.CharField(label=_("Address"), max_length=500)
    secret = forms.CharField(
        label=_("Signing secret"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    per_minute = forms.IntegerField(
        label=_("Messages per minute"), initial=20, min_value=1, max_value=600
    )
