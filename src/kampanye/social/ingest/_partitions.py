"""Cutting a file into partitions of about a given size on record boundaries, and reading
one partition's records (no Django): what lets an import parse and classify a file's parts
in other processes (a local pool or Dask) while it stores the parts before, in file order,
holding only a bounded number of parts in memory.
"""

from __future__ import annotations

import itertools
import json
import mmap
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kampanye.social.ingest import Item, detect_encoding, parse

_CSV_FORMATS = frozenset({"generic", "crowdtangle", "news-csv"})
_JUNK_LINE = b"#\n"  # makes a JSON-lines chunk read line by line; rejected, then dropped


@dataclass(frozen=True)
class Partition:
    """Bytes ``[start, end)`` of ``path`` (``end`` −1: the whole file, parsed as it is).

    ``head`` (the CSV header, or a junk line for JSON lines) is put before the bytes; records
    on its ``head_lines`` lines are dropped; the bytes start on line ``first_line``. Records
    on lines ≤ ``after`` were stored by an earlier run and are dropped too.
    """

    path: str
    fmt: str
    encoding: str
    start: int = 0
    end: int = -1
    first_line: int = 1
    head: bytes = b""
    head_lines: int = 0
    after: int = 0


def read_part(part: Partition) -> Iterator[Item]:
    """The partition's records after line ``part.after``, numbered by their line in the file."""
    if part.end < 0:
        yield from (item for item in parse(part.path, part.fmt) if item.line > part.after)
        return
    with open(part.path, "rb") as handle:
        handle.seek(part.start)
        data = handle.read(part.end - part.start)
    text = (part.head + data).decode(part.encoding)
    fd, name = tempfile.mkstemp(suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
        shift = part.first_line - part.head_lines - 1
        for item in parse(name, part.fmt):
            if item.line > part.head_lines and item.line + shift > part.after:
                yield item._replace(line=item.line + shift)
    finally:
        os.unlink(name)


def _jsonl_splittable(path: Path, encoding: str) -> bool:
    """X v1.1 JSON lines (the first non-blank line is one object by itself): a record per line."""
    with path.open(encoding=encoding, errors="replace") as handle:
        for line in handle:
            if line.strip():
                if line.lstrip().startswith("window.YTD"):
                    return False
                try:
                    return isinstance(json.loads(line), dict)
                except json.JSONDecodeError:
                    return False
    return False


def partitions(path: Path, fmt: str, size: int, after: int = 0) -> list[Partition]:
    """Cut one file into partitions of about ``size`` bytes on record boundaries (a newline
    outside CSV quotes: an even number of ``"`` before it). Partitions whose records all lie
    on lines ≤ ``after`` are left out."""
    encoding = detect_encoding(path)
    total = path.stat().st_size
    csv_like = fmt in _CSV_FORMATS
    if total <= size or not (csv_like or (fmt == "x-v1" and _jsonl_splittable(path, encoding))):
        return [Partition(str(path), fmt, encoding, after=after)]
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        bom = 3 if encoding == "utf-8-sig" else 0
        pos, quotes = bom, 0
        if csv_like:  # the header: up to the first record boundary
            while (nl := mm.find(b"\n", pos)) >= 0:
                quotes += mm[pos:nl].count(b'"')
                pos = nl + 1
                if quotes % 2 == 0:
                    break
            else:
                return [Partition(str(path), fmt, encoding, after=after)]
            head, head_lines = mm[:pos], mm[:pos].count(b"\n")
        else:
            head, head_lines = _JUNK_LINE, 1
        cuts = [pos]
        while cuts[-1] + size < total:
            target = cuts[-1] + size
            quotes += mm[pos:target].count(b'"') if csv_like else 0
            pos = target
            while (nl := mm.find(b"\n", pos)) >= 0:
                quotes += mm[pos:nl].count(b'"') if csv_like else 0
                pos = nl + 1
                if quotes % 2 == 0:
                    break
            if nl < 0 or pos >= total:
                break
            cuts.append(pos)
        cuts.append(total)
        out: list[Partition] = []
        line = 1 + mm[: cuts[0]].count(b"\n")
        for i, (start, end) in enumerate(itertools.pairwise(cuts)):
            next_line = line + mm[start:end].count(b"\n")
            if after < next_line - 1 or end == total:
                first_csv = csv_like and i == 0
                out.append(
                    Partition(
                        str(path), fmt, encoding,
                        start=0 if first_csv else start,
                        end=end,
                        first_line=1 if first_csv else line,
                        head=b"" if first_csv else head,
                        head_lines=0 if first_csv else head_lines,
                        after=after,
                    )
                )  # fmt: skip
            line = next_line
    return out
