"""Telling people about missed duties: on the first working day after a period ends, the
contract's stakeholders (the vendor's manager, the IT admins) hear of each inspection,
drill, training or meeting plan that fell short in it, once. Minimum quotas are told by
the contracts app already."""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from hisops.calendars.selectors import calendar_get, working_days
from hisops.contracts.selectors import contract_stakeholders
from hisops.core.capabilities import SYSTEM
from hisops.core.errors import NotFound
from hisops.core.i18n import system_language
from hisops.notify.services import notification_send

from .. import selectors


def obligations_missed_notify(*, today: date) -> int:
    try:
        workday = calendar_get(user=SYSTEM, code="cn-workday")
    except NotFound:  # an installation without the statutory calendar: any day will do
        workday = None
    if workday is not None and not working_days(workday, today, today):
        return 0  # told on the first working day after the period
    from hisops.contracts.selectors import contract_list

    told = 0
    recent = today - timedelta(
        days=40
    )  # a period that ended more than a month ago was told already
    for contract in contract_list(user=SYSTEM).filter(starts_on__lte=today, ends_on__gte=recent).select_related(
        "hospital"
    ):  # fmt: skip
        for year in sorted({recent.year, today.year}):
            for duty in selectors.obligation_list(
                user=SYSTEM, contract=contract, year=year, today=today
            ):
                if duty.kind == "quota":
                    continue
                for period in duty.periods:
                    if not period.missed or period.end < recent:
                        continue
                    with system_language():
                        title = _("%(contract)s: %(duty)s was not done in %(period)s (%(done)d of %(required)d)") % {
                            "contract": contract.number, "duty": duty.name, "period": period.label,
                            "done": period.done, "required": period.required}  # fmt: skip
                    told += notification_send(
                        hospital=contract.hospital, recipients=contract_stakeholders(contract),
                        kind="obligation_missed", key=f"missed:{duty.kind}:{duty.url}:{period.start}", title=title,
                        url=f"/inspections/obligations/?contract={contract.pk}&year={year}",
                    )  # fmt: skip
    return told
