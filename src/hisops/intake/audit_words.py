"""What the audit log says of inbound channels (their codes keep the old prefix)."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys

describe_actions({
    "notify.wecom_app.create": _("added a WeCom app"),
    "notify.mailbox.create": _("added a mailbox"),
})  # fmt: skip
describe_keys({"host": _("server")})
