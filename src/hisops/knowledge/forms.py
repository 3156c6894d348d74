from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.catalog.selectors import item_picklist
from hisops.contracts.selectors import contract_list
from hisops.core.forms import Form

from .choices import Audience, DocumentCategory


class ArticleForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=100_000, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: ## headings, - lists, **bold**, [links](https://…), tables."),
    )  # fmt: skip
    audience = forms.ChoiceField(label=_("Who may read it"), choices=Audience.choices)
    items = forms.ModelMultipleChoiceField(label=_("Items"), queryset=None, required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 5}))  # fmt: skip
    tags = forms.CharField(
        label=_("Tags"), max_length=200, required=False, help_text=_("Separated by commas.")
    )

    def __init__(self, *args, user, hospital, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = item_picklist(user=user, hospital=hospital)


class ArticleSearch(Form):
    small = True
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": _("Words in the title or text")}))  # fmt: skip


class DocumentFilter(Form):
    small = True
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any category")), *DocumentCategory.choices],
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class DocumentForm(Form):
    file = forms.FileField(
        label=_("File"), help_text=_(".docx, .xlsx, .pdf, images or .txt; at most 20 MB.")
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Empty: the file's name.")
    )
    category = forms.ChoiceField(label=_("Category"), choices=DocumentCategory.choices)
    period_start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    contract = forms.ModelChoiceField(label=_("Contract"), queryset=None, required=False)
    items = forms.ModelMultipleChoiceField(label=_("Items"), queryset=None, required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 4}))  # fmt: skip

    def __init__(self, *args, user, hospital, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = item_picklist(user=user, hospital=hospital)
        self.fields["contract"].queryset = contract_list(user=user).filter(hospital=hospital)
        if getattr(user, "is_vendor", False):
            self.fields["contract"].required = True
