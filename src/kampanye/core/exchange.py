"""Import and export of the shared vocabulary: the registry of kinds and the one way to run them.

A *kind* (``contestants``, ``areas``, ``results``, ``segments``, ``planks``) names its
documented columns and three functions, kept in its app's ``imports.py``: ``check`` turns
one parsed row into a payload or raises ``RowProblem``; ``store`` writes a payload and
returns the ``Change`` list; ``export`` yields rows with the same columns, so an export
imports back into an empty database as the same rows.

``import_file`` is the action behind ``kampanye import`` and the upload page. Every data
row is accounted for: rows in = created + updated + unchanged + rejected. Rejected rows go
to a reject file (``<data dir>/rejects/<kind>-<timestamp>.csv``: line, field, reason, then
the original columns). The whole file imports in one transaction; with ``all_or_nothing``
a single rejected row keeps every row out (they are then all in the reject file), and
``dry_run`` rolls everything back. Auditing: one ``import`` entry per committed file with
its counts, plus one ``create``/``update`` entry per changed record with before and after.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError, models, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from kampanye import conf
from kampanye.core.audit import record_change, snapshot
from kampanye.core.registry import registry
from kampanye.core.scope import in_scope
from kampanye.core.tabular import (
    BadFile,
    CellError,
    Row,
    Table,
    as_text,
    csv_cells,
    normalise_header,
    read_cell,
    read_table,
    write_table,
)

__all__ = [
    "BadFile",
    "Change",
    "Column",
    "Context",
    "ImportReport",
    "Kind",
    "RowError",
    "RowProblem",
    "describe",
    "export_file",
    "export_rows",
    "get_kind",
    "import_file",
    "kinds",
    "upsert",
]

MAX_ERRORS = 20
MAX_INT = 2_147_483_647  # the largest integer every supported database column holds
TYPES = {
    "text": "text",
    "int": "integer ≥ 0",
    "date": "date (YYYY-MM-DD or DD/MM/YYYY)",
    "bool": "yes/no (ya, tidak, true, false, 1, 0)",
    "list": "list separated by `\\|`",
}
REJECT_COLUMNS = ("line", "field", "reason")
LOOK_UP = object()


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"
    required: bool = False
    example: str = ""
    help: str = ""
    aliases: tuple[str, ...] = ()
    max_length: int | None = None
    from_option: str = ""  # e.g. "--election": an empty cell takes the command's option
    # a date may lie at most this many days after today (WIB); None: any date. Each kind
    # sets its own: a count "as of" a day or a plank drafted cannot be in the future, a
    # planned event could.
    future_days: int | None = 0


class RowProblem(Exception):
    """One or more problems of one row: ``problems`` is a list of (field, reason)."""

    def __init__(self, field_name: str = "", reason: str = "", *, problems=None) -> None:
        self.problems: list[tuple[str, str]] = list(problems or [(field_name, reason)])
        super().__init__("; ".join(f"{f}: {r}" for f, r in self.problems))


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        if self.field:
            return _('baris %(line)d, kolom "%(field)s": %(reason)s') % {
                "line": self.line,
                "field": self.field,
                "reason": self.reason,
            }
        return _("baris %(line)d: %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass
class Change:
    action: str  # "create" | "update"
    instance: models.Model
    before: dict[str, Any] | None = None


@dataclass
class Context:
    """What a kind's functions may use: the user, the ``--election`` default, a cache."""

    user: Any = None
    election: Any = None  # an Election, from --election
    rows: list[dict[str, Any]] = field(default_factory=list)  # every parsed row of the file
    cache: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, factory: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = factory()
        return self.cache[key]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str | Promise
    description: str
    columns: tuple[Column, ...]
    check: Callable[[dict[str, Any], Context], Any]
    key: Callable[[Any], tuple[Any, ...]]
    store: Callable[[Any, Context], list[Change]]
    export: Callable[[Context], Iterable[dict[str, Any]]]
    key_fields: tuple[str, ...] = ()
    store_order: Callable[[Any], Any] | None = None
    per_election: bool = False  # rows belong to an election; export can filter by one
    # the column holding a row's area code: a user limited to an area exports only the rows
    # of their area subtree, as the pages show them (core.scope)
    area_column: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass
