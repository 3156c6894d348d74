"""Writes of the reports domain: asking for a periodic service report, writing it in the
background with its progress, filing each format in the document archive, and a hospital's
own Word template."""

import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.capabilities import SYSTEM, Cap, require
from hisops.core.errors import DomainError, PermissionDenied, ValidationError
from hisops.core.files import checked_upload
from hisops.core.i18n import system_language
from hisops.core.numbering import sequence_next
from hisops.core.sealing import file_digest
from hisops.core.tasks import enqueue
from hisops.evaluations.kpis import Subject
from hisops.knowledge.choices import DocumentCategory
from hisops.knowledge.services import document_upload

from . import content as report_content
from . import render
from .choices import ReportFormat, ReportKind, ReportStatus
from .models import Report, ReportSchedule, ReportTemplate

logger = logging.getLogger(__name__)


def report_request(
    *, actor, hospital, kind: str, period: str, contract=None, vendor=None, formats=(), advice: str = "",
    background: bool = True,
) -> Report:  # fmt: skip
    """Ask for a report of ``kind`` over ``period`` for a contract, a vendor, or the whole
    hospital, in ``formats``; it is written in the background (``background=False``: the
    caller runs it, as the command line does). A vendor's people ask only for their own
    contracts'."""
    require(actor, Cap.REPORT_GENERATE, hospital)
    errors: dict[str, list[str]] = {}
    if kind not in ReportKind.values:
        errors["kind"] = [_("Choose one of: %s.") % ", ".join(ReportKind.values)]
    else:
        try:
            report_content.period_for(kind, period)
        except ValidationError as invalid:
            errors.update(invalid.fields)
    formats = list(dict.fromkeys(formats or ReportFormat.values))
    if any(f not in ReportFormat.values for f in formats):
        errors["formats"] = [_("Choose from: %s.") % ", ".join(ReportFormat.values)]
    if kind == ReportKind.ACCEPTANCE and contract is None:
        errors["contract"] = [_("An acceptance scorecard is of one contract.")]
    for name, record in (("contract", contract), ("vendor", vendor)):
        if record is not None and record.hospital_id != hospital.pk:
            errors[name] = [_("It belongs to another hospital.")]
    if errors:
        raise ValidationError(fields=errors)
    if getattr(actor, "is_vendor", False) and (
        contract is None or contract.vendor_id != actor.vendor_id
    ):
        raise PermissionDenied(_("A vendor writes reports for its own contracts only."))
    report = Report.objects.create(
        hospital=hospital, number=sequence_next(hospital=hospital, prefix="RPT", year=timezone.localdate().year,
                                                width=4),
        kind=kind, period=period.strip(), contract=contract, vendor=vendor, formats=formats, advice=advice.strip(),
        requested_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    audit_record(actor=actor, action="reports.report.request", obj=report,
                 changes={"kind": [None, kind], "period": [None, report.period], "formats": [None, formats]})  # fmt: skip
    if background:
        from .tasks import report_write

        enqueue(report_write, report.pk, embedded="sweep")
    return report


def _claim(report_id: int) -> bool:
    """Take a queued report (the worker and the embedded sweep never both write one)."""
    return bool(
        Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
            status=ReportStatus.RUNNING, progress=5, updated_at=timezone.now()
        )
    )


def _progress(report: Report, value: int) -> None:
    Report.objects.filter(pk=report.pk).update(progress=value)


def report_write(*, report_id: int) -> Report | None:
    """Write a queued report: its content read with the requester's view, each format
    rendered and filed in the archive as a new version of the same report. On failure the
    report says why and nothing is filed."""
    if not _claim(report_id):
        return None
    report = Report.objects.select_related("hospital", "contract__vendor", "contract__hospital", "vendor",
                                           "requested_by", "schedule").get(pk=report_id)  # fmt: skip
    actor = report.requested_by or SYSTEM
    try:
        with system_language():
            files = _files(report, actor)
        with transaction.atomic():
            documents = [
                _file(report, actor, fmt, name, data, title) for fmt, name, data, title in files
            ]
            report.documents.set(documents)
            report.status, report.progress, report.finished_at = (
                ReportStatus.DONE,
                100,
                timezone.now(),
            )
            report.save(update_fields=["status", "progress", "finished_at", "updated_at"])
            audit_record(actor=actor, action="reports.report.write", obj=report,
                         changes={"files": [None, [d.name for d in documents]],
                                  "sha256": [None, [d.sha256 for d in documents]]})  # fmt: skip
            if report.schedule_id:
                _mail_scheduled(report)
    except DomainError as refused:
        _fail(report, refused.describe())
    except Exception:
        logger.exception("report %s could not be written", report.number)
        _fail(report, _("The report could not be written; the server's log has the details."))
    return report


