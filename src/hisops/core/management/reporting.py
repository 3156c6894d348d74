"""How commands tell an operator what went wrong with a file, row by row."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from hisops.core.errors import DomainError


def fail_with_row_report(command, exc: DomainError) -> None:
    """Print the error's message and every row's errors to stderr, then fail (exit 1)."""
    command.stderr.write(exc.message)
    for row in exc.extra.get("rows", []):
        for column, messages in row["errors"].items():
            command.stderr.write(
                "  "
                + _("row %(row)d, %(column)s: %(messages)s")
                % {"row": row["row"], "column": column, "messages": " ".join(messages)}
            )
    for name, messages in exc.fields.items():
        command.stderr.write(f"  {name}: {' '.join(messages)}")
    raise CommandError(_("import failed; nothing was written")) from exc
