"""Every ``hisops`` command run at the server is an audit event (等保 安全审计): the command
line (passwords blanked), the operating-system user and host that ran it, and whether it
succeeded. Recorded when the command ends (so ``init`` is recorded once the log exists)."""

import getpass
import socket
import sys

SECRET_OPTIONS = ("--password", "--bind-password", "--secret", "--token")
QUIET = {"help", "version", "check", "showmigrations", "makemigrations", "test"}  # reading only


def redacted(argv: list[str]) -> list[str]:
    shown, hide_next = [], False
    for arg in argv:
        if hide_next:
            shown.append("***")
            hide_next = False
        elif any(arg.startswith(option + "=") for option in SECRET_OPTIONS):
            shown.append(arg.split("=", 1)[0] + "=***")
        else:
            hide_next = arg in SECRET_OPTIONS
            shown.append(arg)
    return shown


def command_record(argv: list[str], *, ok: bool) -> None:
    """Write the audit event of one command; never lets the record break the command."""
    if not argv or argv[0] in QUIET:
        return
    try:
        from hisops.audit.services import audit_record
        from hisops.core.capabilities import SYSTEM

        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "?"
        audit_record(
            actor=SYSTEM, action="ops.cli.run", object_type="command", object_repr=argv[0][:200],
            changes={"os_user": [None, user], "host": [None, socket.gethostname()]},
            message=" ".join(["hisops", *redacted(argv)])[:1000], success=ok,
        )  # fmt: skip
    except Exception as exc:
        print(f"hisops: the command could not be recorded in the audit log: {exc}", file=sys.stderr)