def _fail(report: Report, message: str) -> None:
    report.status, report.error, report.finished_at = ReportStatus.FAILED, message, timezone.now()
    report.save(update_fields=["status", "error", "finished_at", "updated_at"])


def _files(report: Report, actor) -> list[tuple[str, str, bytes, str]]:
    period = report_content.period_for(report.kind, report.period)
    subject = Subject(contract=report.contract, vendor=report.vendor)
    content = report_content.build(
        user=actor, kind=report.kind, period=period, subject=subject, advice=report.advice,
        progress=lambda n: _progress(report, n),
    )  # fmt: skip
    template = template_in_use(report.hospital)
    files = []
    for n, fmt in enumerate(report.formats):
        data = render.render(content, fmt, template=template)
        files.append(
            (
                fmt,
                render.file_name(content, report.number, fmt),
                data,
                f"{content.title} {content.subject}",
            )
        )
        _progress(report, 85 + 15 * (n + 1) // (len(report.formats) + 1))
    return files


def _file(report: Report, actor, fmt: str, name: str, data: bytes, title: str):
    """File one format; the same report (kind, period, subject, format) filed before is
    replaced by a new version, never overwritten."""
    from hisops.knowledge.selectors import document_current

    before = document_current(hospital=report.hospital, category=DocumentCategory.SERVICE_REPORT,
                              title=title[:200], contract=report.contract, extension=fmt)  # fmt: skip
    period = report_content.period_for(report.kind, report.period)
    return document_upload(
        actor=actor if getattr(actor, "pk", None) else SYSTEM, hospital=report.hospital, title=title[:200],
        category=DocumentCategory.SERVICE_REPORT, upload=ContentFile(data, name=name), period_start=period.start,
        period_end=period.end, contract=report.contract, replaces=before,
    )  # fmt: skip


def reports_pending() -> int:
    """The embedded product's sweep (and a worker's safety net): write queued reports."""
    written = 0
    for pk in (
        Report.objects.filter(status=ReportStatus.QUEUED)
        .order_by("id")
        .values_list("pk", flat=True)[:5]
    ):
        written += report_write(report_id=pk) is not None
    return written


def template_in_use(hospital) -> bytes | None:
    template = (
        ReportTemplate.objects.filter(hospital=hospital, is_active=True).order_by("-id").first()
    )
    if template is None:
        return None
    if file_digest(template.file) != template.sha256:
        raise ValidationError(
            fields={"template": [_("The stored template no longer matches its checksum.")]}
        )
    with template.file.open("rb") as handle:
        return handle.read()


def report_template_upload(*, actor, hospital, name: str, upload) -> ReportTemplate:
    """A hospital's own Word template (its letterhead) for every report from now on; it must
    hold ``{{ title }}``, ``{{ period }}`` and ``{{p body }}``. The one before is kept,
    no longer used."""
    require(actor, Cap.EVALUATION_MANAGE, hospital)
    checked = checked_upload(upload, allowed={".docx"})
    data = upload.read()
    upload.seek(0)
    errors = render.template_errors(data)
    if errors:
        raise ValidationError(fields={"file": errors})
    with transaction.atomic():
        ReportTemplate.objects.filter(hospital=hospital, is_active=True).update(is_active=False)
        template = ReportTemplate(hospital=hospital, name=name.strip() or checked.name, sha256=checked.sha256,
                                  uploaded_by=actor if getattr(actor, "pk", None) else None)  # fmt: skip
        template.file.save(checked.name, upload, save=False)
        template.save()
        audit_record(actor=actor, action="reports.template.upload", obj=template,
                     changes={"file": [None, checked.name], "sha256": [None, checked.sha256]})  # fmt: skip
    return template


# -- schedules ----------------------------------------------------------------------------
def report_schedule_create(*, actor, hospital, kind: str, recipients, contract=None, formats=(),
                           calendar_code: str = "cn-workday") -> ReportSchedule:  # fmt: skip
    """Write this report by itself after each period, on the first working day of
    ``calendar_code`` after the period ends, and mail it to ``recipients``."""
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.core.validators import validate_email

    from hisops.calendars.models import BusinessCalendar

    require(actor, Cap.REPORT_GENERATE, hospital)
    errors: dict[str, list[str]] = {}
    if kind not in ReportKind.values:
        errors["kind"] = [_("Choose one of: %s.") % ", ".join(ReportKind.values)]
    addresses = list(dict.fromkeys(a.strip() for a in recipients if a and a.strip()))
    bad = []
    for address in addresses:
        try:
            validate_email(address)
        except DjangoValidationError:
            bad.append(address)
    if not addresses or bad:
        errors["recipients"] = [_("Give one e-mail address or more; not addresses: %s") % "、".join(bad)
                                if bad else _("Give one e-mail address or more.")]  # fmt: skip
    formats = list(dict.fromkeys(formats or ReportFormat.values))
    if any(f not in ReportFormat.values for f in formats):
        errors["formats"] = [_("Choose from: %s.") % ", ".join(ReportFormat.values)]
    calendar = BusinessCalendar.objects.filter(code=calendar_code).first()
    if calendar is None:
        errors["calendar"] = [_("No such calendar.")]
    if contract is not None and contract.hospital_id != hospital.pk:
        errors["contract"] = [_("It belongs to another hospital.")]
    if errors:
        raise ValidationError(fields=errors)
    if getattr(actor, "is_vendor", False) and (
        contract is None or contract.vendor_id != actor.vendor_id
    ):
        raise PermissionDenied(_("A vendor writes reports for its own contracts only."))
    schedule = ReportSchedule.objects.create(
        hospital=hospital, kind=kind, contract=contract, formats=formats, recipients=addresses, calendar=calendar,
        created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    audit_record(actor=actor, action="reports.schedule.create", obj=schedule,
                 changes={"kind": [None, kind], "recipients": [None, addresses]})  # fmt: skip
    return schedule


def reports_due(*, today) -> int:
    """Hourly: each active schedule whose period ended and whose first working day after
    has come, and which has not written that period yet, asks for its report (once)."""
    from hisops.calendars import periods
    from hisops.calendars.selectors import working_days

    from .choices import PERIOD_OF

    asked = 0
    for schedule in ReportSchedule.objects.filter(is_active=True).select_related(
        "hospital", "contract", "calendar"
    ):
        period = periods.containing(PERIOD_OF[schedule.kind], today).previous()
        after = period.end + timedelta(days=1)
        first_working = next(
            iter(working_days(schedule.calendar, after, after + timedelta(days=31))), after
        )
        if today < first_working or schedule.last_period == period.key:
            continue
        with transaction.atomic():
            claimed = ReportSchedule.objects.filter(pk=schedule.pk).exclude(last_period=period.key).update(
                last_period=period.key)  # fmt: skip
            if not claimed:
                continue
            report = report_request(actor=SYSTEM, hospital=schedule.hospital, kind=schedule.kind, period=period.key,
                                    contract=schedule.contract, formats=schedule.formats)  # fmt: skip
            Report.objects.filter(pk=report.pk).update(schedule=schedule)
        asked += 1
    return asked


def _mail_scheduled(report: Report) -> None:
    """A scheduled report goes to its recipients with its files attached."""
    from hisops.notify.services import deliveries_plan

    schedule = report.schedule
    with system_language():
        title = _("%(kind)s %(period)s is ready") % {
            "kind": report.get_kind_display(),
            "period": report.period,
        }
        body = "\n".join(f"{d.name}  SHA-256 {d.sha256}" for d in report.documents.all())
    deliveries_plan(
        hospital=report.hospital, people=[], addresses=schedule.recipients, kind="service_report",
        key=f"report:{report.pk}", title=title, body=body, url=f"/reports/{report.number}/", channels=False,
        attachments=[{"name": d.name, "path": d.file.name, "content_type": d.content_type} for d in report.documents.all()],
    )  # fmt: skip
