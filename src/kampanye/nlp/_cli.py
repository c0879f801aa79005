"""``kampanye nlp train|classify|evaluate`` without Django: the command answers at once.

``kampanye`` hands ``nlp`` here before setting Django up, so scoring one text costs the
start of Python, numpy and the model file, not of the web application. ``train`` runs the
protocol of ``_protocol`` (cross-validation on training data, check sets scored once, the
plain baseline beside every figure) and writes the model and its report.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from kampanye.nlp._corpus import LABELS, CorpusError, read_labelled, shared_data_dir
from kampanye.nlp._sentiment import SentimentModel, default_model, shipped_model_path

__all__ = ["main", "parser"]

BATCH = 2000


class CommandError(Exception):
    """A problem the user can fix: printed as one line, exit status 1."""


def parser() -> argparse.ArgumentParser:
    """The ``kampanye nlp`` argument parser (also read by ``kampanye clidoc``)."""
    parser = argparse.ArgumentParser(
        prog="kampanye nlp",
        description="Analisis teks: latih, jalankan dan ukur model sentimen bahasa Indonesia.",
    )
    actions = parser.add_subparsers(dest="action", required=True)
    train = actions.add_parser(
        "train", help="latih ulang model sentimen dan tulis laporan evaluasinya"
    )
    train.add_argument(
        "--shared",
        type=Path,
        default=None,
        help="folder data bersama (bawaan: ../shared/data dari checkout): smsa/, sentiment-extra/",
    )
    train.add_argument("--out", type=Path, help="berkas model (bawaan: model bawaan paket)")
    train.add_argument(
        "--report", type=Path, help="laporan JSON (bawaan: <berkas model>.report.json)"
    )
    train.add_argument("--folds", type=int, default=3, help="lipatan validasi silang")
    train.add_argument(
        "--extra", help="CSV/TSV unggahan berlabel tim (kolom text,label): domain tambahan"
    )
    train.add_argument(
        "--extra-split", help="hanya baris --extra yang kolom 'split'-nya bernilai ini"
    )
    train.add_argument(
        "--no-cross-domain", action="store_true", help="lewati pasangan lintas domain"
    )
    classify = actions.add_parser(
        "classify",
        help="beri label sentimen, satu baris JSON per teks (stdin dibaca per kelompok)",
    )
    classify.add_argument("file", nargs="?", default="-", help="berkas teks, atau - untuk stdin")
    classify.add_argument("-t", "--text", action="append", help="teks (boleh berulang)")
    classify.add_argument(
        "--format",
        choices=("lines", "csv"),
        default=None,
        help="satu teks per baris, atau CSV (bawaan: dari akhiran berkas)",
    )
    classify.add_argument("--column", default="text", help="kolom teks pada CSV")
    classify.add_argument("--model", help="berkas model (bawaan: model bawaan paket)")
    classify.add_argument(
        "--batch", type=int, default=BATCH, help="teks per kelompok (bawaan: 2000)"
    )
    ev = actions.add_parser("evaluate", help="ukur model pada berkas berlabel")
    ev.add_argument("file", help="CSV/TSV dengan kolom teks dan label")
    ev.add_argument("--text-column", default="text", help="nama kolom teks")
    ev.add_argument("--label-column", default="label", help="nama kolom label")
    ev.add_argument("--model", help="berkas model (bawaan: model bawaan paket)")
    ev.add_argument("--json", action="store_true", help="keluaran JSON, bukan tabel")
    return parser


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None) -> int:
    """Run one ``kampanye nlp`` command; the exit status."""
    args = parser().parse_args(argv)
    try:
        if args.action == "train":
            _train(args)
        elif args.action == "classify":
            _classify(args, stdin or sys.stdin)
        else:
            _evaluate(args)
    except CommandError as error:
        print(f"kampanye nlp: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `... | head`: the reader has enough
        return 0
    return 0


def _model(path: str | None) -> SentimentModel:
    if not path:
        return default_model()
    try:
        return SentimentModel.load(path)
    except (OSError, ValueError, KeyError) as error:
        raise CommandError(f"model {path} tidak dapat dibaca: {error}") from None


# -- train ------------------------------------------------------------------------------
def _train(args: argparse.Namespace) -> None:
    from kampanye.nlp._protocol import run_protocol

    shared = args.shared or shared_data_dir()
    for needed in (
        "smsa/train.tsv",
        "smsa/valid.tsv",
        "sentiment-extra/prdect-id/reviews.tsv",
        "sentiment-extra/sentistrength-id/sentimentword.txt",
    ):
        if not (shared / needed).is_file():
            raise CommandError(f"berkas {shared / needed} tidak ada (pakai --shared DIR)")
    if args.folds < 2:
        raise CommandError("--folds minimal 2")
    out = args.out or shipped_model_path()
    report_path = args.report or out.with_suffix(".report.json")
    import scipy.sparse  # noqa: F401 - loaded before the thread limit, so that it applies
    import sklearn.linear_model  # noqa: F401
    from threadpoolctl import threadpool_limits

    try:
        extra = read_labelled(args.extra, split=args.extra_split) if args.extra else None
        with threadpool_limits(1):  # one BLAS thread: the same weights on every run
            model, report = run_protocol(
                shared,
                folds=args.folds,
                cross_domain=not args.no_cross_domain,
                extra=extra,
                on_step=lambda text: print(f"… {text}", file=sys.stderr, flush=True),
            )
    except CorpusError as error:
        raise CommandError(str(error)) from None
    model.save(out)
    payload = {"model_version": model.version_, **report.__dict__}
    report_path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
    print(format_report(payload))
    print(f"Model {model.version_} ditulis ke {out}; laporan ke {report_path}.")


def format_report(report: dict[str, object]) -> str:
    """The report as plain-text tables: cross-validation, check sets, cross-domain pairs."""
    lines = ["Validasi silang pada data latih (macro-F1 per domain; PRDECT biner):"]
    for row in report["cv"]:  # type: ignore[attr-defined]
        cells = ", ".join(f"{k} {v}" for k, v in row.items() if k != "config")
        lines.append(f"  {row['config']}: {cells}")
    lines.append(
        f"Dipilih: {report['chosen']}; suhu {report['temperature']}, "
        f"tidak yakin di bawah {report['abstain_below']}"
    )
    header = (
        f"  {'set periksa':<9} {'latih':<13} {'n':>5} {'F1 kami':>8} {'F1 dasar':>9} "
        f"{'biner kami':>11} {'biner dasar':>12} {'ECE':>6} {'yakin':>6}"
    )
    for title, key in (("Set periksa (sekali):", "final"), ("Lintas domain:", "cross")):
        lines += [title, header]
        for row in report[key]:  # type: ignore[attr-defined]
            lines.append(
                f"  {row['check']:<9} {row['trained_on']:<13} {row['n']:>5} "
                f"{_cell(row['ours_macro_f1']):>8} {_cell(row['baseline_macro_f1']):>9} "
                f"{_cell(row['ours_binary_f1']):>11} {_cell(row['baseline_binary_f1']):>12} "
                f"{row['ece']:>6} {row['sure_share']:>6}"
            )
    return "\n".join(lines)


def _cell(value: object) -> str:
    return "—" if value is None else f"{value:.4f}"


# -- classify ---------------------------------------------------------------------------
def _batches(args: argparse.Namespace, stdin: TextIO) -> Iterator[list[str]]:
    size = max(1, args.batch)
    if args.text:
        yield list(args.text)
        return
    name = str(args.file)
    fmt = args.format or ("csv" if name.lower().endswith((".csv", ".tsv")) else "lines")
    if fmt == "csv":
        if name == "-":
            raise CommandError("format csv memerlukan nama berkas, bukan stdin")
        try:
            texts = read_labelled(name, args.column, None).texts
        except CorpusError as error:
            raise CommandError(str(error)) from None
        for i in range(0, len(texts), size):
            yield texts[i : i + size]
        return
    try:
        stream = stdin if name == "-" else open(name, encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        raise CommandError(f"berkas {name} tidak dapat dibuka: {error.strerror}") from None
    batch: list[str] = []
    number = 0
    try:
        for number, line in enumerate(stream, start=1):  # noqa: B007 - used in the error
            batch.append(line.rstrip("\r\n"))
            if len(batch) == size:
                yield batch
                batch = []
    except UnicodeDecodeError:
        raise CommandError(f"{name}, baris {number + 1}: bukan teks UTF-8") from None
    finally:
        if stream is not stdin:
            stream.close()
    if batch:
        yield batch


def _classify(args: argparse.Namespace, stdin: TextIO) -> None:
    model = _model(args.model)
    names = [str(c) for c in model.classes_]
    out = sys.stdout
    for texts in _batches(args, stdin):
        proba = model.predict_proba(texts)
        sure = proba.max(axis=1) >= model.abstain_below_
        rows = proba.round(4).tolist()
        for text, row, is_sure in zip(texts, rows, sure.tolist(), strict=True):
            record = {
                "text": text,
                "label": names[max(range(len(row)), key=row.__getitem__)],
                "proba": dict(zip(names, row, strict=True)),
                "sure": is_sure,
                "model_version": model.version_,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()


# -- evaluate ---------------------------------------------------------------------------
def _evaluate(args: argparse.Namespace) -> None:
    from kampanye.nlp._metrics import evaluate

    model = _model(args.model)
    try:
        data = read_labelled(args.file, args.text_column, args.label_column)
    except CorpusError as error:
        raise CommandError(str(error)) from None
    if not len(data):
        raise CommandError(f"{args.file} tidak berisi baris data")
    result = evaluate(data.labels, list(model.predict(data.texts)), LABELS)
    if args.json:
        payload = {"model_version": model.version_, "file": args.file, **result.as_dict()}
        print(json.dumps(payload, ensure_ascii=False))
        return
    print(f"Model {model.version_} pada {args.file}: {result.total} teks.")
    print(
        f"Akurasi {result.accuracy:.4f} ({result.correct}/{result.total}), "
        f"macro-F1 {result.macro_f1:.4f}."
    )
    print(f"{'kelas':<10} {'presisi':>8} {'recall':>8} {'F1':>8} {'jumlah':>7}")
    for s in result.per_class:
        print(f"{s.label:<10} {s.precision:>8.4f} {s.recall:>8.4f} {s.f1:>8.4f} {s.support:>7}")
    print("Matriks kebingungan (baris: label benar, kolom: prediksi):")
    print(f"{'':<10} " + " ".join(f"{label:>9}" for label in result.labels))
    for label, row in zip(result.labels, result.confusion, strict=True):
        print(f"{label:<10} " + " ".join(f"{int(v):>9}" for v in row))
