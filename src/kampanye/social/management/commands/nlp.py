"""``kampanye nlp train|classify|evaluate``: the sentiment model on the command line.

``train`` retrains from SmSA (and posts a team labelled), ``classify`` writes one JSON line
per text, ``evaluate`` measures a model on any labelled file before a team trusts it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import orjson
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

import kampanye
from kampanye.nlp import (
    LABELS,
    MIN_HOLDOUT,
    CorpusError,
    LabelledTexts,
    SentimentModel,
    default_model,
    evaluate,
    read_labelled,
    read_political,
    train_sentiment,
)

BATCH = 2000


def default_data_dir() -> Path:
    """SmSA beside the checkout: ``<repo>/../shared/data/smsa``."""
    return Path(kampanye.__file__).resolve().parents[2].parent / "shared" / "data" / "smsa"


class Command(BaseCommand):
    help = "Analisis teks: latih, jalankan dan ukur model sentimen bahasa Indonesia."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        train = actions.add_parser("train", help="latih ulang model sentimen dari SmSA")
        train.add_argument(
            "--data",
            help="folder berisi train.tsv dan valid.tsv SmSA "
            "(bawaan: ../shared/data/smsa dari checkout)",
        )
        train.add_argument("--extra", help="CSV unggahan berlabel tambahan (kolom text,label)")
        train.add_argument("--text-column", default="text", help="kolom teks di --extra")
        train.add_argument("--label-column", default="label", help="kolom label di --extra")
        train.add_argument(
            "--extra-split",
            help="hanya baris --extra yang kolom 'split'-nya bernilai ini (mis. train)",
        )
        train.add_argument(
            "--political",
            action="store_true",
            help="tambahkan bagian latih unggahan politik berlabel bawaan paket "
            "(seperti model bawaan)",
        )
        train.add_argument(
            "--weights",
            default="1",
            help="bobot satu unggahan tambahan terhadap satu ulasan SmSA yang dicoba, dipisah koma",
        )
        train.add_argument(
            "--negation-scope",
            type=int,
            default=0,
            help="jumlah kata sesudah kata ingkar (tidak, bukan...) yang diberi fitur ingkar; "
            "0 = tanpa",
        )
        train.add_argument(
            "--out", help="berkas model yang ditulis (bawaan: <folder data>/models/sentiment.npz)"
        )
        train.add_argument(
            "--grid",
            default="3,10,30",
            help="nilai C yang dicoba, dipisah koma (dipilih pada valid)",
        )
        classify = actions.add_parser(
            "classify", help="beri label sentimen, satu baris JSON per teks"
        )
        classify.add_argument(
            "file", nargs="?", default="-", help="berkas teks, atau - untuk stdin"
        )
        classify.add_argument(
            "--format",
            choices=("lines", "csv"),
            default=None,
            help="satu teks per baris, atau CSV (bawaan: dari akhiran berkas)",
        )
        classify.add_argument("--column", default="text", help="kolom teks pada CSV")
        classify.add_argument("--model", help="berkas model (bawaan: model bawaan paket)")
        ev = actions.add_parser("evaluate", help="ukur model pada berkas berlabel")
        ev.add_argument("file", help="CSV/TSV dengan kolom teks dan label")
        ev.add_argument("--text-column", default="text", help="nama kolom teks")
        ev.add_argument("--label-column", default="label", help="nama kolom label")
        ev.add_argument("--model", help="berkas model (bawaan: model bawaan paket)")
        ev.add_argument("--json", action="store_true", help="keluaran JSON, bukan tabel")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "train":
            self.train(options)
        elif action == "classify":
            self.classify(options)
        else:
            self.evaluate(options)

    # -- helpers ------------------------------------------------------------------------
    def _model(self, path: str | None) -> SentimentModel:
        if not path:
            return default_model()
        try:
            return SentimentModel.load(path)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(
                _("Model %(path)s tidak dapat dibaca: %(why)s") % {"path": path, "why": error}
            ) from None

    def _console(self) -> Console:
        return Console(file=self.stdout, width=100, force_terminal=False, soft_wrap=True)  # type: ignore[arg-type]  # a text stream

    # -- train --------------------------------------------------------------------------
    def train(self, options: dict[str, Any]) -> None:
        data = Path(options["data"]) if options["data"] else default_data_dir()
        for name in ("train.tsv", "valid.tsv"):
            if not (data / name).is_file():
                raise CommandError(_("Berkas %(path)s tidak ada.") % {"path": data / name})
        grid = self._numbers(options["grid"], "--grid")
        weights = self._numbers(options["weights"], "--weights")
        if options["negation_scope"] < 0:
            raise CommandError(_("--negation-scope tidak boleh negatif."))
        extra = LabelledTexts()
        names = ["smsa"]
        try:
            if options["political"]:
                extra = extra + read_political("train")
                names = ["smsa-political"]
            if options["extra"]:
                extra = extra + read_labelled(
                    options["extra"],
                    options["text_column"],
                    options["label_column"],
                    split=options["extra_split"],
                )
                names.append("posts")
        except CorpusError as error:
            raise CommandError(str(error)) from None
        out = Path(options["out"] or Path(settings.DATA_DIR) / "models" / "sentiment.npz")
        console = Console(file=self.stderr, force_terminal=None)  # type: ignore[arg-type]  # a text stream
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            fits = len(grid) * (len(weights) if len(extra) else 1) + (len(extra) >= MIN_HOLDOUT)
            task = progress.add_task(_("Melatih"), total=fits)
            steps = 0

            def step(label: str) -> None:
                nonlocal steps
                if steps:
                    progress.advance(task)
                steps += 1
                progress.update(task, description=_("Melatih dengan %(c)s") % {"c": label})

            try:
                result = train_sentiment(
                    data,
                    extra,
                    grid=grid,
                    extra_weights=weights,
                    name="+".join(names),
                    params={"negation_scope": options["negation_scope"]},
                    on_step=step,
                )
            except CorpusError as error:
                raise CommandError(str(error)) from None
            progress.advance(task)
        result.model.save(out)
        view = self._console()
        for trial in result.tried:
            line = _("C=%(c)g, bobot %(w)g: macro-F1 valid %(f1).4f") % {
                "c": trial.C,
                "w": trial.extra_weight,
                "f1": trial.valid_macro_f1,
            }
            if trial.holdout_macro_f1 is not None:
                line += _(", unggahan tertahan %(f1).4f") % {"f1": trial.holdout_macro_f1}
            view.print(line)
        view.print(
            _(
                "Model %(version)s ditulis ke %(path)s: %(n)d teks latih (%(extra)d tambahan), "
                "macro-F1 valid %(f1).4f, akurasi %(correct)d/%(total)d."
            )
            % {
                "version": result.model.version_,
                "path": out,
                "n": result.n_train + result.n_extra,
                "extra": result.n_extra,
                "f1": result.valid.macro_f1,
                "correct": result.valid.correct,
                "total": result.valid.total,
            }
        )

    @staticmethod
    def _numbers(value: object, option: str) -> list[float]:
        try:
            numbers = [float(c) for c in str(value).split(",") if c.strip()]
        except ValueError:
            raise CommandError(
                _("%(option)s harus berisi angka dipisah koma.") % {"option": option}
            ) from None
        if not numbers or any(c <= 0 for c in numbers):
            raise CommandError(_("%(option)s harus berisi angka positif.") % {"option": option})
        return numbers

    # -- classify -----------------------------------------------------------------------
    def _texts(self, options: dict[str, Any]) -> Iterator[list[str]]:
        name = str(options["file"])
        fmt = options["format"] or ("csv" if name.lower().endswith((".csv", ".tsv")) else "lines")
        if fmt == "csv":
            if name == "-":
                raise CommandError(_("Format csv memerlukan nama berkas, bukan stdin."))
            try:
                texts = read_labelled(name, options["column"], None).texts
            except CorpusError as error:
                raise CommandError(str(error)) from None
            for i in range(0, len(texts), BATCH):
                yield texts[i : i + BATCH]
            return
        stream: TextIO
        if name == "-":
            stream = options.get("stdin") or sys.stdin
        else:
            try:
                stream = open(name, encoding="utf-8")  # noqa: SIM115 - closed below
            except OSError as error:
                raise CommandError(
                    _("Berkas %(path)s tidak dapat dibuka: %(why)s")
                    % {"path": name, "why": error.strerror}
                ) from None
        batch: list[str] = []
        number = 0
        try:
            for number, line in enumerate(stream, start=1):  # noqa: B007 - used in error
                batch.append(line.rstrip("\r\n"))
                if len(batch) == BATCH:
                    yield batch
                    batch = []
        except UnicodeDecodeError:
            raise CommandError(
                _("%(path)s, baris %(line)d: bukan teks UTF-8.")
                % {"path": name, "line": number + 1}
            ) from None
        finally:
            if stream is not sys.stdin and name != "-":
                stream.close()
        if batch:
            yield batch

    def classify(self, options: dict[str, Any]) -> None:
        model = self._model(options["model"])
        names = [str(c) for c in model.classes_]
        for texts in self._texts(options):
            proba = model.predict_proba(texts)
            lines = []
            for text, row in zip(texts, proba, strict=True):
                record = {
                    "text": text,
                    "label": names[int(row.argmax())],
                    "proba": {n: round(float(p), 4) for n, p in zip(names, row, strict=True)},
                    "model_version": model.version_,
                }
                lines.append(orjson.dumps(record).decode("utf-8"))
            self.stdout.write("\n".join(lines))

    # -- evaluate -----------------------------------------------------------------------
    def evaluate(self, options: dict[str, Any]) -> None:
        model = self._model(options["model"])
        try:
            data = read_labelled(options["file"], options["text_column"], options["label_column"])
        except CorpusError as error:
            raise CommandError(str(error)) from None
        if not len(data):
            raise CommandError(_("%(path)s tidak berisi baris data.") % {"path": options["file"]})
        result = evaluate(data.labels, list(model.predict(data.texts)), LABELS)
        if options["json"]:
            payload = {"model_version": model.version_, "file": options["file"], **result.as_dict()}
            self.stdout.write(orjson.dumps(payload).decode("utf-8"))
            return
        console = self._console()
        console.print(
            _("Model %(version)s pada %(path)s: %(n)d teks.")
            % {"version": model.version_, "path": options["file"], "n": result.total}
        )
        console.print(
            _("Akurasi %(acc).4f (%(correct)d/%(total)d), macro-F1 %(f1).4f.")
            % {
                "acc": result.accuracy,
                "correct": result.correct,
                "total": result.total,
                "f1": result.macro_f1,
            }
        )
        scores = Table(title=_("Per kelas"))
        for column in (_("Kelas"), _("Presisi"), _("Recall"), _("F1"), _("Jumlah")):
            scores.add_column(column, justify="right")
        for s in result.per_class:
            scores.add_row(
                s.label, f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}", str(s.support)
            )
        console.print(scores)
        matrix = Table(title=_("Matriks kebingungan (baris: label benar, kolom: prediksi)"))
        matrix.add_column("")
        for label in result.labels:
            matrix.add_column(label, justify="right")
        for label, row in zip(result.labels, result.confusion, strict=True):
            matrix.add_row(label, *(str(int(v)) for v in row))
        console.print(matrix)
