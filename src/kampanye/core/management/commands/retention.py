"""``kampanye retention``: erase what has been kept longer than its purpose (UU PDP)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kampanye import conf
from kampanye.core.actions import forget_access_logs, forget_person, idle_people
from kampanye.core.audit import record_change
from kampanye.core.exchange import stale_reject_files
from kampanye.core.registry import registry


class Command(BaseCommand):
    help = (
        "Retensi data pribadi (UU PDP): menghapus data pribadi relawan yang tidak aktif "
        "(tanpa laporan, pendaftaran kegiatan, penugasan atau login) selama --days hari, dan "
        "berkas penolakan impor yang lebih tua dari itu. Tanpa --apply hanya menampilkan. "
        "Erases the personal data of volunteers inactive for --days days and older reject "
        "files; without --apply it only lists them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="hari tanpa aktivitas (bawaan KAMPANYE_RETENTION_DAYS) / days without "
            "activity (default KAMPANYE_RETENTION_DAYS)",
        )
        parser.add_argument(
            "--apply", action="store_true", help="benar-benar menghapus / really erase"
        )

    def handle(self, *args, days=None, apply=False, **options):
        if days is None:
            try:
                days = int(conf.get("KAMPANYE_RETENTION_DAYS"))
            except ValueError:
                raise CommandError(
                    "KAMPANYE_RETENTION_DAYS harus bilangan bulat (jumlah hari)."
                ) from None
        if days < 1:
            raise CommandError("--days minimal 1.")
        cutoff = timezone.now() - dt.timedelta(days=days)
        people = idle_people(cutoff)
        files = stale_reject_files(cutoff)
        since = timezone.localtime(cutoff).strftime("%d-%m-%Y %H:%M WIB")
        counts = {kind.name: 0 for kind in registry.person_kinds.values()}
        for kind, _person in people:
            counts[kind.name] += 1
        by_kind = ", ".join(f"{counts[k.name]} {k.label}" for k in registry.person_kinds.values())
        self.stdout.write(f"tidak aktif sejak {since}: {by_kind}")
        for kind, person in people:
            self.stdout.write(f"  {kind.label} #{person.pk} · {kind.describe(person)}")
        self.stdout.write(f"berkas penolakan lebih tua dari {since}: {len(files)}")
        for path in files:
            self.stdout.write(f"  {path.name}")
        if not apply:
            self.stdout.write("Uji coba: tidak ada yang diubah. Tambahkan --apply untuk menghapus.")
            return
        for kind, person in people:
            forget_person(kind, person)
        for path in files:
            path.unlink(missing_ok=True)
        # log-in records (user name, address, browser) are kept as long as the rest
        logs = forget_access_logs(before=cutoff)
        record_change(
            None,
            "retention",
            model="core.retention",
            object_id=cutoff.date().isoformat(),
            after={
                "days": days,
                **{f"{name}s_forgotten": n for name, n in counts.items()},
                "reject_files": len(files),
                "access_logs": logs,
            },
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai: data pribadi {len(people)} orang dihapus (jumlah dan titik kontak "
                f"tetap), {len(files)} berkas penolakan dan {logs} catatan login dihapus."
            )
        )
