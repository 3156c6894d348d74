from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.catalog.selectors import item_picklist
from hisops.contracts.selectors import contract_list
from hisops.core.forms import Form

from .choices import ChangeKind, ChangeStatus, TestKind, TestResult
from .models import DOCUMENT


class ChangeFilter(Form):
    small = True
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Number or title")}),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ChangeStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *ChangeKind.choices]
    )


class ChangeForm(Form):
    """The update document (seed 000 建立更新流程)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ChangeKind.choices)
    items = forms.ModelMultipleChoiceField(
        label=_("Items changed"), queryset=None, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    contract = forms.ModelChoiceField(label=_("Contract"), queryset=None, required=False)

    def __init__(self, *args, user, hospital, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = item_picklist(user=user, hospital=hospital)
        self.fields["contract"].queryset = contract_list(user=user).filter(hospital=hospital)
        for name, label in DOCUMENT:
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["impact"].help_text = _(
            "Left empty, it is written from the CMDB's impact analysis."
        )


class TestForm(Form):
    kind = forms.ChoiceField(label=_("Test"), choices=TestKind.choices)
    result = forms.ChoiceField(label=_("Result"), choices=TestResult.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    report = forms.FileField(label=_("Test report"), required=False)


class ScheduleForm(Form):
    start = forms.DateTimeField(
        label=_("Window start"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    end = forms.DateTimeField(
        label=_("Window end"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    override = forms.CharField(
        label=_("Accept an overlapping change, because"), required=False, max_length=500,
        help_text=_("IT administrator only; leave empty unless the schedule was refused for a conflict."),
    )  # fmt: skip


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(Form):
    review = forms.CharField(
        label=_("Post-implementation review"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReleaseForm(Form):
    """The version each item runs after the release (recorded on the CMDB item)."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"version_{item.pk}"] = forms.CharField(
                label=_("%(item)s version (was %(version)s)") % {"item": item.name, "version": item.version or "—"},
                required=False, max_length=64,
            )  # fmt: skip

    def versions(self) -> dict:
        return {int(k.removeprefix("version_")): v for k, v in self.cleaned_data.items() if v}


class FreezeForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    start = forms.DateTimeField(
        label=_("Start"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    end = forms.DateTimeField(
        label=_("End"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    item = forms.ModelChoiceField(
        label=_("Item"), queryset=None, required=False, empty_label=_("The whole hospital")
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, user, hospital, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = item_picklist(user=user, hospital=hospital)
