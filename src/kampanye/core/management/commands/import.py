"""``kampanye import KIND FILE``: load contestants, areas, results, segments or planks.

Thin edge over ``kampanye.core.exchange.import_file``: parse options, find the user, run
the import, print the summary. Exit status 0 when every row was stored, 2 when rows were
rejected, 1 when the file could not be used at all (one line, never a traceback).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kampanye.core.exchange import BadFile, import_file, kinds

PROGRESS_FROM_ROWS = 2000
EXIT_REJECTED = 2

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of one kind of the shared vocabulary. Valid rows are stored "
        "and rejected rows are written to a reject file (<data dir>/rejects/) with line, field "
        "and reason; rows in = created + updated + unchanged + rejected. Importing the same file "
        "twice changes nothing. Columns of every kind: docs/formats.md or "
        "`kampanye export --describe`. Exit status: 0 all stored, 2 rows rejected, 1 bad file."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(kinds()), help="what the file holds")
        parser.add_argument("file", help="a .csv (UTF-8 or latin-1; , ; or tab) or .xlsx file")
        parser.add_argument(
            "--election", metavar="SLUG", help="election for rows whose election column is empty"
        )
        parser.add_argument("--sheet", metavar="NAME", help="XLSX sheet (default: the first)")
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="store nothing when any row is rejected",
        )
        parser.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
        parser.add_argument(
            "--user", metavar="NAME", help="username recorded in the audit log (default: system)"
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("Pengguna %(name)s tidak ada.") % {"name": options["user"]})
        progress = _Progress(self.stdout.isatty())
        try:
            with progress:
                report = import_file(
                    options["kind"],
                    options["file"],
                    user=user,
                    election=options["election"],
                    sheet=options["sheet"],
                    all_or_nothing=options["all_or_nothing"],
                    dry_run=options["dry_run"],
                    progress=progress.update,
                )
        except BadFile as error:
            raise CommandError(str(error)) from None
        for line in report.summary():
            self.stdout.write(line)
        for problem in report.errors:
            self.stdout.write(f"  {problem}")
        if report.rejected > len(report.errors):
            self.stdout.write(
                _("  … dan %(n)d lagi di berkas penolakan.")
                % {"n": report.rejected - len(report.errors)}
            )
        if report.rejected:
            raise CommandError(
                _("%(n)d baris ditolak.") % {"n": report.rejected}, returncode=EXIT_REJECTED
            )


class _Progress:
    """A rich progress bar, shown only on a terminal and only for files over 2,000 rows."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total < 2 * PROGRESS_FROM_ROWS:
            return
        if self.bar is None:
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            self.task = self.bar.add_task(_("Mengimpor"), total=total)
        if (done % 200 == 0 or done == total) and self.task is not None:
            self.bar.update(self.task, completed=done)
