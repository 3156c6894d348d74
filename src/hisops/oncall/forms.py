from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.core.forms import Form


class ChainForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    events = forms.MultipleChoiceField(
        label=_("Escalates"), choices=[("sla_breach", _("SLA breach")), ("major_incident", _("Major incident"))],
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
