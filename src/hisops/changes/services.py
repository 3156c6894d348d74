"""Every write to a change, and the rules a hospital holds a vendor to before an update:
the whole update document, test results signed by the hospital's IT (never the vendor),
approval, a window outside freezes and on the contract's release days, no overlap with
another change on the same or an impacted system; the item's version recorded at release
and restored at rollback. Each step is one transition of ``STEPS``, audited and kept in
the change's history (更新历史)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hisops.accounts.selectors import users_with_role
from hisops.audit.services import audit_record
from hisops.calendars.selectors import covered_years, working_hours_on
from hisops.catalog.selectors import item_impact
from hisops.catalog.services import item_update
from hisops.core.capabilities import SYSTEM, VENDOR_ROLES, Cap, Role, can, require
from hisops.core.errors import Conflict, PermissionDenied, ValidationError
from hisops.core.files import checked_upload
from hisops.core.i18n import system_language
from hisops.core.numbering import sequence_next
from hisops.notify.services import notification_send

from .choices import HOLDS_WINDOW, ChangeKind, ChangeStatus, TestKind, TestResult
from .models import DOCUMENT, Change, ChangeEvent, ChangeTest, FreezeWindow

S = ChangeStatus
EDITABLE = ("title", "kind", "contract", *(name for name, _label in DOCUMENT))
TESTABLE = (S.DRAFT, S.SUBMITTED)  # tests are recorded until the sign-off
REPORT_TYPES = {".pdf", ".docx", ".xlsx", ".doc", ".xls", ".txt", ".png", ".jpg", ".jpeg"}


@dataclass(frozen=True)
class Step:
    sources: frozenset
    target: str | None  # None: the status stays (a review)
    capability: str
    needs_reason: bool = False


STEPS = {
    "submit": Step(frozenset({S.DRAFT}), S.SUBMITTED, Cap.CHANGE_SUBMIT),
    "sign_test": Step(frozenset({S.SUBMITTED}), S.TESTED, Cap.CHANGE_SIGN),
    "approve": Step(frozenset({S.TESTED}), S.APPROVED, Cap.CHANGE_APPROVE),
    "reject": Step(
        frozenset({S.SUBMITTED, S.TESTED}), S.DRAFT, Cap.CHANGE_APPROVE, needs_reason=True
    ),
    "schedule": Step(frozenset({S.APPROVED, S.SCHEDULED}), S.SCHEDULED, Cap.CHANGE_SIGN),
    "start": Step(frozenset({S.SCHEDULED}), S.IN_PROGRESS, Cap.CHANGE_SUBMIT),
    "release": Step(frozenset({S.IN_PROGRESS}), S.RELEASED, Cap.CHANGE_SIGN),
    "rollback": Step(
        frozenset({S.IN_PROGRESS, S.RELEASED}), S.ROLLED_BACK, Cap.CHANGE_SIGN, needs_reason=True
    ),
    "fail": Step(frozenset({S.IN_PROGRESS}), S.FAILED, Cap.CHANGE_SIGN, needs_reason=True),
    "cancel": Step(
        frozenset({S.DRAFT, S.SUBMITTED, S.TESTED, S.APPROVED, S.SCHEDULED, S.IN_PROGRESS}),
        S.CANCELLED,
        Cap.CHANGE_SUBMIT,
        needs_reason=True,
    ),
    "review": Step(frozenset({S.RELEASED, S.ROLLED_BACK, S.FAILED}), None, Cap.CHANGE_SIGN),
}


def may(user, change: Change, action: str) -> bool:
    """Whether ``user`` may take ``action`` on the change now (the page's buttons)."""
    step = STEPS[action]
    if change.status not in step.sources or not can(user, step.capability, change.hospital):
        return False
    if not _vendors_own(user, change):
        return False
    if action == "review":
        return _review_due(change)
    return True


def may_record_test(user, change: Change) -> bool:
    """Whether ``user`` may record a test result now (the page's test form)."""
    return (
        change.status in TESTABLE
        and can(user, Cap.CHANGE_SUBMIT, change.hospital)
        and _vendors_own(user, change)
    )


def _vendors_own(user, change: Change) -> bool:
    """Vendor staff work on their own vendor's changes only; the hospital's on all."""
    return not getattr(user, "is_vendor", False) or change.vendor_id == user.vendor_id


def allowed_actions(user, change: Change) -> list[str]:
    return [action for action in STEPS if may(user, change, action)]


def _review_due(change: Change) -> bool:
    return needs_review(change) and not change.reviewed_at


def needs_review(change: Change) -> bool:
    """A post-implementation review: for a change that failed or was rolled back, and for
    any change to a whole system."""
    from hisops.catalog.choices import ItemKind

    return (
        change.status in (S.FAILED, S.ROLLED_BACK)
        or change.items.filter(kind=ItemKind.SYSTEM).exists()
    )


def _check_parts(actor, *, hospital, items, contract) -> dict:
    """Field errors of the change's items (None: not being set) and contract."""
    errors: dict[str, list[str]] = {}
    if items is not None and not items:
        errors["items"] = [_("Name at least one CMDB item the change is made on.")]
    if items and any(i.hospital_id != hospital.pk for i in items):
        errors["items"] = [_("It belongs to another hospital.")]
    if contract is not None and contract.hospital_id != hospital.pk:
        errors["contract"] = [_("It belongs to another hospital.")]
    if (
        getattr(actor, "is_vendor", False)
        and contract is not None
        and contract.vendor_id != actor.vendor_id
    ):
        errors["contract"] = [_("A vendor writes changes under its own contracts only.")]
    return errors


def impact_text(items) -> str:
    """影响范围评估, as the CMDB's impact analysis finds it: the systems that fail along with
    the items, and the departments that use any of them."""
    systems, departments = [], []
    for item in items:
        impact = item_impact(user=SYSTEM, item=item)
        systems += [a.item.name for a in impact.affected if a.item.name not in systems]
        departments += [d.name for d in impact.departments if d.name not in departments]
    with system_language():
        return "\n".join([
            _("Items changed: %s") % "、".join(i.name for i in items),
            _("Systems affected: %s") % ("、".join(systems) or _("none found in the CMDB")),
            _("Departments affected: %s") % ("、".join(departments) or _("none found in the CMDB")),
        ])  # fmt: skip


@transaction.atomic
def change_create(
    *,
    actor,
    hospital,
    title: str,
    kind: str,
    items,
    contract=None,
    tickets=(),
    problems=(),
    **document,
) -> Change:
    """A draft change. The impact assessment is pre-filled from the CMDB when not given."""
    require(actor, Cap.CHANGE_SUBMIT, hospital)
    items = list(items)
    errors = _check_parts(actor, hospital=hospital, items=items, contract=contract)
    if not title.strip():
        errors["title"] = [_("This field is required.")]
    if kind not in ChangeKind.values:
        errors["kind"] = [_("Choose one of: %s.") % ", ".join(ChangeKind.values)]
    unknown = set(document) - {name for name, _label in DOCUMENT}
    if unknown:
        errors.update({name: [_("This field cannot be changed.")] for name in unknown})
    if errors:
        raise ValidationError(fields=errors)
    vendor = (
        actor.vendor
        if getattr(actor, "is_vendor", False)
        else (contract.vendor if contract else None)
    )
    if not document.get("impact", "").strip():
        document["impact"] = impact_text(items)
    change = Change.objects.create(
        hospital=hospital, number=sequence_next(hospital=hospital, prefix="CHG", year=timezone.localdate().year, width=4),
        title=title.strip(), kind=kind, contract=contract, vendor=vendor,
        created_by=actor if getattr(actor, "pk", None) else None, **document,
    )  # fmt: skip
    change.items.set(items)
    change.tickets.set([t for t in tickets if t.hospital_id == hospital.pk])
    change.problems.set([p for p in problems if p.hospital_id == hospital.pk])
    _history(change, actor, "create", "", S.DRAFT)
    audit_record(actor=actor, action="changes.change.create", obj=change,
                 changes={"items": [None, [i.pk for i in items]], "kind": [None, kind]})  # fmt: skip
    return change


@transaction.atomic
def change_update(*, actor, change: Change, items=None, **fields) -> Change:
    """Edit the document while the change is a draft (after a rejection too)."""
    change = _locked(change)
    _require(actor, change, Cap.CHANGE_SUBMIT)
    if change.status != S.DRAFT:
        raise ValidationError(_("Only a draft is edited; a submitted change is sent back first."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            fields={name: [_("This field cannot be changed.")] for name in unknown}
        )
    items = list(items) if items is not None else None
    errors = _check_parts(
        actor,
        hospital=change.hospital,
        items=items,
        contract=fields.get("contract", change.contract),
    )
    if errors:
        raise ValidationError(fields=errors)
    changes = {}
    for name, value in fields.items():
        if getattr(change, name) != value:
            changes[name] = [str(getattr(change, name) or ""), str(value or "")]
            setattr(change, name, value)
    if items is not None:
        changes["items"] = [
            sorted(change.items.values_list("pk", flat=True)),
            sorted(i.pk for i in items),
        ]
        change.items.set(items)
    change.save()
    if changes:
        _history(change, actor, "update", change.status, change.status, note=", ".join(changes))
        audit_record(actor=actor, action="changes.change.update", obj=change,
                     changes={k: v for k, v in changes.items() if k in ("title", "kind", "items")} or None)  # fmt: skip
    return change


@transaction.atomic
def change_test_record(
    *, actor, change: Change, kind: str, result: str, notes: str = "", report=None
) -> ChangeTest:
    """A test's result (and the test report file) while the change awaits sign-off."""
    change = _locked(change)
    _require(actor, change, Cap.CHANGE_SUBMIT)
    if change.status not in TESTABLE:
        raise ValidationError(_("Tests are recorded before the sign-off."))
    errors = {}
    if kind not in TestKind.values:
        errors["kind"] = [_("Choose one of: %s.") % ", ".join(TestKind.values)]
    if result not in TestResult.values:
        errors["result"] = [_("Choose one of: %s.") % ", ".join(TestResult.values)]
    if errors:
        raise ValidationError(fields=errors)
    checked = (
        checked_upload(report, allowed=REPORT_TYPES, field="report") if report is not None else None
    )
    test, _created = ChangeTest.objects.update_or_create(
        change=change, kind=kind,
        defaults={"hospital_id": change.hospital_id, "result": result, "notes": notes.strip(),
                  "recorded_by": actor if getattr(actor, "pk", None) else None},
    )  # fmt: skip
    if checked is not None:
        change.test_report.save(checked.name, report, save=False)
        change.test_report_sha256 = checked.sha256
        change.save(update_fields=["test_report", "test_report_sha256", "updated_at"])
    _history(
        change,
        actor,
        "test",
        change.status,
        change.status,
        note=f"{test.get_kind_display()}: {test.get_result_display()}",
    )
    audit_record(
        actor=actor, action="changes.change.test", obj=change, changes={kind: [None, result]}
    )
    return test


@dataclass
class StepInput:
    reason: str = ""
    start: datetime | None = None
    end: datetime | None = None
    versions: dict | None = None  # release: {item id: new version}
    review: str = ""
    override: str = ""  # schedule: why a conflict is accepted (IT admin)


@transaction.atomic
def change_transition(
    *, actor, change: Change, action: str, data: StepInput | None = None
) -> Change:
    """Take one step of the change's life (``STEPS``)."""
    data = data or StepInput()
    if action not in STEPS:
        raise ValidationError(fields={"action": [_("Choose one of: %s.") % ", ".join(STEPS)]})
    change = _locked(change)
    step = STEPS[action]
    _require(actor, change, step.capability)
    if action in ("schedule", "release") and change.test_signed_at is None:
        raise ValidationError(
            _("The test report is not signed by the hospital's IT yet."), code="test_not_signed"
        )
    if change.status not in step.sources:
        raise ValidationError(
            _("A change that is “%(status)s” cannot be %(action)s.")
            % {"status": change.get_status_display(), "action": ACTION_WORDS.get(action, action)},
            code="not_allowed",
        )
    if step.needs_reason and not data.reason.strip():
        raise ValidationError(fields={"reason": [_("Say why.")]})
    before = change.status
    now = timezone.now()
    extra = {}
    note = data.reason.strip()
    if action == "submit":
        missing = [str(label) for name, label in DOCUMENT if not getattr(change, name).strip()]
        if missing:
            raise ValidationError(
                _("The update document is missing: %s.") % "、".join(missing),
                fields={name: [_("This field is required.")] for name, _label in DOCUMENT if not getattr(change, name).strip()},
            )  # fmt: skip
    elif action == "sign_test":
        tests = list(change.tests.all())
        if not tests:
            raise ValidationError(_("Record the test results before signing."), code="no_tests")
        failed = [t.get_kind_display() for t in tests if t.result == TestResult.FAILED]
        if failed:
            raise ValidationError(
                _("Tests failed: %s. A failed test is not signed off.") % "、".join(failed)
            )
        change.test_signed_by, change.test_signed_at = actor, now
    elif action == "approve":
        change.approved_by, change.approved_at = actor, now
    elif action == "reject":
        change.test_signed_by = change.test_signed_at = change.approved_by = change.approved_at = (
            None
        )
        change.reason = note
    elif action == "schedule":
        _schedule_check(actor, change, data, now)
        extra = {
            "window": [_when(change.planned_start, change.planned_end), _when(data.start, data.end)]
        }
        change.planned_start, change.planned_end = data.start, data.end
        note = _when(data.start, data.end) + (
            f" · {_('conflict accepted')}: {data.override.strip()}" if data.override.strip() else ""
        )
    elif action == "start":
        change.started_at = now
    elif action == "release":
        extra = {"versions": _versions_set(actor, change, data.versions or {})}
        change.finished_at = now
    elif action == "rollback":
        extra = {"versions": _versions_restore(actor, change)}
        change.reason, change.finished_at = note, now
    elif action in ("fail", "cancel"):
        change.reason, change.finished_at = note, now
    elif action == "review":
        if not _review_due(change):
            raise ValidationError(
                _("No review is asked of this change, or it is already reviewed."),
                code="not_allowed",
            )
        if not data.review.strip():
            raise ValidationError(fields={"review": [_("Write the review.")]})
        change.review, change.reviewed_at = data.review.strip(), now
        note = data.review.strip()
    if step.target is not None:
        change.status = step.target
    change.save()
    _history(change, actor, action, before, change.status, note=note)
    audit_record(actor=actor, action=f"changes.change.{action}", obj=change,
                 changes={"status": [before, change.status], **extra} if before != change.status else extra or None,
                 message=note[:500])  # fmt: skip
    if action in ("schedule", "release", "rollback"):
        transaction.on_commit(lambda: _tell_stakeholders(change, action))
    return change


ACTION_WORDS = {
    "submit": gettext_lazy("submitted"), "sign_test": gettext_lazy("test-signed"),
    "approve": gettext_lazy("approved"), "reject": gettext_lazy("sent back"),
    "schedule": gettext_lazy("scheduled"), "start": gettext_lazy("started"),
    "release": gettext_lazy("released"), "rollback": gettext_lazy("rolled back"),
    "fail": gettext_lazy("marked failed"), "cancel": gettext_lazy("cancelled"),
    "review": gettext_lazy("reviewed"), "create": gettext_lazy("written"), "update": gettext_lazy("edited"),
    "test": gettext_lazy("test recorded"),
}  # fmt: skip


def _when(start, end) -> str:
    if not start:
        return ""
    return f"{timezone.localtime(start):%Y-%m-%d %H:%M} – {timezone.localtime(end):%Y-%m-%d %H:%M}"


def _schedule_check(actor, change: Change, data: StepInput, now) -> None:
    start, end = data.start, data.end
    if start is None or end is None:
        raise ValidationError(fields={"start": [_("Give the window's start and end.")]})
    if end <= start:
        raise ValidationError(fields={"end": [_("The window ends after it starts.")]})
    if start < now - timedelta(minutes=5):
        raise ValidationError(fields={"start": [_("The window is in the past.")]})
    items = list(change.items.all())
    family = {i.pk for i in items} | {i.parent_id for i in items if i.parent_id}
    freeze = (
        FreezeWindow.objects.filter(hospital_id=change.hospital_id, start__lt=end, end__gt=start)
        .filter(Q(item__isnull=True) | Q(item_id__in=family))
        .order_by("start")
        .first()
    )
    if freeze is not None:
        raise ValidationError(
            _("The window falls in the freeze “%(name)s” (%(when)s).") % {"name": freeze.name, "when": _when(freeze.start, freeze.end)},
            code="frozen", extra={"freeze": freeze.name},
        )  # fmt: skip
    calendar = change.contract.release_calendar if change.contract_id else None
    if calendar is not None:
        first, last = timezone.localdate(start), timezone.localdate(end)
        missing = sorted({first.year, last.year} - covered_years(calendar))
        if missing:
            raise ValidationError(
                _("The contract's release days (%(calendar)s) have no holiday data for %(years)s yet; import it first.")
                % {"calendar": calendar.name, "years": ", ".join(map(str, missing))}, code="outside_calendar",
            )  # fmt: skip
        day = first
        while day <= last:
            if not working_hours_on(calendar, day):
                raise ValidationError(
                    _("%(day)s is not a release day of the contract (%(calendar)s).") % {"day": day.isoformat(), "calendar": calendar.name},
                    code="outside_calendar",
                )  # fmt: skip
            day += timedelta(days=1)
    overlapping = (
        Change.objects.filter(hospital_id=change.hospital_id, status__in=HOLDS_WINDOW, planned_start__lt=end,
                              planned_end__gt=start)
        .exclude(pk=change.pk).prefetch_related("items").order_by("planned_start")
    )  # fmt: skip
    mine, my_reach = {i.pk for i in items}, None
    clashing = []
    for other in overlapping:  # few: the changes in the same hours
        theirs = list(other.items.all())
        my_reach = my_reach if my_reach is not None else _reach(items)
        if my_reach & {i.pk for i in theirs} or mine & _reach(theirs):
            clashing.append(other.number)
    if clashing and not data.override.strip():
        raise Conflict(
            _("The window overlaps %(changes)s on the same or an affected system.")
            % {"changes": "、".join(clashing)},
            extra={"conflicts": clashing},
        )
    if clashing:
        require(actor, Cap.CHANGE_APPROVE, change.hospital)  # only the IT admin accepts a clash


def _reach(items) -> set[int]:
    """The items, their systems, and everything the CMDB says fails along with them."""
    reach = {i.pk for i in items} | {i.parent_id for i in items if i.parent_id}
    for item in items:
        reach |= {a.item.pk for a in item_impact(user=SYSTEM, item=item).affected}
    return reach


def _versions_set(actor, change: Change, versions: dict) -> dict:
    recorded = {}
    for item in change.items.all():
        new = str(versions.get(item.pk, versions.get(str(item.pk), "")) or "").strip()
        if not new:
            continue
        recorded[str(item.pk)] = [item.version, new]
        if new != item.version:
            item_update(actor=actor, item=item, version=new[:64])
    change.versions = recorded
    return recorded


def _versions_restore(actor, change: Change) -> dict:
    restored = {}
    if change.status != S.RELEASED:
        return restored
    for item in change.items.all():
        before_after = change.versions.get(str(item.pk))
        if before_after and item.version == before_after[1]:
            item_update(actor=actor, item=item, version=before_after[0])
            restored[str(item.pk)] = [before_after[1], before_after[0]]
    return restored


def _tell_stakeholders(change: Change, action: str) -> None:
    """IT and the item's vendor hear when a change is scheduled, released or rolled back."""
    people = list(
        users_with_role(hospital=change.hospital, roles=[Role.IT_ADMIN, Role.IT_ENGINEER])
    )
    vendors = {i.vendor_id for i in change.items.all() if i.vendor_id} | (
        {change.vendor_id} - {None}
    )
    for vendor_id in vendors:
        people += list(
            users_with_role(hospital=change.hospital, roles=VENDOR_ROLES, vendor=vendor_id)
        )
    with system_language():
        title = {
            "schedule": _("Change %(number)s scheduled: %(when)s"),
            "release": _("Change %(number)s released"),
            "rollback": _("Change %(number)s rolled back"),
        }[action] % {
            "number": change.number,
            "when": _when(change.planned_start, change.planned_end),
        }
    notification_send(hospital=change.hospital, recipients=people, kind=f"change_{action}",
                      key=f"change:{change.pk}:{action}:{change.updated_at.timestamp()}", title=f"{title} · {change.title}",
                      url=f"/changes/{change.number}/")  # fmt: skip


@transaction.atomic
def freeze_window_create(
    *, actor, hospital, name: str, start: datetime, end: datetime, item=None, reason: str = ""
) -> FreezeWindow:
    require(actor, Cap.CHANGE_APPROVE, hospital)
    errors = {}
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if start is None or end is None or end <= start:
        errors["end"] = [_("The window ends after it starts.")]
    if item is not None and item.hospital_id != hospital.pk:
        errors["item"] = [_("It belongs to another hospital.")]
    if errors:
        raise ValidationError(fields=errors)
    window = FreezeWindow.objects.create(hospital=hospital, name=name.strip(), start=start, end=end, item=item,
                                         reason=reason.strip())  # fmt: skip
    audit_record(actor=actor, action="changes.freezewindow.create", obj=window,
                 changes={"window": [None, _when(start, end)], "item": [None, item.pk if item else None]})  # fmt: skip
    return window


@transaction.atomic
def freeze_window_delete(*, actor, window: FreezeWindow) -> None:
    require(actor, Cap.CHANGE_APPROVE, window.hospital)
    audit_record(actor=actor, action="changes.freezewindow.delete", obj=window,
                 changes={"window": [_when(window.start, window.end), None]})  # fmt: skip
    window.delete()


def _locked(change: Change) -> Change:
    return (
        Change.objects.select_for_update(of=("self",))
        .select_related("hospital", "contract", "contract__release_calendar")
        .get(pk=change.pk)
    )


def _require(actor, change: Change, capability: str) -> None:
    require(actor, capability, change.hospital)
    if not _vendors_own(actor, change):
        raise PermissionDenied(_("A vendor works on its own changes only."))


def _history(change: Change, actor, action: str, before: str, after: str, note: str = "") -> None:
    ChangeEvent.objects.create(hospital_id=change.hospital_id, change=change, action=action, from_status=before,
                               to_status=after, note=note, actor=actor if getattr(actor, "pk", None) else None)  # fmt: skip
