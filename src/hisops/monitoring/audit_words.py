"""What the audit log says of monitoring's actions."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions

describe_actions({"monitoring.rule.create": _("created an alert rule")})
