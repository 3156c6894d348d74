"""The service desk at a fixed size: N tickets with their SLA clocks.

    python bench/tickets.py --tickets 1000000 --database-url postgres://postgres@127.0.0.1/hisops_bench_tickets

Seeds one hospital — 10 vendors, each under a seed-002 contract covering 20 systems; 30
departments; 60 engineers — with N tickets reported over the last three years: the
newest 2% still open at every stage, the rest closed or cancelled, each with the clocks
its level plans (met, breached or running). Seeding is skipped when the database already
holds N tickets. Then, against gunicorn (4 sync workers) on loopback:

* create: ``POST /api/v1/tickets/`` from 4 concurrent keep-alive clients, req/s and p50/p95;
* the API list (first page; open tickets of one vendor) and the queue page (default: open
  tickets; filtered by system and SLA state), p50/p95 over HTTP;
* a ticket's detail, API and page, over many different tickets;
* the SLA sweep, in process: time and query count.

Prints a table and writes bench/results/tickets-<db>-<N>.json.
"""

import argparse
import http.client
import json
import random
import statistics
import threading
import time
from datetime import timedelta
from urllib.parse import quote

from _common import ROOT, configure, maintain, measure, progress, serve_gunicorn, session_cookie

OPEN_SHARE = 0.02
OPEN_STAGES = ["new", "accepted", "in_progress", "waiting_hospital", "dispatched", "arrived", "solution_proposed"]  # fmt: skip
LEVEL_WEIGHTS = {"1": 2, "2": 18, "3": 50, "4": 30}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument(
        "--articles", type=int, default=0, help="knowledge articles seeded beside the tickets"
    )
    parser.add_argument("--creates", type=int, default=2000, help="tickets created over the API")
    parser.add_argument("--clients", type=int, default=4, help="concurrent API clients for creates")
    parser.add_argument("--requests", type=int, default=200, help="requests per read scenario")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--database-url", default="", help="default: SQLite bench.sqlite3 in HISOPS_HOME"
    )
    return parser.parse_args(argv)


def reference_data():
    """The hospital, its contracts, departments and people (created once)."""
    from datetime import date

    from hisops.accounts.models import Department, User, Vendor
    from hisops.accounts.services import token_create
    from hisops.calendars.services import shipped_calendars_ensure, statutory_holidays_seed
    from hisops.catalog.models import Item
    from hisops.contracts.models import Contract
    from hisops.contracts.services import contract_covered_items_set, contract_template_load
    from hisops.core.capabilities import SYSTEM
    from hisops.core.models import Hospital

    shipped_calendars_ensure()
    statutory_holidays_seed()
    hospital, _ = Hospital.objects.get_or_create(
        code="BENCHT", defaults={"name": "工单基准测试医院"}
    )
    for n in range(10):
        vendor, _ = Vendor.objects.get_or_create(
            hospital=hospital, code=f"TV{n:02d}", defaults={"name": f"运维厂商{n:02d}"}
        )
        if not Contract.objects.filter(hospital=hospital, number=f"BT-{n:02d}").exists():
            items = [
                Item.objects.get_or_create(hospital=hospital, code=f"TS-{n:02d}-{k:02d}",
                                           defaults={"name": f"系统{n:02d}-{k:02d}", "kind": "system", "vendor": vendor})[0]
                for k in range(20)
            ]  # fmt: skip
            contract = contract_template_load(
                actor=SYSTEM, hospital=hospital, vendor=vendor, template="seed002-his-emr", number=f"BT-{n:02d}",
                starts_on=date(2023, 1, 1), ends_on=date(2027, 12, 31),
            )  # fmt: skip
            contract_covered_items_set(actor=SYSTEM, contract=contract, items=items)
    for n in range(30):
        Department.objects.get_or_create(
            hospital=hospital, code=f"TD{n:02d}", defaults={"name": f"临床科室{n:02d}"}
        )
    if not User.objects.filter(username="tbench").exists():
        people = [
            User(username="tbench", role="it_admin", hospital=hospital, full_name="基准管理员")
        ]
        people += [
            User(
                username=f"teng{n:02d}",
                role="it_engineer",
                hospital=hospital,
                full_name=f"工程师{n:02d}",
            )
            for n in range(60)
        ]
        for person in people:
            person.set_unusable_password()
        User.objects.bulk_create(people)
    admin = User.objects.get(username="tbench")
    return hospital, admin, token_create(actor=SYSTEM, user=admin)


