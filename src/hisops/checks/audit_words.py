"""What the audit log says of automated checks."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys, link_objects
from hisops.core.capabilities import Cap

describe_actions({
    "checks.source.create": _("added a data source"),
    "checks.check.create": _("added an automated check"),
    "checks.check.pause": _("paused an automated check"),
    "checks.check.resume": _("resumed an automated check"),
})  # fmt: skip
describe_keys({"engine": _("database")})
link_objects({"checks.check": (Cap.CHECK_VIEW, lambda check: f"/checks/{check.pk}/")})
