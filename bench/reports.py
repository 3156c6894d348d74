"""Service reports and dashboards at size.

    python bench/reports.py --month-tickets 100000 --database-url postgres://postgres@127.0.0.1/hisops_bench_reports
    python bench/reports.py --month-tickets 0 --database-url postgres://…/hisops_bench_1m   # dashboards on a 1M desk

Seeds the service desk of ``bench/tickets.py`` (``--tickets``, default none beyond what is
there), then ``--month-tickets`` more for one contract in one month (last month), each
with its clocks, resolved, rated, a few reopened. Then:

* the monthly report of that contract, written in process: content, then DOCX, XLSX and
  PDF, each timed (the whole ``report_write``, archive included, too);
* the dashboards' data over HTTP (gunicorn, the bench's token): ``/api/v1/dashboards/``
  ``leader``, ``it_head`` and ``wallboard``, and ``/api/v1/kpis/`` for the month, p50/p95.

Prints a table and writes bench/results/reports-<db>-<N>.json.
"""

import argparse
import json
import random
import time
from datetime import timedelta

from _common import ROOT, configure, maintain, measure, progress, serve_gunicorn

from tickets import LEVEL_WEIGHTS, reference_data, seed


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--tickets", type=int, default=0, help="the desk's size first (bench/tickets.py's seeding)"
    )
    parser.add_argument(
        "--month-tickets", type=int, default=100_000, help="tickets of one contract in last month"
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument("--requests", type=int, default=100, help="requests per dashboard")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    return parser.parse_args(argv)


def seed_month(hospital, contract, month, total: int) -> None:
    """``total`` tickets of ``contract`` reported in ``month``, resolved within hours, with
    their clocks (5% late), ratings, and one in fifty reopened."""
    from django.db import transaction

    from hisops.calendars.selectors import to_minutes
    from hisops.tickets.models import SLAClock, Ticket, TicketEvent

    have = Ticket.objects.filter(hospital=hospital, number__startswith="RPB-").count()
    if have >= total:
        return
    rng = random.Random(17)
    start, end = month.bounds(hospital.time_zone)
    span = end - start
    items = list(contract.covered_items.values_list("pk", flat=True))
    levels = [(level, [(t.target, t.calendar_id, to_minutes(t.calendar, t.duration, t.unit))
                       for t in level.targets.select_related("calendar")]) for level in contract.levels.all()]  # fmt: skip
    batch = 5000
    while have < total:
        rows, plans = [], []
        for n in range(have, min(have + batch, total)):
            reported = start + span * (n / total)
            level, targets = rng.choices(
                levels, weights=[LEVEL_WEIGHTS.get(lv.code, 1) for lv, _t in levels]
            )[0]
            rows.append(Ticket(
                hospital_id=hospital.pk, number=f"RPB-{n + 1:07d}", kind="incident" if n % 10 else "request",
                title=f"报表基准 {n}: 门诊收费打印异常", status="closed", channel="phone", item_id=rng.choice(items),
                contract_id=contract.pk, level_id=level.pk, reported_at=reported,
                resolved_at=reported + timedelta(minutes=rng.randrange(20, 600)),
                closed_at=reported + timedelta(days=1), satisfaction=rng.choice([5, 5, 4, 4, 3, None]),
            ))  # fmt: skip
            plans.append(targets)
        with transaction.atomic():
            Ticket.objects.bulk_create(rows)
            clocks, events = [], []
            for ticket, targets in zip(rows, plans, strict=True):
                for target, calendar_id, minutes in targets:
                    due = ticket.reported_at + timedelta(minutes=minutes)
                    late = rng.random() < 0.05
                    clocks.append(SLAClock(
                        hospital_id=hospital.pk, ticket_id=ticket.pk, target=target, calendar_id=calendar_id,
                        duration_minutes=minutes, due_at=due,
                        met_at=ticket.reported_at + timedelta(minutes=minutes * (1.3 if late else 0.5)), breached=late,
                    ))  # fmt: skip
                if ticket.pk % 50 == 0:
                    events.append(TicketEvent(hospital_id=hospital.pk, ticket_id=ticket.pk, action="reopen",
                                              at=ticket.resolved_at, from_status="resolved", to_status="in_progress"))  # fmt: skip
            SLAClock.objects.bulk_create(clocks)
            TicketEvent.objects.bulk_create(events)
        have += len(rows)
        progress("seeding the month", have, total)
    maintain()


def write_report(admin, contract, month) -> dict:
    """The monthly report: content, each format, and the whole write with its filing."""
    from hisops.evaluations.kpis import Subject
    from hisops.reports import content, render
    from hisops.reports.services import report_request, report_write

    timings = {}
    started = time.perf_counter()
    built = content.build(
        user=admin, kind="monthly", period=month, subject=Subject(contract=contract)
    )
    timings["content"] = round(time.perf_counter() - started, 2)
    sizes = {}
    for fmt in ("docx", "xlsx", "pdf"):
        started = time.perf_counter()
        data = render.render(built, fmt)
        timings[fmt] = round(time.perf_counter() - started, 2)
        sizes[fmt] = len(data)
    timings["content + three formats"] = round(sum(timings.values()), 2)
    started = time.perf_counter()
    report = report_request(actor=admin, hospital=contract.hospital, kind="monthly", period=month.key,
                            contract=contract, background=False)  # fmt: skip
    report = report_write(report_id=report.pk)
    timings["report_write (archived)"] = round(time.perf_counter() - started, 2)
    return {"timings_s": timings, "bytes": sizes, "status": report.status,
            "tickets_reported": built.kpis["tickets_reported"].value}  # fmt: skip


def main(argv=None) -> None:
    args = parse_args(argv)
    vendor_name = configure(args.database_url)
    import os

    from django.utils import timezone

    from hisops.calendars import periods
    from hisops.contracts.models import Contract
    from hisops.tickets.models import Ticket

    hospital, admin, token = reference_data()
    if args.tickets:
        seed(hospital, args.tickets)
    month = periods.containing("month", timezone.localdate()).previous()
    contract = Contract.objects.get(hospital=hospital, number="BT-00")
    if args.month_tickets:
        seed_month(hospital, contract, month, args.month_tickets)
    report = write_report(admin, contract, month)
    port, server = serve_gunicorn(os.environ["DATABASE_URL"], workers=args.workers)
    try:
        results = []
        for label, path in (
            ("dashboard leader", "/api/v1/dashboards/leader/"),
            ("dashboard it_head", "/api/v1/dashboards/it_head/"),
            ("dashboard wallboard", "/api/v1/dashboards/wallboard/"),
            ("kpis, contract, month", f"/api/v1/kpis/?contract={contract.pk}&period={month.key}"),
        ):
            try:
                result = measure(port, token, path, args.requests)
            except TimeoutError:
                result = {"p50_ms": "timeout", "p95_ms": "> 30000", "max_ms": ""}
            result["scenario"] = label
            results.append(result)
            progress(f"measuring {label:<24}", 1, 1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    total = Ticket.objects.filter(hospital=hospital).count()
    print(f"\nReports and dashboards, {total:,} tickets ({report['tickets_reported']:,} in {month.key} for "
          f"{contract.number}), {vendor_name}")  # fmt: skip
    for name, seconds in report["timings_s"].items():
        print(f"  monthly report {name:<26}{seconds:>8} s")
    print(f"{'scenario':<28}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for r in results:
        print(f"{r['scenario']:<28}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['max_ms']:>9}")
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / f"reports-{vendor_name}-{total}.json").write_text(json.dumps(
        {"tickets": total, "month": month.key, "report": report, "results": results}, ensure_ascii=False, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
