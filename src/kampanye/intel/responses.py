"""Reading survey responses: CSV/XLSX (our own layout and KoboToolbox / ODK-Enketo
exports) and SPSS ``.sav``, checked against the questionnaire row by row.

Layouts understood:
- a column per question, named by its XLSForm ``name``; Kobo's group paths
  (``demografi/jk``) count by their last part;
- ``select_multiple`` as one column of space-separated codes, or split into one 0/1
  column per choice (``isu/banjir``, ``isu.banjir``, ``isu_banjir``);
- the respondent's id from ``_uuid`` (Kobo), ``meta/instanceID`` or ``KEY`` (ODK), or a
  ``uuid`` / ``respondent_id`` column (SPSS names cannot start with ``_``); the submission
  time from ``_submission_time`` or ``SubmissionDate`` (WIB when the file gives no zone);
- the place from a ``kode_wilayah`` column holding a Kemendagri code.

Columns with a name, NIK or phone are kept only when the survey declares why it needs them;
otherwise they are left out and the report says so. Every data row is read and checked
before anything is stored: ``parse`` returns the good rows and the errors (line, field,
reason); the action stores nothing unless there are no errors.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kampanye.core.exchange import RowError, rejects_dir
from kampanye.core.tabular import BadFile, Row, as_text, read_table, write_table
from kampanye.intel.models import Question, QuestionKind, Survey

ID_COLUMNS = ("_uuid", "uuid", "meta/instanceid", "instanceid", "key", "respondent_id")
TIME_COLUMNS = ("_submission_time", "submissiondate", "submitted_at")
AREA_COLUMNS = ("kode_wilayah", "area")
PERSONAL_COLUMNS = {
    "nama": "name", "name": "name", "nik": "nik", "telepon": "phone", "phone": "phone",
    "hp": "phone", "no_hp": "phone", "nomor_hp": "phone",
}  # fmt: skip
TRUE_CELLS = {"1", "1.0", "true", "ya", "yes", "y"}
FALSE_CELLS = {"", "0", "0.0", "false", "tidak", "no", "n"}
MAX_TEXT = 2000


@dataclass(frozen=True)
class ParsedRow:
    line: int
    uuid: str
    submitted_at: dt.datetime | None
    area_code: str
    answers: dict[str, Any]
    personal: dict[str, str]


@dataclass
class Parsed:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    rows_in: int = 0


def read_rows(data: bytes, name: str) -> tuple[list[str], list[Row]]:
    """Headers and rows of an upload: ``.sav`` through pyreadstat, the rest as a table."""
    if name.lower().endswith(".sav"):
        return _read_sav(data, name)
    table = read_table(data, name=name)
    return table.headers, table.rows


def _read_sav(data: bytes, name: str) -> tuple[list[str], list[Row]]:
    import pyreadstat

    fd, path = tempfile.mkstemp(suffix=".sav")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        try:
            columns, meta = pyreadstat.read_sav(path, output_format="dict")
        except Exception as error:  # pyreadstat raises its own errors for any bad file
            raise BadFile(
                _("Berkas %(name)s bukan berkas SPSS .sav yang terbaca (%(why)s).")
                % {"name": name, "why": error}
            ) from None
    finally:
        os.unlink(path)
    headers = list(meta.column_names)
    count = len(next(iter(columns.values()), []))
    rows = [Row(i + 2, tuple(_sav_cell(columns[h][i]) for h in headers)) for i in range(count)]
    return headers, rows


def _sav_cell(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    return value


class _Layout:
    """Which column of the file holds what."""

    def __init__(self, survey: Survey, questions: list[Question], headers: list[str]) -> None:
        self.questions = {q.name: q for q in questions}
        multiple = {q.name for q in questions if q.kind == QuestionKind.MULTIPLE}
        self.id_col: int | None = None
        self.time_col: int | None = None
        self.area_col: int | None = None
        self.direct: dict[int, str] = {}  # column → question name
        self.split: dict[int, tuple[str, str]] = {}  # column → (question, code)
        self.personal: dict[int, str] = {}
        self.ignored: list[str] = []
        self.dropped_personal: list[str] = []
        lowered = [h.strip().lower() for h in headers]
        for wanted in ID_COLUMNS:
            if wanted in lowered:
                self.id_col = lowered.index(wanted)
                break
        for wanted in TIME_COLUMNS:
            if wanted in lowered:
                self.time_col = lowered.index(wanted)
                break
        for i, raw in enumerate(headers):
            low = lowered[i]
            if i in (self.id_col, self.time_col):
                continue
            last = raw.strip().split("/")[-1]
            split = self._split_column(raw.strip(), multiple)
            if low in AREA_COLUMNS:
                self.area_col = i
            elif last in self.questions:
                self.direct[i] = last
            elif split:
                self.split[i] = split
            elif last.lower() in PERSONAL_COLUMNS:
                if survey.personal_data_purpose:
                    self.personal[i] = PERSONAL_COLUMNS[last.lower()]
                else:
                    self.dropped_personal.append(raw)
            else:
                self.ignored.append(raw)

    def _split_column(self, header: str, multiple: set[str]) -> tuple[str, str] | None:
        parts = header.split("/")
        candidates = [(parts[-2], parts[-1])] if len(parts) > 1 else []
        for sep in (".", "_"):
            if sep in parts[-1]:
                head, _sep, tail = parts[-1].rpartition(sep)
                candidates.append((head, tail))
        for question, code in candidates:
            if question in multiple and code in self.questions[question].codes:
                return question, code
        return None


def parse(survey: Survey, headers: list[str], rows: list[Row], name: str) -> Parsed:
    """Check every row of a file against ``survey``'s questionnaire."""
    questions = list(survey.questions.all())
    if not questions:
        raise BadFile(_("Survei %(s)s belum punya pertanyaan.") % {"s": survey.slug})
    layout = _Layout(survey, questions, headers)
    if layout.id_col is None:
        raise BadFile(
            _("Berkas %(name)s tidak punya kolom pengenal responden (salah satu dari: %(cols)s).")
            % {"name": name, "cols": "_uuid, uuid, meta/instanceID, KEY, respondent_id"}
        )
    if not layout.direct and not layout.split:
        raise BadFile(
            _("Tidak ada kolom berkas %(name)s yang cocok dengan pertanyaan survei (%(q)s).")
            % {"name": name, "q": ", ".join(q.name for q in questions[:10])}
        )
    result = Parsed(rows_in=len(rows))
    if layout.ignored:
        result.warnings.append(
            _("Kolom yang tidak dikenal diabaikan: %(cols)s.") % {"cols": ", ".join(layout.ignored)}
        )
    if layout.dropped_personal:
        result.warnings.append(
            _(
                "Kolom data pribadi tidak disimpan karena survei tidak menyatakan tujuannya "
                "(UU PDP): %(cols)s."
            )
            % {"cols": ", ".join(layout.dropped_personal)}
        )
    seen: dict[str, int] = {}
    for row in rows:
        problems: list[tuple[str, str]] = []
        parsed = _parse_row(layout, row, problems)
        if parsed is not None and parsed.uuid in seen:
            problems.append(
                (
                    headers[layout.id_col],
                    _("pengenal kembar dengan baris %(n)d") % {"n": seen[parsed.uuid]},
                )
            )
        if problems:
            result.bad_lines.add(row.line)
            result.errors.extend(RowError(row.line, f, r) for f, r in problems)
        elif parsed is not None:
            seen[parsed.uuid] = row.line
            result.rows.append(parsed)
    return result


