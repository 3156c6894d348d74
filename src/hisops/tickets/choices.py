import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    REQUEST = "request", _("Service request")
    CONSULTATION = "consultation", _("Consultation")
    REQUIREMENT = "requirement", _("Requirement")


NUMBER_PREFIX = {
    Kind.INCIDENT: "INC",
    Kind.REQUEST: "REQ",
    Kind.CONSULTATION: "CON",
    Kind.REQUIREMENT: "RQM",
}
NUMBER_WIDTH = 6
# A ticket number inside free text (a mail subject, a WeCom message): the one pattern for it.
NUMBER_IN_TEXT = re.compile(
    rf"\b(?:{'|'.join(NUMBER_PREFIX.values())})-\d{{4}}-\d{{{NUMBER_WIDTH}}}\b"
)


class Status(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_HOSPITAL = "waiting_hospital", _("Waiting for the hospital")
    WAITING_THIRD_PARTY = "waiting_third_party", _("Waiting for a third party")
    DISPATCHED = "dispatched", _("Dispatched on site")
    ARRIVED = "arrived", _("Engineer on site")
    SOLUTION_PROPOSED = "solution_proposed", _("Solution proposed")
    RESOLVED = "resolved", _("Resolved")
    CONFIRMED = "confirmed", _("Confirmed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    MERGED = "merged", _("Merged into another ticket")


OPEN_STATUSES = frozenset(
    {
        Status.NEW,
        Status.ACCEPTED,
        Status.IN_PROGRESS,
        Status.WAITING_HOSPITAL,
        Status.WAITING_THIRD_PARTY,
        Status.DISPATCHED,
        Status.ARRIVED,
        Status.SOLUTION_PROPOSED,
    }
)


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    WECOM = "wecom", _("WeCom")
    API = "api", _("API")
    MONITORING = "monitoring", _("Monitoring")
    INSPECTION = "inspection", _("Inspection")


# Statuses in which no clock runs and the sweep stays quiet.
QUIET_STATUSES = frozenset(
    {
        Status.WAITING_HOSPITAL,
        Status.WAITING_THIRD_PARTY,
        Status.CANCELLED,
        Status.CLOSED,
        Status.MERGED,
    }
)


class CauseCategory(models.TextChoices):
    """Why a fault happened, recorded when it is resolved (for the reports)."""

    SOFTWARE = "software", _("Software defect")
    CONFIGURATION = "configuration", _("Configuration")
    DATA = "data", _("Data")
    HARDWARE = "hardware", _("Hardware")
    NETWORK = "network", _("Network")
    INTERFACE = "interface", _("Interface")
    OPERATION = "operation", _("Operation / training")
    THIRD_PARTY = "third_party", _("Third party")
    OTHER = "other", _("Other")


# A ticket's state as its reporter reads it on 我的报修: what happens next, not the desk's word.
REPORTER_STATUS = {
    Status.NEW: _("Received, waiting to be taken"),
    Status.ACCEPTED: _("Being handled"),
    Status.IN_PROGRESS: _("Being handled"),
    Status.WAITING_HOSPITAL: _("Waiting for your side"),
    Status.WAITING_THIRD_PARTY: _("Waiting for another company"),
    Status.DISPATCHED: _("An engineer is on the way"),
    Status.ARRIVED: _("The engineer is here"),
    Status.SOLUTION_PROPOSED: _("A workaround is in place"),
    Status.RESOLVED: _("Fixed: please confirm"),
    Status.CONFIRMED: _("Confirmed: please rate"),
    Status.CLOSED: _("Done"),
    Status.CANCELLED: _("Cancelled"),
    Status.MERGED: _("Handled with another report"),
}


class QueueSort(models.TextChoices):
    """What the queue is sorted by: the nearest running clock first (IT's default), the
    most severe level first, the newest report first, the latest change first."""

    DUE = "due", _("Nearest due clock")
    LEVEL = "level", _("Level")
    REPORTED = "reported", _("Reported (newest first)")
    UPDATED = "updated", _("Last update")


class MaintenanceType(models.TextChoices):
    """What kind of maintenance the work was (seed 001), for the reports."""

    CORRECTIVE = "corrective", _("Corrective (a fault fixed)")
    PERFECTIVE = "perfective", _("Perfective (an improvement)")
    ADAPTIVE = "adaptive", _("Adaptive (a new rule or environment)")
    PREVENTIVE = "preventive", _("Preventive")
