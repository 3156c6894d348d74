from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.core.capabilities import Role
from hisops.core.forms import Form


class RoundForm(Form):
    template = forms.TypedChoiceField(label=_("Template"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    period = forms.CharField(
        label=_("Period"), max_length=10, help_text=_("2027, 2027Q1 or 2027-03")
    )
    evaluator_roles = forms.MultipleChoiceField(
        label=_("Scored by"), choices=[(r.value, r.label) for r in (Role.IT_ADMIN, Role.IT_ENGINEER, Role.LEADER,
                                                                    Role.CLINICIAN, Role.VENDOR_MANAGER)],
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    vendors = forms.TypedMultipleChoiceField(label=_("Vendors"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)  # fmt: skip
    people = forms.TypedMultipleChoiceField(label=_("People"), coerce=int, required=False,
                                            widget=forms.CheckboxSelectMultiple)  # fmt: skip

    def __init__(self, *args, templates, vendors, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.pk, t.name) for t in templates]
        self.fields["vendors"].choices = [(v.pk, v.name) for v in vendors]
        self.fields["people"].choices = [(p.pk, p.get_full_name() or p.username) for p in people]


class ScorecardForm(Form):
    contract = forms.TypedChoiceField(label=_("Contract"), coerce=int)
    year = forms.IntegerField(label=_("Contract year"), min_value=1, max_value=100, initial=1)

    def __init__(self, *args, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].choices = [(c.pk, f"{c.number} {c.title}") for c in contracts]
