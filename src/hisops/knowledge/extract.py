"""The text of an archived document, for search: Word, Excel, PDF and plain text. A file
that cannot be read is archived all the same, without text."""

import io
import logging
from pathlib import PurePath

logger = logging.getLogger(__name__)
LIMIT = 200_000  # characters kept per document


def text_of(name: str, content: bytes) -> str:
    suffix = PurePath(name).suffix.lower()
    try:
        if suffix == ".docx":
            text = _docx(content)
        elif suffix == ".xlsx":
            text = _xlsx(content)
        elif suffix == ".pdf":
            text = _pdf(content)
        elif suffix == ".txt":
            text = _plain(content)
        else:
            return ""
    except Exception as exc:
        logger.warning("no text from %s: %s", suffix, exc)
        return ""
    return " ".join(text.split())[:LIMIT]


def _docx(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _xlsx(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    parts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts += [str(v) for v in row if v is not None]
            if len(parts) > 50_000:
                break
    return "\n".join(parts)


def _pdf(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join((page.extract_text() or "") for page in reader.pages[:200])


def _plain(content: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("utf-8", errors="replace")
