from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.accounts.models import User
from hisops.core.forms import Form
from hisops.oncall.models import Handover, Shift


class ChainForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    events = forms.MultipleChoiceField(
        label=_("Escalates"), choices=[("sla_breach", _("SLA breach")), ("major_incident", _("Major incident"))],
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


class RotaForm(Form):
    """A rota for the team's members (the roster page)."""

    people = forms.ModelMultipleChoiceField(queryset=None)
    first_day = forms.DateField()
    days = forms.IntegerField(min_value=1, max_value=366)
    pattern = forms.ChoiceField(
        required=False, choices=[("day_night", _("Day and night")), ("full", _("24 hours"))]
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = team.members.all()


class SwapForm(Form):
    """Someone of the team takes one of its shifts."""

    shift = forms.ModelChoiceField(queryset=None)
    person = forms.ModelChoiceField(queryset=None)
    reason = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift"].queryset = Shift.objects.filter(team=team)
        self.fields["person"].queryset = team.members.all()


class HandoverForm(Form):
    """Handing my duty over to a colleague of one of my teams."""

    team = forms.ModelChoiceField(queryset=None)
    incoming = forms.ModelChoiceField(queryset=None)
    notes = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = user.teams.filter(is_active=True)
        self.fields["incoming"].queryset = User.objects.filter(hospital_id=user.hospital_id)


class AcknowledgeForm(Form):
    """Taking over: only a handover made to me."""

    acknowledge = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acknowledge"].queryset = Handover.objects.filter(incoming=user)


def form_errors(form) -> str:
    """A refused form's messages in one line, for the flash message of a page."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
