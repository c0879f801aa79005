"""English comes from one committed catalogue: complete, compiled and used by the pages.

Bahasa Indonesia is the source language; `src/kampanye/locale/en/LC_MESSAGES/django.po`
holds the English and `django.mo` is committed so that users need no gettext tools.
Refresh both with `make messages` (then translate every new entry).
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kampanye"
MESSAGES = PACKAGE / "locale" / "en" / "LC_MESSAGES"
PO = MESSAGES / "django.po"
MO = MESSAGES / "django.mo"

_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


@dataclass
class Entry:
    """One catalogue entry: msgid, msgid_plural, msgstr by plural index, flags."""

    line: int
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] | None = None
    flags: tuple[str, ...] = ()


def _string(quoted: str) -> str:
    # a .po string uses the C escapes that Python string literals also read
    return ast.literal_eval(quoted)


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file (obsolete `#~` entries are skipped)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    field: tuple[str, int] | None = None
    for number, raw in enumerate([*text.splitlines(), ""], start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if entry is not None and entry.msgstr is not None:
                entries.append(entry)
                entry, field = None, None
            continue
        if entry is None:
            entry = Entry(line=number)
        if line.startswith("#,"):
            entry.flags += tuple(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        if line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match:
            keyword, index, value = match.groups()
            value = _string(value)
            if keyword.startswith("msgstr"):
                entry.msgstr = entry.msgstr or {}
                field = ("msgstr", int(index or 0))
                entry.msgstr[field[1]] = value
            else:
                field = (keyword, 0)
                setattr(entry, keyword, value)
        else:
            assert field is not None and line.startswith('"'), f"django.po:{number}: {raw!r}"
            if field[0] == "msgstr":
                assert entry.msgstr is not None
                entry.msgstr[field[1]] += _string(line)
            else:
                setattr(entry, field[0], getattr(entry, field[0]) + _string(line))
    return entries


def _catalogue() -> list[Entry]:
    return parse_po(PO.read_text(encoding="utf-8"))


def _where(entry: Entry) -> str:
    return f"django.po:{entry.line}: {entry.msgid!r}"


def test_the_parser_reads_flags_plurals_and_continued_lines():
    # given a small catalogue in the format makemessages writes
    text = (
        '#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid "%(n)s orang"\nmsgid_plural "%(n)s orang"\n'
        'msgstr[0] "%(n)s person"\nmsgstr[1] "%(n)s people"\n\n'
        'msgid ""\n"Kata \\"kutip\\" "\n"panjang"\nmsgstr ""\n\n'
        '#~ msgid "lama"\n#~ msgstr "old"\n'
    )
    # when
    header, plural, long = parse_po(text)
    # then
    assert header.flags == ("fuzzy",) and header.msgstr == {0: "Language: en\n"}
    assert plural.flags == ("python-format",) and plural.msgid_plural == "%(n)s orang"
    assert plural.msgstr == {0: "%(n)s person", 1: "%(n)s people"}
    assert long.msgid == 'Kata "kutip" panjang' and long.msgstr == {0: ""}


def test_every_entry_is_translated_and_none_is_fuzzy():
    # given the English catalogue
    entries = _catalogue()
    # when
    untranslated = [_where(e) for e in entries[1:] if not all((e.msgstr or {0: ""}).values())]
    fuzzy = [_where(e) for e in entries if "fuzzy" in e.flags]
    # then
    assert len(entries) > 500, "the catalogue lost most of its entries"
    assert entries[0].msgid == "" and "Language: en" in (entries[0].msgstr or {})[0]
    assert untranslated == [] and fuzzy == []


def test_translations_keep_every_placeholder():
    # given
    placeholder = re.compile(r"%\([a-z_]+\)[-+ #0-9.]*[sdifgx]|\{[a-z_]*\}|%%")
    # when
    broken = []
    for entry in _catalogue()[1:]:
        source = sorted(placeholder.findall(entry.msgid))
        for text in (entry.msgstr or {}).values():
            if sorted(placeholder.findall(text)) != source:
                broken.append(_where(entry))
    # then
    assert broken == []


def test_the_compiled_catalogue_matches_the_po():
    # given the committed .mo, read with the standard library
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    # when every .po entry is looked up in it
    expected: dict[object, str] = {}
    for entry in _catalogue()[1:]:
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        msgstr = entry.msgstr or {}
        if entry.msgid_plural is None:
            expected[key] = msgstr[0]
        else:
            expected.update({(key, i): text for i, text in msgstr.items()})
    found = {k: v for k, v in compiled.items() if k != ""}
    # then the two agree: run `kampanye compilemessages` after every change to the .po
    stale = sorted(str(k) for k in expected if found.get(k) != expected[k])
    extra = sorted(str(k) for k in found if k not in expected)
    assert stale == [] and extra == [], "django.mo is stale: run `make messages`"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools not installed")
def test_the_catalogue_holds_every_string_marked_for_translation(tmp_path, settings):
    # given a copy of the package without its tests, so makemessages cannot touch the real one
    from django.core.management import call_command

    copy = tmp_path / "kampanye"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("tests", "__pycache__", "static", "*.mo", "*.npz"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    # when makemessages runs over it as `make messages` does
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(copy)
        call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    fresh = parse_po((copy / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text("utf-8"))
    # then no string is new, and none was dropped
    ours = {(e.msgctxt, e.msgid) for e in _catalogue()}
    theirs = {(e.msgctxt, e.msgid) for e in fresh}
    assert sorted(theirs - ours, key=str) == [], "new strings: run `make messages`, translate"
    assert sorted(ours - theirs, key=str) == [], "obsolete strings: run `make messages`"


@pytest.fixture
def results_page(client, wilayah, make_user):
    client.force_login(make_user("manager"))
    return reverse("elections:results")


def test_pages_are_in_indonesian_by_default(client, results_page):
    # given a manager who has not chosen a language
    # when
    response = client.get(results_page)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hasil pemilu" in html and "Election results" not in html
    assert "suara sah" in html.lower()


def test_choosing_english_translates_the_pages(client, results_page):
    # given a manager who switches to English with the language form
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    # when
    response = client.get(results_page)
    # then the template, the model labels and the view's strings are English
    html = response.content.decode()
    assert switched.status_code == 302
    assert response.status_code == 200
    assert 'lang="en"' in html
    assert "Election results" in html and "Hasil pemilu" not in html
    assert "Voter turnout" in html and "Partisipasi pemilih" not in html
    assert "Log out" in html and "Keluar" not in html
