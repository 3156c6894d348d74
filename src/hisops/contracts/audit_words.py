"""What the audit log says of contracts' actions, and where a contract opens."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_choices, describe_keys, link_objects
from hisops.contracts.choices import Channel, Impact, PausingStatus
from hisops.core.capabilities import Cap

describe_actions({
    "contracts.contract.load_template": _("created a contract from a template"),
    "contracts.contract.level_map": _("set which level new tickets get"),
    "contracts.vendor.create": _("created a vendor"),
    "contracts.vendor.qualification_add": _("added a vendor qualification"),
    "contracts.kpi_target.set": _("set a KPI goal"),
    "contracts.kpi_target.clear": _("removed a KPI goal"),
    "contracts.quota.release": _("gave a quota use back"),
    "contracts.staffing.set": _("set a staffing role"),
    "contracts.quota.set": _("set a quota"),
    "contracts.attendance.check_in": _("checked in on site"),
    "contracts.attendance.check_out": _("checked out"),
    "contracts.attendance.export": _("exported an attendance sheet"),
})  # fmt: skip
describe_keys({
    "template": _("template"), "years": _("contract years"), "used": _("used"),
    "impacts": _("impact answers"), "ticket": _("ticket"),
})  # fmt: skip
link_objects({"contracts.contract": (Cap.CONTRACT_VIEW, lambda c: f"/contracts/{c.pk}/")})
describe_choices(
    {"pausing_statuses": PausingStatus, "response_channels": Channel, "impacts": Impact}
)
