"""Mail intake against a real IMAP server (dovecot on loopback) and real-shaped mail:
GB2312/GBK subjects and bodies, threaded replies, a QQ Mail reply with only the number in
its subject, an auto-reply, an attachment; polling twice changes nothing."""

import os
import shutil
import tempfile
from email import message_from_bytes
from email.header import Header
from pathlib import Path

import pytest

from hisops.core.capabilities import Role
from hisops.intake.mail import poll
from hisops.intake.models import Mailbox
from hisops.tickets.models import Ticket

from .dovecot import Dovecot

pytestmark = pytest.mark.django_db
MAIL = Path(__file__).parent / "mail"


@pytest.fixture
def imap():
    # Not under pytest's tmp_path: dovecot's unprivileged processes must reach the folder.
    home = Path(tempfile.mkdtemp(prefix="hisops-dovecot-"))
    home.chmod(0o755)
    server = Dovecot(home).start()
    yield server
    server.stop()
    if not os.environ.get("KEEP_DOVECOT"):
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def mailbox(hospital, imap):
    return Mailbox.objects.create(hospital=hospital, name="报修邮箱", host="127.0.0.1", port=imap.port, use_ssl=False,
                                  username=imap.user, password=imap.password)  # fmt: skip


def test_mail_becomes_tickets_and_replies_comments_once(imap, mailbox, make_user):
    nurse = make_user(Role.CLINICIAN, username="zhou", email="zhou@demo-hospital.cn")
    imap.deliver((MAIL / "new_gbk.eml").read_bytes())
    imap.deliver((MAIL / "auto_reply.eml").read_bytes())
    imap.deliver((MAIL / "with_attachment.eml").read_bytes())
    outcomes = poll(mailbox=mailbox)
    assert outcomes[1] == "ignored" and [o.split()[0] for o in outcomes] == [
        "ticket",
        "ignored",
        "ticket",
    ]
    printing = Ticket.objects.get(title="护士站打印医嘱卡死")  # the GB2312 subject, decoded
    assert (
        printing.channel == "email"
        and printing.reporter == nurse
        and "重启后仍然如此" in printing.description
    )
    lis = Ticket.objects.get(title="LIS 检验结果无法回传")
    assert lis.attachments.get().name == "截图.png"
    imap.deliver((MAIL / "reply_threaded.eml").read_bytes())
    qq = message_from_bytes((MAIL / "qq_reply_template.eml").read_bytes())
    del qq["Subject"]
    qq["Subject"] = Header(f"回复：[{printing.number}] 护士站打印医嘱卡死", "gb18030")
    imap.deliver(qq.as_bytes())
    again = poll(mailbox=mailbox)  # the first three again (seen), then the two replies
    assert again == [
        "seen",
        "seen",
        "seen",
        f"comment {printing.number}",
        f"comment {printing.number}",
    ]
    notes = list(printing.events.filter(action="comment").values_list("note", flat=True))
    assert any("打印模板" in n for n in notes) and any("处理进度" in n for n in notes)
    assert Ticket.objects.count() == 2
    assert poll(mailbox=mailbox) == ["seen"] * 5


def test_a_wrong_password_is_recorded_not_raised(mailbox):
    Mailbox.objects.filter(pk=mailbox.pk).update(password="wrong")
    mailbox.refresh_from_db()
    assert poll(mailbox=mailbox) == []
    mailbox.refresh_from_db()
    assert mailbox.last_error and mailbox.last_polled_at


def test_the_channels_page_adds_a_mailbox_that_the_poll_reads(client, it_admin, imap):
    client.force_login(it_admin)
    response = client.post("/intake/", {"form": "mailbox", "name": "信息科报修邮箱", "host": "127.0.0.1",
                                                         "port": imap.port, "username": imap.user, "password": imap.password})  # fmt: skip
    assert response.status_code == 302
    imap.deliver((MAIL / "with_attachment.eml").read_bytes())
    from hisops.intake.mail import poll_all

    assert poll_all() == 1 and Ticket.objects.filter(channel="email").count() == 1
    assert "信息科报修邮箱" in client.get("/intake/").content.decode()
