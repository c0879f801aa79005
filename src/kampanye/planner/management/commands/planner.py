"""``kampanye planner backtest [--election SLUG]``: check the simulator on a past election.

Calibrates on round 1 only, forecasts round 2 by area, then compares with the real round 2.
"""

from __future__ import annotations

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from kampanye.areas.models import Area
from kampanye.planner.sources import SourceError, election_data
from kampanye.sim import backtest, completed_votes


class Command(BaseCommand):
    help = "Perencana: uji model simulasi pada pemilihan lampau (backtest)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        bt = actions.add_parser("backtest", help="kalibrasi pada putaran 1, ramal putaran 2")
        bt.add_argument("--election", default="jakarta-2012", help="slug pemilihan")
        bt.add_argument("--runs", type=int, default=400, help="jumlah putaran Monte Carlo")
        bt.add_argument("--seed", type=int, default=0, help="benih bilangan acak")

    def handle(self, *args: object, **options: object) -> None:
        slug = str(options["election"])
        try:
            data = election_data(slug)
        except SourceError as error:
            raise CommandError(str(error)) from error
        if data.round2 is None:
            raise CommandError(
                _("Pemilihan '%(slug)s' tidak punya putaran 2 untuk dibandingkan.") % {"slug": slug}
            )
        if np.isnan(data.round1.votes).all():
            raise CommandError(
                _("Hasil atau surat suara putaran 1 pemilihan '%(slug)s' belum lengkap.")
                % {"slug": slug}
            )
        try:
            completed_votes(data.round1)
            report = backtest(data, runs=int(str(options["runs"])), seed=int(str(options["seed"])))
        except ValueError as error:
            raise CommandError(
                _("Backtest tidak dapat dijalankan: %(why)s") % {"why": error}
            ) from error
        self._print(data.name, data.contestants, report)

    def _print(self, name: str, contestants: tuple[str, ...], report: object) -> None:
        from kampanye.sim import BacktestReport

        assert isinstance(report, BacktestReport)
        f = report.forecast
        a, b = (contestants[i] for i in f.finalists)
        names = dict(Area.objects.filter(code__in=f.area_codes).values_list("code", "name"))
        table = Table(title=_("%(name)s: putaran 2 diramal dari putaran 1 saja") % {"name": name})
        table.add_column(_("Wilayah"))
        table.add_column(_("Ramalan %(a)s") % {"a": a}, justify="right")
        table.add_column(
            _("Interval %(level)d%%") % {"level": round(f.area_interval.level * 100)},
            justify="right",
        )
        table.add_column(_("Hasil"), justify="right")
        table.add_column(_("Selisih (poin)"), justify="right")
        for i, code in enumerate(f.area_codes):
            table.add_row(
                f"{names.get(code, code)} ({code})",
                f"{f.share_a[i] * 100:.2f}",
                f"{f.area_interval.lower[i] * 100:.1f}–{f.area_interval.upper[i] * 100:.1f}",
                f"{report.actual_share_a[i] * 100:.2f}",
                f"{report.area_error_points[i]:+.2f}",
            )
        table.add_row(
            _("Provinsi"),
            f"{f.province_share_a * 100:.2f}",
            f"{f.province_interval.lower[0] * 100:.1f}–{f.province_interval.upper[0] * 100:.1f}",
            f"{report.actual_province_share_a * 100:.2f}",
            f"{report.province_error_points:+.2f}",
            style="bold",
        )
        console = Console(file=self.stdout, width=110, force_terminal=False)  # type: ignore[arg-type]  # a text stream
        console.print(table)
        console.print(
            _(
                "Suara dua calon: %(a)s lawan %(b)s. Galat mutlak rata-rata per "
                "wilayah: %(mae).2f poin; galat provinsi: %(prov)+.2f poin. Galat "
                "kalibrasi putaran 1 terbesar: %(fit).2f poin."
            )
            % {
                "a": a,
                "b": b,
                "mae": report.mean_absolute_error_points,
                "prov": report.province_error_points,
                "fit": f.round1_fit_error * 100,
            }
        )
