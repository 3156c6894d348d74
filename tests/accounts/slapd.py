"""A real directory for the LDAP sign-in tests: Debian's slapd, started on a loopback port
with its own configuration and database in a temporary folder (`make test` installs slapd;
the system service is not used)."""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

SUFFIX = "dc=hospital,dc=cn"
ROOT_DN, ROOT_PASSWORD = f"cn=admin,{SUFFIX}", "Directory-Root-1"

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {home}/slapd.pid
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root}"
rootpw {password}
directory {home}/db
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Slapd:
    def __init__(self, home: Path):
        self.home, self.port = home, free_port()
        self.binary = shutil.which("slapd") or "/usr/sbin/slapd"
        self.uri = f"ldap://127.0.0.1:{self.port}"

    def start(self) -> "Slapd":
        if not Path(self.binary).exists():
            raise RuntimeError("slapd is not installed: run `make test` (it installs slapd)")
        (self.home / "db").mkdir(parents=True, exist_ok=True)
        config = self.home / "slapd.conf"
        config.write_text(
            CONFIG.format(home=self.home, suffix=SUFFIX, root=ROOT_DN, password=ROOT_PASSWORD)
        )
        subprocess.run([self.binary, "-f", str(config), "-h", f"{self.uri}/"], check=True)
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("slapd did not start")
        self.add(SUFFIX, objectClass=["dcObject", "organization"], o="Hospital", dc="hospital")
        self.add(f"ou=people,{SUFFIX}", objectClass=["organizationalUnit"], ou="people")
        return self

    def add(self, dn: str, **attrs) -> None:
        import ldap
        import ldap.modlist

        entry = {
            k: [v.encode() for v in (vs if isinstance(vs, list) else [vs])]
            for k, vs in attrs.items()
        }
        conn = ldap.initialize(self.uri)
        conn.simple_bind_s(ROOT_DN, ROOT_PASSWORD)
        conn.add_s(dn, ldap.modlist.addModlist(entry))
        conn.unbind_s()

    def person(self, uid: str, password: str, name: str, mail: str = "", phone: str = "") -> str:
        dn = f"uid={uid},ou=people,{SUFFIX}"
        extra = {k: v for k, v in (("mail", mail), ("telephoneNumber", phone)) if v}
        self.add(
            dn,
            objectClass=["inetOrgPerson"],
            uid=uid,
            cn=name,
            sn=name[:1],
            userPassword=password,
            **extra,
        )
        return dn

    def stop(self) -> None:
        pid = self.home / "slapd.pid"
        if pid.exists():
            os.kill(int(pid.read_text()), signal.SIGTERM)
