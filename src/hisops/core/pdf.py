"""The one way HISOps writes a PDF (signed repair sheets, inspection reports, service
reports): a Django template rendered to HTML, typeset by WeasyPrint with the CJK fonts
installed on the server (Debian's fonts-noto-cjk).

The document fetches nothing: stylesheets are inline and images (signatures, photos) are
``data:`` URIs, so rendering never reaches the network or the file system and a PDF is the
same on every node."""

import base64

from django.template.loader import render_to_string

# The typeface a reader of a Chinese official document expects, then what the server has.
FONTS = '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", serif'


def render_pdf(template_name: str, context: dict) -> bytes:
    """The PDF of ``template_name`` rendered with ``context``."""
    from weasyprint import HTML  # imported when a PDF is written: it loads Pango
    from weasyprint.urls import URLFetcher

    html = render_to_string(template_name, {**context, "pdf_fonts": FONTS})
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()


def data_uri(field_file, content_type: str = "image/png") -> str:
    """A stored image as a ``data:`` URI for a PDF template ('' when there is none)."""
    if not field_file:
        return ""
    with field_file.open("rb") as handle:
        encoded = base64.b64encode(handle.read()).decode("ascii")
    return f"data:{content_type};base64,{encoded}"
