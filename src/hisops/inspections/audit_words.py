"""What the audit log says of inspections, and where an inspection opens."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys, link_objects
from hisops.core.capabilities import Cap

describe_actions({
    "inspections.template.create": _("created a checklist template"),
    "inspections.plan.create": _("created an inspection plan"),
    "inspections.plan.generate": _("planned a year of inspections"),
    "inspections.inspection.start": _("started an inspection"),
    "inspections.inspection.record": _("recorded an inspection reading"),
    "inspections.inspection.finding": _("recorded an inspection finding"),
    "inspections.inspection.complete": _("completed an inspection"),
    "inspections.inspection.sign": _("signed an inspection report"),
    "inspections.inspection.cancel": _("cancelled an inspection"),
})  # fmt: skip
describe_keys({"lines": _("lines"), "cadence": _("cadence"), "per_period": _("per period"),
               "days_each": _("working days each"), "created": _("created"), "line": _("check"),
               "outcome": _("outcome"), "reading": _("reading"), "finding": _("finding"),
               "follow_up": _("followed up as"), "signer": _("signer")})  # fmt: skip
link_objects({
    "inspections.inspection": (Cap.INSPECTION_VIEW, lambda i: f"/inspections/{i.number}/"),
    "inspections.inspectionplan": (Cap.INSPECTION_VIEW, lambda p: f"/inspections/plans/{p.pk}/"),
})  # fmt: skip