def _cell(row: Row, col: int | None) -> Any:
    if col is None or col >= len(row.cells):
        return ""
    value = row.cells[col]
    return "" if value is None else value


def _parse_row(layout: _Layout, row: Row, problems: list[tuple[str, str]]) -> ParsedRow | None:
    uuid = as_text(_cell(row, layout.id_col)).strip().removeprefix("uuid:")
    if not uuid:
        problems.append(("_uuid", _("pengenal responden kosong")))
    if len(uuid) > 100:
        problems.append(("_uuid", _("pengenal terlalu panjang (maks. 100 karakter)")))
    submitted = _submitted(_cell(row, layout.time_col), problems)
    answers: dict[str, Any] = {}
    for col, qname in layout.direct.items():
        value = _answer(layout.questions[qname], _cell(row, col), problems)
        if value is not None:
            answers[qname] = value
    for col, (qname, code) in layout.split.items():
        text = as_text(_cell(row, col)).strip().lower()
        if text in TRUE_CELLS:
            chosen = answers.setdefault(qname, [])
            if code not in chosen:
                chosen.append(code)
        elif text not in FALSE_CELLS:
            problems.append((f"{qname}/{code}", _("harus 0 atau 1, bukan %(v)s") % {"v": text}))
    personal = {
        key: as_text(_cell(row, col)).strip()[:200]
        for col, key in layout.personal.items()
        if as_text(_cell(row, col)).strip()
    }
    area = as_text(_cell(row, layout.area_col)).strip()
    if problems:
        return None
    return ParsedRow(row.line, uuid, submitted, area, answers, personal)


