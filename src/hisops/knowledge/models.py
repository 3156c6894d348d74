"""The knowledge base (运维知识库: cases, fixes, manuals) and the document archive (项目文档
管理 / 系统档案库): what survives staff turnover."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.models import TenantModel

from .choices import ArticleStatus, Audience, DocumentCategory


class Article(TenantModel):
    number = models.CharField(_("number"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.IT
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    items = models.ManyToManyField(
        "catalog.Item", blank=True, related_name="articles", verbose_name=_("items")
    )
    tags = models.CharField(
        _("tags"), max_length=200, blank=True, help_text=_("Separated by commas.")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    source_ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_problem = models.ForeignKey(
        "problems.Problem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "number"], name="article_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]


class ArticleVersion(TenantModel):
    """Each saved version of an article, kept."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["article_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="article_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"


def document_path(document: "Document", filename: str) -> str:
    import uuid

    return f"documents/{document.hospital_id}/{uuid.uuid4().hex}"


class Document(TenantModel):
    """A filed document: its category, the date or period it covers, the contract and
    items it concerns; SHA-256 kept; a new version replaces, never overwrites."""

    number = models.CharField(_("number"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=DocumentCategory.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, null=True, blank=True, related_name="documents",
        verbose_name=_("contract"),
    )  # fmt: skip
    items = models.ManyToManyField(
        "catalog.Item", blank=True, related_name="documents", verbose_name=_("items")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("replaces"),
    )  # fmt: skip
    text = models.TextField(blank=True)  # extracted, for search
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["hospital", "number", "version"], name="document_version_unique"
            )
        ]
        indexes = [
            models.Index(fields=["hospital", "category", "period_end"], name="document_category")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def current(self) -> bool:
        """Not replaced by a later version."""
        return not hasattr(self, "replaced_by")


class KnowledgeHelp(TenantModel):
    """ "这解决了我的问题": a person helped by an article or a resolved ticket before
    reporting, so reports avoided are counted, not claimed."""

    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="helped"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    query = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.article_id or self.ticket_id} helped"
