from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.accounts.choices import AccountSource
from hisops.accounts.models import Department, Vendor
from hisops.core.capabilities import Role
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


class AccountForm(Form):
    """A person's account as the security admin sees it (the username only when new)."""

    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    vendor = forms.ModelChoiceField(
        label=_("Vendor"), queryset=Vendor.objects.none(), required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    source = forms.ChoiceField(
        label=_("Signs in with"), choices=AccountSource.choices, initial=AccountSource.LOCAL
    )

    def __init__(self, *args, hospital, new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            hospital=hospital, is_active=True
        )
        self.fields["vendor"].queryset = Vendor.objects.filter(hospital=hospital, is_active=True)
        if not new:
            del self.fields["username"], self.fields["source"]


class AccountFilter(Form):
    small = True
    q = forms.CharField(label=_("Name or username"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )
    active = forms.ChoiceField(
        label=_("State"), required=False,
        choices=[("", _("All")), ("1", _("Enabled")), ("0", _("Disabled"))],
    )  # fmt: skip


class DisableForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
