"""``kampanye scenario list`` · ``kampanye scenario run ID [--runs N] [--seed S]
[--engine serial|dask] [--scheduler ADDRESS]`` · ``kampanye scenario optimise ID
[--objective share|win]``.

``run`` prices a what-if scenario here and now (no worker), with a progress bar; with
``--engine dask`` the Monte Carlo runs on the Dask scheduler at ``--scheduler`` or
``KAMPANYE_DASK_SCHEDULER``, or on a local two-worker cluster when neither is set.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from kampanye.planner import actions, queries, tasks
from kampanye.planner.models import Run, Scenario
from kampanye.planner.sources import SourceError


class Command(BaseCommand):
    help = "Perencana: daftar, jalankan dan optimalkan skenario what-if."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="daftar skenario")
        run = sub.add_parser("run", help="jalankan simulasi Monte Carlo sebuah skenario")
        run.add_argument("scenario", type=int, help="nomor skenario")
        run.add_argument("--runs", type=int, default=200, help="jumlah putaran Monte Carlo")
        run.add_argument("--seed", type=int, default=0, help="benih bilangan acak")
        run.add_argument("--engine", choices=actions.ENGINES, default="serial")
        run.add_argument("--scheduler", default="", help="alamat penjadwal Dask")
        opt = sub.add_parser("optimise", help="usulkan alokasi optimal sebuah skenario")
        opt.add_argument("scenario", type=int, help="nomor skenario")
        opt.add_argument(
            "--objective",
            choices=[value for value, _label in actions.OBJECTIVE_CHOICES],
            default="share",
            help="share: perolehan suara yang diharapkan; win: peluang menang",
        )

    def handle(self, *args: object, **options: object) -> None:
        console = Console(file=self.stdout, width=110, force_terminal=False)  # type: ignore[arg-type]  # a text stream
        action = options["action"]
        if action == "list":
            table = Table(title=_("Skenario"))
            for column in ("#", _("Nama"), _("Pasangan calon"), _("Anggaran (Rp)"), _("Jam")):
                table.add_column(str(column))
            for s in queries.scenarios():
                table.add_row(
                    str(s.pk),
                    s.name,
                    s.contestant.short,
                    f"{s.budget_idr:,}",
                    f"{s.volunteer_hours:,}",
                )
            console.print(table)
            return
        scenario = Scenario.objects.filter(pk=int(str(options["scenario"]))).first()
        if scenario is None:
            raise CommandError(_("Skenario nomor %(pk)s tidak ada.") % {"pk": options["scenario"]})
        if action == "optimise":
            try:
                proposal = actions.propose_allocation(
                    None,
                    scenario,
                    objective=str(options["objective"]),
                    queue=tasks.run_scenario.enqueue,
                )
            except (SourceError, ValueError, ValidationError) as error:
                raise CommandError(str(error)) from error
            console.print(
                _("Usulan tersimpan sebagai skenario %(pk)d: %(name)s")
                % {"pk": proposal.pk, "name": proposal.name}
            )
            console.print(proposal.description)
            return
        self._run(console, scenario, options)

    def _baseline(self, console: Console, scenario: Scenario) -> None:
        """What the plan replaces, and a warning when the ledger has no effort at all."""
        baseline = queries.plan_against_ledger(scenario)
        console.print(
            _(
                "Rencana ini menggantikan upaya %(who)s sendiri di ledger selama masa kampanye "
                "putaran 1 (%(start)s sampai sehari sebelum %(end)s); upaya pasangan lain tetap."
            )
            % {"who": scenario.contestant.short, "start": baseline["start"], "end": baseline["end"]}
        )
        for row in baseline["rows"]:
            console.print(
                _("  %(front)s: %(ledger)s orang di ledger → %(plan)s orang menurut rencana")
                % {
                    "front": row["label"],
                    "ledger": f"{row['ledger']:,.0f}".replace(",", "."),
                    "plan": f"{row['plan']:,.0f}".replace(",", "."),
                }
            )
        if not baseline["ledger_has_effort"]:
            console.print(
                _(
                    "PERINGATAN: ledger tidak mencatat upaya kampanye untuk pemilihan ini; hasil "
                    "melebih-lebihkan efek rencana apa pun."
                )
            )

    def _run(self, console: Console, scenario: Scenario, options: dict[str, object]) -> None:
        self._baseline(console, scenario)
        try:
            run = actions.request_run(
                None,
                scenario,
                runs=int(str(options["runs"])),
                seed=int(str(options["seed"])),
                engine=str(options["engine"]),
                queue=None,  # run here and now, below
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        with Progress(console=console, transient=True) as bar:
            job = bar.add_task(_("Simulasi"), total=run.runs)
            run = actions.execute_run(
                run.pk,
                address=str(options["scheduler"]) or None,
                on_progress=lambda done, total: bar.update(job, completed=done),
            )
        if run.status != Run.Status.DONE:
            raise CommandError(run.error)
        chance = queries.chances(run)["overall"]
        for rnd in queries.result_rows(run):
            table = Table(title=f"{scenario.name} — {rnd['label']}")
            for column in (_("Wilayah"), _("Median (%)"), _("Interval (%)")):
                table.add_column(str(column))
            for row in rnd["rows"]:
                table.add_row(
                    row["name"], f"{row['median']:.2f}", f"{row['lower']:.1f}–{row['upper']:.1f}"
                )
            console.print(table)
        console.print(
            _("Peluang menang: %(w)d dari %(n)d simulasi.") % {"w": chance.wins, "n": chance.runs}
        )
