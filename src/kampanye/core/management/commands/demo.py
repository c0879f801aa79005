"""``kampanye demo``: builds the Jakarta 2012 workspace and serves it.

Real facts (contestants, results by wilayah, DPT, polls, runoff transfers, funds, the 267
kelurahan) plus clearly labelled illustrative activity on every front. Each app registers
its steps (``core.registry.add_demo_step``); this command runs them in order, makes one
login per role, then runs the steps that need those logins. Safe to run again: every step
is idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kampanye.core import clock
from kampanye.core.models import Membership, Role
from kampanye.core.registry import registry
from kampanye.core.scope import area_by_code

DEMO_PASSWORD = "jakarta-baru-2012"
# the demo lives on a day of the runoff campaign (14-16 September 2012), not today, so its
# activity is recent, its leases run and a new report lands beside the rest (core.clock)
DEMO_AS_OF = dt.date(2012, 9, 15)

# (username, role, area code or None): one login for every role of the product.
DEMO_USERS = [
    ("manajer", "manager", None),
    ("koordinator-jaktim", "coordinator", "31.75"),
    ("relawan", "volunteer", "31.75"),
    ("media", "media_officer", None),
    ("digital", "digital_analyst", None),
    ("peneliti", "researcher", None),
    ("bendahara", "treasurer", None),
]


def ensure_demo_users(password: str) -> dict:
    """One login per role (``DEMO_USERS``), scoped as listed, then the apps' steps that need
    them (the campaign each works for, the volunteer login's volunteer); returns
    ``{username: User}``."""
    user_model = get_user_model()
    users = {}
    for username, role, area_code in DEMO_USERS:
        user, _ = user_model.objects.get_or_create(username=username)
        user.set_password(password)
        user.is_staff = role == "manager"
        user.save()
        area = area_by_code(area_code) if area_code else None
        Membership.objects.update_or_create(user=user, defaults={"role": role, "area": area})
        users[username] = user
    for step in registry.demo("users"):
        step.run(users)
    return users


class Command(BaseCommand):
    help = (
        "Membangun ruang kerja demo Pilkada DKI Jakarta 2012 (SQLite) lalu menyajikannya. "
        "Builds the Jakarta 2012 demo workspace, creates demo logins and serves the app."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="build only, do not serve")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=DEMO_AS_OF,
            metavar="TTTT-BB-HH",
            help="tanggal ruang kerja demo / the demo workspace's own date (default: %(default)s)",
        )
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help="password of the demo logins (default: %(default)s)",
        )

    def handle(self, *args, no_serve, host, port, password, as_of, **options):
        console = Console(file=self.stdout, highlight=False)
        console.print("[bold]kampanye demo[/] — Pilkada DKI Jakarta 2012")
        call_command("migrate", verbosity=0, interactive=False)
        steps = registry.demo("build")
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("membangun", total=len(steps))
            for step in steps:
                progress.update(task, description=step.label)
                with transaction.atomic():
                    step.run()
                progress.advance(task)
            progress.update(task, description="selesai")
        with transaction.atomic():
            ensure_demo_users(password)
        clock.set_as_of(as_of)

        table = Table(title="Login demo (semua dengan kata sandi yang sama)")
        table.add_column("nama pengguna")
        table.add_column("peran")
        table.add_column("wilayah")
        for username, role, area in DEMO_USERS:
            table.add_row(username, str(Role(role).label), area or "DKI Jakarta")
        console.print(table)
        console.print(f"Kata sandi / password: [bold]{password}[/]")
        console.print(f"Tanggal ruang kerja / workspace date: [bold]{as_of.isoformat()}[/]")
        if no_serve:
            return
        console.print(f"Buka / open http://{host}:{port}/")
        call_command("serve", host=host, port=port)
