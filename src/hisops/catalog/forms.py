from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.accounts.models import Department, Vendor
from hisops.core.forms import Form, ModelForm

from .choices import Criticality, ItemKind, RelationKind
from .models import Item


class ItemFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ItemKind.choices]
    )
    criticality = forms.ChoiceField(
        label=_("Criticality"),
        required=False,
        choices=[("", _("Any criticality")), *Criticality.choices],
    )
    vendor = forms.ModelChoiceField(
        label=_("Vendor"),
        required=False,
        queryset=Vendor.objects.none(),
        empty_label=_("All vendors"),
    )
    covered = forms.NullBooleanField(
        label=_("Coverage"),
        required=False,
        widget=forms.Select(
            choices=[
                ("", _("Covered or not")),
                ("true", _("Under a contract")),
                ("false", _("No contract covers it")),
            ]
        ),
    )

    def __init__(self, *args, vendors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if vendors is not None:
            self.fields["vendor"].queryset = vendors


class ItemForm(ModelForm):
    class Meta:
        model = Item
        fields = [
            "code", "name", "aliases", "kind", "parent", "vendor", "version", "criticality", "environment",
            "departments", "source", "target", "external_party", "protocol", "direction",
            "policy_driven", "db_engine", "db_role", "host", "location", "notes", "is_active",
        ]  # fmt: skip
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "departments": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, hospital, **kwargs):
        super().__init__(*args, **kwargs)
        items = Item.objects.filter(hospital=hospital).only("id", "code", "name").order_by("code")
        if self.instance.pk:
            items = items.exclude(pk=self.instance.pk)
        systems = items.filter(kind=ItemKind.SYSTEM)
        self.fields["parent"].queryset = items.exclude(kind=ItemKind.INTERFACE)
        self.fields["source"].queryset = systems
        self.fields["target"].queryset = systems
        self.fields["vendor"].queryset = Vendor.objects.filter(hospital=hospital)
        self.fields["departments"].queryset = Department.objects.filter(hospital=hospital)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"id_{name}")

    def service_fields(self) -> tuple[dict, list]:
        data = dict(self.cleaned_data)
        departments = list(data.pop("departments"))
        return data, departments


class ImportForm(Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only, write nothing"),
        required=False,
        widget=forms.CheckboxInput,
    )


class RelationForm(Form):
    small = True  # compact controls

    kind = forms.ChoiceField(
        label=_("Relation"),
        choices=RelationKind.choices,
    )
    target = forms.CharField(
        label=_("Item (code or name)"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Code or name")}),
    )
