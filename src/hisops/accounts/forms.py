from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.core.forms import Form


class PasswordChangeForm(Form):
    old_password = forms.CharField(
        label=_("Current password"), widget=forms.PasswordInput(render_value=False)
    )
    new_password = forms.CharField(label=_("New password"), widget=forms.PasswordInput)
    again = forms.CharField(label=_("New password again"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("again"):
            self.add_error("again", _("The two new passwords differ."))
        return data


class PasswordPolicyForm(Form):
    min_length = forms.IntegerField(label=_("Minimum length"), min_value=8, max_value=64)
    min_classes = forms.IntegerField(
        label=_("Kinds of characters (lower, upper, digits, symbols)"), min_value=1, max_value=4
    )
    history = forms.IntegerField(
        label=_("Earlier passwords that may not be reused"), min_value=0, max_value=24
    )
    max_age_days = forms.IntegerField(
        label=_("Maximum age in days (0: never)"), min_value=0, max_value=365
    )


class SecondFactorForm(Form):
    token = forms.CharField(
        label=_("Code"), max_length=16,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )  # fmt: skip