def seed(hospital, total: int) -> None:
    """Tickets and clocks in bulk (the shape of three years of use, not their history:
    no timeline entries are written for seeded tickets)."""
    from django.db import transaction
    from django.utils import timezone

    from hisops.accounts.models import Department, User
    from hisops.calendars.selectors import to_minutes
    from hisops.contracts.models import Contract
    from hisops.core.models import Sequence
    from hisops.tickets.models import SLAClock, Ticket

    have = Ticket.objects.filter(hospital=hospital).count()
    if have >= total:
        return
    rng = random.Random(11)
    contracts = list(
        Contract.objects.filter(hospital=hospital).prefetch_related(
            "levels__targets", "covered_items"
        )
    )
    plans = []  # (item id, contract id, level, [(target, calendar id, minutes)])
    for contract in contracts:
        for item in contract.covered_items.all():
            for level in contract.levels.all():
                targets = [
                    (t.target, t.calendar_id, to_minutes(t.calendar, t.duration, t.unit))
                    for t in level.targets.select_related("calendar")
                ]
                plans.append(
                    (item.pk, contract.pk, level, targets, LEVEL_WEIGHTS.get(level.code, 1))
                )
    weights = [p[4] for p in plans]
    departments = list(Department.objects.filter(hospital=hospital).values_list("pk", flat=True))
    engineers = list(
        User.objects.filter(hospital=hospital, role="it_engineer").values_list("pk", flat=True)
    )
    now = timezone.now()
    span = timedelta(days=3 * 365)
    open_from = int(total * (1 - OPEN_SHARE))
    batch = 5000
    while have < total:
        rows, plan_of = [], []
        for n in range(have, min(have + batch, total)):
            reported = now - span + span * (n / total)
            item_id, contract_id, level, targets, _w = rng.choices(plans, weights)[0]
            is_open = n >= open_from
            status = (
                rng.choice(OPEN_STAGES) if is_open else ("cancelled" if n % 37 == 0 else "closed")
            )
            year = timezone.localtime(reported).year
            rows.append(Ticket(
                hospital_id=hospital.pk, number=f"INC-{year}-{n + 1:06d}", kind="incident",
                title=f"工单 {n}: {'医保接口超时' if n % 1000 == 7 else '打印' if n % 3 else '登录'}异常，科室报修",
                description="基准测试数据",
                status=status, channel=rng.choice(["web", "phone", "wecom"]), reporter_name="报修人",
                department_id=rng.choice(departments), item_id=item_id, contract_id=contract_id, level_id=level.pk,
                reported_at=reported, assignee_id=rng.choice(engineers) if status != "new" else None,
                paused_since=reported + timedelta(minutes=20) if status == "waiting_hospital" else None,
                resolved_at=None if is_open else reported + timedelta(hours=3),
                closed_at=None if is_open else reported + timedelta(days=2),
                satisfaction=None if is_open else rng.choice([4, 5, 5, 5, 3]),
            ))  # fmt: skip
            plan_of.append(targets)
        with transaction.atomic():
            Ticket.objects.bulk_create(rows)
            clocks = []
            for ticket, targets in zip(rows, plan_of, strict=True):
                for target, calendar_id, minutes in targets:
                    due = ticket.reported_at + timedelta(minutes=minutes)
                    running = ticket.status in OPEN_STAGES and (
                        target == "initial_solution" or ticket.status == "new"
                    )
                    late = rng.random() < 0.05
                    clocks.append(SLAClock(
                        hospital_id=hospital.pk, ticket_id=ticket.pk, target=target, calendar_id=calendar_id,
                        duration_minutes=minutes, due_at=due, warn_at=due - timedelta(minutes=minutes // 4),
                        met_at=None if running else ticket.reported_at + timedelta(minutes=minutes * (1.3 if late else 0.5)),
                        breached=late or (running and due <= now),
                        # The sweep has run before: past warnings and escalations are done.
                        warned_at=due if due <= now else None, escalated_at=due if running and due <= now else None,
                    ))  # fmt: skip
            SLAClock.objects.bulk_create(clocks)
        have += len(rows)
        progress("seeding tickets", have, total)
    # Creates over the API carry on from the newest seeded number (this year's counter).
    newest = Ticket.objects.filter(hospital=hospital).latest("id").number
    _prefix, year, last = newest.split("-")
    Sequence.objects.update_or_create(
        hospital=hospital, prefix="INC", year=int(year), defaults={"last": int(last)}
    )
    index_tickets()
    progress("statistics", 0, 1)
    maintain()
    progress("statistics", 1, 1)


def seed_articles(hospital, total: int) -> None:
    """Published knowledge articles in bulk (one in three about printers, one in a hundred
    about the 医保 interface), indexed as `hisops search reindex` does."""
    from django.db import transaction
    from django.utils import timezone

    from hisops.knowledge.models import Article
    from hisops.search.services import reindex

    have = Article.objects.filter(hospital=hospital).count()
    if have >= total:
        return
    now = timezone.now()
    while have < total:
        rows = []
        for n in range(have, min(have + 5000, total)):
            topic = (
                "医保接口对账失败的处理"
                if n % 100 == 3
                else "打印机卡纸与驱动"
                if n % 3 == 0
                else "账号登录与权限"
            )
            rows.append(Article(
                hospital_id=hospital.pk, number=f"KB-{n + 1:06d}", title=f"{topic}（第 {n} 篇）",
                body=f"## 现象\n\n{topic}，科室报修后按以下步骤处理。\n\n## 处理\n\n1. 检查\n2. 重试\n",
                audience="all", status="published", published_at=now, tags="基准",
            ))  # fmt: skip
        with transaction.atomic():
            Article.objects.bulk_create(rows)
        have += len(rows)
        progress("seeding articles", have, total)
    reindex(
        kinds=["article"],
        progress=lambda kind, done, count: progress("indexing articles", done, count),
    )


def index_tickets() -> None:
    """Seeded rows bypass the save that indexes a ticket: index them as `hisops search
    reindex` does."""
    from hisops.search.models import SearchEntry
    from hisops.search.services import reindex
    from hisops.tickets.models import Ticket

    if SearchEntry.objects.filter(kind="ticket").count() < Ticket.objects.count():
        reindex(
            kinds=["ticket"],
            progress=lambda kind, done, total: progress("indexing tickets", done, total),
        )


def create_load(port: int, token: str, items: list[int], creates: int, clients: int) -> dict:
    """``clients`` threads, each with its own keep-alive connection, share ``creates`` POSTs."""
    timings: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    per_client = creates // clients

    def client(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        mine = []
        for _ in range(per_client):
            body = json.dumps({"title": "住院护士工作站打印卡死", "item": rng.choice(items), "level": rng.choice("234"),
                               "channel": "phone", "description": "基准测试创建"}, ensure_ascii=False)  # fmt: skip
            start = time.perf_counter()
            connection.request("POST", "/api/v1/tickets/", body=body.encode(), headers=headers)
            response = connection.getresponse()
            payload = response.read()
            mine.append((time.perf_counter() - start) * 1000)
            if response.status != 201:
                with lock:
                    errors.append(f"{response.status} {payload[:200]!r}")
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} creates failed, e.g. {errors[0]}")
    timings.sort()
    return {
        "scenario": f"create ({clients} clients)", "requests": len(timings),
        "req_per_s": round(len(timings) / elapsed, 1),
        "p50_ms": round(statistics.median(timings), 1), "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "max_ms": round(timings[-1], 1),
    }  # fmt: skip


def sweep_runs(runs: int = 5) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hisops.tickets.services import sla_sweep

    results = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            outcome = sla_sweep()
            elapsed = (time.perf_counter() - start) * 1000
        results.append({"ms": round(elapsed, 1), "queries": len(ctx.captured_queries),
                        "warned": outcome.warned, "escalated": outcome.escalated})  # fmt: skip
    return results


def main(argv=None) -> None:
    args = parse_args(argv)
    vendor_name = configure(args.database_url)
    import os

    from django.conf import settings
    from django.db.models import Max, Min

    from hisops.accounts.models import Vendor
    from hisops.catalog.models import Item
    from hisops.tickets.models import Ticket

    hospital, admin, token = reference_data()
    started = time.perf_counter()
    seed(hospital, args.tickets)
    if args.articles:
        seed_articles(hospital, args.articles)
        maintain()
    seeded_in = round(time.perf_counter() - started, 1)
    sweeps = sweep_runs()
    url = settings.DATABASES["default"]
    port, server = serve_gunicorn(os.environ["DATABASE_URL"], workers=args.workers)
    try:
        cookie = session_cookie(admin)
        items = list(
            Item.objects.filter(hospital=hospital, kind="system").values_list("pk", flat=True)
        )
        vendor = Vendor.objects.filter(hospital=hospital).order_by("code").first()
        system = items[3]
        # 200 tickets picked at random across the whole history (ids are dense here).
        bounds = Ticket.objects.filter(hospital=hospital).aggregate(low=Min("id"), high=Max("id"))
        ids = random.Random(5).sample(range(bounds["low"], bounds["high"] + 1), 200)
        numbers = list(
            Ticket.objects.filter(hospital=hospital, pk__in=ids).values_list("number", flat=True)
        )
        reads = [
            ("API list, first page", "/api/v1/tickets/", ""),
            ("API list, open of a vendor", f"/api/v1/tickets/?status=open&vendor={vendor.pk}", ""),
            ("queue page (open)", "/tickets/", cookie),
            ("queue page, system+SLA", f"/tickets/?status=open&item={system}&sla=on_track", cookie),
            ("API detail", [f"/api/v1/tickets/{n}/" for n in numbers], ""),
            ("ticket page", [f"/tickets/{n}/" for n in numbers], cookie),
            ("search 打印 (2 in 3 tickets)", f"/api/v1/search/?q={quote('打印')}", ""),
            ("search 打印机 (1 in 3 articles)", f"/api/v1/search/?q={quote('打印机')}", ""),
            ("search 医保 接口", f"/api/v1/search/?q={quote('医保 接口')}", ""),
            ("search 医保接口 (1 in 1,000)", f"/api/v1/search/?q={quote('医保接口')}", ""),
            ("queue search 打印", f"/tickets/?q={quote('打印')}", cookie),
        ]
        results = []
        for label, path, session in reads:
            try:
                result = measure(port, token, path, args.requests, cookie=session)
            except TimeoutError:  # a page over the client's 30 s: say so and go on
                result = {"p50_ms": "timeout", "p95_ms": "> 30000", "max_ms": "", "timed_out": True}
            result["scenario"] = label
            results.append(result)
            progress(f"measuring {label:<28}", 1, 1)
        results.append(create_load(port, token, items, args.creates, args.clients))
        progress("measuring creates", 1, 1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    total = Ticket.objects.filter(hospital=hospital).count()
    print(
        f"\nService desk, {total:,} tickets, {vendor_name}, gunicorn {args.workers} workers, {args.requests} requests per read"
    )
    print(f"{'scenario':<32}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>9}{'matches':>10}")
    for r in results:
        print(
            f"{r['scenario']:<32}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['max_ms']:>9}{r.get('req_per_s', ''):>9}{r.get('count') or '':>10}"
        )
    print(
        "SLA sweep (in process):", ", ".join(f"{s['ms']} ms/{s['queries']} queries" for s in sweeps)
    )
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / f"tickets-{vendor_name}-{args.tickets}.json").write_text(json.dumps(
        {"tickets": total, "database": vendor_name, "engine": url["ENGINE"], "seeded_in_s": seeded_in,
         "articles": args.articles, "workers": args.workers, "results": results, "sweeps": sweeps}, ensure_ascii=False, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
