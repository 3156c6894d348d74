"""Resident staffing: the roles a contract requires and the people named for them, their
daily check-in and check-out on the phone page, the monthly attendance sheet, and the
warning when fewer people are on site than the contract asks."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.calendars.models import BusinessCalendar
from hisops.calendars.selectors import working_hours_on
from hisops.core.capabilities import Cap, require
from hisops.core.errors import ValidationError

from ..models import Attendance, Contract, StaffingRole

EARLY = timedelta(hours=1)  # a check-in this long before the day's hours is still that day's


def onsite_calendar(contract: Contract) -> BusinessCalendar:
    """The hospital's working hours the resident staff keep (cn-workday unless set)."""
    return contract.onsite_calendar or BusinessCalendar.objects.get(code="cn-workday")


@transaction.atomic
def staffing_role_set(
    *,
    actor,
    contract: Contract,
    name: str,
    count: int,
    resident: bool = False,
    people=(),
    certificates: str = "",
) -> StaffingRole:
    """Require ``count`` people in a role (creating or changing it), naming who fills it."""
    require(actor, Cap.CONTRACT_MANAGE, contract.hospital)
    people = list(people)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if not 1 <= count <= 100:
        errors["count"] = [_("Give a number from 1 to 100.")]
    if any(
        p.hospital_id != contract.hospital_id or p.vendor_id != contract.vendor_id for p in people
    ):
        errors["people"] = [_("Name people of this contract's vendor.")]
    if errors:
        raise ValidationError(fields=errors)
    role, _created = StaffingRole.objects.update_or_create(
        contract=contract, name=name.strip(),
        defaults={"hospital_id": contract.hospital_id, "count": count, "resident": resident},
    )  # fmt: skip
    role.people.set(people)
    audit_record(
        actor=actor, action="contracts.staffing.set", obj=contract,
        changes={"role": [None, role.name], "count": [None, count], "people": [None, [str(p) for p in people]]},
    )  # fmt: skip
    return role


def resident_contract(person, day: date) -> Contract | None:
    """The contract in force on ``day`` that names ``person`` as resident staff."""
    return (
        Contract.objects.filter(
            staffing__resident=True, staffing__people=person, starts_on__lte=day, ends_on__gte=day
        )
        .distinct()
        .first()
    )


@transaction.atomic
def attendance_check_in(*, actor, at: datetime | None = None) -> Attendance:
    """A resident engineer arrives for the day. Only those a contract in force names as
    resident staff, and only on a working day of the hospital's hours (from an hour before
    they start until they end); once a day."""
    at = at or timezone.now()
    day = timezone.localdate(at)
    contract = resident_contract(actor, day)
    if contract is None:
        raise ValidationError(
            _("No contract in force names you as resident staff."), code="not_resident"
        )
    hours = working_hours_on(onsite_calendar(contract), day)
    if not hours or not hours[0][0] - EARLY <= at <= hours[-1][1]:
        raise ValidationError(
            _("It is outside the hospital's working hours for resident staff (%(hours)s).")
            % {
                "hours": "、".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in hours)
                or _("not a working day")
            },
            code="outside_hours",
        )
    if Attendance.objects.filter(contract=contract, person=actor, day=day).exists():
        raise ValidationError(_("You have already checked in today."), code="checked_in")
    row = Attendance.objects.create(
        hospital_id=contract.hospital_id, contract=contract, person=actor, day=day, checked_in_at=at
    )
    audit_record(
        actor=actor,
        action="contracts.attendance.check_in",
        obj=contract,
        changes={"day": [None, day.isoformat()]},
    )
    return row


@transaction.atomic
def attendance_check_out(*, actor, at: datetime | None = None) -> Attendance:
    at = at or timezone.now()
    row = (
        Attendance.objects.select_for_update()
        .filter(person=actor, day=timezone.localdate(at), checked_out_at__isnull=True)
        .first()
    )
    if row is None:
        raise ValidationError(_("You have not checked in today."), code="not_checked_in")
    row.checked_out_at = at
    row.save(update_fields=["checked_out_at", "updated_at"])
    audit_record(actor=actor, action="contracts.attendance.check_out", obj=row.contract,
                 changes={"day": [None, row.day.isoformat()]})  # fmt: skip
    return row


def residents_required(contract: Contract) -> int:
    return sum(role.count for role in contract.staffing.all() if role.resident)


def attendance_shortfalls_notify(*, now: datetime) -> int:
    """An hour into a working day, each contract with fewer resident staff checked in than
    it requires: its stakeholders are told (once a day)."""
    from hisops.contracts.selectors import contract_stakeholders
    from hisops.core.i18n import system_language
    from hisops.notify.services import notification_send

    day, told = timezone.localdate(now), 0
    contracts = Contract.objects.filter(
        staffing__resident=True, starts_on__lte=day, ends_on__gte=day
    ).distinct()
    for contract in contracts.prefetch_related("staffing").select_related("hospital"):
        hours = working_hours_on(onsite_calendar(contract), day)
        if not hours or now < hours[0][0] + EARLY:
            continue
        required = residents_required(contract)
        present = Attendance.objects.filter(contract=contract, day=day).count()
        if present >= required:
            continue
        with system_language():
            title = _("%(contract)s: %(present)d of %(required)d resident staff on site today") % {
                "contract": contract.number, "present": present, "required": required,
            }  # fmt: skip
        told += notification_send(
            hospital=contract.hospital, recipients=contract_stakeholders(contract), kind="staffing_shortfall",
            key=f"staffing:{contract.pk}:{day.isoformat()}", title=title, url=f"/contracts/{contract.pk}/",
        )  # fmt: skip
    return told
