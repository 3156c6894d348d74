"""What the audit log says of people's accounts."""

from django.utils.translation import gettext_lazy as _

from hisops.accounts.choices import ReviewDecision
from hisops.audit.words import describe_actions, describe_choices, describe_keys, link_objects
from hisops.core.capabilities import Cap

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
    "accounts.user.disable": _("disabled an account"),
    "accounts.user.enable": _("enabled an account"),
    "accounts.access_review.start": _("started an access review"),
    "accounts.access_review.decide": _("decided on an account in an access review"),
    "accounts.access_review.complete": _("completed an access review"),
    "accounts.auth.directory_login": _("signed in through the hospital directory"),
})  # fmt: skip
link_objects({
    "accounts.user": (Cap.USER_MANAGE, lambda user: f"/security/users/{user.pk}/"),
    "accounts.accessreview": (Cap.USER_MANAGE, lambda review: f"/security/access-reviews/{review.pk}/"),
})  # fmt: skip
describe_keys(
    {
        "members": _("members"),
        "person": _("person"),
        "active": _("enabled"),
        "accounts": _("accounts"),
        "review": _("access review"),
        "decision": _("decision"),
    }
)
describe_choices({"decision": ReviewDecision})
