"""What the audit log says of changes, and where a change opens."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys, link_objects
from hisops.core.capabilities import Cap

describe_actions({
    "changes.change.test": _("recorded a test result of a change"),
    "changes.change.submit": _("submitted a change"),
    "changes.change.sign_test": _("signed the test report of a change"),
    "changes.change.approve": _("approved a change"),
    "changes.change.reject": _("sent a change back"),
    "changes.change.schedule": _("scheduled a change"),
    "changes.change.start": _("started a change"),
    "changes.change.release": _("released a change"),
    "changes.change.rollback": _("rolled back a change"),
    "changes.change.fail": _("recorded a failed change"),
    "changes.change.cancel": _("cancelled a change"),
    "changes.change.review": _("reviewed a change"),
})  # fmt: skip
describe_keys({"window": _("window"), "versions": _("versions"), "functional": _("functional test"),
               "performance": _("performance test"), "compatibility": _("compatibility test"),
               "security": _("security test"), "regression": _("regression test")})  # fmt: skip
link_objects({"changes.change": (Cap.CHANGE_VIEW, lambda change: f"/changes/{change.number}/")})
