"""``kampanye worker``: runs background tasks (Django Tasks, database backend), and queues
the apps' housekeeping tasks when it starts and then every ``--housekeeping-every`` seconds.

An app registers its housekeeping tasks in its ``AppConfig.ready()`` with
``core.registry.add_housekeeping`` (the ground front gives back assignments whose lease ran
out), so nothing needs cron.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import connection
from django.utils.module_loading import import_string
from django_tasks_db.management.commands import db_worker

from kampanye.core.queries import WORKER_HEARTBEAT_EVERY_S, worker_heartbeat_path
from kampanye.core.registry import registry

logger = logging.getLogger("kampanye.worker")


def housekeeping_tasks() -> list:
    """Every app's housekeeping tasks, in app order."""
    return [import_string(path) for path in registry.housekeeping]


def queue_housekeeping() -> int:
    """Queue each housekeeping task once; returns how many were queued."""
    tasks = housekeeping_tasks()
    for task in tasks:
        task.enqueue()
    return len(tasks)


class Command(db_worker.Command):
    help = (
        "Menjalankan pekerjaan latar (impor besar, simulasi, pelatihan model) dari antrean "
        "di basis data, dan mengantrekan tugas rutin (mis. mengembalikan wilayah tugas yang "
        "masa tugasnya habis) saat mulai lalu tiap jam. Runs background tasks queued in the "
        "database and queues housekeeping at start and hourly; stop with Ctrl+C."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--housekeeping-every",
            type=int,
            default=3600,
            metavar="DETIK",
            help="detik antara tugas rutin; 0 = hanya saat mulai / seconds between "
            "housekeeping runs; 0 = only at start",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        housekeeping_every: int = options.pop("housekeeping_every", 3600)
        queue_housekeeping()
        alive = threading.Event()
        threading.Thread(target=_beat, args=(alive,), daemon=True, name="heartbeat").start()
        if housekeeping_every > 0 and not options.get("batch"):
            threading.Thread(
                target=_keep_house, args=(housekeeping_every,), daemon=True, name="housekeeping"
            ).start()
        try:
            super().handle(*args, **options)
        finally:
            alive.set()


def _beat(stopped: threading.Event) -> None:
    """Tells waiting pages that a worker runs (``core.queries.queue_wait``) until it stops."""
    path = worker_heartbeat_path()
    while True:
        path.touch()
        if stopped.wait(WORKER_HEARTBEAT_EVERY_S):
            return


def _keep_house(every: int) -> None:
    stop = threading.Event()
    while not stop.wait(every):
        try:
            queue_housekeeping()
        except Exception:  # a busy database must not end the loop: try again next time
            logger.exception("housekeeping could not be queued")
        finally:
            connection.close()  # this thread's own connection
