"""What the foundation's pages read: the audit log, and the filter error every app's
filters raise."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from kampanye.core.models import AuditEntry
from kampanye.core.periods import Period, read_period
from kampanye.core.registry import registry


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


# ``kampanye worker`` touches this file while it runs; a page waiting on a queued job reads
# it to say whether anyone will pick the job up (one host: the SQLite default)
WORKER_HEARTBEAT_EVERY_S = 10
_WORKER_GONE_AFTER_S = 3 * WORKER_HEARTBEAT_EVERY_S


def worker_heartbeat_path() -> Path:
    return Path(settings.DATA_DIR) / "worker.alive"


@dataclass(frozen=True)
class QueueWait:
    """What a queued job waits for: the jobs queued before it, and whether a worker runs."""

    jobs_ahead: int
    worker_running: bool


def queue_wait(queued_at: dt.datetime) -> QueueWait:
    """The background queue as seen by a job queued at ``queued_at``."""
    from django_tasks_db.models import DBTaskResult

    ahead = (
        DBTaskResult.objects.filter(status__in=("READY", "RUNNING"), enqueued_at__lt=queued_at)
        .exclude(task_path__in=registry.housekeeping)
        .count()
    )
    try:
        age = time.time() - worker_heartbeat_path().stat().st_mtime
    except FileNotFoundError:
        age = float("inf")
    return QueueWait(jobs_ahead=ahead, worker_running=age < _WORKER_GONE_AFTER_S)
