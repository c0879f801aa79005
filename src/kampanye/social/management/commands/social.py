"""``kampanye social ingest FILE [--format …] [--election SLUG] [--resume]`` and
``kampanye social rollup [--election SLUG]``.

``ingest`` prints the accounting (stored + duplicates + rejected = records read) and the
reject file; it exits 2 when some records were rejected, 1 when it could not run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from kampanye.social import actions
from kampanye.social.ingest import FORMATS, UnknownFormat, detect_format


def _line_count(path: Path) -> int | None:
    with path.open("rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))


class Command(BaseCommand):
    help = "Impor unggahan media sosial dan berita online; rollup harian ke ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ingest = sub.add_parser("ingest", help="impor satu berkas ekspor")
        ingest.add_argument("file")
        ingest.add_argument("--format", default="auto", choices=FORMATS)
        ingest.add_argument("--election", default=None, help="slug pemilihan")
        ingest.add_argument(
            "--resume",
            action="store_true",
            help="lanjutkan impor berkas ini yang terhenti (galat bila tidak ada)",
        )
        ingest.add_argument("--batch-size", type=int, default=actions.BATCH_SIZE)
        ingest.add_argument(
            "--workers",
            type=int,
            default=None,
            help="proses pekerja yang mengurai dan menjalankan nlp (0: satu proses; bawaan: "
            "jumlah CPU dikurangi satu bila berkasnya besar)",
        )
        ingest.add_argument(
            "--engine",
            default="local",
            choices=("local", "dask"),
            help="dask: berkas, folder atau glob dibagi ke pekerja Dask",
        )
        ingest.add_argument(
            "--scheduler",
            default=None,
            help="alamat scheduler Dask (bawaan KAMPANYE_DASK_SCHEDULER; kosong: klaster lokal)",
        )
        ingest.add_argument(
            "--partition-mb", type=int, default=32, help="ukuran partisi berkas besar (MB)"
        )
        rollup = sub.add_parser(
            "rollup", help="hitung ulang titik kontak harian dan agregat dasbor"
        )
        rollup.add_argument("--election", default=None)
        labels = sub.add_parser(
            "labels", help="tulis label analis (text,label) untuk kampanye nlp train --extra"
        )
        labels.add_argument("--out", required=True, help="berkas CSV yang ditulis")
        labels.add_argument("--election", default=None)

    def handle(self, *args, **opts) -> None:
        if opts["action"] == "labels":
            from kampanye.social.labelling import write_training_csv

            try:
                election = actions._election(opts["election"])
            except actions.IngestRefused as err:
                raise CommandError(str(err)) from None
            n = write_training_csv(opts["out"], election)
            self.stdout.write(f"{n} teks berlabel ditulis ke {opts['out']}")
            return
        if opts["action"] == "rollup":
            try:
                election = actions._election(opts["election"])
            except actions.IngestRefused as err:
                raise CommandError(str(err)) from None
            counts = actions.update_figures(election)
            self.stdout.write(
                f"titik kontak: {counts['created']} baru, {counts['updated']} "
                f"diperbarui, {counts['unchanged']} tetap; agregat dasbor dihitung ulang"
            )
            return
        if opts["engine"] == "dask":
            self._ingest_dask(opts)
            return
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"{path}: berkas tidak ada")
        try:
            fmt = detect_format(path) if opts["format"] == "auto" else opts["format"]
        except UnknownFormat as err:
            raise CommandError(str(err)) from None
        started = timezone.now()
        console = Console(file=self.stderr._out, stderr=True)  # type: ignore[arg-type]  # _out: the stream
        total = _line_count(path) if fmt in {"generic", "crowdtangle", "news-csv"} else None
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(path.name, total=total, counts="")

            def progress(job, phase: str) -> None:
                bar.update(
                    task,
                    completed=job.line_reached,
                    counts=f"{job.stored} simpan · {job.duplicates} duplikat · "
                    f"{job.rejected} tolak",
                )
                if phase == "figures":
                    bar.update(task, description=f"{path.name}: angka buku besar dan dasbor")

            try:
                job = actions.ingest_file(
                    path,
                    fmt,
                    election=opts["election"],
                    batch_size=opts["batch_size"],
                    workers=opts["workers"],
                    require_resume=opts["resume"],
                    progress=progress,
                )
            except actions.IngestRefused as err:
                raise CommandError(str(err)) from None
        self.stdout.write(
            f"{path.name} ({fmt}): {job.records} rekaman = {job.stored} tersimpan + "
            f"{job.duplicates} duplikat + {job.rejected} ditolak"
        )
        if job.finished_at and job.finished_at < started:
            self.stdout.write("berkas ini sudah diimpor sebelumnya; tidak ada yang berubah")
        if job.rejected:
            self.stdout.write(f"penolakan (baris dan alasan): {job.reject_file}")
            sys.exit(2)

    def _ingest_dask(self, opts) -> None:
        from kampanye.social import scaleout

        started = timezone.now()
        try:
            jobs = scaleout.ingest_archive(
                opts["file"],
                opts["format"],
                election=opts["election"],
                scheduler=opts["scheduler"],
                batch_size=opts["batch_size"],
                partition_bytes=max(1, opts["partition_mb"]) << 20,
                require_resume=opts["resume"],
            )
        except (actions.IngestRefused, UnknownFormat) as err:
            raise CommandError(str(err)) from None
        for job in jobs:
            self.stdout.write(
                f"{Path(job.path).name} ({job.format}): {job.records} rekaman = {job.stored} "
                f"tersimpan + {job.duplicates} duplikat + {job.rejected} ditolak"
            )
            if job.finished_at and job.finished_at < started:
                self.stdout.write("berkas ini sudah diimpor sebelumnya; tidak ada yang berubah")
            if job.rejected:
                self.stdout.write(f"penolakan (baris dan alasan): {job.reject_file}")
        if any(job.rejected for job in jobs):
            sys.exit(2)
