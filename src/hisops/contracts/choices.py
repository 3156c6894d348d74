from django.db import models
from django.utils.translation import gettext_lazy as _


class Target(models.TextChoices):
    RESPONSE = "response", _("Response")
    INITIAL_SOLUTION = "initial_solution", _("Initial solution")
    ONSITE = "onsite", _("On-site arrival")
    RESOLVE = "resolve", _("Resolution")


class Unit(models.TextChoices):
    MINUTES = "minutes", _("minutes")
    HOURS = "hours", _("hours")
    WORKING_DAYS = "working_days", _("working days")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    REMOTE = "remote", _("Remote access")
    ONSITE = "onsite", _("On site")
    IM = "im", _("WeChat/QQ")
    HOTLINE = "hotline", _("7×24 hotline")


class PausingStatus(models.TextChoices):
    WAITING_HOSPITAL = "waiting_hospital", _("Waiting for the hospital")
    WAITING_THIRD_PARTY = "waiting_third_party", _("Waiting for a third party")


class Impact(models.TextChoices):
    """The reporter's answer to "how much does it stop?", which the contract maps to one
    of its levels (``SLALevel.impacts``)."""

    DEPARTMENT_DOWN = "department_down", _("A whole department (or several) cannot work")
    PERSON_DOWN = "person_down", _("I (or one workstation) cannot work")
    WORKAROUND = "workaround", _("It is awkward, but there is a way around it")
    QUESTION = "question", _("A question, or something to change")


class QuotaKind(models.TextChoices):
    """A cap the vendor may not pass without charge (seed 002: 一年不超过15次的远程报障), a
    minimum it must deliver (seed 001: 每月巡检), or an exact number."""

    CAP = "cap", _("At most")
    MINIMUM = "minimum", _("At least")
    EXACT = "exact", _("Exactly")


class QuotaPeriod(models.TextChoices):
    """What a quota's number is per: a calendar month or quarter, or the contract year."""

    MONTH = "month", _("per month")
    QUARTER = "quarter", _("per quarter")
    YEAR = "year", _("per contract year")


class QuotaTrigger(models.TextChoices):
    """What counts one use of a quota, without anyone recording it by hand."""

    INCIDENT = "incident", _("Each incident on a covered item")
    ONSITE_EMERGENCY = "onsite_emergency", _("Each emergency visit on site")
    INSPECTION = "inspection", _("Each inspection")


class KpiKey(models.TextChoices):
    """The measures a contract may set a goal for (the reports issue scores them); rates
    are fractions from 0 to 1."""

    RESPONSE_MET_RATE = "response_met_rate", _("Responses on time (share)")
    RESOLVE_MET_RATE = "resolve_met_rate", _("Resolutions on time (share)")
    MTTR_MINUTES = "mttr_minutes", _("Mean time to repair (minutes)")
    SATISFACTION_AVG = "satisfaction_avg", _("Average satisfaction (1-5)")


# Which way is better, and the values a goal may take.
KPI_RULES = {
    KpiKey.RESPONSE_MET_RATE: ("at_least", 0, 1),
    KpiKey.RESOLVE_MET_RATE: ("at_least", 0, 1),
    KpiKey.MTTR_MINUTES: ("at_most", 1, 100_000),
    KpiKey.SATISFACTION_AVG: ("at_least", 1, 5),
}
