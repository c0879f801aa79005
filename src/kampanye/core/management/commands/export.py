"""``kampanye export KIND``: write contestants, areas, results, segments or planks to a file.

The columns are the ones ``kampanye import`` reads, so an export imports back as the same
rows. ``--describe`` prints every kind's columns in Markdown (the source of docs/formats.md).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kampanye.core.exchange import BadFile, describe, export_file, kinds
from kampanye.core.tabular import FORMATS


class Command(BaseCommand):
    help = (
        "Export one kind of the shared vocabulary as CSV (UTF-8 with BOM, opens in Excel) or "
        "XLSX, with the columns `kampanye import` reads. Without -o the file goes to standard "
        "output. --describe prints the columns of every kind instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", choices=list(kinds()), help="what to export")
        parser.add_argument("--election", metavar="SLUG", help="only this election's rows")
        parser.add_argument("--format", choices=FORMATS, default=None, help="csv (default) or xlsx")
        parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
        parser.add_argument(
            "--describe",
            action="store_true",
            help="print every kind's columns in Markdown (docs/formats.md) and exit",
        )

    def handle(self, *args, **options):
        if options["describe"]:
            self.stdout.write(describe(), ending="")
            return
        if not options["kind"]:
            raise CommandError(_("Sebutkan jenis data: %(kinds)s.") % {"kinds": ", ".join(kinds())})
        fmt = options["format"]
        output = options["output"]
        if fmt is None:
            fmt = "xlsx" if output and output.lower().endswith(".xlsx") else "csv"
        if fmt == "xlsx" and not output:
            raise CommandError(_("XLSX perlu berkas tujuan: pakai -o BERKAS.xlsx."))
        try:
            data = export_file(options["kind"], fmt, election=options["election"])
        except BadFile as error:
            raise CommandError(str(error)) from None
        if output:
            try:
                Path(output).write_bytes(data)
            except OSError as error:
                raise CommandError(
                    _("Tidak dapat menulis %(path)s: %(error)s")
                    % {"path": output, "error": error.strerror}
                ) from None
            self.stderr.write(_("Ditulis: %(path)s") % {"path": output})
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
