from django import forms
from django.utils.translation import gettext_lazy

from hisops.accounts.selectors import vendor_list
from hisops.calendars import selectors as calendars
from hisops.contracts.choices import Impact, Target, Unit
from hisops.contracts.contract_templates import TEMPLATES
from hisops.core.forms import Form


class TargetForm(Form):
    small = True  # compact controls

    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
    )
    target = forms.ChoiceField(
        label=gettext_lazy("Target"),
        choices=Target.choices,
    )
    duration = forms.IntegerField(label=gettext_lazy("Duration"), min_value=0, max_value=100_000, required=False,
                                  widget=forms.NumberInput)  # fmt: skip
    unit = forms.ChoiceField(
        label=gettext_lazy("Unit"),
        choices=Unit.choices,
    )
    immediate = forms.BooleanField(label=gettext_lazy("Immediately (立即响应)"), required=False)
    calendar = forms.ChoiceField(
        label=gettext_lazy("Calendar"),
    )

    def __init__(self, *args, contract, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lv.code, lv.name) for lv in contract.levels.all()]
        self.fields["calendar"].choices = [
            (c.code, c.name) for c in calendars.calendar_list(user=user)
        ]


class CalculatorForm(Form):
    small = True  # compact controls

    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
    )
    target = forms.ChoiceField(
        label=gettext_lazy("Target"),
        choices=Target.choices,
    )
    start = forms.DateTimeField(
        label=gettext_lazy("Reported at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(
            format="%Y-%m-%dT%H:%M",
            attrs={"type": "datetime-local"},
        ),
    )

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lv.code, lv.name) for lv in contract.levels.all()]


class TemplateLoadForm(Form):
    template = forms.ChoiceField(label=gettext_lazy("Template"))
    vendor = forms.ModelChoiceField(
        label=gettext_lazy("Vendor"),
        queryset=None,
    )
    number = forms.CharField(
        label=gettext_lazy("Contract number"),
        max_length=64,
    )
    starts_on = forms.DateField(
        label=gettext_lazy("Starts on"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Ends on"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            (code, spec["label"]) for code, spec in TEMPLATES.items()
        ]
        self.fields["vendor"].queryset = vendor_list(user=user)


class LevelMapForm(Form):
    """Where a ticket lands when nobody chose its level: one level per answer to the
    report form's impact question, and the default (no answer, or an alert)."""

    small = True

    default_level = forms.ChoiceField(label=gettext_lazy("Default level"), required=False)

    def __init__(self, *args, contract, **kwargs):
        levels = list(contract.levels.all())
        initial = {
            "default_level": next(
                (lv.code for lv in levels if lv.pk == contract.default_level_id), ""
            )
        }
        initial |= {impact: lv.code for lv in levels for impact in lv.impacts}
        super().__init__(*args, initial=initial, **kwargs)
        choices = [
            ("", gettext_lazy("No level (no clocks)")),
            *((lv.code, lv.name) for lv in levels),
        ]
        self.fields["default_level"].choices = choices
        for impact, words in Impact.choices:
            self.fields[impact] = forms.ChoiceField(label=words, choices=choices, required=False)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def impacts(self) -> dict[str, str]:
        return {impact: self.cleaned_data.get(impact, "") for impact in Impact.values}
