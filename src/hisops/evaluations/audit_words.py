"""What the audit log says of evaluations and scorecards."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys

describe_actions({
    "evaluations.template.create": _("created an evaluation template"),
    "evaluations.round.create": _("opened an evaluation round"),
    "evaluations.round.close": _("closed an evaluation round"),
    "evaluations.evaluation.submit": _("submitted an evaluation"),
    "evaluations.evaluation.correct": _("corrected an evaluation"),
    "evaluations.policy.set": _("set the acceptance policy"),
    "evaluations.scorecard.draw": _("drew up an acceptance scorecard"),
    "evaluations.scorecard.sign": _("signed an acceptance scorecard"),
})  # fmt: skip
describe_keys({"criteria": _("criteria"), "scores": _("scores"), "total": _("weighted total"), "side": _("side"),
               "evaluator_roles": _("scored by"), "recommend_renewal": _("renewal recommended")})  # fmt: skip
