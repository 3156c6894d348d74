"""What the audit log says of the operator's verbs (their codes keep the old prefix)."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys

describe_actions(
    {"core.backup.create": _("made a backup"), "core.backup.restore": _("restored a backup")}
)
describe_keys({"source": _("source")})
