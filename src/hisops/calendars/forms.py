from django import forms
from django.utils.translation import gettext_lazy

from hisops.calendars.choices import DurationUnit, OverrideKind
from hisops.core.forms import Form


class OverrideForm(Form):
    date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=OverrideKind.choices,
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "元旦"}),
    )
    intervals = forms.CharField(
        label=gettext_lazy("Working hours (make-up days)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "08:00-12:00,14:00-18:00"}),
    )


class DeadlineForm(Form):
    start = forms.DateTimeField(
        label=gettext_lazy("Start"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
    )
    duration = forms.IntegerField(
        label=gettext_lazy("Duration"),
        min_value=0,
        max_value=100_000,
        widget=forms.NumberInput,
    )
    unit = forms.ChoiceField(
        label=gettext_lazy("Unit"),
        choices=DurationUnit.choices,
    )
