"""``kampanye serve``: the web app behind a production WSGI server (waitress)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor


def pending_migrations() -> list[str]:
    executor = MigrationExecutor(connections["default"])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


class Command(BaseCommand):
    help = (
        "Menyajikan aplikasi web (server WSGI waitress). Serves the web app with a "
        "production WSGI server; static files are served by the app itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--threads", type=int, default=8, help="worker threads")

    def handle(self, *args, host, port, threads, **options):
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

        self.stdout.write(f"kampanye: http://{host}:{port}/  (Ctrl+C untuk berhenti)")
        waitress.serve(application, host=host, port=port, threads=threads, ident="kampanye")
