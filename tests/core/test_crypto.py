"""Encryption at rest (等保 数据保密性): SM4-GCM with keys kept outside the database; the
integration secrets are stored encrypted, a changed value is refused rather than read,
keys rotate with every value re-encrypted, and every CLI run is in the audit log."""

import base64

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.management import call_command
from django.db import connection

from hisops.audit.models import AuditEvent
from hisops.core import crypto
from hisops.intake.models import Mailbox
from hisops.intake.services import mailbox_create
from hisops.monitoring.services import hook_create
from hisops.notify.services import channel_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):
    settings.HISOPS_DATA_KEYS = ""
    settings.HISOPS_DATA_KEY_FILE = str(tmp_path / "keys" / "data-keys")
    return tmp_path / "keys" / "data-keys"


def stored(table: str, column: str, pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_cipher_is_sm4_by_the_standards_example():
    """GB/T 32907-2016 appendix A: one block under the example key."""
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    assert encryptor.update(key).hex() == "681edf34d206965e86b3e94f536e4246"


def test_text_round_trips_and_each_encryption_differs(key_file):
    first, second = crypto.encrypt("信息科 密码 Pa55!"), crypto.encrypt("信息科 密码 Pa55!")
    assert first.startswith("sm4gcm:k1:") and first != second
    assert crypto.decrypt(first) == crypto.decrypt(second) == "信息科 密码 Pa55!"
    assert key_file.stat().st_mode & 0o777 == 0o600  # the key file is the server's alone


def test_a_changed_value_or_a_missing_key_is_refused(settings):
    value = crypto.encrypt("secret")
    raw = bytearray(base64.b64decode(value.rsplit(":", 1)[1]))
    raw[14] ^= 1
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(value.rsplit(":", 1)[0] + ":" + base64.b64encode(bytes(raw)).decode())
    settings.HISOPS_DATA_KEYS = "k9:" + base64.b64encode(b"0" * 16).decode()
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(value)


def test_integration_secrets_are_stored_encrypted(it_admin, hospital):
    box = mailbox_create(actor=it_admin, hospital=hospital, name="报修", host="imap.example.cn",
                         username="helpdesk", password="Mail-Pass-1")  # fmt: skip
    channel = channel_create(actor=it_admin, hospital=hospital, kind="dingtalk", name="群",
                             target="https://oapi.dingtalk.com/robot/send?access_token=abc123", secret="SEC-xyz")  # fmt: skip
    hook = hook_create(actor=it_admin, hospital=hospital, kind="generic")
    for table, column, pk, clear in (
        ("intake_mailbox", "password", box.pk, "Mail-Pass-1"),
        ("notify_channel", "target", channel.pk, "abc123"),
        ("notify_channel", "secret", channel.pk, "SEC-xyz"),
        ("monitoring_hook", "token", hook.pk, hook.token),
    ):
        raw = stored(table, column, pk)
        assert raw.startswith("sm4gcm:") and clear not in raw, (table, column)
    assert Mailbox.objects.get(pk=box.pk).password == "Mail-Pass-1"
    assert stored("monitoring_hook", "token_digest", hook.pk) == crypto.lookup_digest(hook.token)


def test_rotation_reencrypts_every_value_and_retires_the_old_key(
    it_admin, hospital, key_file, capsys
):
    box = mailbox_create(actor=it_admin, hospital=hospital, name="报修", host="imap.example.cn",
                         username="helpdesk", password="Mail-Pass-1")  # fmt: skip
    assert crypto.key_id(stored("intake_mailbox", "password", box.pk)) == "k1"
    call_command("keys", "rotate", "--retire")
    assert "k2" in capsys.readouterr().out
    assert crypto.key_id(stored("intake_mailbox", "password", box.pk)) == "k2"
    assert key_file.read_text().startswith("k2:") and "k1:" not in key_file.read_text()
    assert Mailbox.objects.get(pk=box.pk).password == "Mail-Pass-1"
    assert AuditEvent.objects.filter(action="ops.keys.rotate", object_repr="k2").exists()
    call_command("keys", "status")
    assert "intake.Mailbox.password: {'k2': 1}" in capsys.readouterr().out


def test_every_cli_run_is_audited_with_the_os_user_and_host_and_no_password(hospital, monkeypatch):
    import getpass
    import socket

    from hisops.cli import main

    # A command closes the connections when it ends; the test's transaction needs its own.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    main(["user", "create", "cliuser", "--role", "it_engineer", "--hospital", hospital.code,
          "--password", "Cli-Pass-Word-1"])  # fmt: skip
    with pytest.raises(SystemExit):
        main(["user", "create", "cliuser", "--role", "nobody", "--hospital", hospital.code])
    runs = list(AuditEvent.objects.filter(action="ops.cli.run").order_by("pk"))
    assert [r.success for r in runs] == [True, False]
    assert runs[0].changes["os_user"][1] == getpass.getuser()
    assert runs[0].changes["host"][1] == socket.gethostname()
    assert "Cli-Pass-Word-1" not in runs[0].message and "--password ***" in runs[0].message
