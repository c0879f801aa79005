"""Area scope: which rows a user may read.

Scope is enforced where data is read (``queries`` and the API call ``scope_filter``), not
only in templates. A membership without an area sees the whole election; a coordinator of
Jakarta Timur (31.75) sees rows whose area code is 31.75 or under it, and nothing else —
rows with no area at all are province-wide and are shown only to users without an area
limit.

Writes follow the same rule, for the row written and for every row it refers to (the
report a correction replaces, the activity or assignment a report names, the aspiration a
manager answers): ``writable`` narrows the rows a write may refer to, ``in_scope`` checks
one area code. A reference outside the writer's scope reads as "not found", so a write
never tells whether a row exists in another area.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from kampanye.core.models import Membership, Role


def subtree_q(code: str, field: str = "code") -> Q:
    """Rows whose ``field`` (a Kemendagri area code) is ``code`` or lies under it.

    On SQLite as a range (``X.`` ≤ code < ``X/``; '/' follows '.' in ASCII), which an
    index serves, while SQLite's case-insensitive LIKE cannot. PostgreSQL's collations
    may ignore punctuation when ordering, so there it stays a prefix match.
    """
    if connection.vendor == "sqlite":
        return Q(**{field: code}) | Q(**{f"{field}__gte": code + ".", f"{field}__lt": code + "/"})
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def area_by_code(code: str):
    """The area a membership may be limited to, by its code (None when unknown)."""
    area_model = Membership._meta.get_field("area").related_model
    assert isinstance(area_model, type)  # a model class, not the string "self"
    return area_model._default_manager.filter(code=code).first()


def membership_of(user) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def role_of(user) -> str | None:
    if user is not None and user.is_authenticated and user.is_superuser:
        return Role.MANAGER
    m = membership_of(user)
    return m.role if m else None


def scope_code(user) -> str | None:
    """The area code a user is limited to, or None for no limit."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return None
    m = membership_of(user)
    if m is None:
        return ""  # no membership: no rows
    return m.area.code if m.area is not None else None


def scope_filter(qs: QuerySet, user, field: str = "area__code") -> QuerySet:
    """Limit a queryset to the user's area subtree; ``field`` is the path to an area code."""
    code = scope_code(user)
    if code is None:
        return qs
    if code == "":
        return qs.none()
    return qs.filter(subtree_q(code, field))


def in_scope(user, area_code: str | None) -> bool:
    code = scope_code(user)
    if code is None:
        return True
    if code == "" or not area_code:
        return False
    return area_code == code or area_code.startswith(code + ".")


def scope_q(user, field: str = "area__code") -> Q:
    code = scope_code(user)
    if code is None:
        return Q()
    if code == "":
        return Q(pk__in=[])
    return subtree_q(code, field)


def writable(qs: QuerySet, by, field: str = "area_code") -> QuerySet:
    """The rows of ``qs`` a write by ``by`` may touch or refer to: all of them when ``by`` is
    None (the system itself: imports, the demo, housekeeping), else those in ``by``'s scope."""
    return qs if by is None else scope_filter(qs, by, field)
