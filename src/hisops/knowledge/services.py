"""Writes to the knowledge base and the document archive. Articles keep every version;
a document is never overwritten: a new file is a new version that replaces the old."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.capabilities import SYSTEM, Cap, require
from hisops.core.errors import Conflict, PermissionDenied, ValidationError
from hisops.core.files import checked_upload
from hisops.core.i18n import system_language
from hisops.core.numbering import sequence_next

from .choices import ArticleStatus, Audience, DocumentCategory
from .extract import text_of
from .models import Article, ArticleVersion, Document, KnowledgeHelp

DOCUMENT_TYPES = {".docx", ".xlsx", ".pdf", ".png", ".jpg", ".jpeg", ".txt"}
ARTICLE_FIELDS = ("title", "body", "audience", "tags")


def _number(hospital, prefix: str) -> str:
    return sequence_next(hospital=hospital, prefix=prefix, year=timezone.localdate().year, width=4)


def _article_errors(*, hospital, title: str, body: str, audience: str, items) -> dict:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("This field is required.")]
    if not body.strip():
        errors["body"] = [_("This field is required.")]
    if len(body) > 100_000:
        errors["body"] = [_("At most 100,000 characters.")]
    if audience not in Audience.values:
        errors["audience"] = [_("Choose one of: %s.") % ", ".join(Audience.values)]
    if any(i.hospital_id != hospital.pk for i in items):
        errors["items"] = [_("It belongs to another hospital.")]
    return errors


@transaction.atomic
def article_create(
    *, actor, hospital, title: str, body: str, audience: str = Audience.IT, items=(), tags: str = "",
    source_ticket=None, source_problem=None,
) -> Article:  # fmt: skip
    require(actor, Cap.ARTICLE_WRITE, hospital)
    items = list(items)
    errors = _article_errors(
        hospital=hospital, title=title, body=body, audience=audience, items=items
    )
    if errors:
        raise ValidationError(fields=errors)
    article = Article.objects.create(
        hospital=hospital, number=_number(hospital, "KB"), title=title.strip(), body=body, audience=audience,
        tags=tags.strip()[:200], source_ticket=source_ticket, source_problem=source_problem,
        created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    article.items.set(items)
    ArticleVersion.objects.create(hospital=hospital, article=article, version=1, title=article.title, body=body,
                                  edited_by=article.created_by)  # fmt: skip
    audit_record(actor=actor, action="knowledge.article.create", obj=article)
    return article


@transaction.atomic
def article_update(*, actor, article: Article, items=None, **fields) -> Article:
    """Save an edit; a change of title or text is a new version (the old ones are kept)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(actor, Cap.ARTICLE_WRITE, article.hospital)
    unknown = set(fields) - set(ARTICLE_FIELDS)
    if unknown:
        raise ValidationError(
            fields={name: [_("This field cannot be changed.")] for name in unknown}
        )
    merged = {name: fields.get(name, getattr(article, name)) for name in ARTICLE_FIELDS}
    items = list(items) if items is not None else None
    errors = _article_errors(hospital=article.hospital, title=merged["title"], body=merged["body"],
                             audience=merged["audience"], items=items or [])  # fmt: skip
    if errors:
        raise ValidationError(fields=errors)
    new_text = merged["title"].strip() != article.title or merged["body"] != article.body
    changed = [name for name in ARTICLE_FIELDS if merged[name] != getattr(article, name)]
    for name in ARTICLE_FIELDS:
        setattr(article, name, merged[name].strip() if name in ("title", "tags") else merged[name])
    if new_text:
        article.version += 1
        ArticleVersion.objects.create(hospital_id=article.hospital_id, article=article, version=article.version,
                                      title=article.title, body=article.body,
                                      edited_by=actor if getattr(actor, "pk", None) else None)  # fmt: skip
    article.save()
    if items is not None:
        article.items.set(items)
        changed.append("items")
    if changed:
        audit_record(actor=actor, action="knowledge.article.update", obj=article,
                     changes={"version": [None, article.version], "fields": [None, changed]})  # fmt: skip
    return article


@transaction.atomic
def article_publish(*, actor, article: Article, published: bool = True) -> Article:
    """Publish (to its audience) or take back to draft."""
    require(actor, Cap.ARTICLE_WRITE, article.hospital)
    status = ArticleStatus.PUBLISHED if published else ArticleStatus.DRAFT
    if article.status != status:
        before = article.status
        article.status = status
        article.published_at = timezone.now() if published else None
        article.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(actor=actor, action="knowledge.article.publish" if published else "knowledge.article.withdraw",
                     obj=article, changes={"status": [before, status]})  # fmt: skip
    return article


def _sections(pairs) -> str:
    return "\n\n".join(
        f"## {heading}\n\n{text.strip()}" for heading, text in pairs if (text or "").strip()
    )


def article_from_ticket(*, actor, ticket) -> Article:
    """A draft from a resolved ticket: symptom, cause, resolution (the masked text: an
    article may be read by vendors and clinicians)."""
    ticket = type(ticket).objects.get(pk=ticket.pk)  # as it stands now, resolution included
    with system_language():
        body = _sections([
            (_("Symptom"), ticket.description or ticket.title),
            (_("Cause"), "\n".join(filter(None, [ticket.get_cause_category_display() if ticket.cause_category else "",
                                                 ticket.review_cause]))),
            (_("Resolution"), ticket.resolution),
        ])  # fmt: skip
    return article_create(actor=actor, hospital=ticket.hospital, title=ticket.title, body=body or ticket.title,
                          items=[ticket.item] if ticket.item_id else [], source_ticket=ticket)  # fmt: skip


