"""System checks run by ``kampanye check`` (and before every management command)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import connections
from django.db.utils import OperationalError

from kampanye import conf


@register(Tags.compatibility)
def data_dir_writable(app_configs, **kwargs):
    path = settings.DATA_DIR
    if not os.access(path, os.W_OK):
        return [
            Error(
                f"Folder data {path} tidak bisa ditulisi.",
                hint="Set KAMPANYE_DATA_DIR to a folder this user can write.",
                id="kampanye.E001",
            )
        ]
    return []


@register(Tags.compatibility)
def language_known(app_configs, **kwargs):
    if conf.language() is None:
        asked = conf.get("KAMPANYE_LANGUAGE")
        return [
            Error(
                f"Bahasa '{asked}' tidak dikenal (KAMPANYE_LANGUAGE); dipakai Bahasa Indonesia.",
                hint="Set KAMPANYE_LANGUAGE to id (Bahasa Indonesia) or en (English).",
                id="kampanye.E003",
            )
        ]
    return []


@register()
def as_of_is_a_date(app_configs, **kwargs):
    """KAMPANYE_AS_OF, when given, is a date (``core.clock``)."""
    import datetime as dt

    asked = conf.get("KAMPANYE_AS_OF").strip()
    try:
        if asked:
            dt.date.fromisoformat(asked)
    except ValueError:
        return [
            Error(
                f"Tanggal '{asked}' tidak dikenal (KAMPANYE_AS_OF); dipakai hari ini.",
                hint="Set KAMPANYE_AS_OF to a date, YYYY-MM-DD, or leave it empty.",
                id="kampanye.E004",
            )
        ]
    return []


@register(Tags.database, deploy=True)
def database_ready(app_configs, databases=None, **kwargs):
    """The database answers and every migration is applied.

    Runs with ``kampanye check --deploy --database default`` (a deployment check, so that
    ``kampanye migrate`` itself does not warn about the migrations it is about to apply).
    """
    if not databases:
        return []
    from kampanye.core.management.commands.serve import pending_migrations

    try:
        connections["default"].ensure_connection()
        pending = pending_migrations()
    except OperationalError as exc:
        return [Error(f"Basis data tidak dapat dihubungi: {exc}", id="kampanye.E002")]
    if pending:
        return [
            Warning(
                f"{len(pending)} migrasi belum dijalankan.",
                hint="Run: kampanye migrate",
                id="kampanye.W001",
            )
        ]
    return []
