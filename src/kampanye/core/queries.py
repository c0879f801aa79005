"""What the foundation's pages read: the audit log, API tokens, and the filter error every
app's filters raise."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from kampanye.core.models import ApiToken, AuditEntry
from kampanye.core.periods import Period, read_period


class FilterError(ValueError):
    """Bad filter input: ``errors`` maps each field to a message a campaign worker reads."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class AuditFilters:
    """Which audit entries to show: by username, kind of data and WIB date range."""

    user: str | None = None
    model: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def from_query(cls, data: Mapping[str, Any]) -> AuditFilters:
        try:
            period = read_period(data)
        except ValidationError as exc:
            raise FilterError({k: " ".join(v) for k, v in exc.message_dict.items()}) from None
        return cls(
            user=(data.get("user") or "").strip()[:150] or None,
            model=(data.get("model") or "").strip()[:80] or None,
            date_from=period.start,
            date_to=period.end,
        )


def audit_entries(filters: AuditFilters) -> QuerySet:
    """The audit log, newest first, filtered (dates are WIB calendar days)."""
    qs = AuditEntry.objects.all()
    if filters.user:
        qs = qs.filter(username=filters.user)
    if filters.model:
        qs = qs.filter(model=filters.model)
    period = Period(filters.date_from, filters.date_to)
    return qs.filter(period.q("at__date")).order_by("-at", "-id")


def audit_models() -> list[str]:
    """Every kind of data that has an audit entry, for the filter's choices."""
    return list(AuditEntry.objects.order_by("model").values_list("model", flat=True).distinct())


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str
    kind: str  # "added", "removed" or "changed"


def audit_diff(entry) -> list[FieldChange]:
    """The fields an entry changed, before and after, in field order; unchanged ones left out."""
    before, after = entry.before or {}, entry.after or {}
    changes = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue
        kind = (
            "changed" if key in before and key in after else "added" if key in after else "removed"
        )
        changes.append(
            FieldChange(key, _shown(old, key in before), _shown(new, key in after), kind)
        )
    return changes


def _shown(value: Any, present: bool) -> str:
    if not present:
        return ""
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def token_state(token: ApiToken, now: dt.datetime | None = None) -> str:
    """``revoked``, ``expired`` or ``live``."""
    from django.utils import timezone

    now = now or timezone.now()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "live"


def api_tokens() -> QuerySet[ApiToken]:
    """Every API token, newest first, with its user."""
    return ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
