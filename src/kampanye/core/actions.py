"""Use cases of the foundation: erasing people's personal data across every app (UU PDP),
and revoking API tokens.

What each app keeps about people, and how to erase it, comes from ``core.registry``: the
app that owns a kind of person (volunteers own volunteers) finds them and erases them last,
after every other app has erased its own data about them, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from kampanye.core.audit import record_change
from kampanye.core.models import ApiToken
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
    """Erase one person everywhere; returns the owner's summary with every app's counts."""
    with transaction.atomic():
        erased: dict[str, Any] = {}
        for data in registry.data_about(kind.name):
            erased.update(data.forget(person))
        return kind.forget(person, by=by, erased=erased)


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
