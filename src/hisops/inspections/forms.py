from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.accounts.selectors import users_with_role
from hisops.calendars.selectors import calendar_list
from hisops.catalog.selectors import item_queryset
from hisops.contracts.selectors import contract_list
from hisops.core.capabilities import Role
from hisops.core.forms import Form

from .choices import Cadence, InspectionStatus, Mode


class InspectionFilter(Form):
    small = True
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *InspectionStatus.choices],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)


class PlanForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    contract = forms.ModelChoiceField(label=_("Contract"), queryset=None)
    template = forms.ModelChoiceField(label=_("Checklist"), queryset=None)
    items = forms.ModelMultipleChoiceField(
        label=_("Items inspected"), queryset=None, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    cadence = forms.ChoiceField(label=_("Cadence"), choices=Cadence.choices)
    per_period = forms.IntegerField(
        label=_("Inspections per period"), min_value=1, max_value=52, initial=1
    )
    days_each = forms.IntegerField(
        label=_("Working days each"), min_value=1, max_value=60, initial=1
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    calendar = forms.ModelChoiceField(label=_("Calendar"), queryset=None, to_field_name="code")
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=None, required=False)

    def __init__(self, *args, user, hospital, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contract_list(user=user).filter(hospital=hospital)
        self.fields["template"].queryset = templates
        self.fields["items"].queryset = (
            item_queryset(user=user).filter(hospital=hospital).order_by("kind", "name")
        )
        self.fields["calendar"].queryset = calendar_list(user=user)
        self.fields["calendar"].initial = "cn-workday"
        roles = [Role.IT_ENGINEER, Role.IT_ADMIN, Role.VENDOR_ENGINEER, Role.VENDOR_MANAGER]
        self.fields["assignee"].queryset = users_with_role(hospital=hospital, roles=roles)


class GenerateForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class FindingForm(Form):
    description = forms.CharField(
        label=_("Finding"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    as_problem = forms.BooleanField(label=_("Open a problem instead of a ticket"), required=False)


class CompleteForm(Form):
    summary = forms.CharField(
        label=_("Summary and advice"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was found, and what the hospital should do (巡检总结与优化建议)."),
    )  # fmt: skip


class CancelForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ActivityRecordForm(Form):
    done_on = forms.DateField(
        label=_("Done on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1)
    it = forms.IntegerField(label=_("IT department attendees"), min_value=0, initial=0)
    vendor = forms.IntegerField(label=_("Vendor staff attendees"), min_value=0, initial=0)
    clinical = forms.IntegerField(label=_("Clinical staff attendees"), min_value=0, initial=0)
    attendee_names = forms.CharField(label=_("Attendee names"), required=False, max_length=5000,
                                     widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    outcome = forms.CharField(
        label=_("Outcome"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(label=_("Minutes"), required=False, max_length=50000,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    rto_minutes = forms.IntegerField(
        label=_("Recovery time (RTO, minutes)"), required=False, min_value=0
    )
    rpo_minutes = forms.IntegerField(
        label=_("Data loss window (RPO, minutes)"), required=False, min_value=0
    )
    files = forms.FileField(label=_("Sign-in sheet, slides or minutes"), required=False)

    def __init__(self, *args, drill: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not drill:
            del self.fields["rto_minutes"], self.fields["rpo_minutes"]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["attendees"] = {group: data.pop(group) for group in ("it", "vendor", "clinical")}
        upload = data.pop("files")
        data["files"] = [upload] if upload else []
        return data


class ActionItemForm(Form):
    text = forms.CharField(label=_("Action item"), max_length=2000)
