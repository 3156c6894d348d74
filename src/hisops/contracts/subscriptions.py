"""Contract events that become notifications (notify is below contracts: contracts tells
it), and how the CMDB learns which items a contract covers (its uncovered-items list)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hisops.catalog.selectors import register_coverage
from hisops.contracts.events import quota_threshold
from hisops.core.i18n import system_language
from hisops.notify.services import notification_send

STATE_WORDS = {
    "warning": gettext_lazy("is at four fifths of its allowance"),
    "reached": gettext_lazy("has reached its allowance"),
    "exceeded": gettext_lazy("is over its allowance"),
}


@quota_threshold.connect
def quota_crossed_a_threshold(
    *, quota_id: int, year_id: int, state: str, used: int, period: str = ""
) -> None:
    from hisops.contracts.models import Quota
    from hisops.contracts.selectors import contract_stakeholders

    quota = Quota.objects.select_related("contract__vendor", "contract__hospital").get(pk=quota_id)
    contract = quota.contract
    with system_language():
        title = _("%(contract)s: %(quota)s %(state)s (%(used)d/%(limit)d)") % {
            "contract": contract.number,
            "quota": quota.name,
            "state": STATE_WORDS.get(state, state),
            "used": used,
            "limit": quota.limit,
        }
    notification_send(
        hospital=contract.hospital,
        recipients=contract_stakeholders(contract),
        kind="quota_warning",
        key=f"quota:{quota_id}:{year_id}:{period}:{state}",
        title=title,
        url=f"/contracts/{contract.pk}/",
    )


def _covered_on(day):
    """An item is covered on a day when a contract in force then covers it or its parent."""
    from django.db.models import Exists, OuterRef, Q

    from hisops.contracts.models import Contract

    through = Contract.covered_items.through
    in_force = through.objects.filter(contract__starts_on__lte=day, contract__ends_on__gte=day)
    return Q(Exists(in_force.filter(item_id=OuterRef("pk")))) | Q(
        Exists(in_force.filter(item_id=OuterRef("parent_id")))
    )


register_coverage(_covered_on)
