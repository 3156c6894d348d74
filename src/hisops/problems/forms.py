from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.accounts.models import Vendor
from hisops.catalog.choices import ItemKind
from hisops.catalog.selectors import item_queryset

from .choices import ProblemStatus

_text = {"class": "form-control"}
_select = {"class": "form-select"}


class ProblemFilter(forms.Form):
    q = forms.CharField(
        required=False, max_length=100,
        widget=forms.TextInput(attrs={**_text, "placeholder": _("Number or title")}),
    )  # fmt: skip
    status = forms.ChoiceField(
        required=False,
        choices=[("", _("Any status")), *ProblemStatus.choices],
        widget=forms.Select(attrs=_select),
    )


class ProblemForm(forms.Form):
    title = forms.CharField(label=_("Problem"), max_length=200, widget=forms.TextInput(attrs=_text))
    item = forms.ModelChoiceField(
        label=_("System"), queryset=None, required=False, widget=forms.Select(attrs=_select)
    )
    vendor = forms.ModelChoiceField(
        label=_("Vendor"), queryset=None, required=False, widget=forms.Select(attrs=_select)
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={**_text, "rows": 3})
    )
    root_cause = forms.CharField(
        label=_("Root cause"), required=False, widget=forms.Textarea(attrs={**_text, "rows": 2})
    )
    workaround = forms.CharField(
        label=_("Workaround"), required=False, widget=forms.Textarea(attrs={**_text, "rows": 2})
    )

    def __init__(self, *args, user, hospital, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = (
            item_queryset(user=user)
            .filter(
                hospital=hospital, kind__in=[ItemKind.SYSTEM, ItemKind.MODULE, ItemKind.INTERFACE]
            )
            .order_by("kind", "name")
        )
        vendors = Vendor.objects.filter(hospital=hospital).order_by("code")
        if getattr(user, "is_vendor", False):
            vendors = vendors.filter(pk=user.vendor_id)
            del self.fields["vendor"]
        else:
            self.fields["vendor"].queryset = vendors


class ProblemUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=ProblemStatus.choices, widget=forms.Select(attrs=_select)
    )
    root_cause = forms.CharField(
        label=_("Root cause"), required=False, widget=forms.Textarea(attrs={**_text, "rows": 2})
    )
    workaround = forms.CharField(
        label=_("Workaround"), required=False, widget=forms.Textarea(attrs={**_text, "rows": 2})
    )
    fix_due = forms.DateField(
        label=_("Fix scheduled for"), required=False,
        widget=forms.DateInput(attrs={**_text, "type": "date"}),
    )  # fmt: skip
    conclusion = forms.CharField(
        label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={**_text, "rows": 2}),
        help_text=_("Required to close the problem."),
    )  # fmt: skip
