"""Catalog list API latency at a fixed catalog size.

    python bench/catalog_list.py --items 100000 [--database-url postgres://...] [--requests 200]

Seeds one hospital with N items (systems, modules under them, interfaces between them),
serves the real WSGI app with waitress on a loopback port, and times list requests over
HTTP with a keep-alive client. Prints a table and writes bench/results/catalog-<db>.json.
"""

import argparse
import json
import random

from _common import ROOT, configure, maintain, measure, progress, serve


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per scenario")
    parser.add_argument(
        "--database-url", default="", help="default: SQLite bench.sqlite3 in HISOPS_HOME"
    )
    return parser.parse_args(argv)


def seed(total: int):
    """One hospital with ``total`` items: 1 system per 50 items, modules and interfaces."""
    from hisops.accounts.models import Department, Vendor
    from hisops.accounts.services import user_create
    from hisops.catalog.models import Item
    from hisops.core.capabilities import SYSTEM
    from hisops.core.models import Hospital

    hospital, _ = Hospital.objects.get_or_create(code="BENCH", defaults={"name": "基准测试医院"})
    vendors = [
        Vendor.objects.get_or_create(
            hospital=hospital, code=f"V{n:02d}", defaults={"name": f"厂商{n:02d}"}
        )[0]
        for n in range(20)
    ]
    for n in range(30):
        Department.objects.get_or_create(
            hospital=hospital, code=f"D{n:02d}", defaults={"name": f"科室{n:02d}"}
        )
    have = Item.objects.filter(hospital=hospital).count()
    rng = random.Random(7)
    batch = 5000
    systems: list[int] = list(
        Item.objects.filter(hospital=hospital, kind="system").values_list("id", flat=True)
    )
    while have < total:
        rows = []
        for n in range(have, min(have + batch, total)):
            vendor = vendors[n % len(vendors)]
            if n % 50 == 0 or not systems:
                rows.append(Item(hospital=hospital, code=f"SYS-{n:07d}", name=f"业务系统{n}", kind="system",
                                 vendor=vendor, criticality="core"))  # fmt: skip
            elif n % 7 == 0 and len(systems) > 1:
                a, b = rng.sample(systems, 2)
                rows.append(Item(hospital=hospital, code=f"IF-{n:07d}", name=f"接口{n}", kind="interface",
                                 vendor=vendor, source_id=a, target_id=b, protocol="hl7v2"))  # fmt: skip
            else:
                rows.append(Item(hospital=hospital, code=f"MOD-{n:07d}", name=f"功能模块{n}", kind="module",
                                 vendor=vendor, parent_id=systems[-1], criticality="important"))  # fmt: skip
            if rows[-1].kind == "system":
                Item.objects.bulk_create(rows)
                systems.append(Item.objects.get(hospital=hospital, code=rows[-1].code).pk)
                rows = []
        Item.objects.bulk_create(rows, batch_size=1000)
        have = Item.objects.filter(hospital=hospital).count()
        progress("seeding items", have, total)
    maintain()
    from hisops.accounts.models import User

    user = User.objects.filter(username="bench").first() or user_create(
        actor=SYSTEM,
        username="bench",
        role="it_admin",
        hospital=hospital,
        password="Bench-only-2026!",
    )
    from hisops.accounts.services import token_create

    return hospital, vendors, token_create(actor=SYSTEM, user=user)


def main(argv=None) -> None:
    args = parse_args(argv)
    vendor_name = configure(args.database_url)
    _hospital, vendors, token = seed(args.items)
    port = serve()
    scenarios = [
        ("first page", "/api/v1/catalog/items/"),
        ("filter kind+vendor", f"/api/v1/catalog/items/?kind=module&vendor={vendors[3].pk}"),
        ("search q", "/api/v1/catalog/items/?q=%E6%A8%A1%E5%9D%97123"),
        ("deep page", f"/api/v1/catalog/items/?page={max(1, args.items // 100)}"),
    ]
    results = []
    for label, path in scenarios:
        result = measure(port, token, path, args.requests)
        result["scenario"] = label
        results.append(result)
        progress(f"measuring {label:<20}", 1, 1)
    print(
        f"\nCatalog list API, {args.items:,} items, {vendor_name}, {args.requests} requests each (keep-alive, 1 client)"
    )
    print(f"{'scenario':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'matches':>10}")
    for r in results:
        print(
            f"{r['scenario']:<22}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['max_ms']:>9}{r['count']:>10}"
        )
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / f"catalog-{vendor_name}.json").write_text(
        json.dumps(
            {"items": args.items, "database": vendor_name, "results": results},
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