class ImportReport:
    kind: str
    source: str
    rows_in: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    reject_file: Path | None = None
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    all_or_nothing: bool = False
    committed: bool = False

    @property
    def stored(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def balanced(self) -> bool:
        return self.rows_in == self.stored + self.rejected

    def counts(self) -> dict[str, Any]:
        return {
            "rows_in": self.rows_in,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "reject_file": str(self.reject_file or ""),
        }

    def summary(self) -> list[str]:
        lines = [
            _(
                "%(kind)s dari %(source)s: %(rows)d baris masuk = %(created)d baru + "
                "%(updated)d diperbarui + %(unchanged)d tetap + %(rejected)d ditolak."
            )
            % {
                "kind": self.kind,
                "source": self.source,
                "rows": self.rows_in,
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "rejected": self.rejected,
            }
        ]
        if self.dry_run:
            lines.append(_("Uji coba: tidak ada yang disimpan."))
        elif not self.committed:
            lines.append(_("Tidak ada yang disimpan: ada baris yang ditolak (semua atau tidak)."))
        lines.extend(self.warnings)
        if self.reject_file:
            lines.append(_("Baris yang ditolak: %(path)s") % {"path": self.reject_file})
        return lines


def kinds() -> dict[str, Kind]:
    """Every kind the apps registered (``core.registry``), in the order a fresh database
    takes them."""
    return dict(registry.import_kinds)


def get_kind(name: str) -> Kind:
    registry = kinds()
    if name not in registry:
        raise BadFile(
            _("Jenis data %(name)s tidak dikenal; pilih salah satu: %(kinds)s.")
            % {"name": name, "kinds": ", ".join(registry)}
        )
    return registry[name]


# -- cells ------------------------------------------------------------------------------


def parse_cell(column: Column, value: Any) -> Any:
    """The typed value of one cell; None (or [] for lists) when empty. Raises RowProblem."""
    try:
        parsed = read_cell(column.type, value)
    except CellError as error:
        raise RowProblem(column.name, error.reason) from None
    if isinstance(parsed, int) and not isinstance(parsed, bool) and parsed > MAX_INT:
        raise RowProblem(
            column.name,
            _("%(value)s terlalu besar (maks. %(max)d)") % {"value": parsed, "max": MAX_INT},
        )
    if column.type == "date" and parsed is not None and column.future_days is not None:
        latest = timezone.localdate() + dt.timedelta(days=column.future_days)
        if parsed > latest:
            raise RowProblem(
                column.name,
                _("%(value)s di masa depan (paling lambat %(latest)s)")
                % {"value": parsed.isoformat(), "latest": latest.isoformat()},
            )
    if column.max_length and isinstance(parsed, str) and len(parsed) > column.max_length:
        raise RowProblem(
            column.name, _("terlalu panjang (maks. %(n)d karakter)") % {"n": column.max_length}
        )
    return parsed


def _map_headers(kind: Kind, table: Table, ctx: Context) -> tuple[dict[int, Column], list[str]]:
    names: dict[str, Column] = {}
    for column in kind.columns:
        for alias in (column.name, *column.aliases):
            names[normalise_header(alias)] = column
    mapping: dict[int, Column] = {}
    seen: dict[str, str] = {}
    unknown: list[str] = []
    for index, header in enumerate(table.headers):
        found = names.get(normalise_header(header))
        if found is None:
            if header:
                unknown.append(header)
            continue
        if found.name in seen:
            raise BadFile(
                _('Kolom "%(column)s" muncul dua kali (sebagai "%(a)s" dan "%(b)s").')
                % {"column": found.name, "a": seen[found.name], "b": header}
            )
        seen[found.name] = header
        mapping[index] = found
    missing = [
        c
        for c in kind.columns
        if c.required and c.name not in seen and not (c.from_option and ctx.election)
    ]
    if missing:
        shown = ", ".join(
            f"{c.name}"
            + (f" ({c.aliases[0]})" if c.aliases else "")
            + (f" — {_('atau pakai')} {c.from_option}" if c.from_option else "")
            for c in missing
        )
        raise BadFile(_("Kolom wajib tidak ada: %(columns)s.") % {"columns": shown})
    warnings = []
    if unknown:
        warnings.append(
            _("Kolom tidak dikenal, diabaikan: %(columns)s.") % {"columns": ", ".join(unknown)}
        )
    return mapping, warnings


def _parse_row(kind: Kind, mapping: dict[int, Column], row: Row, ctx: Context) -> dict[str, Any]:
    values: dict[str, Any] = {c.name: ([] if c.type == "list" else None) for c in kind.columns}
    problems: list[tuple[str, str]] = []
    for index, column in mapping.items():
        cell = row.cells[index] if index < len(row.cells) else None
        try:
            values[column.name] = parse_cell(column, cell)
        except RowProblem as problem:
            problems.extend(problem.problems)
    for column in kind.columns:
        if values[column.name] is None and column.from_option == "--election" and ctx.election:
            values[column.name] = ctx.election.slug
        if (
            column.required
            and values[column.name] in (None, [])
            and not any(f == column.name for f, _r in problems)
        ):
            problems.append((column.name, _("wajib diisi")))
    if problems:
        raise RowProblem(problems=problems)
    return values


# -- import -----------------------------------------------------------------------------


def _resolve_election(election: Any) -> Any:
    """An election given by slug (``--election``) as the object the kinds use."""
    if election is None or election == "" or not isinstance(election, str):
        return election or None
    found = registry.elections.find(election) if registry.elections else None
    if found is None:
        raise BadFile(_("Pemilihan %(slug)s tidak dikenal.") % {"slug": election})
    return found


def import_file(
    kind_name: str,
    source: Path | str | bytes,
    *,
    name: str = "",
    user: Any = None,
    election: Any = None,
    sheet: str | None = None,
    all_or_nothing: bool = False,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import one file of ``kind_name``. Raises ``BadFile`` when the file cannot be used."""
    kind = get_kind(kind_name)
    table = read_table(source, name=name, sheet=sheet)
    shown_name = name or (Path(source).name if not isinstance(source, bytes) else "unggahan")
    ctx = Context(user=user, election=_resolve_election(election))
    mapping, warnings = _map_headers(kind, table, ctx)
    report = ImportReport(
        kind=kind.name,
        source=shown_name,
        rows_in=len(table.rows),
        warnings=warnings,
        dry_run=dry_run,
        all_or_nothing=all_or_nothing,
    )
    if not table.rows:
        report.warnings.append(_("Berkas tidak berisi baris data, hanya judul kolom."))
    rejects: dict[int, tuple[Row, list[RowError]]] = {}
    step = _Progress(progress, 2 * len(table.rows))
    accepted = _check_rows(kind, table, mapping, ctx, rejects, step)
    with transaction.atomic():
        if not (all_or_nothing and rejects):
            step.count = len(table.rows)
            _store_rows(kind, accepted, ctx, rejects, report, step)
        if all_or_nothing and rejects:
            transaction.set_rollback(True)
            reason = RowProblem("", _("tidak disimpan karena ada baris lain yang ditolak"))
            for row, _payload in accepted:
                if row.line not in rejects:
                    _reject(rejects, row, reason)
            report.created = report.updated = report.unchanged = 0
        elif dry_run:
            transaction.set_rollback(True)
        else:
            report.committed = True
        _report_rejects(kind, table, rejects, report)
        if not report.balanced:
            # a row neither stored nor rejected would be lost without a word: store nothing
            raise RuntimeError(f"import of {shown_name} does not add up: {report.counts()}")
        if report.committed:
            record_change(
                user,
                "import",
                model=f"exchange.{kind.name}",
                object_id=shown_name[:80],
                after=report.counts(),
            )
    step.done()
    return report


@dataclass
class _Progress:
    """Calls ``progress(done, total)`` as rows are checked, then stored."""

    report: Callable[[int, int], None] | None
    total: int
    count: int = 0

    def advance(self) -> None:
        self.count += 1
        if self.report:
            self.report(self.count, self.total)

    def done(self) -> None:
        if self.report:
            self.report(self.total, self.total)


def _reject(rejects: dict, row: Row, problem: RowProblem) -> None:
    rejects[row.line] = (row, [RowError(row.line, f, r) for f, r in problem.problems])


def _check_rows(
    kind: Kind,
    table: Table,
    mapping: dict[int, Column],
    ctx: Context,
    rejects: dict,
    step: _Progress,
) -> list[tuple[Row, Any]]:
    """Parse and check every row (nothing is written); refused rows go to ``rejects``."""
    parsed: list[tuple[Row, dict[str, Any]]] = []
    for row in table.rows:
        try:
            parsed.append((row, _parse_row(kind, mapping, row, ctx)))
        except RowProblem as problem:
            _reject(rejects, row, problem)
    ctx.rows = [values for _row, values in parsed]
    accepted: list[tuple[Row, Any]] = []
    first_line: dict[tuple[Any, ...], int] = {}
    for row, values in parsed:
        try:
            payload = kind.check(values, ctx)
            key = kind.key(payload)
            if key in first_line:
                raise RowProblem(
                    ", ".join(kind.key_fields),
                    _("duplikat: kunci yang sama sudah ada di baris %(line)d")
                    % {"line": first_line[key]},
                )
            first_line[key] = row.line
            accepted.append((row, payload))
        except RowProblem as problem:
            _reject(rejects, row, problem)
        step.advance()
    if kind.store_order:
        order = kind.store_order
        accepted.sort(key=lambda item: order(item[1]))
    return accepted


def _store_rows(
    kind: Kind,
    accepted: list[tuple[Row, Any]],
    ctx: Context,
    rejects: dict,
    report: ImportReport,
    step: _Progress,
) -> None:
    """Store each checked row in its own savepoint: a row the database refuses is rejected,
    the others stay."""
    for row, payload in accepted:
        try:
            with transaction.atomic():
                changes = kind.store(payload, ctx)
        except RowProblem as problem:
            _reject(rejects, row, problem)
            continue
        except DatabaseError:
            _reject(rejects, row, RowProblem("", _("bertentangan dengan data yang sudah ada")))
            continue
        for change in changes:
            record_change(ctx.user, change.action, change.instance, before=change.before)
        actions = {c.action for c in changes}
        if "create" in actions:
            report.created += 1
        elif "update" in actions:
            report.updated += 1
        else:
            report.unchanged += 1
        step.advance()


def _report_rejects(kind: Kind, table: Table, rejects: dict, report: ImportReport) -> None:
    """Count the rejected rows, keep the first reasons for the page, write the reject file."""
    report.rejected = len(rejects)
    ordered = sorted(rejects.values(), key=lambda item: item[0].line)
    not_stored = _("tidak disimpan")
    errors = [e for _row, row_errors in ordered for e in row_errors]
    errors.sort(key=lambda e: (e.reason.startswith(not_stored), e.line))
    report.errors = errors[:MAX_ERRORS]
    if ordered:
        report.reject_file = _write_rejects(kind.name, table, ordered)


def rejects_dir() -> Path:
    path = conf.data_dir() / "rejects"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stale_reject_files(cutoff: dt.datetime) -> list[Path]:
    """Reject files (of every import) last written before ``cutoff``: they hold the raw rows
    that were refused, personal data included, so retention deletes them."""
    return sorted(
        p for p in rejects_dir().iterdir() if p.is_file() and p.stat().st_mtime < cutoff.timestamp()
    )


def _write_rejects(kind: str, table: Table, ordered: list[tuple[Row, list[RowError]]]) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = rejects_dir() / f"{kind}-{stamp}.csv"
    counter = 1
    while path.exists():
        counter += 1
        path = rejects_dir() / f"{kind}-{stamp}-{counter}.csv"
    width = len(table.headers)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(csv_cells([*REJECT_COLUMNS, *table.headers]))
        for row, errors in ordered:
            cells = [as_text(v) if v is not None else "" for v in row.cells[:width]]
            writer.writerow(
                csv_cells(
                    [
                        row.line,
                        ", ".join(dict.fromkeys(e.field for e in errors if e.field)),
                        "; ".join(e.reason for e in errors),
                        *cells,
                    ]
                )
            )
    return path


# -- export -----------------------------------------------------------------------------


def export_rows(
    kind_name: str, *, election: Any = None, user: Any = None
) -> tuple[list[str], list[list[Any]]]:
    """The rows of a kind, limited to ``user``'s area when the kind names an area column
    (every row when ``user`` is None: the command line)."""
    kind = get_kind(kind_name)
    ctx = Context(election=_resolve_election(election))
    headers = [c.name for c in kind.columns]
    records = kind.export(ctx)
    if user is not None and kind.area_column:
        records = (r for r in records if in_scope(user, r.get(kind.area_column)))
    rows = [[record.get(h) for h in headers] for record in records]
    return headers, rows


def export_file(
    kind_name: str, fmt: str = "csv", *, election: Any = None, user: Any = None
) -> bytes:
    headers, rows = export_rows(kind_name, election=election, user=user)
    return write_table(headers, rows, fmt)


# -- storing ----------------------------------------------------------------------------


def upsert(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    existing: Any = LOOK_UP,
) -> tuple[Any, Change | None]:
    """Create the row with ``lookup`` or bring its ``values`` up to date; None: unchanged.

    ``existing`` spares the query when the caller already knows the row (None: it is new).
    """
    instance = model._default_manager.filter(**lookup).first() if existing is LOOK_UP else existing
    if instance is None:
        instance = model(**lookup, **values)
        instance.save()
        return instance, Change("create", instance)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return instance, None
    before = snapshot(instance)
    for name in changed:
        setattr(instance, name, values[name])
    instance.save(
        update_fields=[n.removesuffix("_id") if n.endswith("_id") else n for n in changed]
    )
    return instance, Change("update", instance, before)


# -- documentation ----------------------------------------------------------------------


def describe() -> str:
    """docs/formats.md: every kind's columns with type, required/optional, example, aliases."""
    with translation.override(None):
        return _describe()


def _describe() -> str:
    out = [
        "# Import and export formats",
        "",
        "<!-- Generated by `kampanye export --describe > docs/formats.md`; a test checks it. -->",
        "",
        "`kampanye import KIND FILE` reads CSV (UTF-8 with or without BOM, or latin-1/cp1252;",
        "delimiter `,`, `;` or tab) or XLSX (first sheet, or `--sheet NAME`). The header is",
        "line 1; column names are case-insensitive and the Indonesian aliases below work too.",
        "Unknown columns are ignored with a warning. Completely empty rows are skipped.",
        "",
        "Every data row is accounted for: rows in = created + updated + unchanged + rejected.",
        "Rejected rows go to `<data dir>/rejects/<kind>-<timestamp>.csv` with `line`, `field`",
        "and `reason` before the original columns (fix them there and import that file again:",
        "the three extra columns are ignored). With `--all-or-nothing` one rejected row keeps",
        "the whole file out; `--dry-run` checks without storing. Importing the same file twice",
        "changes nothing. `kampanye export KIND` writes the same columns (CSV in UTF-8 with BOM,",
        "or `--format xlsx`), so an export imports back as the same rows.",
        "",
        "A row counts as *created* when it created any record (a new DPT count or segment",
        "size of a known area too), *updated* when it changed one, *unchanged* otherwise.",
        "Every committed file leaves one `import` entry with its counts in the audit log, plus",
        "one `create` or `update` entry, with before and after, per changed record.",
        "",
        "Values: integers may use thousands separators (`1.234.567`); dates are `YYYY-MM-DD`",
        "or `DD/MM/YYYY`; yes/no cells take `ya`/`tidak`, `true`/`false`, `1`/`0`; lists are",
        "separated by `|`. Numbers must not be negative. Area codes may be written without",
        "dots (`3174041002`); in a spreadsheet, format the code column as text, or Excel turns",
        "`31.70` into the number 31.7.",
        "",
        "Import in this order into an empty database: "
        + ", ".join(f"`{k}`" for k in kinds())
        + ".",
    ]
    for kind in kinds().values():
        out += [
            "",
            f"## `{kind.name}` — {kind.label}",
            "",
            kind.description,
            "",
            f"Natural key: {', '.join(f'`{k}`' for k in kind.key_fields)}.",
            "",
            "| column | aliases | type | required | example | meaning |",
            "|---|---|---|---|---|---|",
        ]
        for c in kind.columns:
            required = "yes" if c.required else "no"
            if c.from_option:
                required = f"yes, or `{c.from_option}`"
            aliases = ", ".join(f"`{a}`" for a in c.aliases)
            example = f"`{c.example}`".replace("|", "\\|") if c.example else ""
            out.append(
                f"| `{c.name}` | {aliases} | {TYPES[c.type]} | {required} | {example} | {c.help} |"
            )
    return "\n".join(out) + "\n"
