"""Use cases of the foundation: erasing people's personal data across every app (UU PDP),
and revoking API tokens.

What each app keeps about people, and how to erase it, comes from ``core.registry``: the
app that owns a kind of person (volunteers own volunteers) finds them and erases them last,
after every other app has erased its own data about them, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from kampanye.core.audit import record_change
from kampanye.core.models import ApiToken, AuditEntry
from kampanye.core.registry import PersonKind, registry


def revoke_tokens(tokens: QuerySet[ApiToken], *, by=None) -> int:
    """Revoke the live tokens among ``tokens``, each audited by id; returns how many."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(tokens.filter(revoked_at__isnull=True).values_list("pk", flat=True))
        ApiToken.objects.filter(pk__in=ids).update(revoked_at=now)
        for pk in ids:
            record_change(by, "revoke_token", model="core.apitoken", object_id=str(pk))
    return len(ids)


def forget_person(kind: PersonKind, person: Any, *, by=None) -> dict[str, Any]:
    """Erase one person everywhere; returns the owner's summary with every app's counts.

    Besides the apps' own tables: the access logs of their login (django-axes keeps the user
    name, address and browser of each log-in), and, on SQLite, the old copies of the erased
    rows that the write-ahead log still holds (``secure_delete`` in settings zeroes those in
    the database file itself). The audit entries of their own actions keep the link to the
    account and lose the user name."""
    with transaction.atomic():
        login = kind.login(person)
        erased: dict[str, Any] = {}
        if login is not None:
            erased["access_logs_deleted"] = forget_access_logs(username=login.get_username())
        for data in registry.data_about(kind.name):
            erased.update(data.forget(person))
        summary = kind.forget(person, by=by, erased=erased)
        if login is not None:
            # the log keeps what they did, naming them by id only (docs/privacy.md)
            AuditEntry.objects.filter(user=login).update(username=f"#{login.pk}")
        transaction.on_commit(_checkpoint)
    return summary


def forget_access_logs(*, username: str | None = None, before: dt.datetime | None = None) -> int:
    """Delete django-axes' records of log-ins (and failed ones) of one user name, or older
    than ``before`` (retention); returns how many."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    n = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        rows = model.objects.all()
        if username is not None:
            rows = rows.filter(username=username)
        if before is not None:
            rows = rows.filter(attempt_time__lt=before)
        n += rows.delete()[0]
    return n


def _checkpoint() -> None:
    """Copy the write-ahead log into the database and empty it, so the pages that held the
    erased values before the change are gone from the log too (SQLite only)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def idle_people(cutoff: dt.datetime) -> list[tuple[PersonKind, Any]]:
    """(kind, person) for everyone not yet forgotten with no sign of life since ``cutoff``
    in any app (retention)."""
    people: list[tuple[PersonKind, Any]] = []
    for kind in registry.person_kinds.values():
        idle = kind.idle_since(cutoff)
        for data in registry.data_about(kind.name):
            if data.idle_since is not None:
                idle = data.idle_since(idle, cutoff)
        people.extend((kind, person) for person in idle)
    return people
