"""Use cases of the foundation: erasing people's personal data across every app (UU PDP).

What each app keeps about people, and how to erase it, comes from ``core.registry``: the
app that owns a kind of person (volunteers own volunteers) finds them and erases them last,
after every other app has erased its own data about them, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kampanye.core.registry import PersonKind, registry


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
