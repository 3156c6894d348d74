"""What the audit log says of duty rosters and escalations."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys

describe_actions({
    "oncall.rotation.generate": _("generated a duty rotation"),
    "oncall.chain.create": _("created an escalation chain"),
})  # fmt: skip
describe_keys({"steps": _("steps"), "from": _("from")})
