from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.accounts.models import Vendor
from hisops.catalog.choices import ItemKind
from hisops.catalog.selectors import item_queryset
from hisops.core.forms import Form

from .choices import ProblemStatus


class ProblemFilter(Form):
    q = forms.CharField(
        required=False, max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Number or title")}),
    )  # fmt: skip
    status = forms.ChoiceField(
        required=False,
        choices=[("", _("Any status")), *ProblemStatus.choices],
    )


class ProblemForm(Form):
    title = forms.CharField(label=_("Problem"), max_length=200)
    item = forms.ModelChoiceField(label=_("System"), queryset=None, required=False)
    vendor = forms.ModelChoiceField(label=_("Vendor"), queryset=None, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    root_cause = forms.CharField(
        label=_("Root cause"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    workaround = forms.CharField(
        label=_("Workaround"), required=False, widget=forms.Textarea(attrs={"rows": 2})
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


class ProblemUpdateForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProblemStatus.choices)
    root_cause = forms.CharField(
        label=_("Root cause"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    workaround = forms.CharField(
        label=_("Workaround"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fix_due = forms.DateField(
        label=_("Fix scheduled for"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    conclusion = forms.CharField(
        label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to close the problem."),
    )  # fmt: skip
