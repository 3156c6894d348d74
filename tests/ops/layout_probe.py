"""Run in a subprocess by test_migration_preservation, against one version of the code:

  layout_probe.py fill   the demo hospital plus a few tickets, mails, a WeCom message and
                         alerts, written with that version's own services
  layout_probe.py dump   every table's row count and its first rows, as JSON on stdout

``dump`` uses nothing but the database connection, so it reads any version's tables.
"""

import json
import sys

import django


def fill() -> None:
    from pathlib import Path

    from django.core.management import call_command

    call_command("demo", no_serve=True)
    from hisops.accounts.models import User
    from hisops.core.models import Hospital

    hospital = Hospital.objects.get()
    admin = User.objects.get(username="itadmin")
    # Tickets, through the service desk of that version.
    from hisops.catalog.models import Item
    from hisops.tickets.services import ticket_create

    item = Item.objects.filter(hospital=hospital, code="HIS-14").first() or Item.objects.first()
    for n in range(3):
        ticket_create(
            actor=admin, hospital=hospital, title=f"迁移检查工单 {n}", description="门诊收费卡顿",
            item=item, channel="phone",
        )  # fmt: skip
    # Mail in and a WeCom message (notify in the old layout, intake in the new).
    try:
        from hisops.notify import mail_in as mail
        from hisops.notify import services as intake
    except ImportError:
        from hisops.intake import mail
        from hisops.intake import services as intake
    mailbox = intake.mailbox_create(
        actor=admin, hospital=hospital, name="报修邮箱", host="127.0.0.1", username="repair",
        password="secret",
    )  # fmt: skip
    for eml in sorted(Path(sys.argv[2]).glob("*.eml")):
        mail.receive(mailbox=mailbox, raw=eml.read_bytes())
    app = intake.wecom_app_create(
        actor=admin, hospital=hospital, name="信息科报修", corp_id="wx5823bf96d3bd56c7",
        callback_token="QDG6eK", encoding_aes_key="jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    )  # fmt: skip
    intake.wecom_message_receive(
        app=app, message={"MsgId": "1", "FromUserName": "nurse", "MsgType": "text", "Content": "打印机不出纸"}
    )  # fmt: skip
    # Alerts through a hook.
    from hisops.monitoring import services as monitoring

    hook = monitoring.hook_create(actor=admin, hospital=hospital, kind="alertmanager")
    body = {"alerts": [
        {"status": "firing", "labels": {"alertname": "HISDown", "severity": "critical", "instance": f"his-{n}"},
         "startsAt": "2026-11-30T08:00:00+08:00", "fingerprint": f"fp{n}"}
        for n in range(3)
    ]}  # fmt: skip
    payload = monitoring.payload_accept(hook=hook, body=json.dumps(body).encode())
    monitoring.payload_process(payload_id=payload.pk)
    call_command("init")  # the beat schedule in django-celery-beat's table, as production has it


def dump() -> None:
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith(("django_migrations", "sqlite_")):
                continue
            q = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {q}")
            count = cursor.fetchone()[0]
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            order = "id" if "id" in columns else columns[0]
            cursor.execute(
                f"SELECT * FROM {q} ORDER BY {connection.ops.quote_name(order)} LIMIT 20"
            )
            rows = [dict(zip(columns, map(str, row), strict=True)) for row in cursor.fetchall()]
            out[table] = {"count": count, "rows": rows}
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hisops.config.settings")
    django.setup()
    {"fill": fill, "dump": dump}[sys.argv[1]]()
