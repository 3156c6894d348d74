"""Reads of the knowledge base and the archive, scoped. Articles: the hospital's IT reads
all, drafts too; vendors read published articles for all staff or for the vendors of
their items; everyone else reads published articles for all staff. Documents: IT and the
hospital's leaders read all; vendors those of their contracts; nobody else."""

from datetime import date

from django.db.models import Q, QuerySet

from hisops.core.capabilities import Cap, can
from hisops.core.errors import NotFound
from hisops.core.scoping import scope_to_user

from .choices import ArticleStatus, Audience
from .models import Article, Document


def article_queryset(*, user) -> QuerySet[Article]:
    qs = scope_to_user(Article.objects.all(), user)
    if can(user, Cap.ARTICLE_WRITE):
        return qs
    published = qs.filter(status=ArticleStatus.PUBLISHED)
    if getattr(user, "is_vendor", False):
        return published.filter(
            Q(audience=Audience.ALL) | Q(audience=Audience.VENDORS, items__vendor_id=user.vendor_id)
        ).distinct()
    return published.filter(audience=Audience.ALL)


def article_list(
    *, user, q: str = "", item: int | None = None, status: str = "", tag: str = ""
) -> QuerySet[Article]:
    qs = article_queryset(user=user)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q) | Q(number__icontains=q))
    if item:
        qs = qs.filter(Q(items=item) | Q(items__parent_id=item)).distinct()
    if status:
        qs = qs.filter(status=status)
    if tag:
        qs = qs.filter(tags__icontains=tag)
    return qs.prefetch_related("items").order_by("-updated_at", "-id")


def article_get(*, user, number: str) -> Article:
    article = article_queryset(user=user).filter(number=number).first()
    if article is None:
        raise NotFound()
    return article


def document_queryset(*, user) -> QuerySet[Document]:
    if not can(user, Cap.DOCUMENT_VIEW):
        return Document.objects.none()
    qs = scope_to_user(Document.objects.all(), user)
    if getattr(user, "is_vendor", False):
        qs = qs.filter(contract__vendor_id=user.vendor_id)
    return qs


def document_list(
    *, user, category: str = "", start: date | None = None, end: date | None = None, contract: int | None = None,
    q: str = "", history: bool = False,
) -> QuerySet[Document]:  # fmt: skip
    """Documents by category and the period they cover (any overlap with start–end); the
    current versions unless ``history``."""
    qs = document_queryset(user=user)
    if not history:
        qs = qs.filter(replaced_by__isnull=True)
    if category:
        qs = qs.filter(category=category)
    if start:
        qs = qs.filter(
            Q(period_end__gte=start) | Q(period_end__isnull=True, created_at__date__gte=start)
        )
    if end:
        qs = qs.filter(
            Q(period_start__lte=end) | Q(period_start__isnull=True, created_at__date__lte=end)
        )
    if contract:
        qs = qs.filter(contract_id=contract)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(text__icontains=q))
    return (
        qs.select_related("contract", "uploaded_by")
        .defer("text")
        .order_by("-period_end", "-created_at", "-id")
    )


def document_get(*, user, pk: int) -> Document:
    document = (
        document_queryset(user=user).select_related("contract", "replaces").filter(pk=pk).first()
    )
    if document is None:
        raise NotFound()
    return document


def document_versions(*, document: Document) -> list[Document]:
    """This document's earlier versions, newest first."""
    versions, current = [], document.replaces
    while current is not None:
        versions.append(current)
        current = current.replaces
    return versions


def document_current(
    *, hospital, category: str, title: str, contract, extension: str
) -> Document | None:
    """The current version of a document filed by the system under this title (a report
    regenerated files a new version of it)."""
    return (
        Document.objects.filter(hospital=hospital, category=category, title=title, contract=contract,
                                name__iendswith=f".{extension}", replaced_by__isnull=True)
        .order_by("-version", "-id")
        .first()
    )  # fmt: skip
