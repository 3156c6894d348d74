"""A real IMAP server for the mail intake tests: Debian's dovecot, started on a loopback
port with a configuration, users and mail store in a temporary folder (the Makefile
installs dovecot-imapd; the system service is not used)."""

import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

from tests.notify.peers import free_port

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {home}/run
state_dir = {home}/state
log_path = {home}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
default_internal_user = {internal}
default_login_user = {login}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {home}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={home}/mail/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


class Dovecot:
    def __init__(self, home: Path, user: str = "helpdesk", password: str = "Mail-Test-1"):
        self.home, self.user, self.password, self.port = home, user, password, free_port()
        self.binary = shutil.which("dovecot") or "/usr/sbin/dovecot"

    def start(self) -> "Dovecot":
        if not Path(self.binary).exists():
            raise RuntimeError(
                "dovecot is not installed: run `make test` (it installs dovecot-imapd)"
            )
        me = pwd.getpwuid(os.getuid())
        internal = "dovecot" if os.getuid() == 0 else me.pw_name
        login = "dovenull" if os.getuid() == 0 else me.pw_name
        for sub in ("run", "state", "mail"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        (self.home / "users").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        self.config = self.home / "dovecot.conf"
        # Dovecot refuses to keep mail as root: as root, mail belongs to its own user.
        mail_user = pwd.getpwnam("dovecot") if os.getuid() == 0 else me
        os.chown(self.home / "mail", mail_user.pw_uid, mail_user.pw_gid)
        self.config.write_text(CONFIG.format(home=self.home, port=self.port, uid=mail_user.pw_uid, gid=mail_user.pw_gid,
                                             internal=internal, login=login))  # fmt: skip
        os.chmod(self.home, 0o755)
        subprocess.run([self.binary, "-c", str(self.config)], check=True)
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(
            "dovecot did not start: "
            + (self.home / "dovecot.log").read_text(errors="replace")[-2000:]
        )

    def stop(self) -> None:
        subprocess.run([self.binary, "-c", str(self.config), "stop"], check=False)

    def deliver(self, raw: bytes) -> None:
        """Put a message in the user's INBOX over IMAP (APPEND), as a mail server would."""
        import imaplib

        with imaplib.IMAP4("127.0.0.1", self.port) as client:
            client.login(self.user, self.password)
            client.append("INBOX", None, None, raw)
