"""报修: the clinicians' phone page — pick the system, say what is wrong, attach a photo —
and their own tickets, which they confirm and rate from here."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hisops.accounts.models import Department
from hisops.catalog.choices import ItemKind
from hisops.catalog.selectors import item_queryset
from hisops.contracts.selectors import level_choices
from hisops.core.capabilities import Cap, require
from hisops.core.errors import DomainError
from hisops.core.forms import Form, add_domain_error
from hisops.core.selectors import hospital_for_write

from .. import selectors, services
from ..choices import Channel, Kind


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item) -> str:
        return f"{item.parent.name} / {item.name}" if item.parent_id else item.name


class ReportForm(Form):
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
                "placeholder": gettext_lazy("e.g. The nurse station hangs when printing"),
            }
        ),
    )
    description = forms.CharField(
        label=gettext_lazy("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    location = forms.CharField(
        label=gettext_lazy("Ward or room"),
        required=False,
        max_length=100,
    )
    phone = forms.CharField(
        label=gettext_lazy("Call-back number"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    photo = forms.FileField(
        label=gettext_lazy("Photo or screenshot"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
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
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Reported as %s. We will call you back.") % ticket.number)
            return redirect("tickets:report")
    mine = selectors.ticket_list(user=request.user).filter(reporter=request.user)[:10]
    return render(request, "tickets/report.html", {"form": form, "mine": mine})


class IntakeForm(Form):
    """Phone intake by IT staff (the hotline): everything the report page asks, plus the
    kind, level and the call log."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=Kind.choices,
    )
    item = ItemChoiceField(
        label=gettext_lazy("System"),
        queryset=None,
        required=False,
    )
    level_code = forms.ChoiceField(
        label=gettext_lazy("Level"),
        required=False,
    )
    title = forms.CharField(
        label=gettext_lazy("What is wrong?"),
        max_length=200,
    )
    description = forms.CharField(
        label=gettext_lazy("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reporter_name = forms.CharField(
        label=gettext_lazy("Caller"),
        max_length=100,
        required=False,
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"),
        queryset=None,
        required=False,
    )
    location = forms.CharField(
        label=gettext_lazy("Ward or room"),
        max_length=100,
        required=False,
    )
    phone = forms.CharField(
        label=gettext_lazy("Call-back number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=[(code, label) for code, label in Channel.choices if code in {"phone", "web", "email", "wecom"}],
                                initial="phone")  # fmt: skip
    caller_number = forms.CharField(
        label=gettext_lazy("Caller number (call log)"),
        max_length=32,
        required=False,
    )
    call_started_at = forms.DateTimeField(label=gettext_lazy("Call started at"), required=False,
                                          widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                                          input_formats=["%Y-%m-%dT%H:%M"])  # fmt: skip
    call_seconds = forms.IntegerField(label=gettext_lazy("Call length (seconds)"), required=False, min_value=0, max_value=86400,
                                      widget=forms.NumberInput)  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = (
            item_queryset(user=user).filter(kind__in=[ItemKind.SYSTEM, ItemKind.MODULE], is_active=True)
            .select_related("parent").order_by("kind", "name")
        )  # fmt: skip
        self.fields["department"].queryset = Department.objects.filter(
            hospital_id=user.hospital_id, is_active=True
        ).order_by("code")
        self.fields["level_code"].choices = [
            ("", gettext_lazy("Level (from the contract)")),
            *level_choices(hospital_id=user.hospital_id),
        ]


@login_required
@require_http_methods(["GET", "POST"])
def intake(request):
    """The hotline's form: IT staff take a call and open the ticket with its call log."""
    require(request.user, Cap.TICKET_MANAGE)
    form = IntakeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_create(
                actor=request.user,
                hospital=hospital_for_write(user=request.user),
                **form.cleaned_data,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Opened %s.") % ticket.number)
            return redirect("tickets:ticket_detail", number=ticket.number)
    return render(request, "tickets/intake.html", {"form": form})
