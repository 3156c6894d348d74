from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.core.forms import Form

from .choices import ReportFormat, ReportKind


class ReportForm(Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_(
            "A month (2027-03) for a monthly report, a quarter (2027Q1) for a quarterly one, a year (2027) for an annual one."
        ),
    )
    contract = forms.TypedChoiceField(
        label=_("Contract"), coerce=int, required=False, empty_value=None
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats"), choices=ReportFormat.choices, initial=ReportFormat.values,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    advice = forms.CharField(
        label=_("Summary and advice to the hospital's IT"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, contracts, vendor_only: bool, **kwargs):
        super().__init__(*args, **kwargs)
        whole = [] if vendor_only else [("", _("The whole hospital"))]
        self.fields["contract"].choices = whole + [
            (c.pk, f"{c.number} {c.title}") for c in contracts
        ]
        self.fields["contract"].required = vendor_only


class ScheduleForm(Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    contract = forms.TypedChoiceField(
        label=_("Contract"), coerce=int, required=False, empty_value=None
    )
    recipients = forms.CharField(
        label=_("Recipients"),
        max_length=2000,
        help_text=_("E-mail addresses, separated by commas or spaces."),
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats"), choices=ReportFormat.choices, initial=[ReportFormat.PDF, ReportFormat.DOCX],
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, contracts, vendor_only: bool, **kwargs):
        super().__init__(*args, **kwargs)
        whole = [] if vendor_only else [("", _("The whole hospital"))]
        self.fields["contract"].choices = whole + [
            (c.pk, f"{c.number} {c.title}") for c in contracts
        ]
        self.fields["contract"].required = vendor_only

    def addresses(self) -> list[str]:
        return [
            a
            for a in self.cleaned_data["recipients"].replace("，", ",").replace(",", " ").split()
            if a
        ]
