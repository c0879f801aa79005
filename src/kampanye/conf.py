"""Every instance setting, declared once: name, default and help.

The table feeds ``settings.py`` (read from the environment), ``kampanye check`` and the
settings page of the docs; ``tests/test_docs.py`` fails when one is not documented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def read(self) -> str:
        return os.environ.get(self.name, self.default)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "KAMPANYE_DATA_DIR",
        "var",
        "Folder for the SQLite database, uploads, reject files and exports.",
    ),
    Setting(
        "DATABASE_URL",
        "",
        "Database as a URL (postgres://user:pass@host/db). Empty: SQLite in the data folder.",
    ),
    Setting(
        "KAMPANYE_SECRET_KEY",
        "",
        "Django secret key. Empty: one is generated once and kept in the data folder.",
    ),
    Setting("KAMPANYE_DEBUG", "0", "1 shows Django's debug pages. Never in production."),
    Setting(
        "KAMPANYE_ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        "Comma-separated host names the server answers to.",
    ),
    Setting(
        "KAMPANYE_SECURE",
        "0",
        "1 behind HTTPS: secure cookies, HSTS and redirect to https.",
    ),
    Setting(
        "KAMPANYE_LOGIN_FAILURES",
        "5",
        "Failed log-ins from one user and address before the account is locked for an hour.",
    ),
    Setting(
        "KAMPANYE_ANONYMOUS_RATE",
        "20",
        "Requests from one address in ten minutes to a form anyone may send (sign-up, log-in) "
        "before it answers “coba lagi nanti”; shared links allow ten times as many.",
    ),
    Setting(
        "KAMPANYE_IMPORT_MAX_MB",
        "200",
        "Most megabytes an import file may hold once unpacked (a CSV, or all the parts of an "
        "XLSX together); larger files are refused before they are read.",
    ),
    Setting(
        "KAMPANYE_TOKEN_DAYS",
        "90",
        "Days an API token works after it is made; 0: until revoked.",
    ),
    Setting(
        "KAMPANYE_RETENTION_DAYS",
        "365",
        "Days without any sign of life after which `kampanye retention` erases a volunteer's "
        "personal data, and age after which it deletes reject files.",
    ),
    Setting(
        "KAMPANYE_LANGUAGE",
        "id",
        "Language of the command line's output, and of the web app for a visitor whose "
        "browser asks for neither language and who has not chosen one: id or en.",
    ),
    Setting(
        "KAMPANYE_AS_OF",
        "",
        "The workspace's own date (YYYY-MM-DD, WIB) for every 'last 30 days', lease and "
        "default period. Empty: the date kept in the data folder (`kampanye demo` sets "
        "2012-09-15), else today.",
    ),
    Setting(
        "KAMPANYE_DASK_SCHEDULER",
        "",
        "Address of a Dask scheduler for large jobs. Empty: a local cluster when asked.",
    ),
)


def get(name: str) -> str:
    for setting in SETTINGS:
        if setting.name == name:
            return setting.read()
    raise KeyError(name)


LANGUAGES = ("id", "en")


def language() -> str | None:
    """``KAMPANYE_LANGUAGE`` as a language code of ``LANGUAGES``, or None when it is none."""
    code = get("KAMPANYE_LANGUAGE").strip().lower()
    return code if code in LANGUAGES else None


def data_dir() -> Path:
    path = Path(get("KAMPANYE_DATA_DIR")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
