"""Automated checks and inspection reports.

    python bench/checks.py [--checks 500] [--silent 25] [--database-url postgres://...]

Creates ``--checks`` checks on a one-minute interval against real peers on loopback (an
HTTP server, a TCP listener, an MLLP listener answering AA), ``--silent`` of them against
an MLLP listener that never answers (each waits out its 5 s timeout), then times one run
of the schedule's due checks (``checks_run_due``, as the embedded scheduler calls it each
minute). Then renders one inspection's report (a quarterly database checklist over three
databases, every line read, signed) as PDF and DOCX and times each. Writes
bench/results/checks-<db>.json.
"""

import argparse
import io
import json
import socket
import sys
import threading
import time
from datetime import timedelta

from _common import ROOT, configure, progress

sys.path.insert(0, str(ROOT.parent))


def _accept_forever(listener: socket.socket) -> None:
    """A TCP peer: accepts every connection and closes it."""
    while True:
        connection, _address = listener.accept()
        connection.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--checks", type=int, default=500)
    parser.add_argument("--silent", type=int, default=25)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    vendor = configure(args.database_url)

    from django.utils import timezone
    from PIL import Image
    from tests.checks.peers import http_server, mllp_listener

    from hisops.calendars.models import BusinessCalendar
    from hisops.calendars.services import calendars_reference_load
    from hisops.catalog.models import Item
    from hisops.checks.models import Check, CheckResult
    from hisops.checks.services import check_create, checks_run_due
    from hisops.contracts.models import Contract
    from hisops.contracts.services import contract_covered_items_set, contract_template_load
    from hisops.core.capabilities import SYSTEM
    from hisops.core.models import Hospital
    from hisops.inspections import reports, services
    from hisops.inspections.models import ChecklistTemplate

    calendars_reference_load()
    hospital, _ = Hospital.objects.get_or_create(
        code="BENCHK", defaults={"name": "检查基准测试医院"}
    )
    Check.objects.filter(hospital=hospital).delete()
    item, _ = Item.objects.get_or_create(
        hospital=hospital, code="CK-HIS", defaults={"name": "HIS", "kind": "system"}
    )
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    threading.Thread(target=_accept_forever, args=(listener,), daemon=True).start()
    result: dict = {"database": vendor, "checks": args.checks, "silent": args.silent}
    with (
        http_server() as base,
        mllp_listener(answers=("AA",)) as (hl7, _r),
        mllp_listener(silent=True) as (mute, _s),
    ):
        kinds = [("http", f"{base}/ok"), ("http", f"{base}/ok"), ("http", f"{base}/ok"),
                 ("tcp", f"127.0.0.1:{listener.getsockname()[1]}"), ("hl7_mllp", f"127.0.0.1:{hl7}")]  # fmt: skip
        for n in range(args.checks):
            kind, target = kinds[n % len(kinds)]
            silent = n < args.silent
            check_create(actor=SYSTEM, hospital=hospital, name=f"检查{n:04d}", kind="hl7_mllp" if silent else kind,
                         target=f"127.0.0.1:{mute}" if silent else target, item=item, interval_minutes=1,
                         timeout_seconds=5)  # fmt: skip
            if n % 50 == 49:
                progress("checks", n + 1, args.checks)
        started = time.perf_counter()
        ran = checks_run_due(now=timezone.now() + timedelta(seconds=1))
        elapsed = time.perf_counter() - started
    passed = CheckResult.objects.filter(check_ref__hospital=hospital, ok=True).count()
    result.update({"ran": ran, "seconds": round(elapsed, 2), "passed": passed, "failed": ran - passed,
                   "within_the_minute": elapsed < 60})  # fmt: skip
    print(f"{ran} checks ({args.silent} silent, 5 s timeout) in {elapsed:.2f} s; {passed} passed")

    contract = Contract.objects.filter(hospital=hospital, number="CK-DB").first()
    databases = [Item.objects.get_or_create(hospital=hospital, code=f"CK-DB{n}",
                                            defaults={"name": name, "kind": "database"})[0]
                 for n, name in enumerate(("HIS 主库", "ADG 容灾库", "OGG 同步库"))]  # fmt: skip
    if contract is None:
        from hisops.accounts.models import Vendor

        vendor_row, _ = Vendor.objects.get_or_create(
            hospital=hospital, code="CKV", defaults={"name": "数据库厂商"}
        )
        contract = contract_template_load(actor=SYSTEM, hospital=hospital, vendor=vendor_row,
                                          template="seed002-database", number="CK-DB",
                                          starts_on=timezone.localdate().replace(month=1, day=1),
                                          ends_on=timezone.localdate().replace(month=12, day=31))  # fmt: skip
        contract_covered_items_set(actor=SYSTEM, contract=contract, items=databases)
    services.inspection_templates_install(actor=SYSTEM, hospital=hospital)
    template = ChecklistTemplate.objects.get(hospital=hospital, code="seed002-database-quarterly")
    plan = services.inspection_plan_create(actor=SYSTEM, hospital=hospital, name="季度数据库巡检", contract=contract,
                                           template=template, items=databases, cadence="quarterly",
                                           calendar=BusinessCalendar.objects.get(code="cn-workday"))  # fmt: skip
    inspection = services.inspection_plan_generate(
        actor=SYSTEM, plan=plan, year=timezone.localdate().year
    ).created[0]
    for line in inspection.results.all():
        value = {"pass_fail": "pass", "number": "12", "choice": "RUNNING", "text": "正常"}[
            line.kind
        ]
        services.inspection_record(actor=SYSTEM, inspection=inspection, result=line, value=value)
    services.inspection_complete(
        actor=SYSTEM, inspection=inspection, summary="运行正常，建议扩容 USERS 表空间。"
    )
    signature = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(signature, format="PNG")
    started = time.perf_counter()
    services.inspection_sign(
        actor=SYSTEM, inspection=inspection, signer_name="王主任", image=signature.getvalue()
    )
    result["sign_and_file_seconds"] = round(time.perf_counter() - started, 2)
    for fmt in reports.FORMATS:
        started = time.perf_counter()
        content = reports.render(inspection, fmt)
        result[f"report_{fmt}_seconds"] = round(time.perf_counter() - started, 2)
        result[f"report_{fmt}_bytes"] = len(content)
    result["report_lines"] = inspection.results.count()
    print(f"report of {result['report_lines']} lines: PDF {result['report_pdf_seconds']} s, "
          f"DOCX {result['report_docx_seconds']} s; sign and file both {result['sign_and_file_seconds']} s")  # fmt: skip
    out = ROOT / "results" / f"checks-{vendor}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
