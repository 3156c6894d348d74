import subprocess
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

BENCH_DIR = Path(__file__).resolve().parents[5] / "bench"
BENCHMARKS = {
    "alerts": "alerts.py",
    "catalog": "catalog_list.py",
    "checks": "checks.py",
    "deadlines": "deadlines.py",
    "reports": "reports.py",
    "tickets": "tickets.py",
}


class Command(BaseCommand):
    help = (
        "Run a benchmark from bench/: bench catalog --items N [--database-url URL] | "
        "bench deadlines [--count N] | bench tickets --tickets N [--database-url URL] | "
        "bench reports --month-tickets N [--database-url URL]"
    )

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(BENCHMARKS))

    def run_from_argv(self, argv):
        # Everything after the benchmark's name belongs to the benchmark itself.
        if len(argv) >= 3 and argv[2] in BENCHMARKS:
            try:
                self.handle(name=argv[2], args=argv[3:])
            except CommandError as exc:
                self.stderr.write(f"CommandError: {exc}")
                sys.exit(1)
            return
        super().run_from_argv(argv)

    def handle(self, *, name, args=(), **options):
        script = BENCH_DIR / BENCHMARKS[name]
        if not script.exists():
            raise CommandError(f"{script} not found: benchmarks run from a source checkout")
        # Its own process: a benchmark chooses its own database before Django loads settings.
        completed = subprocess.run([sys.executable, str(script), *args], check=False)
        if completed.returncode:
            raise CommandError(f"benchmark {name} failed (exit {completed.returncode})")
