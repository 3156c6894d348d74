"""What the audit log says of the knowledge base and the archive."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys, link_objects
from hisops.core.capabilities import Cap

describe_actions({
    "knowledge.article.publish": _("published an article"),
    "knowledge.article.withdraw": _("took an article back to draft"),
    "knowledge.document.upload": _("filed a document"),
    "knowledge.document.download": _("downloaded a document"),
})  # fmt: skip
describe_keys({"fields": _("fields"), "file": _("file"), "sha256": _("SHA-256")})
link_objects({
    "knowledge.article": (Cap.ARTICLE_WRITE, lambda article: f"/knowledge/{article.number}/"),
    "knowledge.document": (Cap.DOCUMENT_VIEW, lambda document: f"/knowledge/documents/{document.pk}/"),
})  # fmt: skip
