"""What every benchmark here shares: its own database, a progress bar, fresh statistics,
the real app served over loopback, and latency percentiles measured over HTTP."""

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def configure(database_url: str) -> str:
    home = Path(os.environ.get("HISOPS_HOME", "var")).resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{home / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hisops.config.settings")
    if database_url.startswith("postgres"):
        ensure_postgres_database(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from django.db import connection

    return connection.vendor


def ensure_postgres_database(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    cfg = parse(url)
    admin = psycopg.connect(
        host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], password=cfg["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    )  # fmt: skip
    with admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def progress(label: str, done: int, total: int) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def maintain() -> None:
    """What autovacuum does for a live database: fresh statistics and visibility map."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def serve():
    from waitress.server import create_server

    from hisops.config.wsgi import application

    server = create_server(application, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return server.effective_port


def measure(port: int, token: str, path, count: int, *, cookie: str = "") -> dict:
    """``count`` keep-alive GETs of ``path`` (after 5 warm-up requests): p50/p95/max in ms.
    ``path`` may be a list, taken in turn (e.g. many tickets' detail). API paths
    authenticate with the token; pages with a session ``cookie``."""
    paths = [path] if isinstance(path, str) else list(path)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    if cookie:
        headers = {"Cookie": cookie, "Accept": "text/html"}
    timings = []
    for n in range(count + 5):
        start = time.perf_counter()
        connection.request("GET", paths[n % len(paths)], headers=headers)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise SystemExit(f"{paths[n % len(paths)]} answered {response.status}: {body[:200]!r}")
        if n >= 5:  # the first few warm caches and connections
            timings.append(elapsed)
    timings.sort()
    return {
        "path": paths[0] + (f" (+{len(paths) - 1} more)" if len(paths) > 1 else ""),
        "requests": count,
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "max_ms": round(timings[-1], 1),
        "count": json.loads(body).get("count") if not cookie and body.startswith(b"{") else None,
    }


def serve_gunicorn(database_url: str, workers: int = 4) -> tuple[int, subprocess.Popen]:
    """The production server (gunicorn, sync workers) in its own processes, so the
    benchmark's client threads do not share a GIL with the app."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": database_url}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "hisops.config.wsgi:application",
         "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return port, server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def session_cookie(user) -> str:
    """A logged-in browser session for ``user`` (for timing pages, not the API)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; django_language=zh-hans"
