"""What the audit log says of calendars' actions (their codes keep the old prefix)."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions

describe_actions({
    "core.calendar.create": _("created a business calendar"),
    "core.calendar.seed_statutory": _("loaded the statutory holidays"),
    "core.calendar.override_set": _("set a holiday or make-up workday"),
    "core.calendar.override_delete": _("removed a holiday or make-up workday"),
    "core.calendar.import_holidays": _("imported holiday data"),
})  # fmt: skip
