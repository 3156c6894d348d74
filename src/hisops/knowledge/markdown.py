"""Articles' Markdown, rendered safely: raw HTML is not passed through (it shows as text),
and links to ``javascript:`` and the like are not made (markdown-it's link check)."""

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_renderer = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False}
).enable("table")


def rendered(text: str) -> SafeString:
    return mark_safe(_renderer.render(text or ""))
