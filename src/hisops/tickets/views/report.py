"""报修: the clinicians' phone page — pick the system, say what is wrong, attach a photo —
and their own tickets, which they confirm and rate from here."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hisops.accounts.permissions import Cap, require
from hisops.catalog.choices import ItemKind
from hisops.catalog.selectors import item_queryset
from hisops.core.errors import DomainError
from hisops.core.selectors import hospital_for_write

from .. import selectors, services


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item) -> str:
        return f"{item.parent.name} / {item.name}" if item.parent_id else item.name


class ReportForm(forms.Form):
    item = ItemChoiceField(
        label=gettext_lazy("Which system?"),
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    title = forms.CharField(
        label=gettext_lazy("What is wrong?"),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg",
                "placeholder": gettext_lazy("e.g. 护士站打印时卡死"),
            }
        ),
    )
    description = forms.CharField(
        label=gettext_lazy("Details"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    location = forms.CharField(
        label=gettext_lazy("Ward or room"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    phone = forms.CharField(
        label=gettext_lazy("Call-back number"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "tel"}),
    )

    photo = forms.FileField(
        label=gettext_lazy("Photo or screenshot"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": "image/*"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = (
            item_queryset(user=user)
            .filter(kind__in=[ItemKind.SYSTEM, ItemKind.MODULE], is_active=True)
            .select_related("parent")  # the label names the parent system
            .order_by("kind", "name")
        )


@login_required
@require_http_methods(["GET", "POST"])
def report(request):
    """报修: a clinician picks the system and says what is wrong, on a phone."""
    require(request.user, Cap.TICKET_CREATE)
    form = ReportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            fields = dict(form.cleaned_data)
            photo = fields.pop("photo")
            ticket = services.ticket_create(
                actor=request.user, hospital=hospital_for_write(user=request.user), channel="web",
                department=request.user.department, reporter_name=str(request.user),
                attachments=[photo] if photo else [], **fields,
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.describe())
        else:
            messages.success(request, _("Reported as %s. We will call you back.") % ticket.number)
            return redirect("tickets:report")
    mine = selectors.ticket_list(user=request.user).filter(reporter=request.user)[:10]
    return render(request, "tickets/report.html", {"form": form, "mine": mine})
