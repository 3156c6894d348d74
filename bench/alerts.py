"""Alert intake throughput: how many alerts a second the hooks accept, and how fast the
background processing turns them into alerts and incidents.

    python bench/alerts.py --posts 1000 --per-post 20 [--clients 4] --database-url postgres://...

Posts Alertmanager v4 payloads (``--per-post`` alerts each, half of them repeats of
earlier ones, over 50 instances with rules for 25 of them) to ``/hooks/alertmanager/<token>/``
on gunicorn from ``--clients`` concurrent keep-alive clients; then processes what was
stored (in this process, as a worker would) and times that. Writes
bench/results/alerts-<db>.json.
"""

import argparse
import http.client
import json
import random
import threading
import time

from _common import ROOT, configure, progress, serve_gunicorn


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--per-post", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    vendor = configure(args.database_url)
    import os

    from hisops.catalog.models import Item
    from hisops.core.capabilities import SYSTEM
    from hisops.core.models import Hospital
    from hisops.monitoring.models import Alert, AlertRule, Payload
    from hisops.monitoring.services import hook_create, payloads_pending, rule_create

    hospital, _ = Hospital.objects.get_or_create(
        code="BENCHA", defaults={"name": "告警基准测试医院"}
    )
    if not AlertRule.objects.filter(hospital=hospital).exists():
        for n in range(25):
            item = Item.objects.create(
                hospital=hospital, code=f"AS-{n:02d}", name=f"监控对象{n:02d}", kind="server"
            )
            rule_create(
                actor=SYSTEM,
                hospital=hospital,
                label="instance",
                pattern=f"node-{n:02d}",
                item=item,
            )
    hook = hook_create(actor=SYSTEM, hospital=hospital, kind="alertmanager", name="bench")
    run = int(time.time())
    rng = random.Random(run)
    sent: list[dict] = []

    def payload() -> bytes:
        alerts = []
        for _ in range(args.per_post):
            if sent and rng.random() < 0.5:
                alerts.append(rng.choice(sent))  # a repeat delivery
                continue
            n = len(sent)
            alert = {"status": "firing", "labels": {"alertname": f"Rule{n % 9}", "instance": f"node-{n % 50:02d}", "severity": "warning"},
                     "annotations": {"summary": "bench"}, "startsAt": "2026-11-22T00:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
                     "fingerprint": f"{run}-{n}"}  # fmt: skip
            sent.append(alert)
            alerts.append(alert)
        return json.dumps(
            {"version": "4", "status": "firing", "receiver": "hisops", "alerts": alerts}
        ).encode()

    bodies = [payload() for _ in range(args.posts)]
    port, server = serve_gunicorn(os.environ["DATABASE_URL"], workers=args.workers)
    errors: list[str] = []
    try:

        def client(chunk: list[bytes]) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for body in chunk:
                connection.request(
                    "POST", hook.path, body=body, headers={"Content-Type": "application/json"}
                )
                response = connection.getresponse()
                response.read()
                if response.status != 202:
                    errors.append(str(response.status))

        threads = [
            threading.Thread(target=client, args=(bodies[n :: args.clients],))
            for n in range(args.clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        intake_s = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    if errors:
        raise SystemExit(f"{len(errors)} posts refused, e.g. {errors[0]}")
    progress("intake", 1, 1)
    before = Alert.objects.filter(hospital=hospital).count()
    started = time.perf_counter()
    while Payload.objects.filter(hook=hook, processed_at__isnull=True).exists():
        payloads_pending(batch=500)
    processing_s = time.perf_counter() - started
    stored = Alert.objects.filter(hospital=hospital).count() - before
    total = args.posts * args.per_post
    result = {
        "database": vendor, "posts": args.posts, "alerts_posted": total, "distinct_alerts": len(sent),
        "alerts_stored": stored, "intake_alerts_per_s": round(total / intake_s), "intake_posts_per_s": round(args.posts / intake_s),
        "processing_alerts_per_s": round(total / processing_s), "processing_s": round(processing_s, 1),
    }  # fmt: skip
    print(json.dumps(result, indent=2))
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / f"alerts-{vendor}.json").write_text(json.dumps(result, indent=2))
    if stored != len(sent):
        raise SystemExit(f"stored {stored} alerts, expected {len(sent)}")


if __name__ == "__main__":
    main()