def _submitted(value: Any, problems: list[tuple[str, str]]) -> dt.datetime | None:
    if value in ("", None):
        return None
    moment: dt.datetime | None = value if isinstance(value, dt.datetime) else None
    if moment is None:
        moment = parse_datetime(as_text(value).strip().replace(" ", "T", 1))
        if moment is None:
            problems.append(("_submission_time", _("bukan tanggal-waktu: %(v)s") % {"v": value}))
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.timezone(dt.timedelta(hours=7)))  # WIB
    return moment


def _answer(question: Question, value: Any, problems: list[tuple[str, str]]) -> Any:
    text = as_text(value).strip()
    if text.endswith(".0") and text[:-2].lstrip("-").isdigit():
        text = text[:-2]  # a code Excel or SPSS read as a number
    if not text:
        return None
    kind = question.kind
    if kind == QuestionKind.TEXT:
        return text[:MAX_TEXT]
    if kind == QuestionKind.NUMBER:
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            problems.append((question.name, _("bukan angka: %(v)s") % {"v": text}))
            return None
        return int(number) if number.is_integer() else number
    codes = question.codes
    chosen = text.split() if kind == QuestionKind.MULTIPLE else [text]
    wrong = [c for c in chosen if c not in codes]
    if wrong:
        problems.append(
            (
                question.name,
                _("%(v)s bukan pilihan pertanyaan ini (%(codes)s)")
                % {"v": " ".join(wrong), "codes": ", ".join(codes)},
            )
        )
        return None
    return list(dict.fromkeys(chosen)) if kind == QuestionKind.MULTIPLE else text


def write_rejects(survey: Survey, headers: list[str], rows: list[Row], parsed: Parsed) -> Path:
    """The rejected rows with line, field and reason, as a CSV in the data folder's reject
    files (which ``kampanye retention`` deletes). Personal columns the survey may not keep
    are left out here too."""
    personal = not survey.personal_data_purpose
    keep = [
        i
        for i, h in enumerate(headers)
        if not (personal and h.strip().split("/")[-1].lower() in PERSONAL_COLUMNS)
    ]
    by_line = {row.line: row for row in rows}
    out = [
        [
            e.line,
            e.field,
            e.reason,
            *(by_line[e.line].cells[i] if i < len(by_line[e.line].cells) else "" for i in keep),
        ]
        for e in parsed.errors
        if e.line in by_line
    ]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = rejects_dir() / f"survey-{survey.slug}-{stamp}.csv"
    path.write_bytes(write_table(["line", "field", "reason", *(headers[i] for i in keep)], out))
    return path
