"""What the audit log says of reports."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys

describe_actions({
    "reports.report.request": _("asked for a service report"),
    "reports.report.write": _("wrote a service report"),
    "reports.template.upload": _("uploaded a report template"),
    "reports.schedule.create": _("scheduled a service report"),
})  # fmt: skip
describe_keys(
    {
        "formats": _("formats"),
        "files": _("files"),
        "period": _("period"),
        "recipients": _("recipients"),
    }
)
