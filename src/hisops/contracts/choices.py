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
