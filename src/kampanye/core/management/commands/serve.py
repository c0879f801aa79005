"""``kampanye serve``: the web app behind a production WSGI server (waitress), with the
background worker beside it.

Simulations, proposals and large imports run on the worker's queue; a page that queued one
waits for it. So that nothing waits on a process nobody started, ``serve`` starts
``kampanye worker`` as a child process and stops it on exit. In production, where the worker
runs as its own service (and may be several), ``--no-worker`` leaves it out.
"""

from __future__ import annotations

import signal
import subprocess
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor


def pending_migrations() -> list[str]:
    executor = MigrationExecutor(connections["default"])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def start_worker() -> subprocess.Popen:
    """``kampanye worker`` in a child process with this one's environment (settings, data
    folder); its own process, so a long simulation never holds up a web request."""
    return subprocess.Popen([sys.executable, "-m", "kampanye", "worker"])


def stop_worker(worker: subprocess.Popen) -> None:
    """Ctrl+C reaches the worker too (one process group) and it stops after the task in
    hand; a server stopped any other way tells the worker itself."""
    for stop, grace in ((None, 2), (worker.terminate, 30), (worker.kill, None)):
        if stop is not None:
            stop()
        try:
            worker.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _stop(signum, frame):
    raise SystemExit(0)


class Command(BaseCommand):
    help = (
        "Menyajikan aplikasi web (server WSGI waitress) dan menjalankan pekerja latar di "
        "sampingnya. Serves the web app with a production WSGI server and runs the "
        "background worker beside it (--no-worker where it runs as its own service)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--threads", type=int, default=8, help="worker threads")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="jangan jalankan pekerja latar (jalankan `kampanye worker` terpisah) / "
            "do not start the background worker (run `kampanye worker` as its own service)",
        )

    def handle(self, *args, host, port, threads, no_worker, **options):
        pending = pending_migrations()
        if pending:
            raise CommandError(
                f"Basis data belum mutakhir ({len(pending)} migrasi belum dijalankan). "
                "Jalankan: kampanye migrate"
            )
        import waitress
        from django.conf import settings
        from django.core.management import call_command

        # hashed, compressed copies of the static files: browsers cache them for a year
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        call_command("collectstatic", interactive=False, verbosity=0)
        from kampanye.wsgi import application

        worker = None if no_worker else start_worker()
        # a server stopped by its service manager (SIGTERM) stops its worker too
        signal.signal(signal.SIGTERM, _stop)
        self.stdout.write(f"kampanye: http://{host}:{port}/  (Ctrl+C untuk berhenti)")
        if worker is not None:
            self.stdout.write(f"pekerja latar / background worker: pid {worker.pid}")
        try:
            waitress.serve(application, host=host, port=port, threads=threads, ident="kampanye")
        finally:
            if worker is not None:
                stop_worker(worker)
