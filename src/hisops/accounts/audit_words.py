"""What the audit log says of people's accounts."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys

describe_actions({
    "accounts.user.create_platform_admin": _("created a platform administrator"),
    "accounts.token.create": _("created an API token"),
    "accounts.auth.login": _("signed in"),
    "accounts.password.change": _("changed the password"),
    "accounts.second_factor.enrol": _("set up a second factor"),
    "accounts.second_factor.verified": _("passed the second factor"),
    "accounts.second_factor.failed": _("failed the second factor"),
    "accounts.password.reset": _("reset a password"),
    "accounts.password_policy.set": _("set the password policy"),
    "accounts.auth.logout": _("signed out"),
    "accounts.auth.login_failed": _("failed to sign in"),
    "accounts.auth.locked_out": _("was locked out after repeated failures"),
    "core.access.denied": _("was refused a page or action"),
})  # fmt: skip
describe_keys({"members": _("members"), "person": _("person")})