def article_from_problem(*, actor, problem) -> Article:
    """A draft from a problem: symptom, cause, workaround, resolution."""
    with system_language():
        body = _sections([
            (_("Symptom"), problem.description or problem.title), (_("Cause"), problem.root_cause),
            (_("Workaround"), problem.workaround), (_("Resolution"), problem.conclusion),
        ])  # fmt: skip
    return article_create(actor=actor, hospital=problem.hospital, title=problem.title, body=body or problem.title,
                          items=[problem.item] if problem.item_id else [], source_problem=problem)  # fmt: skip


def knowledge_helped(
    *, actor, hospital, article=None, ticket=None, query: str = ""
) -> KnowledgeHelp:
    """ "这解决了我的问题": counted per month as reports avoided. Not an audit event."""
    if article is None and ticket is None:
        raise ValidationError(_("Say which article or ticket helped."))
    return KnowledgeHelp.objects.create(hospital=hospital, article=article, ticket=ticket, query=query.strip()[:200],
                                        person=actor if getattr(actor, "pk", None) else None)  # fmt: skip


@transaction.atomic
def document_upload(
    *, actor, hospital, title: str, category: str, upload, period_start=None, period_end=None, contract=None,
    items=(), replaces: Document | None = None,
) -> Document:  # fmt: skip
    """File a document. Vendor staff file only under their own contracts. A new version
    names the document it replaces (same category and contract)."""
    require(actor, Cap.DOCUMENT_UPLOAD, hospital)
    items = list(items)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("This field is required.")]
    if category not in DocumentCategory.values:
        errors["category"] = [_("Choose one of: %s.") % ", ".join(DocumentCategory.values)]
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = [_("The period ends before it starts.")]
    if contract is not None and contract.hospital_id != hospital.pk:
        errors["contract"] = [_("It belongs to another hospital.")]
    if any(i.hospital_id != hospital.pk for i in items):
        errors["items"] = [_("It belongs to another hospital.")]
    if replaces is not None and (replaces.hospital_id != hospital.pk or not replaces.current):
        errors["replaces"] = [
            _("Only the current version of a document of this hospital is replaced.")
        ]
    if errors:
        raise ValidationError(fields=errors)
    if getattr(actor, "is_vendor", False) and (
        contract is None or contract.vendor_id != actor.vendor_id
    ):
        raise PermissionDenied(_("A vendor files documents under its own contracts only."))
    checked = checked_upload(upload, allowed=DOCUMENT_TYPES)
    content = upload.read()
    upload.seek(0)
    document = Document(
        hospital=hospital, number=replaces.number if replaces else _number(hospital, "DOC"), title=title.strip(),
        category=category, name=checked.name, content_type=checked.content_type, size=checked.size,
        sha256=checked.sha256, period_start=period_start, period_end=period_end or period_start, contract=contract,
        version=replaces.version + 1 if replaces else 1, replaces=replaces, text=text_of(checked.name, content),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    document.file.save(checked.name, upload, save=False)
    document.save()
    document.items.set(items)
    audit_record(actor=actor, action="knowledge.document.upload", obj=document,
                 changes={"file": [None, checked.name], "sha256": [None, checked.sha256],
                          "version": [None, document.version]})  # fmt: skip
    return document


def document_open(*, actor, document: Document):
    """The stored file, for someone allowed to read it (the selector's scope): checked
    against its SHA-256 first, and the read recorded."""
    from hisops.core.sealing import file_digest

    if file_digest(document.file) != document.sha256:
        raise Conflict(
            _("The stored file no longer matches the checksum taken when it was filed."),
            code="altered",
        )
    audit_record(actor=actor, action="knowledge.document.download", obj=document)
    return document.file.open("rb")


def repair_sheet_archive(*, visit_id: int) -> Document | None:
    """File a signed repair sheet as a PDF (签字维修单), under the ticket's contract and
    item; once per visit, so a repeated delivery files nothing twice."""
    from django.core.files.base import ContentFile

    from hisops.tickets.documents import repair_sheet_pdf
    from hisops.tickets.selectors import visit_for_archive

    visit = visit_for_archive(pk=visit_id)
    ticket = visit.ticket
    name = f"{ticket.number}-{visit.pk}.pdf"
    if (
        not visit.signed
        or Document.objects.filter(
            hospital=ticket.hospital, category=DocumentCategory.REPAIR_SHEET, name=name
        ).exists()
    ):
        return None
    with system_language():
        title = _("Signed repair sheet %(number)s") % {"number": ticket.number}
        content = repair_sheet_pdf(visit)
    return document_upload(
        actor=SYSTEM, hospital=ticket.hospital, title=title, category=DocumentCategory.REPAIR_SHEET,
        upload=ContentFile(content, name=name),
        period_start=timezone.localdate(visit.signed_at), contract=ticket.contract,
        items=[ticket.item] if ticket.item_id else [],
    )  # fmt: skip
