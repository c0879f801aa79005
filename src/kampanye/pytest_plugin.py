"""Loaded first by pytest (``-p kampanye.pytest_plugin`` in pyproject): a throw-away data
folder, set before pytest-django reads the settings, so tests never write into ``var/``.

It also holds the template database that the root ``conftest.py`` sets the test databases up
from: migrating an empty database costs half a minute or more per pytest-xdist worker, most of
it Django re-rendering the migration state (every ``AlterField`` and ``RemoveField`` re-renders
each model related to the one it changes), so the project migrates once per set of migration
files and every later worker and run copies the result."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

os.environ["KAMPANYE_DATA_DIR"] = tempfile.mkdtemp(prefix="kampanye-test-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kampanye.settings")

TEMPLATE_DIR = Path(
    os.environ.get("KAMPANYE_TEST_DB_CACHE")
    or Path(tempfile.gettempdir()) / f"kampanye-test-db-{os.getuid()}"
)
# a template nobody has copied for this long belongs to a branch long gone
STALE_AFTER_S = 7 * 24 * 3600


def migrations_key() -> str:
    """A hash of everything the migrated schema is made from: each migration file of each
    installed app (Django's own and third-party ones included), the models of any app without
    migrations (``migrate --run-syncdb`` builds those), the apps installed and Django's
    version. A new, changed or moved migration gives a new key, hence a new template."""
    import django
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256(django.get_version().encode())
    for app_config in apps.get_app_configs():
        digest.update(app_config.name.encode())
    files = {
        f"{label}.{name}": sys.modules[migration.__module__].__file__
        for (label, name), migration in loader.disk_migrations.items()
    }
    for label in loader.unmigrated_apps:
        models_module = apps.get_app_config(label).models_module
        if models_module is not None:
            files[f"{label}.models"] = models_module.__file__
    for name, path in sorted(files.items()):
        digest.update(name.encode())
        if path is not None:  # a namespace module has no file: its name is all there is
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:20]


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """One process at a time (the xdist workers of one run, or two runs side by side)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _forget_stale_templates(keep: Path) -> None:
    for old in keep.parent.glob("template-*.sqlite3"):
        if old != keep and time.time() - old.stat().st_mtime > STALE_AFTER_S:
            for path in (old, old.with_suffix(".run"), old.with_suffix(".lock")):
                path.unlink(missing_ok=True)


def _sqlite_from_template(connection, migrate, key: str, rebuild: str | None) -> None:
    """The in-memory test database is filled by SQLite's online backup from a file."""
    template = TEMPLATE_DIR / f"template-{key}.sqlite3"
    built_by = template.with_suffix(".run")
    with _file_lock(template.with_suffix(".lock")):
        connection.ensure_connection()
        stale = rebuild and not (built_by.exists() and built_by.read_text() == rebuild)
        if stale or not template.exists():
            migrate()
            partial = template.with_suffix(f".{os.getpid()}.partial")
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            os.replace(partial, template)  # readers never see a half-written file
            built_by.write_text(rebuild or "")
            _forget_stale_templates(keep=template)
            return
        source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        os.utime(template)


def _postgresql_from_template(connection, migrate, key: str, rebuild: str | None) -> None:
    """``CREATE DATABASE … TEMPLATE``: the first worker migrates its own test database and
    copies it to the template; the others (and later runs) copy the template instead."""
    test_name = connection.settings_dict["NAME"]
    template = f"kampanye_test_template_{key}"
    quote = connection.ops.quote_name
    lock_id = int.from_bytes(hashlib.sha256(template.encode()).digest()[:8], "big", signed=True)
    with connection._nodb_cursor() as cursor:
        # held on this side connection; the test database's own connection has to close
        # before PostgreSQL copies from or into it
        cursor.execute("SELECT pg_advisory_lock(%s)", [lock_id])
        try:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [template],
            )
            found = cursor.fetchone()
            exists = found is not None
            if exists and rebuild and found[0] != rebuild:
                cursor.execute(f"DROP DATABASE {quote(template)}")
                exists = False
            if not exists:
                migrate()
                connection.close()
                cursor.execute(f"CREATE DATABASE {quote(template)} TEMPLATE {quote(test_name)}")
                cursor.execute(f"COMMENT ON DATABASE {quote(template)} IS %s", [rebuild or ""])
            else:
                connection.close()
                cursor.execute(f"DROP DATABASE {quote(test_name)}")
                cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_id])


@contextlib.contextmanager
def migrate_from_template(rebuild: str | None = None) -> Iterator[None]:
    """While Django sets the test databases up, its ``migrate`` of a fresh test database
    becomes a copy of a template migrated once for the current migration files. Databases
    other than SQLite (in memory) and PostgreSQL are migrated as usual. ``rebuild``, the id of
    a test run (pytest-django's ``--create-db``), migrates anew and replaces the template
    unless that run has built it already (its other xdist workers copy it)."""
    from django.core import management
    from django.db import connections

    call_command = management.call_command
    key = migrations_key()

    def from_template(name, *args, **options):
        if name != "migrate" or args:
            return call_command(name, *args, **options)
        connection = connections[options["database"]]

        def migrate():
            call_command(name, **options)

        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            return _sqlite_from_template(connection, migrate, key, rebuild)
        if connection.vendor == "postgresql":
            return _postgresql_from_template(connection, migrate, key, rebuild)
        return migrate()

    with mock.patch.object(management, "call_command", from_template):
        yield
