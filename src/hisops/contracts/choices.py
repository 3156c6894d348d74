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
