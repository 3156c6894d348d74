"""What the audit log says of the operator's verbs (their codes keep the old prefix)."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys

describe_actions({
    "core.backup.create": _("made a backup"), "core.backup.restore": _("restored a backup"),
    "ops.cli.run": _("ran a command at the server"), "ops.keys.rotate": _("rotated the data encryption key"),
    "audit.archive": _("archived old audit events to a signed file"),
})  # fmt: skip
describe_keys({"source": _("source"), "os_user": _("operating-system user"), "host": _("host"),
               "values": _("values")})  # fmt: skip
