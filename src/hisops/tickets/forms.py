"""The service desk's forms: the queue's filters, actions, the clinicians' report, the
hotline's intake, the on-site work record."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hisops.accounts.models import Department, Team, User, Vendor
from hisops.accounts.selectors import team_list, users_with_role
from hisops.catalog.choices import ItemKind
from hisops.catalog.models import Item
from hisops.catalog.selectors import item_queryset, report_choices
from hisops.contracts.choices import Impact
from hisops.contracts.selectors import level_choices
from hisops.core.capabilities import Cap, can
from hisops.core.forms import Form
from hisops.tickets import sla_state
from hisops.tickets.choices import Channel, Kind, QueueSort, Status


def _workers(hospital_id: int, vendor_id: int | None = None) -> list[tuple[int, str]]:
    """(id, name) of the people who work tickets, for choice lists (no model instances)."""
    people = users_with_role(
        hospital=hospital_id, roles=["it_admin", "it_engineer", "vendor_manager", "vendor_engineer"],
        vendor=vendor_id,
    )  # fmt: skip
    return [
        (pk, full or name) for pk, full, name in people.values_list("pk", "full_name", "username")
    ]


STATUS_CHOICES = [
    ("open", gettext_lazy("Open (any)")),
    ("", gettext_lazy("Any status")),
    *Status.choices,
]


class QueueQuery(Form):
    """What the queue is asked for, read from the URL with no choice list built: the rows
    of an HTMX request need nothing else (ids outside the user's scope select nothing;
    the selector scopes every list)."""

    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=STATUS_CHOICES)
    sla = forms.ChoiceField(required=False, choices=[("", ""), *sla_state.SLA_STATE_LABELS.items()])
    level = forms.CharField(required=False, max_length=16)
    item = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    vendor = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    department = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    assignee = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    group = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    sort = forms.ChoiceField(required=False, choices=QueueSort.choices)

    def filters(self, user) -> dict:
        if not self.is_valid():
            return {}
        filters = {k: v for k, v in self.cleaned_data.items() if v}
        if user.is_vendor:
            filters.pop("vendor", None)  # a vendor's people see their own vendor's tickets
        return filters


class QueueFilter(Form):
    """The queue's filter bar, with its choice lists from the user's hospital (a few
    constant queries, whatever the number of tickets); built for the whole page only."""

    small = True  # compact controls

    q = forms.CharField(
        required=False, max_length=100,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Number or title")}),
    )  # fmt: skip
    status = forms.ChoiceField(required=False)
    level = forms.ChoiceField(required=False)
    item = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    vendor = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    sla = forms.ChoiceField(required=False)
    assignee = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    group = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(required=False, choices=QueueSort.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        hospital_id = user.hospital_id
        f = self.fields
        f["status"].choices = STATUS_CHOICES
        vendor_id = user.vendor_id if user.is_vendor else None
        f["level"].choices = [
            ("", _("Any level")),
            *level_choices(hospital_id=hospital_id, vendor_id=vendor_id),
        ]
        systems = item_queryset(user=user).filter(kind=ItemKind.SYSTEM).order_by("name")
        f["item"].choices = [("", _("Any system")), *systems.values_list("pk", "name")]
        vendors = Vendor.objects.filter(hospital_id=hospital_id).order_by("code")
        if user.is_vendor:
            del f["vendor"]
        else:
            f["vendor"].choices = [("", _("Any vendor")), *vendors.values_list("pk", "name")]
        departments = Department.objects.filter(hospital_id=hospital_id, is_active=True).order_by(
            "code"
        )
        f["department"].choices = [
            ("", _("Any department")),
            *departments.values_list("pk", "name"),
        ]
        f["sla"].choices = [("", _("Any SLA state")), *sla_state.SLA_STATE_LABELS.items()]
        if not can(user, Cap.TICKET_WORK):  # a nurse filters her own reports by what she knows
            self.workers, self.teams = [], []
            for name in ("vendor", "assignee", "group"):
                f.pop(name, None)
            return
        # Read once per page; the bulk-assign bar offers the same people and teams.
        self.workers = _workers(hospital_id, vendor_id)
        self.teams = list(team_list(user=user).values_list("pk", "name"))
        f["assignee"].choices = [("", _("Anyone")), *self.workers]
        f["group"].choices = [("", _("Any team")), *self.teams]


class ActionForm(Form):
    action = forms.CharField(max_length=32)
    reason = forms.CharField(required=False, max_length=200)
    note = forms.CharField(required=False)
    resolution = forms.CharField(required=False)
    cause_category = forms.CharField(required=False, max_length=50)
    maintenance_type = forms.CharField(required=False, max_length=20)
    level = forms.CharField(required=False, max_length=16)
    review_cause = forms.CharField(required=False)
    review_impact = forms.CharField(required=False)
    review_actions = forms.CharField(required=False)
    satisfaction = forms.IntegerField(required=False, min_value=1, max_value=5)
    engineer = forms.IntegerField(required=False, min_value=1)


class BulkAssignForm(Form):
    small = True  # compact controls

    assignee = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    group = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, *args, workers, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Engineer…")), *workers]
        self.fields["group"].choices = [("", _("Team…")), *teams]


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item) -> str:
        return f"{item.parent.name} / {item.name}" if item.parent_id else item.name


UNSURE = "unsure"


class ReportForm(Form):
    """报修 on a phone: which system (searched by name, code or the words people use, the
    department's own first, or "not sure"), what is wrong, how much it stops."""

    item = forms.ChoiceField(label=gettext_lazy("Which system?"))
    impact = forms.ChoiceField(
        label=gettext_lazy("How much does it stop?"),
        choices=Impact.choices,
        widget=forms.RadioSelect,
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
        self.systems = report_choices(user=user)
        self.user = user
        self.fields["item"].choices = [
            (UNSURE, _("Not sure")),
            *((c.pk, c.label) for c in self.systems),
        ]
        self.fields["item"].error_messages["required"] = _("Choose the system, or “Not sure”.")

    def clean_item(self):
        value = self.cleaned_data["item"]
        if value == UNSURE:
            return None
        return item_queryset(user=self.user).get(pk=int(value))


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


class WorkForm(Form):
    work_done = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    minutes_spent = forms.IntegerField(
        required=False, min_value=1, max_value=1440,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    parts = forms.CharField(required=False, max_length=500)


class AssigneeForm(Form):
    """Who a ticket (or the ticked tickets) goes to: a person and/or a team of the hospital
    (the service checks that they may take it)."""

    assignee = forms.ModelChoiceField(queryset=None, required=False)
    group = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, hospital_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(hospital_id=hospital_id)
        self.fields["group"].queryset = Team.objects.filter(hospital_id=hospital_id)


class MergeForm(Form):
    into = forms.CharField(max_length=32)
    note = forms.CharField(required=False, max_length=2000)


class CommentForm(Form):
    text = forms.CharField(max_length=5000)


class CorrectForm(Form):
    """IT corrects what the ticket says: title, item, department, reporter (with why)."""

    small = True

    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    item = ItemChoiceField(label=gettext_lazy("Item"), queryset=None, required=False)
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=None, required=False
    )
    reporter = forms.ModelChoiceField(label=gettext_lazy("Reporter"), queryset=None, required=False)
    reason = forms.CharField(label=gettext_lazy("Why"), max_length=500)

    def __init__(self, *args, ticket, **kwargs):
        initial = {
            "title": ticket.clear("title"), "item": ticket.item_id, "department": ticket.department_id,
            "reporter": ticket.reporter_id,
        }  # fmt: skip
        super().__init__(*args, initial=initial, **kwargs)
        hospital_id = ticket.hospital_id
        self.fields["item"].queryset = (
            Item.objects.filter(hospital_id=hospital_id, is_active=True)
            .select_related("parent")
            .order_by("kind", "name")
        )
        self.fields["department"].queryset = Department.objects.filter(
            hospital_id=hospital_id, is_active=True
        ).order_by("code")
        self.fields["reporter"].queryset = User.objects.filter(
            hospital_id=hospital_id, is_active=True, vendor__isnull=True
        ).order_by("username")
        self.ticket = ticket

    def changes(self) -> dict:
        """Only the fields that differ from the ticket, for ``ticket_correct``."""
        data, ticket = self.cleaned_data, self.ticket
        current = {
            "title": ticket.title, "item": ticket.item, "department": ticket.department,
            "reporter": ticket.reporter,
        }  # fmt: skip
        return {k: data[k] for k in current if data.get(k) != current[k]}
